import CGMP

// Exact + − × ÷ and powers. Each binary operator writes into fresh storage;
// the compound forms update in place when the storage is not shared.

extension Rational: AdditiveArithmetic {
    public static var zero: Rational { Rational() }

    @inlinable public static func + (lhs: Rational, rhs: Rational) -> Rational {
        let result = MPQ()
        __gmpq_add(result.raw, lhs.storage.raw, rhs.storage.raw)
        return Rational(storage: result)
    }

    @inlinable public static func - (lhs: Rational, rhs: Rational) -> Rational {
        let result = MPQ()
        __gmpq_sub(result.raw, lhs.storage.raw, rhs.storage.raw)
        return Rational(storage: result)
    }

    @inlinable public static func += (lhs: inout Rational, rhs: Rational) {
        lhs.makeUnique()
        __gmpq_add(lhs.storage.raw, lhs.storage.raw, rhs.storage.raw)
    }

    @inlinable public static func -= (lhs: inout Rational, rhs: Rational) {
        lhs.makeUnique()
        __gmpq_sub(lhs.storage.raw, lhs.storage.raw, rhs.storage.raw)
    }
}

extension Rational: SignedNumeric {
    public init?<T: BinaryInteger>(exactly source: T) {
        if let small = Int(exactly: source) {
            self.init(small)
        } else {
            // Wider than Int: go through the decimal text, which is exact.
            try? self.init(parsing: String(source))
        }
    }

    @inlinable public static func * (lhs: Rational, rhs: Rational) -> Rational {
        let result = MPQ()
        __gmpq_mul(result.raw, lhs.storage.raw, rhs.storage.raw)
        return Rational(storage: result)
    }

    @inlinable public static func *= (lhs: inout Rational, rhs: Rational) {
        lhs.makeUnique()
        __gmpq_mul(lhs.storage.raw, lhs.storage.raw, rhs.storage.raw)
    }

    @inlinable public static prefix func - (operand: Rational) -> Rational {
        let result = MPQ()
        __gmpq_neg(result.raw, operand.storage.raw)
        return Rational(storage: result)
    }

    @inlinable public mutating func negate() {
        makeUnique()
        __gmpq_neg(storage.raw, storage.raw)
    }
}

extension Rational {
    /// Exact quotient. - Precondition: `rhs` is not zero.
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        precondition(!rhs.isZero, "Rational: division by zero")
        let result = MPQ()
        __gmpq_div(result.raw, lhs.storage.raw, rhs.storage.raw)
        return Rational(storage: result)
    }

    public static func /= (lhs: inout Rational, rhs: Rational) {
        precondition(!rhs.isZero, "Rational: division by zero")
        lhs.makeUnique()
        __gmpq_div(lhs.storage.raw, lhs.storage.raw, rhs.storage.raw)
    }

    /// `self` raised to an integer power; negative exponents give the power
    /// of the reciprocal, and `x.power(0)` is 1 for every x.
    /// - Precondition: `self` is not zero when `exponent` is negative.
    public func power(_ exponent: Int) -> Rational {
        if exponent < 0 { return reciprocal.power(-exponent) }
        let result = MPQ()
        // (p/q)^k = p^k / q^k is already in lowest terms.
        __gmpz_pow_ui(result.numerator, storage.numerator, UInt(exponent))
        __gmpz_pow_ui(result.denominator, storage.denominator, UInt(exponent))
        return Rational(storage: result)
    }

    /// `self · 2^exponent`, exactly.
    public func timesPowerOfTwo(_ exponent: Int) -> Rational {
        let result = MPQ()
        if exponent >= 0 {
            __gmpq_mul_2exp(result.raw, storage.raw, UInt(exponent))
        } else {
            __gmpq_div_2exp(result.raw, storage.raw, UInt(-exponent))
        }
        return Rational(storage: result)
    }
}
