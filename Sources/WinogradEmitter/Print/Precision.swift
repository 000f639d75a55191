import ExactArithmetic
import Winograd

/// The element type of emitted kernels.
public enum Precision: String, CaseIterable, Sendable {
    case float
    case double

    /// The exact constant rounded once to this precision, as a hex literal
    /// (no suffix).
    func hexLiteral(_ value: Rational) -> String {
        switch self {
        case .float: HexFloatLiteral.text(value.floatValue)
        case .double: HexFloatLiteral.text(value.doubleValue)
        }
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
