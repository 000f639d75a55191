import ExactArithmetic

/// Why a JSON document does not describe transforms (before any identity
/// is checked). The message names the place, e.g. `axes[1].G[2][0]`.
public struct TransformReadError: Error, Equatable, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// The transforms of a JSON document in DESIGN.md's form, each with the
/// outcome of its exact check. Accepts documents from other tools: entries
/// may be fraction or decimal strings or JSON integers; `m`, `r` and
/// `points` are optional (checked when present). JSON floats are rejected
/// as inexact, and so is any key the form does not have.
public struct TransformDocument: Sendable {
    /// One 1-D transform of the document and its verdict.
    public struct Entry: Sendable {
        /// Where it is in the document: "the transform" or "axes[1]".
        public var location: String
        /// F(m, r) read from the shapes.
        public var m: Int, r: Int
        /// The verified transform, or why it is not one.
        public var outcome: Result<VerifiedTransform, TransformError>
    }

    /// Present when the document is nested.
    public var dims: Int?
    public var entries: [Entry]

    /// True when every entry verified.
    public var allHold: Bool {
        entries.allSatisfy { if case .success = $0.outcome { true } else { false } }
    }

    /// The nested transform, when every axis verified.
    public var transform: NestedTransform? {
        let axes = entries.compactMap { entry -> WinogradTransform? in
            if case .success(.rational(let transform)) = entry.outcome { return transform }
            return nil
        }
        return axes.count == entries.count && !axes.isEmpty ? NestedTransform(axes: axes) : nil
    }

    /// Reads and checks a document.
    /// - Throws: ``TransformReadError`` for malformed JSON or content that is
    ///   not a transform (wrong shapes, points that do not belong to the
    ///   matrices included); a failing identity is a per-entry outcome.
    public init(json text: String) throws(TransformReadError) {
        let root: JSONValue
        do {
            root = try JSONParser.parse(text)
        } catch {
            throw TransformReadError(message: "not valid JSON: \(error)")
        }
        guard case .object = root else {
            throw TransformReadError(
                message:
                    "the document is \(root.kindDescription); "
                    + "expected an object with \"AT\", \"G\" and \"BT\", or {\"dims\": d, \"axes\": [...]}"
            )
        }
        if let axesValue = root["axes"] {
            try Self.checkKeys(root, known: Self.nestedKeys, location: "the document")
            guard case .array(let axes) = axesValue, !axes.isEmpty else {
                throw TransformReadError(
                    message:
                        "\"axes\" is \(axesValue.kindDescription); expected a non-empty array of 1-D transform objects")
            }
            guard axes.count <= 8 else {
                throw TransformReadError(
                    message: "\"axes\" has \(axes.count) entries; transforms of 1 to 8 dimensions are read")
            }
            if let dimsValue = root["dims"] {
                guard case .number(let text) = dimsValue, isIntegerNumber(text), let d = Int(text) else {
                    throw TransformReadError(
                        message: "\"dims\" is \(dimsValue.kindDescription); expected a positive integer")
                }
                guard d == axes.count else {
                    throw TransformReadError(
                        message: "\"dims\" is \(d) but \"axes\" has \(axes.count) entries; they must agree")
                }
                dims = d
            } else {
                dims = axes.count
            }
            entries = []
            for (index, axis) in axes.enumerated() {
                entries.append(try Self.readEntry(axis, location: "axes[\(index)]"))
            }
        } else {
            dims = nil
            entries = [try Self.readEntry(root, location: "the transform")]
        }
    }

