import ExactArithmetic

extension IdentityReport {
    /// Checks the bilinear identity of F(m, r) exactly, where AT is m×n, G is
    /// n×r and BT is n×n. The identity for all (j, k, i) is necessary and
    /// sufficient for y = AT·((G·g) ⊙ (BT·d)) to be the correlation
    /// y[j] = Σ_k d[j+k]·g[k].
    ///
    /// - Precondition: the shapes agree (see ``WinogradTransform/checkShapes(AT:G:BT:)``).
    /// Over ℚ for rational points, over ℚ(√d) for algebraic ones.
    public init<F: ExactField>(AT: Matrix<F>, G: Matrix<F>, BT: Matrix<F>) {
        let m = AT.rowCount
        let n = AT.columnCount
        let r = G.columnCount
        precondition(G.rowCount == n && BT.rowCount == n && BT.columnCount == n, "IdentityReport: shapes disagree")
        self.init(m: m, r: r, n: n, mismatchCount: 0, firstMismatches: [])
        // The nonzero entries of each row of BT, found once.
        let btNonzero: [[(Int, F)]] = (0..<n).map { t in
            (0..<n).compactMap { i in BT[t, i].isZero ? nil : (i, BT[t, i]) }
        }
        var sums = [F](repeating: 0, count: n)
        for j in 0..<m {
            for k in 0..<r {
                for i in 0..<n { sums[i] = 0 }
                for t in 0..<n {
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
