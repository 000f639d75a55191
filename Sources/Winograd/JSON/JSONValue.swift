/// A parsed JSON document that keeps numbers as their source text, so that
/// an integer of any size stays exact and a float can be told from an
/// integer (the transform reader rejects floats as inexact).
public indirect enum JSONValue: Equatable, Sendable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// The number as written, e.g. `-12` or `0.5e3`.
    case number(String)
    case bool(Bool)
    case null

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    /// The value of `key` in an object (the first, if repeated).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// "an object", "a string", … for messages.
    public var kindDescription: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number(let text): isIntegerNumber(text) ? "an integer" : "a float"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// True for a JSON number with no fraction or exponent.
func isIntegerNumber(_ text: String) -> Bool {
    !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
}
