import Winograd

/// --points as derive, emit, conv and grad take it: per axis, a list of
/// points or the name of a set (`searched`, `barabasz`, …, as precision
/// takes them), resolved for that axis's F(m, r). One value serves every
/// axis.
enum PointsArgument {
    /// The names, for help texts and errors.
    static var names: String { NamedPointSet.allCases.map(\.rawValue).joined(separator: ", ") }

    /// One list per value, or, for a single name, one per axis of `sizes`
    /// (whose sizes may differ). Throws ``PointsError`` for a list that does
    /// not parse, and a ``UserInputError`` for a name without a set for the size.
    static func lists(_ values: [String], sizes: [(m: Int, r: Int)]) throws -> [[InterpolationPoint]] {
        if values.count == 1, let named = NamedPointSet(rawValue: values[0].lowercased()) {
            return try sizes.map { try resolve(named, m: $0.m, r: $0.r) }
        }
        return try values.enumerated().map { axis, text in
            if let named = NamedPointSet(rawValue: text.lowercased()) {
                let size = sizes[min(axis, sizes.count - 1)]
                return try resolve(named, m: size.m, r: size.r)
            }
            return try InterpolationPoint.list(parsing: text)
        }
    }

    private static func resolve(_ named: NamedPointSet, m: Int, r: Int) throws -> [InterpolationPoint] {
        guard let points = named.points(m: m, r: r) else {
            throw UserInputError(
                "--points \(named.rawValue) has no set for F(\(m),\(r)); give a list of points, or another of "
                    + "\(names)")
        }
        return points
    }
}
