// MARK: - Building values

extension JSONValue {
    /// An integer, written exactly.
    public static func integer<Integer: BinaryInteger>(_ value: Integer) -> JSONValue {
        .number(String(value))
    }

    /// A double in Swift's shortest round-trip form; JSON has no infinity or
    /// NaN, so a non-finite value becomes `null`.
    public static func double(_ value: Double) -> JSONValue {
        value.isFinite ? .number("\(value)") : .null
    }

    /// `double(value)`, or `null` when there is no value.
    public static func double(_ value: Double?) -> JSONValue {
        value.map(double) ?? .null
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .integer(value) }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

/// Keys keep the order they are written in:
/// `let value: JSONValue = ["m": 4, "r": 3]` serializes as `{"m": 4, "r": 3}`.
extension JSONValue: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { (key: $0.0, value: $0.1) })
    }
}

// MARK: - Serialization

extension JSONValue {
    /// The JSON text of this value, keys in the order they were inserted.
    ///
    /// The layout is meant for people as well as parsers: an array of
    /// scalars, or an object whose members are scalars or arrays of scalars,
    /// is written on one line (`{"m": 4, "r": [3, 5]}`); anything deeper puts
    /// one member per line, indented by two spaces per level. No trailing
    /// newline. Strings are escaped as RFC 8259 requires.
    ///
    /// ```swift
    /// let value: JSONValue = ["AT": [["1", "1"], ["0", "1"]]]
    /// print(value.serialized())
    /// // {
    /// //   "AT": [
    /// //     ["1", "1"],
    /// //     ["0", "1"]
    /// //   ]
    /// // }
    /// ```
    public func serialized() -> String {
        var out = ""
        write(into: &out, indent: "")
        return out
    }

    private func write(into out: inout String, indent: String) {
        switch self {
        case .object(let members):
            let inline = members.allSatisfy { $0.value.isScalar || $0.value.isArrayOfScalars }
            let items = members.map { member in
                { (out: inout String, indent: String) in
                    out += Self.quoted(member.key) + ": "
                    member.value.write(into: &out, indent: indent)
                }
            }
            Self.writeContainer(items, open: "{", close: "}", inline: inline, into: &out, indent: indent)
        case .array(let elements):
            let items = elements.map { element in
                { (out: inout String, indent: String) in element.write(into: &out, indent: indent) }
            }
            Self.writeContainer(items, open: "[", close: "]", inline: isArrayOfScalars, into: &out, indent: indent)
        case .string(let text): out += Self.quoted(text)
        case .number(let text): out += text
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        }
    }

    private static func writeContainer(
        _ items: [(inout String, String) -> Void], open: String, close: String, inline: Bool,
        into out: inout String, indent: String
    ) {
        out += open
        if inline {
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                item(&out, indent)
            }
        } else {
            let inner = indent + "  "
            for (index, item) in items.enumerated() {
                out += (index > 0 ? ",\n" : "\n") + inner
                item(&out, inner)
            }
            out += "\n" + indent
        }
        out += close
    }

    private var isScalar: Bool {
        switch self {
        case .object, .array: false
        default: true
        }
    }

    private var isArrayOfScalars: Bool {
        guard case .array(let elements) = self else { return false }
        return elements.allSatisfy(\.isScalar)
    }

    /// A JSON string literal (RFC 8259 §7): quote, backslash and control
    /// characters escaped; everything else, non-ASCII included, as it is.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
