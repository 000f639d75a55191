import ExactArithmetic

/// The outcome of checking Σ_t AT[j][t]·G[t][k]·BT[t][i] = [i = j + k]
/// exactly for every j < m, k < r, i < n.
public struct IdentityReport: Sendable, CustomStringConvertible {
    /// One (j, k, i) where the sum differs from [i = j + k].
    public struct Mismatch: Sendable {
        public var j: Int, k: Int, i: Int
        /// The exact sum, as text (a rational, or a + b·√d).
        public var sum: String
        public var expected: Int { i == j + k ? 1 : 0 }
    }

    public var m: Int, r: Int, n: Int
    /// How many (j, k, i) triples were checked: m·r·n.
    public var checkedTriples: Int { m * r * n }
    /// The number of triples that fail.
    public var mismatchCount: Int
    /// The first few failures, in (j, k, i) order.
    public var firstMismatches: [Mismatch]

    public var holds: Bool { mismatchCount == 0 }

    public var description: String {
        if holds {
            return "the identity holds exactly for all \(checkedTriples) (j, k, i) triples"
        }
        let shown = firstMismatches.map {
            "(j=\($0.j), k=\($0.k), i=\($0.i)) sums to \($0.sum), expected \($0.expected)"
        }.joined(separator: "; ")
        return "the identity fails for \(mismatchCount) of \(checkedTriples) (j, k, i) triples: \(shown)"
    }
}