    static func readEntry(_ value: JSONValue, location: String) throws(TransformReadError) -> Entry {
        let prefix = location == "the transform" ? "" : location + "."
        guard case .object = value else {
            throw TransformReadError(
                message: "\(location) is \(value.kindDescription); expected an object with \"AT\", \"G\" and \"BT\"")
        }
        try checkKeys(value, known: transformKeys, location: location)
        if let moduliValue = value["moduli"] {
            return try readModularEntry(value, moduli: moduliValue, location: location)
        }
        if value["multiplications"] != nil {
            throw TransformReadError(
                message: "\(prefix)multiplications goes with \"moduli\" (N ≥ n products); "
                    + "a transform of points has n = m + r − 1")
        }
        if let radicandValue = value["radicand"] {
            return try readAlgebraicEntry(value, radicand: radicandValue, location: location)
        }
        let AT = try readMatrix(value, key: "AT", prefix: prefix, entry: Self.rationalEntry)
        let G = try readMatrix(value, key: "G", prefix: prefix, entry: Self.rationalEntry)
        let BT = try readMatrix(value, key: "BT", prefix: prefix, entry: Self.rationalEntry)
        let m = AT.rowCount
        let r = G.columnCount
        try checkSizes(value, m: m, r: r, prefix: prefix)
        var points: PointSet?
        if let pointsValue = value["points"] {
            guard case .array(let items) = pointsValue else {
                throw TransformReadError(
                    message:
                        "\(prefix)points is \(pointsValue.kindDescription); "
                        + "expected an array of strings such as \"1/2\" or \"inf\""
                )
            }
            var parsed: [InterpolationPoint] = []
            for (index, item) in items.enumerated() {
                let text: String
                switch item {
                case .string(let s): text = s
                case .number(let s) where isIntegerNumber(s): text = s
                default:
                    throw TransformReadError(
                        message:
                            "\(prefix)points[\(index)] is \(item.kindDescription); "
                            + "expected a string such as \"-1/2\" or \"inf\", or an integer"
                    )
                }
                do { parsed.append(try InterpolationPoint(parsing: text)) } catch {
                    throw TransformReadError(message: "\(prefix)points[\(index)]: \(error)")
                }
            }
            if m >= 1 && r >= 1 {
                do { points = try PointSet(parsed, m: m, r: r) } catch {
                    throw TransformReadError(message: "\(prefix)points: \(error)")
                }
            }
        }
        // Only a failing identity on well-formed matrices is a verdict; wrong shapes or points
        // that do not belong to the matrices make a malformed document.
        let outcome: Result<VerifiedTransform, TransformError>
        do {
            outcome = .success(.rational(try WinogradTransform(AT: AT, G: G, BT: BT, points: points)))
        } catch .identityFails(let report) {
            outcome = .failure(.identityFails(report))
        } catch {
            throw TransformReadError(message: (location == "the transform" ? "" : "\(location): ") + "\(error)")
        }
        return Entry(location: location, m: m, r: r, outcome: outcome)
    }

    /// The keys of a 1-D transform object and of a nested document (DESIGN.md's form):
    /// any other key is an error rather than silently ignored (a misspelt "point" would go unchecked).
    static let transformKeys = ["m", "r", "radicand", "points", "moduli", "multiplications", "AT", "G", "BT"]
    static let nestedKeys = ["dims", "axes"]

    static func checkKeys(_ object: JSONValue, known: [String], location: String) throws(TransformReadError) {
        guard case .object(let members) = object,
            let unknown = members.first(where: { !known.contains($0.key) })?.key
        else { return }
        let list = known.map { "\"\($0)\"" }.joined(separator: ", ")
        throw TransformReadError(
            message: "\(location) has the unknown key \"\(unknown)\"; the known keys are \(list)")
    }

    /// The most rows or columns of a matrix read (``CookToom/maximumPoints``),
    /// and the most characters of an entry in lowest terms: the identity
    /// check costs m·r·n² products, so bigger documents would run for
    /// minutes. Derived transforms of 64 points have entries of at most
    /// about 210 characters.
    public static let maximumSide = CookToom.maximumPoints
    public static let maximumEntryLength = 1000

