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

extension FilterReflection {
    /// The reflection of G over any exact field, or nil when some row of
    /// G·J is no row of G times a rational ±2^k (`rational` reads a field
    /// element as a rational, nil when it is not one).
    static func of<Field: ExactField>(_ G: Matrix<Field>, rational: (Field) -> Rational?) -> FilterReflection? {
        let n = G.rowCount
        var rows: [Int] = []
        var scales: [Rational] = []
        for t in 0..<n {
            let reversed = Array(G.row(t).reversed())
            var found: (row: Int, scale: Rational)?
            for i in 0..<n {
                if let d = ratio(reversed, Array(G.row(i)), rational: rational) {
                    found = (i, d)
                    break
                }
            }
            guard let (row, scale) = found else { return nil }
            rows.append(row)
            scales.append(scale)
        }
        // A bijection: distinct points give distinct rows.
        guard Set(rows).count == n else { return nil }
        return FilterReflection(row: rows, scale: scales)
    }

    /// d when `a` = d·`b` with d = ±2^k, else nil.
    static func ratio<Field: ExactField>(_ a: [Field], _ b: [Field], rational: (Field) -> Rational?) -> Rational? {
        guard let pivot = b.firstIndex(where: { !$0.isZero }) else { return nil }
        let ratio = a[pivot] / b[pivot]
        guard !ratio.isZero, zip(a, b).allSatisfy({ $0 == ratio * $1 }), let d = rational(ratio),
            let p = d.magnitude.numerator.exactInt, let q = d.magnitude.denominator.exactInt,
            p & (p - 1) == 0, q & (q - 1) == 0
        else { return nil }
        return d
    }
}

extension WinogradTransform {
    /// The reflection of G (see ``FilterReflection``), or nil when some row
    /// of G·J is no row of G times a power of two.
    public var filterReflection: FilterReflection? { FilterReflection.of(G) { $0 } }
}

extension AlgebraicTransform {
    /// The reflection of G over ℚ(√d) (see ``FilterReflection``): ncnn's
    /// F(4,3) points 0, ±√2/2, ±√2, ∞ are closed under p → 1/p and have
    /// one; the scales must still be rational powers of two.
    public var filterReflection: FilterReflection? { FilterReflection.of(G, rational: \.rationalValue) }
}
