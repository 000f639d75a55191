import ExactArithmetic

/// How a transform's G treats a filter reversed tap for tap (J g, J the
/// exchange matrix), as the input gradient's transposed convolution uses
/// the forward filters: when every row of G·J is a row of G times a power
/// of two, G·(J g) is G·g with its rows permuted and scaled exactly in
/// binary floating point, so the input gradient's transformed filters are
/// the forward ones rearranged, not transformed again. The point sets
/// closed under p → 1/p (0 ↔ ∞) have it, as the rows of G are the
/// Lagrange polynomials' values at p and G·J's those at 1/p: F(2,3)'s 0,
/// ±1, ∞ and F(6,3)'s 0, ±1, ±2, ±1/2, ∞, but not F(4,3)'s 0, ±1, ±2, ∞.
public struct FilterReflection: Hashable, Sendable {
    /// Row t of G·J is `scale[t]` times row `row[t]` of G.
    public let row: [Int]
    /// Each ±2^k.
    public let scale: [Rational]
}

extension WinogradTransform {
    /// The reflection of G (see ``FilterReflection``), or nil when some row
    /// of G·J is no row of G times a power of two.
    public var filterReflection: FilterReflection? {
        var rows: [Int] = []
        var scales: [Rational] = []
        for t in 0..<n {
            let reversed = Array(G.row(t).reversed())
            guard
                let (row, scale) = (0..<n).lazy.compactMap({ i in
                    Self.ratio(reversed, Array(self.G.row(i))).map { (i, $0) }
                }).first
            else { return nil }
            rows.append(row)
            scales.append(scale)
        }
        // A bijection: distinct points give distinct rows.
        guard Set(rows).count == n else { return nil }
        return FilterReflection(row: rows, scale: scales)
    }

    /// d when `a` = d·`b` with d = ±2^k, else nil.
    static func ratio(_ a: [Rational], _ b: [Rational]) -> Rational? {
        guard let pivot = b.firstIndex(where: { !$0.isZero }) else { return nil }
        let d = a[pivot] / b[pivot]
        guard !d.isZero, zip(a, b).allSatisfy({ $0 == d * $1 }) else { return nil }
        guard let p = d.magnitude.numerator.exactInt, let q = d.magnitude.denominator.exactInt,
            p & (p - 1) == 0, q & (q - 1) == 0
        else { return nil }
        return d
    }
}
