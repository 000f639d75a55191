import ExactArithmetic

extension TransformDocument {
    /// An object with `"moduli"`: the Toom–Cook moduli it was built from
    /// (``Modulus`` text, e.g. "x^2+1" or "inf", degrees adding up to
    /// n = m + r − 1) and rational AT m×N, G N×r, BT N×n with N ≥ n products;
    /// `"multiplications"`, when given, must be N. The identity is checked
    /// over the N products; the moduli are read and checked for their own
    /// sake (coprime, degrees adding up), not re-derived, so another tool's
    /// scaling of the same algorithm verifies too.
    static func readModularEntry(_ value: JSONValue, moduli moduliValue: JSONValue, location: String)
        throws(TransformReadError) -> Entry
    {
        let prefix = location == "the transform" ? "" : location + "."
        guard value["radicand"] == nil, value["points"] == nil else {
            throw TransformReadError(
                message: "\(prefix)moduli replace the points: give \"moduli\" or \"points\" (and \"radicand\"), "
                    + "not both")
        }
        let AT = try readMatrix(value, key: "AT", prefix: prefix, entry: Self.rationalEntry)
        let G = try readMatrix(value, key: "G", prefix: prefix, entry: Self.rationalEntry)
        let BT = try readMatrix(value, key: "BT", prefix: prefix, entry: Self.rationalEntry)
        let (m, r) = (AT.rowCount, G.columnCount)
        try checkSizes(value, m: m, r: r, prefix: prefix)
        if let stated = value["multiplications"] {
            guard case .number(let text) = stated, isIntegerNumber(text), let count = Int(text) else {
                throw TransformReadError(
                    message: "\(prefix)multiplications is \(stated.kindDescription); expected a positive integer")
            }
            guard count == G.rowCount else {
                throw TransformReadError(
                    message: "\(prefix)multiplications is \(count) but G has \(G.rowCount) rows; they must agree")
            }
        }
        guard case .array(let items) = moduliValue, !items.isEmpty else {
            throw TransformReadError(
                message: "\(prefix)moduli is \(moduliValue.kindDescription); expected a non-empty array of "
                    + "strings such as \"x\", \"x^2+1\" or \"inf\"")
        }
        var texts: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, !text.contains(",") else {
                throw TransformReadError(
                    message: "\(prefix)moduli[\(index)] is \(item.kindDescription); expected one modulus as a "
                        + "string such as \"x^2+1\"")
            }
            texts.append(text)
        }
        let moduli: [Modulus]
        do {
            moduli = try Modulus.list(parsing: texts.joined(separator: ","), m: m, r: r)
        } catch {
            throw TransformReadError(message: "\(prefix)moduli: \(error)")
        }
        let outcome: Result<VerifiedTransform, TransformError>
        do {
            outcome = .success(.modular(try ModularTransform(AT: AT, G: G, BT: BT, moduli: moduli)))
        } catch .identityFails(let report) {
            outcome = .failure(.identityFails(report))
        } catch {
            throw TransformReadError(message: (location == "the transform" ? "" : "\(location): ") + "\(error)")
        }
        return Entry(location: location, m: m, r: r, outcome: outcome)
    }
}
