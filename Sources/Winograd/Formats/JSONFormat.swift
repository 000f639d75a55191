import ExactArithmetic

/// DESIGN.md's JSON form: a 1-D object, or `{"dims": d, "axes": [...]}`.
/// Entries are exact rationals as strings; `JSONValue.serialized()` puts
/// one matrix row per line.
enum JSONFormat {
    static func render(_ transform: NestedTransform) -> String {
        if transform.dims == 1 { return value(transform.axes[0]).serialized() + "\n" }
        let nested: JSONValue = ["dims": .integer(transform.dims), "axes": .array(transform.axes.map(value))]
        return nested.serialized() + "\n"
    }

    static func value(_ transform: WinogradTransform) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("m", .integer(transform.m)), ("r", .integer(transform.r))]
        if let points = transform.points {
            members.append(("points", .array(points.points.map { .string($0.description) })))
        }
        members += matrices(transform.namedMatrices)
        return .object(members)
    }

    /// Each matrix under its name, a row per array, exact entries as strings.
    static func matrices<F: ExactField>(_ named: [(name: String, matrix: Matrix<F>)]) -> [(
        key: String, value: JSONValue
    )] {
        named.map { ($0.name, .array($0.matrix.rows.map { row in .array(row.map { .string($0.description) }) })) }
    }
}
