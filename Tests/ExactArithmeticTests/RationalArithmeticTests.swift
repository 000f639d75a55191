import ExactArithmetic
import TestSupport
import Testing

@Suite("Rational arithmetic")
struct RationalArithmeticTests {
    @Test func basicOperationsAreExact() {
        let third = Rational(1, 3)
        let sixth = Rational(1, 6)
        #expect(third + sixth == Rational(1, 2))
        #expect(third - sixth == sixth)
        #expect(third * sixth == Rational(1, 18))
        #expect(third / sixth == 2)
        #expect(-third == Rational(-1, 3))
        #expect(Rational(6, -4) == Rational(-3, 2))
        #expect(third * 3 == 1)
    }

    @Test func compoundAssignmentDoesNotDisturbCopies() {
        var a = Rational(5, 7)
        let b = a
        a += 1
        #expect(a == Rational(12, 7))
        #expect(b == Rational(5, 7))
        a *= a
        #expect(a == Rational(144, 49))
        a -= a
        #expect(a.isZero)
        var c = b
        c.negate()
        #expect(c == Rational(-5, 7) && b == Rational(5, 7))
        c /= Rational(-5, 14)
        #expect(c == 2)
    }

    @Test func comparisonAndSign() {
        let values: [Rational] = [-3, Rational(-1, 2), 0, Rational(1, 3), Rational(1, 2), 7]
        for (i, a) in values.enumerated() {
            for (j, b) in values.enumerated() {
                #expect((a < b) == (i < j))
                #expect((a == b) == (i == j))
            }
        }
        #expect(Rational(-2, 3).signum == -1)
        #expect(Rational(0).signum == 0 && Rational(0).isZero)
        #expect(Rational(2, 3).signum == 1 && !Rational(2, 3).isNegative)
        #expect(Rational(-2, 3).magnitude == Rational(2, 3))
        #expect(values.max() == 7 && values.min() == -3)
    }

    @Test func hashingAgreesWithEquality() {
        let a = Rational(2, 4)
        let b = Rational(1, 2)
        let c: Rational = "0.5"
        #expect(a.hashValue == b.hashValue && b.hashValue == c.hashValue)
        let set: Set<Rational> = [a, b, c, Rational(-1, 2), 0, Rational(0, 5)]
        #expect(set.count == 3)
    }

    @Test func powersAndReciprocals() {
        #expect(Rational(2, 3).power(3) == Rational(8, 27))
        #expect(Rational(2, 3).power(-2) == Rational(9, 4))
        #expect(Rational(-2).power(5) == -32)
        #expect(Rational(0).power(0) == 1)
        #expect(Rational(-3, 7).reciprocal == Rational(-7, 3))
        #expect(Rational(3, 8).timesPowerOfTwo(3) == 3)
        #expect(Rational(3).timesPowerOfTwo(-2) == Rational(3, 4))
        // Far beyond Int: 2^200 / 3^100 stays exact.
        let big = Rational(2).power(200) / Rational(3).power(100)
        #expect(big * Rational(3).power(100) == Rational(2).power(200))
        #expect(!big.isInteger && Rational(2).power(200).isInteger)
    }

    @Test func integerViewsAndParts() {
        #expect(Rational(-14, 4).numerator == -7)
        #expect(Rational(-14, 4).denominator == 2)
        #expect(Rational(42).exactInt == 42)
        #expect(Rational(1, 2).exactInt == nil)
        #expect(Rational(2).power(100).exactInt == nil)
        #expect(Rational(exactly: UInt64.max) == Rational(parsingOrFail: "18446744073709551615"))
        #expect(Rational(exactly: Int.min)! == -Rational(2).power(63))
    }

    @Test func largeRandomIdentities() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let a = Rational(generator.int(in: -1_000_000...1_000_000), generator.int(in: 1...1_000_000))
            let b = Rational(generator.int(in: -1_000_000...1_000_000), generator.int(in: 1...1_000_000))
            #expect((a + b) - b == a)
            #expect(b.isZero || (a * b) / b == a)
            #expect(a * (a + b) == a * a + a * b)
        }
    }
}

extension Rational {
    init(parsingOrFail text: String) {
        self = try! Rational(parsing: text)
    }
}
