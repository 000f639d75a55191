import CGMP

/// An exact rational number p/q in lowest terms, backed by GMP's `mpq_t`.
///
/// `Rational` is a value type with copy-on-write storage; it behaves like
/// `Int` but never overflows and never rounds:
///
/// ```swift
/// let third: Rational = 1 / 3
/// let x = third * 3 + "7/4"          // 11/4
/// Double(x)                          // 2.75, correctly rounded
/// ```
///
/// Division by zero is a programming error, as with `Int`; parse untrusted
/// text with ``Rational/init(parsing:)``, which throws instead.
public struct Rational: Sendable {
    @usableFromInline var storage: MPQ

    @inlinable init(storage: MPQ) { self.storage = storage }

    /// Zero.
    @inlinable public init() { storage = MPQ() }

    /// The integer `value`.
    @inlinable public init(_ value: Int) {
        storage = MPQ()
        __gmpq_set_si(storage.raw, value, 1)
    }

    /// `numerator / denominator`, reduced to lowest terms.
    /// - Precondition: `denominator != 0`.
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "Rational: zero denominator")
        storage = MPQ()
        __gmpz_set_si(storage.numerator, numerator)
        __gmpz_set_si(storage.denominator, denominator)
        __gmpq_canonicalize(storage.raw)
    }

    /// Makes `storage` uniquely referenced before an in-place update.
    @inlinable mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = MPQ(copying: storage)
        }
    }

    // MARK: - Properties

    /// -1, 0 or +1.
    @inlinable public var signum: Int { Int(cgmp_mpq_sgn(storage.raw)) }

    @inlinable public var isZero: Bool { signum == 0 }
    @inlinable public var isNegative: Bool { signum < 0 }

    /// True when the denominator is 1.
    public var isInteger: Bool { __gmpz_cmp_ui(storage.denominator, 1) == 0 }

    /// The absolute value.
    public var magnitude: Rational {
        if signum >= 0 { return self }
        return -self
    }

    /// The numerator in lowest terms (carries the sign), as a `Rational`.
    public var numerator: Rational {
        let result = MPQ()
        __gmpz_set(result.numerator, storage.numerator)
        return Rational(storage: result)
    }

    /// The denominator in lowest terms (always positive), as a `Rational`.
    public var denominator: Rational {
        let result = MPQ()
        __gmpz_set(result.numerator, storage.denominator)
        return Rational(storage: result)
    }

    /// 1/self. - Precondition: `self` is not zero.
    public var reciprocal: Rational {
        precondition(!isZero, "Rational: reciprocal of zero")
        let result = MPQ()
        __gmpq_inv(result.raw, storage.raw)
        return Rational(storage: result)
    }

    /// The value as an `Int` when it is an integer that fits, else nil.
    public var exactInt: Int? {
        guard isInteger, __gmpz_fits_slong_p(storage.numerator) != 0 else { return nil }
        return __gmpz_get_si(storage.numerator)
    }
}

extension Rational: ExpressibleByIntegerLiteral {
    @inlinable public init(integerLiteral value: Int) { self.init(value) }
}
