/// What the Cook–Toom derivation and the exact identity check need of
/// their numbers: a field with exact arithmetic, signs, and one correct
/// rounding to floating point. ``Rational`` (ℚ) and ``QuadraticNumber``
/// (ℚ(√d)) are the two.
public protocol ExactField: Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self
    static func += (lhs: inout Self, rhs: Self)
    static func *= (lhs: inout Self, rhs: Self)
    var isZero: Bool { get }
    var isNegative: Bool { get }
    /// The nearest double, ties to even, rounded once from the exact value.
    var doubleValue: Double { get }
    /// The nearest float, ties to even, rounded once from the exact value.
    var floatValue: Float { get }
}

extension Rational: ExactField {}
extension QuadraticNumber: ExactField {}
