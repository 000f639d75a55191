import ExactArithmetic
import TestSupport
import Winograd

/// A matrix from rows of exact strings, as papers and wincnn print them.
func matrix(_ rows: [[String]]) -> Matrix<Rational> {
    Matrix(rows: rows.map { $0.map { try! Rational(parsing: $0) } })
}

/// Direct N-D correlation of a row-major tile with a row-major filter:
/// y[j] = Σ_k d[j + k]·g[k] per axis.
func directCorrelation(tile: [Rational], filter: [Rational], ms: [Int], rs: [Int]) -> [Rational] {
    let ns = zip(ms, rs).map { $0 + $1 - 1 }
    func indices(_ sizes: [Int]) -> [[Int]] {
        sizes.reduce([[]]) { partial, size in partial.flatMap { prefix in (0..<size).map { prefix + [$0] } } }
    }
    func flat(_ index: [Int], _ sizes: [Int]) -> Int { zip(index, sizes).reduce(0) { $0 * $1.1 + $1.0 } }
    return indices(ms).map { j in
        indices(rs).reduce(Rational(0)) { sum, k in
            sum + tile[flat(zip(j, k).map(+), ns)] * filter[flat(k, rs)]
        }
    }
}

/// The Winograd algorithm on one tile with the Kronecker matrices, exactly.
func winogradTile(_ transform: NestedTransform, tile: [Rational], filter: [Rational]) -> [Rational] {
    let u = transform.kroneckerG * filter
    let v = transform.kroneckerBT * tile
    return transform.kroneckerAT * zip(u, v).map { $0 * $1 }
}
