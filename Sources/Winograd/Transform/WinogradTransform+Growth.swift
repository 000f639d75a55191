import ExactArithmetic

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
    public var growth: Double { Self.growth(AT: AT, G: G, BT: BT) }

    /// K₁ of any transform's matrices, over ℚ or ℚ(√d).
    static func growth<F: ExactField>(AT: Matrix<F>, G: Matrix<F>, BT: Matrix<F>) -> Double {
        let (m, n) = (AT.rowCount, AT.columnCount)
        let g = (0..<n).map { t in G.row(t).reduce(0.0) { $0 + abs($1.doubleValue) } }
        let b = (0..<n).map { t in BT.row(t).reduce(0.0) { $0 + abs($1.doubleValue) } }
        return (0..<m).map { j in (0..<n).reduce(0.0) { $0 + abs(AT[j, $1].doubleValue) * g[$1] * b[$1] } }.max()!
    }
}

extension AlgebraicTransform {
    /// K₁, as for ``WinogradTransform/growth``.
    public var growth: Double { WinogradTransform.growth(AT: AT, G: G, BT: BT) }
}

extension NestedTransform {
    /// K of the N-D tile: the product of the axes' K₁ (the N-D transforms are
    /// Kronecker products of the 1-D ones, whose row sums multiply).
    public var growth: Double { axes.reduce(1.0) { $0 * $1.growth } }
}