    static func readMatrix<F: CustomStringConvertible>(
        _ object: JSONValue, key: String, prefix: String,
        entry parse: (_ text: String, _ place: String) throws(TransformReadError) -> F
    ) throws(TransformReadError) -> Matrix<F> {
        guard let value = object[key] else {
            throw TransformReadError(
                message: "\(prefix)\(key) is missing; a transform needs \"AT\" (m×n), \"G\" (n×r) and \"BT\" (n×n)")
        }
        guard case .array(let rows) = value, !rows.isEmpty else {
            let kind = value.kindDescription == "an array" ? "an empty array" : value.kindDescription
            throw TransformReadError(message: "\(prefix)\(key) is \(kind); expected a non-empty array of rows")
        }
        var matrixRows: [[F]] = []
        let side = maximumSide
        guard rows.count <= side else {
            throw TransformReadError(
                message: "\(prefix)\(key) has \(rows.count) rows; transforms of up to \(side) points are read")
        }
        for (i, rowValue) in rows.enumerated() {
            guard case .array(let items) = rowValue else {
                throw TransformReadError(
                    message: "\(prefix)\(key)[\(i)] is \(rowValue.kindDescription); expected an array of entries")
            }
            guard items.count <= side else {
                throw TransformReadError(
                    message:
                        "\(prefix)\(key)[\(i)] has \(items.count) entries; transforms of up to \(side) points are read")
            }
            var row: [F] = []
            for (j, item) in items.enumerated() {
                let place = "\(prefix)\(key)[\(i)][\(j)]"
                switch item {
                case .string(let text):
                    // Bounded as written and as read: "1e99999" is short but has 100 000 digits.
                    let entry = text.count <= maximumEntryLength ? try parse(text.trimmingWhitespace, place) : nil
                    guard let entry, entry.description.count <= maximumEntryLength else {
                        throw TransformReadError(
                            message: "\(place) has more than \(maximumEntryLength) digits; "
                                + "entries of transforms up to \(side) points have a few hundred at most")
                    }
                    row.append(entry)
                case .number(let text) where isIntegerNumber(text):
                    guard text.count <= maximumEntryLength else {
                        throw TransformReadError(
                            message: "\(place) has more than \(maximumEntryLength) digits; "
                                + "entries of transforms up to \(side) points have a few hundred at most")
                    }
                    row.append(try parse(text, place))
                case .number(let text):
                    throw TransformReadError(
                        message:
                            "\(place) is the JSON float \(text), which is inexact; "
                            + "write exact entries as strings such as \"1/3\" or \"\(text)\""
                    )
                default:
                    throw TransformReadError(
                        message: "\(place) is \(item.kindDescription); expected a string such as \"-1/6\" or an integer"
                    )
                }
            }
            if let first = matrixRows.first, first.count != row.count {
                throw TransformReadError(
                    message:
                        "\(prefix)\(key)[\(i)] has \(row.count) entries but \(prefix)\(key)[0] has \(first.count); "
                        + "rows must have equal length"
                )
            }
            guard !row.isEmpty else {
                throw TransformReadError(message: "\(prefix)\(key)[\(i)] is empty; rows need at least one entry")
            }
            matrixRows.append(row)
        }
        return Matrix(rows: matrixRows)
    }

    /// A rational entry.
    static func rationalEntry(_ text: String, place: String) throws(TransformReadError) -> Rational {
        do { return try Rational(parsing: text) } catch { throw TransformReadError(message: "\(place): \(error)") }
    }

    /// `m` and `r`, when given, against the shapes.
    static func checkSizes(_ value: JSONValue, m: Int, r: Int, prefix: String) throws(TransformReadError) {
        for key in ["m", "r"] {
            guard let given = value[key] else { continue }
            let shapeValue = key == "m" ? m : r
            let source = key == "m" ? "AT has \(m) rows" : "G has \(r) columns"
            guard case .number(let text) = given, isIntegerNumber(text), let stated = Int(text) else {
                throw TransformReadError(
                    message: "\(prefix)\(key) is \(given.kindDescription); expected a positive integer")
            }
            guard stated == shapeValue else {
                throw TransformReadError(message: "\(prefix)\(key) is \(stated) but \(source); they must agree")
            }
        }
    }
}
