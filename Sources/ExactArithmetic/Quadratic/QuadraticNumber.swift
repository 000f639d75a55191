/// An exact number a + b·√d of a real quadratic field ℚ(√d): a and b
/// rational, d a square-free integer ≥ 2 (√2, √3, √5, …). With b = 0 it is
/// the rational a, and d is 0.
///
/// ```swift
/// let r = QuadraticNumber(0, Rational(1, 2), radicand: 2)     // √2/2
/// r * r                                                         // 1/2
/// (r * r).rationalValue                                         // Optional(1/2)
/// r.doubleValue                                                 // 0.7071067811865476, correctly rounded
/// ```
///
/// Numbers of different fields (√2 and √3) do not mix: combining them is a
/// programming error, as dividing by zero is. Parse untrusted text with
/// ``QuadraticNumber/init(parsing:)``, which says which field it uses.
public struct QuadraticNumber: Hashable, Sendable {
    /// The rational part a.
    public let rationalPart: Rational
    /// The coefficient b of √d.
    public let surdCoefficient: Rational
    /// d: square-free, at least 2; 0 when the number is rational.
    public let radicand: Int

    /// The rational `value`.
    public init(_ value: Rational) {
        rationalPart = value
        surdCoefficient = 0
        radicand = 0
    }

    /// a + b·√d.
    /// - Precondition: d is square-free and at least 2 (unless b is zero).
    public init(_ a: Rational, _ b: Rational, radicand d: Int) {
        precondition(b.isZero || Self.isSquareFree(d), "QuadraticNumber: \(d) is not a square-free integer ≥ 2")
        rationalPart = a
        surdCoefficient = b
        radicand = b.isZero ? 0 : d
    }

    /// The most a radicand may be: far beyond any useful point, small
    /// enough that d·b² and the rounding's integer square roots stay quick.
    public static let maximumRadicand = 1_000_000

    /// Whether `d` is at least 2, at most ``maximumRadicand`` and divisible
    /// by no square but 1.
    public static func isSquareFree(_ d: Int) -> Bool {
        guard d >= 2, d <= maximumRadicand else { return false }
        var p = 2
        while p * p <= d {
            if d % (p * p) == 0 { return false }
            p += 1
        }
        return true
    }

    /// The value when it is rational (b = 0), else nil.
    public var rationalValue: Rational? { surdCoefficient.isZero ? rationalPart : nil }

    public var isZero: Bool { rationalPart.isZero && surdCoefficient.isZero }

    /// −1, 0 or +1, decided exactly: when a and b differ in sign, by
    /// comparing a² with d·b².
    public var signum: Int {
        let (sa, sb) = (rationalPart.signum, surdCoefficient.signum)
        if sb == 0 || sa == sb { return sa != 0 ? sa : sb }
        if sa == 0 { return sb }
        let square = rationalPart * rationalPart
        let surdSquare = Rational(radicand) * surdCoefficient * surdCoefficient
        return square > surdSquare ? sa : sb
    }

    public var isNegative: Bool { signum < 0 }

    /// |self|, exactly.
    public var magnitude: QuadraticNumber { isNegative ? -self : self }

    /// Whether the value is a rational integer (b = 0, a an integer).
    public var isInteger: Bool { surdCoefficient.isZero && rationalPart.isInteger }

    /// The field's radicand shared by `self` and `other`: 0 when both are
    /// rational. - Precondition: they are not from different fields.
    func commonRadicand(_ other: QuadraticNumber) -> Int {
        precondition(
            radicand == 0 || other.radicand == 0 || radicand == other.radicand,
            "QuadraticNumber: √\(radicand) and √\(other.radicand) are in different fields")
        return max(radicand, other.radicand)
    }
}

extension QuadraticNumber: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(Rational(value)) }
}

extension QuadraticNumber: AdditiveArithmetic {
    public static var zero: QuadraticNumber { QuadraticNumber(Rational()) }

    public static func + (lhs: QuadraticNumber, rhs: QuadraticNumber) -> QuadraticNumber {
        let d = lhs.commonRadicand(rhs)
        return QuadraticNumber(
            lhs.rationalPart + rhs.rationalPart, lhs.surdCoefficient + rhs.surdCoefficient, radicand: d)
    }

    public static func - (lhs: QuadraticNumber, rhs: QuadraticNumber) -> QuadraticNumber {
        let d = lhs.commonRadicand(rhs)
        return QuadraticNumber(
            lhs.rationalPart - rhs.rationalPart, lhs.surdCoefficient - rhs.surdCoefficient, radicand: d)
    }
}

extension QuadraticNumber {
    /// (a + b√d)(c + e√d) = (ac + bed) + (ae + bc)√d.
    public static func * (lhs: QuadraticNumber, rhs: QuadraticNumber) -> QuadraticNumber {
        let d = lhs.commonRadicand(rhs)
        let (a, b, c, e) = (lhs.rationalPart, lhs.surdCoefficient, rhs.rationalPart, rhs.surdCoefficient)
        if b.isZero && e.isZero { return QuadraticNumber(a * c) }
        return QuadraticNumber(a * c + Rational(d) * b * e, a * e + b * c, radicand: d)
    }

    public static prefix func - (operand: QuadraticNumber) -> QuadraticNumber {
        QuadraticNumber(-operand.rationalPart, -operand.surdCoefficient, radicand: operand.radicand)
    }

    /// The conjugate a − b√d.
    public var conjugate: QuadraticNumber {
        QuadraticNumber(rationalPart, -surdCoefficient, radicand: radicand)
    }

    /// The field norm a² − d·b², rational, zero only for zero (d is not a square).
    public var norm: Rational {
        rationalPart * rationalPart - Rational(radicand) * surdCoefficient * surdCoefficient
    }

    /// 1/self = conjugate / norm. - Precondition: `self` is not zero.
    public var reciprocal: QuadraticNumber {
        precondition(!isZero, "QuadraticNumber: reciprocal of zero")
        let n = norm
        return QuadraticNumber(rationalPart / n, -surdCoefficient / n, radicand: radicand)
    }

    public static func / (lhs: QuadraticNumber, rhs: QuadraticNumber) -> QuadraticNumber {
        lhs * rhs.reciprocal
    }

    public static func += (lhs: inout QuadraticNumber, rhs: QuadraticNumber) { lhs = lhs + rhs }
    public static func -= (lhs: inout QuadraticNumber, rhs: QuadraticNumber) { lhs = lhs - rhs }
    public static func *= (lhs: inout QuadraticNumber, rhs: QuadraticNumber) { lhs = lhs * rhs }
}

extension QuadraticNumber: SignedNumeric {
    public init?<T: BinaryInteger>(exactly source: T) {
        guard let value = Rational(exactly: source) else { return nil }
        self.init(value)
    }
}

extension QuadraticNumber: Comparable {
    public static func < (lhs: QuadraticNumber, rhs: QuadraticNumber) -> Bool { (lhs - rhs).signum < 0 }
}
