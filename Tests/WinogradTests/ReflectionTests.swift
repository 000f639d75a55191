import ExactArithmetic
import TestSupport
import Testing
import Winograd

@Suite("Filter reflection")
struct ReflectionTests {
    /// Point sets closed under p → 1/p (0 ↔ ∞) reflect; the rest do not. For
    /// those that do, G·(J g) is G·g with rows permuted and scaled by ±2^k,
    /// checked exactly on random rational filters.
    @Test func reflectingSetsAndTheirRows() throws {
        let cases: [(m: Int, r: Int, points: String?, reflects: Bool)] = [
            (2, 3, nil, true), (6, 3, nil, true), (4, 3, nil, false), (3, 3, nil, false),
            (4, 3, "0, 1, -1, 2, 1/2, inf", true), (2, 3, "0, 1, 2, inf", false), (1, 3, "0, 1, inf", true),
            (3, 2, "0, 1, -1, inf", true),
        ]
        var random = SplitMix64(seed: 7)
        for (m, r, list, reflects) in cases {
            let t =
                try list.map { try CookToom.derive(m: m, r: r, points: PointSet(parsing: $0, m: m, r: r)) }
                ?? CookToom.derive(m: m, r: r)
            let reflection = t.filterReflection
            #expect((reflection != nil) == reflects, "F(\(m),\(r)) \(list ?? "default")")
            guard let reflection else { continue }
            #expect(Set(reflection.row) == Set(0..<t.n))
            for _ in 0..<3 {
                let g = (0..<r).map { _ in Rational(Int(random.next() % 19) - 9, Int(random.next() % 5) + 1) }
                let transformed = (0..<t.n).map { i in (0..<r).reduce(Rational(0)) { $0 + t.G[i, $1] * g[$1] } }
                let reversed = Array(g.reversed())
                for x in 0..<t.n {
                    let value = (0..<r).reduce(Rational(0)) { $0 + t.G[x, $1] * reversed[$1] }
                    #expect(value == reflection.scale[x] * transformed[reflection.row[x]], "F(\(m),\(r)) row \(x)")
                }
            }
            for d in reflection.scale {
                let (p, q) = (d.magnitude.numerator.exactInt!, d.magnitude.denominator.exactInt!)
                #expect(p & (p - 1) == 0 && q & (q - 1) == 0, "F(\(m),\(r)): scale \(d) is a power of two")
            }
        }
    }

    /// Points in ℚ(√d) closed under p → 1/p reflect too, with rational
    /// power-of-two scales: ncnn's F(4,3) set 0, ±√2/2, ±√2; a set that is
    /// not closed (0, ±√2, ±2√2) does not. Checked exactly on filters in ℚ.
    @Test func algebraicSetsReflect() throws {
        let cases: [(m: Int, points: String, reflects: Bool)] = [
            (4, "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2", true), (4, "0,sqrt2,-sqrt2,2*sqrt2,-2*sqrt2", false),
            (2, "0,sqrt2,sqrt2/2", true),
        ]
        for (m, list, reflects) in cases {
            let t = try AlgebraicTransform.derive(
                m: m, r: 3, points: AlgebraicPoints(parsing: list, m: m, r: 3))
            let reflection = t.filterReflection
            #expect((reflection != nil) == reflects, "F(\(m),3) \(list)")
            guard let reflection else { continue }
            #expect(Set(reflection.row) == Set(0..<t.n))
            let g: [QuadraticNumber] = [
                QuadraticNumber(Rational(3, 2)), QuadraticNumber(Rational(-5)), QuadraticNumber(Rational(7, 3)),
            ]
            let transformed = (0..<t.n).map { i in
                (0..<3).reduce(QuadraticNumber(Rational(0))) { $0 + t.G[i, $1] * g[$1] }
            }
            for x in 0..<t.n {
                let value = (0..<3).reduce(QuadraticNumber(Rational(0))) { $0 + t.G[x, $1] * g[2 - $1] }
                #expect(value == QuadraticNumber(reflection.scale[x]) * transformed[reflection.row[x]], "row \(x)")
            }
        }
    }
}
