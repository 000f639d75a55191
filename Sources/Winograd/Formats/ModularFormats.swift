import ExactArithmetic

/// How a ``ModularTransform`` is written: text and JSON so far. The JSON
/// form is DESIGN.md's with `"moduli"` (the list as parsed, monic) in place
/// of `"points"` and BT of N rows by m + r − 1 columns.
extension ModularTransform {
    /// The formats written so far for moduli.
    public static let formats: [TransformFormat] = [.text, .json]

    /// The transform in `format`, or nil when that format does not take
    /// moduli yet (``formats``).
    public func rendered(as format: TransformFormat) -> String? {
        switch format {
        case .text: text
        case .json: json.serialized() + "\n"
        default: nil
        }
    }

    var text: String {
        // The default placement goes unsaid, as before placements existed for moduli.
        let placement = fractionsIn.flatMap { $0 == .g ? nil : ", fractions in \($0.rawValue)" } ?? ""
        var out = "\(name), moduli \(moduliDescription)\(placement)\n"
        out += TextFormat.blocks(namedMatrices)
        out += "\nmultiplications per tile: \(multiplications) (direct: \(m * r); "
        out += "points alone: \(n))\n"
        out +=
            "largest |entry|: "
            + namedMatrices.map { "\($0.name) \($0.matrix.largestMagnitude)" }
            .joined(separator: ", ") + "\n"
        out += "identity: verified exactly, Σ_t AT[j][t]·G[t][k]·BT[t][i] = [i = j + k] "
        out += "for all \(m)·\(r)·\(n) (j, k, i), t over \(multiplications) products\n"
        return out
    }

    /// `{"m", "r", "moduli", "multiplications", "AT", "G", "BT"}`.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("m", .integer(m)), ("r", .integer(r)), ("moduli", .array(moduli.map { .string($0.description) })),
            ("multiplications", .integer(multiplications)),
        ]
        members += JSONFormat.matrices(namedMatrices)
        return .object(members)
    }
}
