import CGMP

/// Binary floating-point values from a correctly rounded (sign,
/// significand, exponent), as ``Rational`` and ``QuadraticNumber`` produce.
enum BinaryRounding {
    typealias Rounded = (negative: Bool, significand: UInt64?, exponent: Int)

    /// The double of a value rounded to 53 bits (nil significand: overflow).
    static func double(_ rounded: Rounded) -> Double {
        guard let significand = rounded.significand else { return rounded.negative ? -.infinity : .infinity }
        let magnitude = Double(sign: .plus, exponent: rounded.exponent, significand: Double(significand))
        return rounded.negative ? -magnitude : magnitude
    }

    /// The float of a value rounded to 24 bits.
    static func float(_ rounded: Rounded) -> Float {
        guard let significand = rounded.significand else { return rounded.negative ? -.infinity : .infinity }
        let magnitude = Float(sign: .plus, exponent: rounded.exponent, significand: Float(significand))
        return rounded.negative ? -magnitude : magnitude
    }
}

extension Rational {
    /// The `Double` nearest to this value, ties to even; ±infinity past the
    /// largest finite double, signed zero or a subnormal when tiny.
    public var doubleValue: Double { BinaryRounding.double(roundedBinary(precision: 53, minimumExponent: -1074)) }

    /// The `Float` nearest to this value, ties to even (rounded once, not
    /// through `Double`).
    public var floatValue: Float { BinaryRounding.float(roundedBinary(precision: 24, minimumExponent: -149)) }

    /// The value rounded to `precision` significant bits, ties to even, with
    /// no unit in the last place below 2^minimumExponent (subnormals):
    /// |self| ≈ significand · 2^exponent with significand ≤ 2^precision.
    /// `significand` is nil when the value is so large that any binary format
    /// of this precision overflows (the caller makes infinity).
    func roundedBinary(precision: Int, minimumExponent: Int)
        -> (negative: Bool, significand: UInt64?, exponent: Int)
    {
        let negative = isNegative
        if isZero { return (negative, 0, 0) }
        let num = storage.numerator
        let den = storage.denominator

        // e = floor(log2 |self|), from the bit lengths and one comparison.
        let numBits = Int(__gmpz_sizeinbase(num, 2))
        let denBits = Int(__gmpz_sizeinbase(den, 2))
        var e = numBits - denBits
        let scratchA = MPQ()
        let scratchB = MPQ()
        let a = scratchA.numerator
        let b = scratchB.numerator
        __gmpz_abs(a, num)
        __gmpz_set(b, den)
        if e >= 0 { __gmpz_mul_2exp(b, b, UInt(e)) } else { __gmpz_mul_2exp(a, a, UInt(-e)) }
        if __gmpz_cmp(a, b) < 0 { e -= 1 }

        // Far beyond any finite value or far below half the smallest
        // subnormal: decide without big shifts.
        if e > 16_384 { return (negative, nil, 0) }
        if e < minimumExponent - 2 { return (negative, 0, 0) }

        // The unit in the last place, and |self| / ulp = q + rest / den.
        let ulp = max(e - precision + 1, minimumExponent)
        __gmpz_abs(a, num)
        __gmpz_set(b, den)
        if ulp >= 0 { __gmpz_mul_2exp(b, b, UInt(ulp)) } else { __gmpz_mul_2exp(a, a, UInt(-ulp)) }
        let quotientHolder = MPQ()
        let remainderHolder = MPQ()
        let quotient = quotientHolder.numerator
        let remainder = remainderHolder.numerator
        __gmpz_tdiv_qr(quotient, remainder, a, b)

        // Round to nearest, ties to even: compare 2·rest with den.
        __gmpz_mul_2exp(remainder, remainder, 1)
        let comparison = __gmpz_cmp(remainder, b)
        var significand = UInt64(__gmpz_get_ui(quotient))
        if comparison > 0 || (comparison == 0 && significand & 1 == 1) { significand += 1 }

        // Past the largest finite value of this format: infinity. After
        // rounding, significand ≤ 2^precision, so the value is finite exactly
        // when its top bit is at most the format's largest exponent.
        let maximumExponent = precision == 53 ? 1023 : 127
        if significand != 0, 63 - significand.leadingZeroBitCount + ulp > maximumExponent {
            return (negative, nil, 0)
        }
        return (negative, significand, ulp)
    }
}

extension Double {
    /// The double nearest to `value` (ties to even).
    public init(_ value: Rational) { self = value.doubleValue }
}

extension Float {
    /// The float nearest to `value` (ties to even).
    public init(_ value: Rational) { self = value.floatValue }
}

extension Rational {
    /// The exact value of a finite binary floating-point number.
    /// - Precondition: `value` is finite.
    public init<F: BinaryFloatingPoint>(exactly value: F) {
        precondition(value.isFinite, "Rational: \(value) is not finite")
        if value == 0 {
            self.init()
            return
        }
        // value = (implicit bit + fraction bits) · 2^(exponent − fraction bit count)
        var significand = Rational(exactly: value.significandBitPattern)!
        if value.isNormal { significand += Rational(1).timesPowerOfTwo(F.significandBitCount) }
        let exponent = value.isNormal ? Int(value.exponent) : Int(F.leastNormalMagnitude.exponent)
        var result = significand.timesPowerOfTwo(exponent - F.significandBitCount)
        if value.sign == .minus { result.negate() }
        self = result
    }
}
