import CGMP

extension QuadraticNumber {
    /// The `Double` nearest to this value, ties to even — rounded once from
    /// the exact value, not the sum of a rounded a and a rounded b·√d.
    public var doubleValue: Double { BinaryRounding.double(roundedBinary(precision: 53, minimumExponent: -1074)) }

    /// The `Float` nearest to this value, ties to even (rounded once).
    public var floatValue: Float { BinaryRounding.float(roundedBinary(precision: 24, minimumExponent: -149)) }

    /// The value rounded to `precision` bits as ``Rational`` rounds a
    /// rational. With b ≠ 0 the value x is irrational, so it lies strictly
    /// between rationals `low` and `high` built from ⌊√(d·b_n²·4^k)⌋ (GMP's
    /// exact integer square root) for any k; once both round to the same
    /// binary number, x does too — rounding is monotonic — and no midpoint
    /// can be hit exactly, so doubling k always ends. Each step is exact.
    func roundedBinary(precision: Int, minimumExponent: Int) -> (negative: Bool, significand: UInt64?, exponent: Int) {
        guard !surdCoefficient.isZero else {
            return rationalPart.roundedBinary(precision: precision, minimumExponent: minimumExponent)
        }
        var bits = 64 + precision
        while true {
            let (low, high) = bracket(bits: bits)
            let below = low.roundedBinary(precision: precision, minimumExponent: minimumExponent)
            let above = high.roundedBinary(precision: precision, minimumExponent: minimumExponent)
            if Self.sameValue(below, above) { return below }
            bits *= 2
        }
    }

    /// Whether two rounded results are the same number (2^p·2^e and
    /// 2^(p−1)·2^(e+1) are; so are all zeros of one sign, and all overflows).
    static func sameValue(
        _ x: (negative: Bool, significand: UInt64?, exponent: Int),
        _ y: (negative: Bool, significand: UInt64?, exponent: Int)
    ) -> Bool {
        guard x.negative == y.negative else { return false }
        guard var a = x.significand, var b = y.significand else { return x.significand == y.significand }
        if a == 0 || b == 0 { return a == b }
        var (e, f) = (x.exponent, y.exponent)
        while a & 1 == 0 {
            a >>= 1
            e += 1
        }
        while b & 1 == 0 {
            b >>= 1
            f += 1
        }
        return a == b && e == f
    }

    /// Rationals low < x < high with high − low = 2^−bits / b's denominator.
    func bracket(bits: Int) -> (low: Rational, high: Rational) {
        // b·√d = ±√(n²·d) / q with b = ±n/q; ⌊√(n²·d·4^bits)⌋ / (q·2^bits) ≤ |b|·√d.
        let b = surdCoefficient
        let radicandTimesSquare = Rational(radicand) * b.numerator * b.numerator
        let scaled = radicandTimesSquare.timesPowerOfTwo(2 * bits)
        let root = MPQ()
        __gmpz_sqrt(root.numerator, scaled.storage.numerator)
        let floor = Rational(storage: root)
        let unit = Rational(1).timesPowerOfTwo(-bits) / b.denominator
        let lower = floor.timesPowerOfTwo(-bits) / b.denominator
        // √ is irrational here (d square-free ≥ 2, n ≠ 0): strictly inside (lower, lower + unit).
        let (surdLow, surdHigh) = b.isNegative ? (-(lower + unit), -lower) : (lower, lower + unit)
        return (rationalPart + surdLow, rationalPart + surdHigh)
    }
}

extension Double {
    /// The double nearest to `value` (ties to even), rounded once.
    public init(_ value: QuadraticNumber) { self = value.doubleValue }
}

extension Float {
    /// The float nearest to `value` (ties to even), rounded once.
    public init(_ value: QuadraticNumber) { self = value.floatValue }
}
