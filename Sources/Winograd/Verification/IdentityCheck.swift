import ExactArithmetic

extension IdentityReport {
    /// Checks the bilinear identity of F(m, r) exactly, where AT is m×N, G is
    /// N×r and BT is N×n with n = m + r − 1 (N = n for Cook–Toom points,
    /// more with quadratic moduli). The identity for all (j, k, i) is
    /// necessary and sufficient for y = AT·((G·g) ⊙ (BT·d)) to be the
    /// correlation y[j] = Σ_k d[j+k]·g[k].
    ///
    /// - Precondition: the shapes agree (see ``WinogradTransform/checkShapes(AT:G:BT:)``).
    /// Over ℚ for rational points, over ℚ(√d) for algebraic ones.
    public init<F: ExactField>(AT: Matrix<F>, G: Matrix<F>, BT: Matrix<F>) {
        let m = AT.rowCount
        let products = AT.columnCount
        let r = G.columnCount
        let n = BT.columnCount
        precondition(G.rowCount == products && BT.rowCount == products, "IdentityReport: shapes disagree")
        self.init(m: m, r: r, n: n, mismatchCount: 0, firstMismatches: [])
        // The nonzero entries of each row of BT, found once.
        let btNonzero: [[(Int, F)]] = (0..<products).map { t in
            (0..<n).compactMap { i in BT[t, i].isZero ? nil : (i, BT[t, i]) }
        }
        var sums = [F](repeating: 0, count: n)
        for j in 0..<m {
            for k in 0..<r {
                for i in 0..<n { sums[i] = 0 }
                for t in 0..<products {
                    let a = AT[j, t]
                    if a.isZero { continue }
                    let g = G[t, k]
                    if g.isZero { continue }
                    let weight = a * g
                    for (i, b) in btNonzero[t] { sums[i] += weight * b }
                }
                for i in 0..<n {
                    let expected: F = i == j + k ? 1 : 0
                    if sums[i] != expected {
                        mismatchCount += 1
                        if firstMismatches.count < 3 {
                            firstMismatches.append(Mismatch(j: j, k: k, i: i, sum: sums[i].description))
                        }
                    }
                }
            }
        }
    }
}
