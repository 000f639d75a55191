import ExactArithmetic
import Winograd

/// The element type of emitted kernels.
public enum Precision: String, CaseIterable, Sendable {
    case float
    case double

    /// The exact constant rounded once to this precision, without suffix:
    /// a short decimal when that is the exact value (`4.0`, `-0.25`),
    /// else a hex literal (`0x1.555556p-3`), which no compiler can round
    /// differently. `exact` tells whether the literal is the exact rational.
    func literal(_ value: Rational) -> (text: String, exact: Bool) {
        let rounded = self == .float ? Rational(exactly: value.floatValue) : Rational(exactly: value.doubleValue)
        if rounded == value, let decimal = Self.shortDecimal(value) { return (decimal, true) }
        let hex = self == .float ? HexFloatLiteral.text(value.floatValue) : HexFloatLiteral.text(value.doubleValue)
        return (hex, rounded == value)
    }

    /// "4.0", "-0.125": the finite decimal of a dyadic rational, if short.
    static func shortDecimal(_ value: Rational) -> String? {
        var scaled = value.magnitude
        var places = 0
        while !scaled.isInteger {
            scaled *= 10
            places += 1
            if places > 8 { return nil }
        }
        var digits = scaled.description
        guard digits.count <= 12 else { return nil }
        if places == 0 { return (value.isNegative ? "-" : "") + digits + ".0" }
        digits = String(repeating: "0", count: max(0, places + 1 - digits.count)) + digits
        let point = digits.index(digits.endIndex, offsetBy: -places)
        return (value.isNegative ? "-" : "") + digits[..<point] + "." + digits[point...]
    }

    /// True when the constant is finite in this precision.
    func represents(_ value: Rational) -> Bool {
        switch self {
        case .float: value.floatValue.isFinite
        case .double: value.doubleValue.isFinite
        }
    }
}

/// The languages kernels are emitted in.
public enum Language: String, CaseIterable, Sendable {
    case c
    case swift
}
