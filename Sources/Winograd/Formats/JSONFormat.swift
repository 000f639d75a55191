import ExactArithmetic

/// DESIGN.md's JSON form: a 1-D object, or `{"dims": d, "axes": [...]}`.
/// Entries are exact rationals as strings; one matrix row per line.
enum JSONFormat {
    static func render(_ transform: NestedTransform) -> String {
        if transform.dims == 1 { return object(transform.axes[0], indent: "") + "\n" }
        var out = "{\n  \"dims\": \(transform.dims),\n  \"axes\": [\n"
        out += transform.axes.map { object($0, indent: "    ") }.joined(separator: ",\n")
        out += "\n  ]\n}\n"
        return out
    }

    static func object(_ transform: WinogradTransform, indent: String) -> String {
        let inner = indent + "  "
        var fields = ["\(inner)\"m\": \(transform.m)", "\(inner)\"r\": \(transform.r)"]
        if let points = transform.points {
            fields.append("\(inner)\"points\": [" + points.points.map { quote($0.description) }.joined(separator: ", ") + "]")
        }
        for (name, matrix) in transform.namedMatrices {
            let rows = matrix.rows.map { row in
                "\(inner)  [" + row.map { quote($0.description) }.joined(separator: ", ") + "]"
            }
            fields.append("\(inner)\"\(name)\": [\n" + rows.joined(separator: ",\n") + "\n\(inner)]")
        }
        return "\(indent){\n" + fields.joined(separator: ",\n") + "\n\(indent)}"
    }

    /// A JSON string literal; our entries never need escapes, but be safe.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
