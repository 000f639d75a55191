import ExactArithmetic

extension TransformDocument {
    /// An object with `"radicand": d`: entries and points are a + b·√d of
    /// that one field (``QuadraticNumber``'s text, e.g. "sqrt(2)/2"), and the
    /// points are required (an algebraic transform is read with its points).
    static func readAlgebraicEntry(_ value: JSONValue, radicand radicandValue: JSONValue, location: String)
        throws(TransformReadError) -> Entry
    {
        let prefix = location == "the transform" ? "" : location + "."
        guard case .number(let text) = radicandValue, isIntegerNumber(text), let d = Int(text),
            QuadraticNumber.isSquareFree(d)
        else {
            var shown = radicandValue.kindDescription
            if case .number(let text) = radicandValue { shown = text }
            throw TransformReadError(
                message: "\(prefix)radicand is \(shown); expected a square-free integer d "
                    + "from 2 to \(QuadraticNumber.maximumRadicand) (entries are a + b·sqrt(d))")
        }
        func entry(_ text: String, place: String) throws(TransformReadError) -> QuadraticNumber {
            let value: QuadraticNumber
            do { value = try QuadraticNumber(parsing: text) } catch {
                throw TransformReadError(message: "\(place): \(error)")
            }
            guard value.radicand == 0 || value.radicand == d else {
                throw TransformReadError(
                    message: "\(place) is \(value), of ℚ(√\(value.radicand)), but the radicand is \(d)")
            }
            return value
        }
        let AT = try readMatrix(value, key: "AT", prefix: prefix, entry: entry)
        let G = try readMatrix(value, key: "G", prefix: prefix, entry: entry)
        let BT = try readMatrix(value, key: "BT", prefix: prefix, entry: entry)
        let (m, r) = (AT.rowCount, G.columnCount)
        try checkSizes(value, m: m, r: r, prefix: prefix)
        guard case .array(let items)? = value["points"] else {
            throw TransformReadError(
                message: "\(prefix)points is missing or not an array; an algebraic transform is read with its points "
                    + "(strings such as \"sqrt(2)/2\" or \"inf\")")
        }
        var points: [QuadraticNumber?] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else {
                throw TransformReadError(
                    message: "\(prefix)points[\(index)] is \(item.kindDescription); expected a string")
            }
            if ["inf", "infinity", "∞"].contains(text.trimmingWhitespace.lowercased()) {
                points.append(nil)
            } else {
                points.append(try entry(text.trimmingWhitespace, place: "\(prefix)points[\(index)]"))
            }
        }
        guard Set(points).count == points.count else {
            throw TransformReadError(message: "\(prefix)points: a point is given twice; points must be distinct")
        }
        let outcome: Result<VerifiedTransform, TransformError>
        do {
            outcome = .success(.algebraic(try AlgebraicTransform(AT: AT, G: G, BT: BT, points: points, radicand: d)))
        } catch .identityFails(let report) {
            outcome = .failure(.identityFails(report))
        } catch {
            throw TransformReadError(message: (location == "the transform" ? "" : "\(location): ") + "\(error)")
        }
        return Entry(location: location, m: m, r: r, outcome: outcome)
    }
}
