import ExactArithmetic
import Winograd

/// The reference's type: Float80 where it exists, else Double (the inputs
/// are exact in both, and r·r products of inputs in [−1, 1] lose at most a
/// few units in the last place of Double, far below every bound here).
#if (arch(x86_64) || arch(i386)) && !os(Windows) && !os(Android)
    public typealias Wide = Float80
#else
    public typealias Wide = Double
#endif

/// What every test of compiled kernels measures against, whether the
/// kernels run in this process (the committed ones) or in a program the test
/// compiles (freshly emitted ones): direct correlation and the growth factor
/// that scales the rounding error.
public enum KernelReference {
    /// y[i][j] = Σ_{a,b} d[i+a][j+b]·g[a][b] for an m×m tile (1-D: y[i] =
    /// Σ_k d[i+k]·g[k]), in `Wide`; d is n×n (n = m + r − 1), g r×r, row-major.
    public static func correlation<T: BinaryFloatingPoint>(m: Int, r: Int, dims: Int, g: [T], d: [T]) -> [Wide] {
        let n = m + r - 1
        if dims == 1 {
            return (0..<m).map { i in (0..<r).reduce(Wide(0)) { $0 + Wide(d[i + $1]) * Wide(g[$1]) } }
        }
        var y = [Wide](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0..<m {
                var sum: Wide = 0
                for a in 0..<r {
                    for b in 0..<r { sum += Wide(d[(i + a) * n + j + b]) * Wide(g[a * r + b]) }
                }
                y[i * m + j] = sum
            }
        }
        return y
    }

    /// The growth factor of one axis, K₁ = max_j Σ_t |AT[j][t]|·‖G[t]‖₁·‖BT[t]‖₁:
    /// the largest |y_j| any g, d with entries in [−1, 1] can reach through
    /// the transforms when no term cancels.
    public static func axisGrowth(_ transform: WinogradTransform) -> Double {
        axisGrowth(AT: transform.AT, G: transform.G, BT: transform.BT)
    }

    /// The same for exact matrices of any field (points in ℚ(√d), or
    /// moduli, whose N products exceed the n inputs).
    public static func axisGrowth<F: ExactField>(AT: Matrix<F>, G: Matrix<F>, BT: Matrix<F>) -> Double {
        let at = magnitudes(AT)
        let g = magnitudes(G)
        let bt = magnitudes(BT)
        let path = (0..<G.rowCount).map { t in g[t].reduce(0, +) * bt[t].reduce(0, +) }
        return at.map { row in zip(row, path).reduce(0) { $0 + $1.0 * $1.1 } }.max() ?? 0
    }

    /// K of a nested transform: the product of its axes' K₁ (the N-D
    /// transforms are Kronecker products of the 1-D ones, whose row sums
    /// multiply).
    public static func growth(_ transform: NestedTransform) -> Double {
        transform.axes.reduce(1.0) { $0 * axisGrowth($1) }
    }

    /// The entries of an exact matrix as magnitudes in Double.
    public static func magnitudes<F: ExactField>(_ matrix: Matrix<F>) -> [[Double]] {
        matrix.rows.map { row in row.map { abs($0.doubleValue) } }
    }
}
