import ExactArithmetic
import TestSupport
import Testing

@testable import Winograd

@Suite("Toom–Cook with moduli")
struct ModuliTests {
    /// Linear moduli are points: the transform is CookToom's, entry for entry.
    @Test func linearModuliAreCookToom() throws {
        for (m, moduli, points) in [
            (2, "x,x-1,x+1,inf", "0,1,-1,inf"), (4, "x,x-1,x+1,x-2,x+2,inf", "0,1,-1,2,-2,inf"),
            (3, "x-1/2,x+3,x,x+1,x-1", "1/2,-3,0,-1,1"),
        ] {
            for placement in FractionPlacement.allCases {
                let t = try ToomCookModuli.derive(
                    m: m, r: 3, moduli: Modulus.list(parsing: moduli, m: m, r: 3), fractionsIn: placement)
                let c = try CookToom.derive(
                    m: m, r: 3, points: PointSet(parsing: points, m: m, r: 3), fractionsIn: placement)
                #expect(t.AT == c.AT && t.G == c.G && t.BT == c.BT, "\(moduli), fractions in \(placement)")
                #expect(t.multiplications == m + 2)
            }
        }
    }

    /// With a quadratic modulus, each placement moves only the linear
    /// moduli's 1/f: the quadratic's rows stay as they are, and every
    /// placement's identity holds (proved at construction). With fractions
    /// in BT, G holds the plain powers h(a) of each point, as the first
    /// author's generator for "beyond linear polynomials" writes them.
    @Test func placementsMoveTheLinearModuliFractions() throws {
        let moduli = try Modulus.list(parsing: "x,x+1/2,x-1/2,x+2,x-2,x^2+1,inf", m: 6, r: 3)
        let g = try ToomCookModuli.derive(m: 6, r: 3, moduli: moduli)
        let b = try ToomCookModuli.derive(m: 6, r: 3, moduli: moduli, fractionsIn: .b)
        let a = try ToomCookModuli.derive(m: 6, r: 3, moduli: moduli, fractionsIn: .a)
        #expect(g.fractionsIn == .g && a.fractionsIn == .a && b.fractionsIn == .b)
        #expect(b.text.hasPrefix("F(6,3), moduli x,x+1/2,x-1/2,x+2,x-2,x^2+1,inf, fractions in B\n"), "\(b.text)")
        #expect(g.text.hasPrefix("F(6,3), moduli x,x+1/2,x-1/2,x+2,x-2,x^2+1,inf\n"), "\(g.text)")
        for (t, point) in [Rational(0), Rational(-1, 2), Rational(1, 2), Rational(-2), Rational(2)].enumerated() {
            #expect(b.G.rows[t] == [1, point, point * point], "row \(t)")
            #expect(a.G.rows[t] == b.G.rows[t] && a.BT.rows[t] == g.BT.rows[t])
            #expect(b.G.rows[t] != g.G.rows[t] || t == 0, "row \(t) of G carries 1/f by default")
        }
        for t in 5..<9 {
            #expect(b.G.rows[t] == g.G.rows[t] && b.BT.rows[t] == g.BT.rows[t] && a.AT.columnCount == 9)
        }
    }

    /// Quadratic moduli: one more multiplication each, the identity proved at
    /// construction, and the algorithm computes the correlation of random
    /// rational tiles exactly.
    @Test func quadraticModuliCorrelateExactly() throws {
        var random = SplitMix64(seed: 11)
        for (m, r, moduli, products) in [
            (2, 3, "x,x^2+1,inf", 5), (4, 3, "x,x-1,x+1,x^2+1,inf", 7),
            (6, 3, "x,x-1,x+1,x-2,x+2,x^2+1,inf", 9), (4, 3, "x^2+1,x^2-2,x,x+1", 8),
            (3, 2, "x,x^2+x+1,inf", 5), (2, 3, "x^2 + 1/4, x - 1/2, inf", 5),
        ] {
            let t = try ToomCookModuli.derive(m: m, r: r, moduli: Modulus.list(parsing: moduli, m: m, r: r))
            #expect(t.multiplications == products, "\(moduli)")
            for _ in 0..<3 {
                let g = (0..<r).map { _ in Rational(Int(random.next() % 21) - 10, Int(random.next() % 7) + 1) }
                let d = (0..<t.n).map { _ in Rational(Int(random.next() % 21) - 10, Int(random.next() % 7) + 1) }
                let u = (0..<products).map { i in (0..<r).reduce(Rational(0)) { $0 + t.G[i, $1] * g[$1] } }
                let v = (0..<products).map { i in (0..<t.n).reduce(Rational(0)) { $0 + t.BT[i, $1] * d[$1] } }
                for j in 0..<m {
                    let y = (0..<products).reduce(Rational(0)) { $0 + t.AT[j, $1] * u[$1] * v[$1] }
                    let direct = (0..<r).reduce(Rational(0)) { $0 + d[j + $1] * g[$1] }
                    #expect(y == direct, "\(moduli) output \(j)")
                }
            }
        }
    }

    /// Each way a list can be wrong gets its own message.
    @Test func badModuli() {
        for (text, m, expected) in [
            ("x,x-1,x^3+1", 2, "degree 3"), ("x,x-1,x+1", 4, "add up to n = m + r - 1 = 6; these add up to 3"),
            ("x,x-1,x^2-1,inf", 3, "share a root"), ("x,inf,x-1,inf", 2, "'inf' is given twice"),
            ("x,y,x-1,inf", 2, "not a polynomial"), ("x,x-1,x+1,", 2, "not a polynomial"),
            ("x,2,x-1,inf", 2, "degree 0"), ("x,x^1/2,x-1,inf", 2, "exponent"),
        ] {
            #expect(throws: ModuliError.self, "\(text)") { try Modulus.list(parsing: text, m: m, r: 3) }
            do {
                _ = try Modulus.list(parsing: text, m: m, r: 3)
            } catch {
                #expect(error.description.contains(expected), "\(text): \(error)")
            }
        }
    }

    /// Parsing normalises to monic and prints back.
    @Test func parsingAndPrinting() throws {
        let moduli = try Modulus.list(parsing: "X, 2*x - 1, x^2 + x + 1, INF", m: 3, r: 3)
        #expect(moduli.map(\.description) == ["x", "x-1/2", "x^2+x+1", "inf"])
    }
}
