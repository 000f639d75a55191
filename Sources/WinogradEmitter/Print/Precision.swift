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
        return (hex(value), rounded == value)
    }

    /// The constant rounded once to this precision, as a hex literal.
    func hex<F: ExactField>(_ value: F) -> String {
        self == .float ? HexFloatLiteral.text(value.floatValue) : HexFloatLiteral.text(value.doubleValue)
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

    /// The same for a constant of ℚ(√d): a rational one as above; an
    /// irrational one is never exact, and its hex literal is the value
    /// rounded once (``QuadraticNumber/floatValue``), not a rounded a plus
    /// a rounded b·√d.
    func literal(_ value: QuadraticNumber) -> (text: String, exact: Bool) {
        if let rational = value.rationalValue { return literal(rational) }
        return (hex(value), false)
    }

    /// True when the constant is finite in this precision.
    func represents(_ value: QuadraticNumber) -> Bool {
        switch self {
        case .float: value.floatValue.isFinite
        case .double: value.doubleValue.isFinite
        }
    }
}

extension Precision {
    /// A float constant as a decimal literal, for languages without hex
    /// floats (GLSL): the exact value when it is a short decimal (`4.0`,
    /// `-0.25`), else the shortest decimal that reads back as the correctly
    /// rounded float — both when parsed straight to float and when parsed to
    /// double first and then rounded to float, as some compilers do — and,
    /// should none be that short, the float's exact decimal expansion.
    static func floatDecimalLiteral(_ value: QuadraticNumber) -> (text: String, exact: Bool) {
        let rounded = value.floatValue
        let exact = value.rationalValue.map { Rational(exactly: rounded) == $0 } ?? false
        if exact, let decimal = shortDecimal(value.rationalPart) { return (decimal, true) }
        var text = rounded.description
        if !text.contains(".") && !text.contains("e") { text += ".0" }
        if readsBack(text, as: rounded) { return (text, exact) }
        // Every float is a finite decimal, exact in double too.
        return (exactDecimal(Rational(exactly: rounded)), exact)
    }

    /// Whether `text` parses to `value` straight to float and through double.
    static func readsBack(_ text: String, as value: Float) -> Bool {
        guard let direct = Float(text), let wide = Double(text) else { return false }
        return direct.bitPattern == value.bitPattern && Float(wide).bitPattern == value.bitPattern
    }

    /// The exact decimal expansion of a dyadic rational.
    static func exactDecimal(_ value: Rational) -> String {
        var scaled = value.magnitude
        var places = 0
        while !scaled.isInteger {
            scaled *= 10
            places += 1
        }
        var digits = scaled.description
        digits = String(repeating: "0", count: max(0, places + 1 - digits.count)) + digits
        let point = digits.index(digits.endIndex, offsetBy: -places)
        let fraction = places == 0 ? "0" : String(digits[point...])
        return (value.isNegative ? "-" : "") + digits[..<point] + "." + fraction
    }
}
