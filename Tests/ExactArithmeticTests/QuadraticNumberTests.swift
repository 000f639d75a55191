import ExactArithmetic
import TestSupport
import Testing

@Suite("Exact numbers of ℚ(√d)")
struct QuadraticNumberTests {
    static let sqrt2 = QuadraticNumber(0, 1, radicand: 2)

    @Test func fieldArithmetic() {
        let r = QuadraticNumber(0, Rational(1, 2), radicand: 2)  // √2/2
        #expect((r * r).rationalValue == Rational(1, 2))
        #expect((Self.sqrt2 * Self.sqrt2).rationalValue == 2)
        let x = QuadraticNumber(Rational(3, 4), Rational(-5, 7), radicand: 5)
        #expect(x * x.reciprocal == 1)
        #expect((x / x).rationalValue == 1)
        #expect((x - x).isZero && (x - x).radicand == 0)
        #expect(x * x.conjugate == QuadraticNumber(x.norm))
        #expect((x + x.conjugate).rationalValue == Rational(3, 2))
        #expect(-(-x) == x)
    }

    /// Signs decided exactly, also where a and b nearly cancel.
    @Test func signsAndOrder() {
        // 1393/985 is a convergent of √2 from above (1393² − 2·985² = −1... so below? check by squares).
        let convergent = QuadraticNumber(Rational(1393, 985))
        let difference = convergent - Self.sqrt2
        #expect(difference.signum == (1393 * 1393 > 2 * 985 * 985 ? 1 : -1))
        #expect(Self.sqrt2 > QuadraticNumber(Rational(141, 100)) && Self.sqrt2 < QuadraticNumber(Rational(142, 100)))
        #expect((-Self.sqrt2).isNegative && !Self.sqrt2.isNegative)
        #expect(QuadraticNumber(1, -1, radicand: 2).signum == -1)
        #expect(QuadraticNumber(-1, 1, radicand: 2).signum == 1)
    }

    /// IEEE square roots are correctly rounded: an independent oracle for
    /// b·√d with b a power of two.
    @Test func roundingMatchesIEEESquareRoots() {
        for d in [2, 3, 5, 6, 7, 10, 11, 13, 101, 999_999] where QuadraticNumber.isSquareFree(d) {
            for shift in [-30, -3, 0, 1, 20] {
                let power = Rational(1).timesPowerOfTwo(shift)
                let x = QuadraticNumber(0, power, radicand: d)
                #expect(x.doubleValue == Double(d).squareRoot() * Double(sign: .plus, exponent: shift, significand: 1))
                #expect(x.floatValue == Float(d).squareRoot() * Float(sign: .plus, exponent: shift, significand: 1))
                #expect((-x).doubleValue == -x.doubleValue)
            }
        }
    }

    /// For any a + b√d, the rounded value is no farther from x than either
    /// neighbour — checked by exact comparisons in the field, including
    /// near-cancellations (convergents of √2) and tiny values.
    @Test func roundingIsNearestByExactComparison() {
        var generator = SplitMix64(seed: 5)
        var cases: [QuadraticNumber] = [
            QuadraticNumber(Rational(1393, 985), -1, radicand: 2),
            QuadraticNumber(Rational(665_857, 470_832), -1, radicand: 2),
            QuadraticNumber(Rational(1, 3), Rational(1, 7), radicand: 3),
            QuadraticNumber(0, Rational(1, 3), radicand: 2),
        ]
        for _ in 0..<300 {
            let d = [2, 3, 5, 6, 7, 10][generator.int(in: 0...5)]
            let a = Rational(generator.int(in: -1000...1000), generator.int(in: 1...999))
            let b = Rational(generator.int(in: -1000...1000), generator.int(in: 1...999))
            cases.append(QuadraticNumber(a, b, radicand: d))
        }
        for x in cases {
            let rounded = x.doubleValue
            let here = (x - QuadraticNumber(Rational(exactly: rounded))).magnitudeValue
            for neighbour in [rounded.nextUp, rounded.nextDown] {
                let there = (x - QuadraticNumber(Rational(exactly: neighbour))).magnitudeValue
                #expect(here <= there, "\(x) → \(rounded), but \(neighbour) is nearer")
            }
            let single = x.floatValue
            let hereF = (x - QuadraticNumber(Rational(exactly: single))).magnitudeValue
            for neighbour in [single.nextUp, single.nextDown] {
                let there = (x - QuadraticNumber(Rational(exactly: neighbour))).magnitudeValue
                #expect(hereF <= there, "\(x) → \(single) (float), but \(neighbour) is nearer")
            }
        }
    }

    @Test(arguments: [
        ("sqrt2", "sqrt(2)"), ("√2/2", "sqrt(2)/2"), ("-sqrt(2)", "-sqrt(2)"), ("3*sqrt5/4", "3*sqrt(5)/4"),
        ("1/2+sqrt(3)/2", "1/2+sqrt(3)/2"), ("1/2 - sqrt3/2", "1/2-sqrt(3)/2"), ("-2*sqrt(2)", "-2*sqrt(2)"),
        ("0.5*sqrt2", "sqrt(2)/2"), ("3/4", "3/4"), ("-2", "-2"), ("1e-3-sqrt2", "1/1000-sqrt(2)"),
    ])
    func parsesAndPrints(text: String, canonical: String) throws {
        let value = try QuadraticNumber(parsing: text)
        #expect(value.description == canonical)
        #expect(try QuadraticNumber(parsing: value.description) == value)
    }

    @Test(arguments: ["sqrt", "sqrt4", "sqrt8", "sqrt(2", "sqrt2/0", "2sqrt2", "sqrt2x", "sqrt(-2)", "sqrt1", "", "x"])
    func refusesMalformed(text: String) {
        #expect(throws: RationalParseError.self) { try QuadraticNumber(parsing: text) }
    }
}

extension QuadraticNumber {
    /// |self| (exact).
    var magnitudeValue: QuadraticNumber { isNegative ? -self : self }
}
