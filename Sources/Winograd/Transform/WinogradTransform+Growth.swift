/// The growth factor K of a transform: how far rounding errors can be
/// amplified on the way from the data to the outputs. The one definition
/// the precision study, the runtime's checks and the tests share.
extension WinogradTransform {
    /// K₁ = max_j Σ_t |AT[j][t]|·‖G[t,:]‖₁·‖BT[t,:]‖₁: the largest |y_j| that
    /// any filter and tile with entries in [−1, 1] can reach through the
    /// transforms when no term cancels.
    ///
    /// ```swift
    /// try CookToom.derive(m: 4, r: 3).growth   // 48
    /// ```
    public var growth: Double {
        let g = (0..<n).map { t in G.row(t).reduce(0.0) { $0 + $1.magnitude.doubleValue } }
        let b = (0..<n).map { t in BT.row(t).reduce(0.0) { $0 + $1.magnitude.doubleValue } }
        return (0..<m).map { j in (0..<n).reduce(0.0) { $0 + AT[j, $1].magnitude.doubleValue * g[$1] * b[$1] } }.max()!
    }
}

extension NestedTransform {
    /// K of the N-D tile: the product of the axes' K₁ (the N-D transforms are
    /// Kronecker products of the 1-D ones, whose row sums multiply).
    public var growth: Double { axes.reduce(1.0) { $0 * $1.growth } }
}
