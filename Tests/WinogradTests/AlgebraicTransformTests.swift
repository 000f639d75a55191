import ExactArithmetic
import Foundation
import Testing
import Winograd

@Suite("Transforms over ℚ(√d)")
struct AlgebraicTransformTests {
    /// ncnn's AVX-512 F(4,3) points, and others in ℚ(√2), ℚ(√3), ℚ(√5):
    /// derived and proved exactly; the rounded matrices correlate.
    @Test(arguments: [
        (4, 3, "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2"), (2, 3, "0,sqrt2,-sqrt2"),
        (6, 3, "0,1,-1,sqrt2,-sqrt2,sqrt2/2,-sqrt2/2"),
        (4, 3, "0,sqrt3/2,-sqrt3/2,1/2+sqrt3,inf,-1"), (3, 2, "sqrt5,-sqrt5,1/3"),
    ])
    func derivesAndProves(m: Int, r: Int, list: String) throws {
        let points = try AlgebraicPoints(parsing: list, m: m, r: r)
        let t = try AlgebraicTransform.derive(m: m, r: r, points: points)
        #expect(IdentityReport(AT: t.AT, G: t.G, BT: t.BT).holds)
        #expect(t.AT.elements.contains { $0.radicand != 0 })
        // y = AT·((G·g) ⊙ (BT·d)) in float64 against the direct correlation.
        let n = m + r - 1
        let d = (0..<n).map { Double($0 % 5) * 0.37 - 0.8 }
        let g = (0..<r).map { Double($0 % 3) * 0.51 - 0.4 }
        let (at, gm, bt) = (t.AT.map(\.doubleValue), t.G.map(\.doubleValue), t.BT.map(\.doubleValue))
        let u = (0..<n).map { i in (0..<r).reduce(0.0) { $0 + gm[i, $1] * g[$1] } }
        let v = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + bt[i, $1] * d[$1] } }
        for j in 0..<m {
            let y = (0..<n).reduce(0.0) { $0 + at[j, $1] * u[$1] * v[$1] }
            let direct = (0..<r).reduce(0.0) { $0 + d[j + $1] * g[$1] }
            #expect(abs(y - direct) < 1e-12, "F(\(m),\(r)) \(list): y[\(j)] = \(y), direct \(direct)")
        }
        for fractions in FractionPlacement.allCases {
            let placed = try AlgebraicTransform.derive(m: m, r: r, points: points, fractionsIn: fractions)
            #expect(IdentityReport(AT: placed.AT, G: placed.G, BT: placed.BT).holds)
        }
    }

    /// The check can fail: √2 replaced by a rational near it breaks the identity.
    @Test func corruptedEntryFails() throws {
        let t = try AlgebraicTransform.derive(
            m: 4, r: 3, points: try AlgebraicPoints(parsing: "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2", m: 4, r: 3))
        var g = t.G
        g[1, 1] = QuadraticNumber(Rational(-1414, 3000))
        #expect(!IdentityReport(AT: t.AT, G: g, BT: t.BT).holds)
        #expect(throws: TransformError.self) {
            try AlgebraicTransform(AT: t.AT, G: g, BT: t.BT, points: t.points, radicand: 2)
        }
    }

    @Test(arguments: [
        ("0,sqrt2,sqrt3,1,-1", "different fields"), ("0,sqrt2,sqrt2,1,-1", "twice"), ("0,1,-1,2,-2", "no point"),
        ("0,sqrt2,-sqrt2", "needs n"), ("0,sqrt8,1,-1,2", "square-free"), ("inf,sqrt2,inf,1,2", "'inf' is given twice"),
    ])
    func refusesBadPoints(list: String, message: String) {
        #expect {
            _ = try AlgebraicPoints(parsing: list, m: 4, r: 3)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    /// The JSON form names the field; entries read back as the same numbers.
    @Test func jsonNamesTheField() throws {
        let t = try AlgebraicTransform.derive(
            m: 2, r: 3, points: try AlgebraicPoints(parsing: "0,sqrt2,-sqrt2", m: 2, r: 3))
        let text = try #require(t.rendered(as: .json))
        #expect(text.contains("\"radicand\": 2"))
        #expect(text.contains("\"sqrt(2)\""))
        for entry in t.G.elements {
            #expect(try QuadraticNumber(parsing: entry.description) == entry)
        }
        #expect(t.rendered(as: .latex)?.contains("\\frac{\\sqrt{2}}{4}") == true)
        #expect(t.rendered(as: .numpy)?.contains("(Fraction(0), Fraction(1, 4))") == true)
        // verify's reader takes it back: the same transform, proved again.
        let document = try TransformDocument(json: text)
        guard case .success(.algebraic(let read)) = document.entries[0].outcome else {
            Issue.record("not read back as an algebraic transform: \(document.entries[0].outcome)")
            return
        }
        #expect(read == t)
        // A changed entry is a failing verdict, an entry of another field a read error.
        let broken = text.replacingOccurrences(of: "\"sqrt(2)\"", with: "\"sqrt(3)\"")
        #expect(throws: TransformReadError.self) { try TransformDocument(json: broken) }
        let wrong = text.replacingOccurrences(of: "\"sqrt(2)/4\"", with: "\"1/4\"")
        if wrong != text, case .failure(.identityFails) = try TransformDocument(json: wrong).entries[0].outcome {
        } else if wrong != text {
            Issue.record("a changed entry should fail the identity")
        }
        let c = try #require(t.rendered(as: .c))
        #expect(c.contains("0x1.6a09e6p+0f"))  // √2 as a float, correctly rounded
    }
}

/// ncnn's AVX-512 F(4,3) (`ktm` and `itm` in its x86 winograd43 source, with
/// sq2 = √2): our derivation on the same points, with the default scaling
/// (fractions in G, row 0 positive), gives G and BT entry for entry.
@Suite("ncnn's F(4,3) reproduced")
struct NcnnF43Tests {
    @Test func gAndBTMatchNcnn() throws {
        let t = try AlgebraicTransform.derive(
            m: 4, r: 3, points: try AlgebraicPoints(parsing: "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2", m: 4, r: 3))
        let ktm = [
            ["1", "0", "0"], ["-2/3", "-sqrt2/3", "-1/3"], ["-2/3", "sqrt2/3", "-1/3"],
            ["1/6", "sqrt2/6", "1/3"], ["1/6", "-sqrt2/6", "1/3"], ["0", "0", "1"],
        ]
        let itm = [
            ["1", "0", "-5/2", "0", "1", "0"], ["0", "-sqrt2", "-2", "sqrt2/2", "1", "0"],
            ["0", "sqrt2", "-2", "-sqrt2/2", "1", "0"], ["0", "-sqrt2/2", "-1/2", "sqrt2", "1", "0"],
            ["0", "sqrt2/2", "-1/2", "-sqrt2", "1", "0"], ["0", "1", "0", "-5/2", "0", "1"],
        ]
        #expect(t.G.rows == (try ktm.map { try $0.map(QuadraticNumber.init(parsing:)) }))
        #expect(t.BT.rows == (try itm.map { try $0.map(QuadraticNumber.init(parsing:)) }))
    }
}
