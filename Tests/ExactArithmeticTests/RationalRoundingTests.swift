import ExactArithmetic
import TestSupport
import Testing

@Suite("Rational to Double and Float, correctly rounded")
struct RationalRoundingTests {
    @Test func simpleFractions() {
        #expect(Rational(1, 3).doubleValue == 1.0 / 3.0)
        #expect(Rational(2, 3).doubleValue == 2.0 / 3.0)
        #expect(Rational(-2, 3).doubleValue == -2.0 / 3.0)
        #expect(Rational(1, 3).floatValue == Float(1) / Float(3))
        #expect(Rational(2, 3).floatValue == Float(2) / Float(3))
        #expect(Rational(0).doubleValue == 0 && Rational(0).doubleValue.sign == .plus)
        #expect(Rational(1, 10).doubleValue == 0.1)
        #expect(Rational(1, 10).floatValue == Float(0.1))
    }

    /// IEEE division of exactly representable operands is correctly
    /// rounded, so it is an independent oracle.
    @Test func randomQuotientsMatchIEEEDivision() {
        var generator = SplitMix64(seed: 3)
        for _ in 0..<5_000 {
            let p = generator.int(in: -(1 << 53)...(1 << 53))
            let q = generator.int(in: 1...(1 << 53))
            #expect(Rational(p, q).doubleValue == Double(p) / Double(q))
            let pf = generator.int(in: -(1 << 24)...(1 << 24))
            let qf = generator.int(in: 1...(1 << 24))
            #expect(Rational(pf, qf).floatValue == Float(pf) / Float(qf))
        }
    }

    @Test func tiesGoToEven() {
        let two53 = Rational(2).power(53)
        #expect((two53 + 1).doubleValue == 9_007_199_254_740_992)  // tie, down to even
        #expect((two53 + 3).doubleValue == 9_007_199_254_740_996)  // tie, up to even
        #expect((two53 + 1 + Rational(1, 1000)).doubleValue == 9_007_199_254_740_994)  // just above the tie
        let two24 = Rational(2).power(24)
        #expect((two24 + 1).floatValue == 16_777_216)
        #expect((two24 + 3).floatValue == 16_777_220)
        // 1 + 2^-24 is halfway between 1 and the next float: ties to 1.
        #expect((1 + Rational(1).timesPowerOfTwo(-24)).floatValue == 1)
        #expect((1 + Rational(3).timesPowerOfTwo(-24)).floatValue == 1 + 2 * Float.ulpOfOne)
        // Rounding once: via Double, 1 + 2^-24 + 2^-60 would round to 1 + 2^-24, then to 1.
        let subtle = 1 + Rational(1).timesPowerOfTwo(-24) + Rational(1).timesPowerOfTwo(-60)
        #expect(subtle.floatValue == 1 + Float.ulpOfOne)
    }

    @Test func hugeValuesOverflowToInfinity() {
        let maxFinite = Rational(exactly: Double.greatestFiniteMagnitude)
        #expect(maxFinite.doubleValue == .greatestFiniteMagnitude)
        let halfwayToOverflow = Rational(2).power(1024) - Rational(2).power(970)
        #expect(halfwayToOverflow.doubleValue == .infinity)  // tie, odd significand rounds up
        #expect((halfwayToOverflow - 1).doubleValue == .greatestFiniteMagnitude)
        #expect((-Rational(2).power(5000)).doubleValue == -.infinity)
        #expect(Rational(2).power(128).floatValue == .infinity)
        #expect(Rational(exactly: Float.greatestFiniteMagnitude).floatValue == .greatestFiniteMagnitude)
        #expect(Rational(2).power(100_000).doubleValue == .infinity)
    }

    @Test func tinyAndSubnormalValues() {
        let tiniest = Rational(1).timesPowerOfTwo(-1074)
        #expect(tiniest.doubleValue == .leastNonzeroMagnitude)
        #expect(tiniest.timesPowerOfTwo(-1).doubleValue == 0)  // tie with 0: even
        #expect(
            (tiniest.timesPowerOfTwo(-1) + Rational(1).timesPowerOfTwo(-2000)).doubleValue == .leastNonzeroMagnitude)
        #expect((tiniest * 3).timesPowerOfTwo(-1).doubleValue == 2 * .leastNonzeroMagnitude)  // 1.5 ulp: to even
        // (1/3)·2^-1030 is 2^44/3 units of 2^-1074: rounds to 5864062014805.
        #expect(Rational(1, 3).timesPowerOfTwo(-1030).doubleValue == Double(bitPattern: 5_864_062_014_805))
        #expect((-Rational(1, 3)).timesPowerOfTwo(-1030).doubleValue == -Double(bitPattern: 5_864_062_014_805))
        #expect(Rational(1).timesPowerOfTwo(-149).floatValue == .leastNonzeroMagnitude)
        // 2^19/3 units of 2^-149 rounds to 174763 = 0x2AAAB.
        #expect(Rational(1, 3).timesPowerOfTwo(-130).floatValue == Float(bitPattern: 0x0002_AAAB))
        #expect(Rational(1).timesPowerOfTwo(-100_000).doubleValue == 0)
        #expect((-Rational(1).timesPowerOfTwo(-100_000)).doubleValue.sign == .minus)
    }

    @Test func exactConversionFromBinaryFloatsRoundTrips() {
        var generator = SplitMix64(seed: 5)
        for _ in 0..<2_000 {
            let bits = generator.next()
            let double = Double(bitPattern: bits)
            if double.isFinite { #expect(Rational(exactly: double).doubleValue == double) }
            let float = Float(bitPattern: UInt32(truncatingIfNeeded: bits))
            if float.isFinite { #expect(Rational(exactly: float).floatValue == float) }
        }
        #expect(Rational(exactly: 0.1) == Rational(3_602_879_701_896_397, 36_028_797_018_963_968))
        #expect(Rational(exactly: Double.leastNonzeroMagnitude) == Rational(1).timesPowerOfTwo(-1074))
    }
}
