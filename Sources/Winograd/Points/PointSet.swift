import ExactArithmetic

/// The n interpolation points of one F(m, r), checked: distinct, the right
/// number, infinity at most once.
public struct PointSet: Hashable, Sendable {
    /// The points in the order the transform's rows of G and BT (columns of
    /// AT) use them.
    public let points: [InterpolationPoint]

    /// The number of points, n = m + r − 1.
    public var count: Int { points.count }

    /// The finite points in order.
    public var finitePoints: [Rational] { points.compactMap(\.finiteValue) }

    /// Where infinity is, if it is used.
    public var infinityIndex: Int? { points.firstIndex(of: .infinity) }

    /// The points for F(m, r) from a user's list.
    ///
    /// - n − 1 finite points: infinity is appended (the usual choice);
    /// - n finite points: no infinity;
    /// - n points of which one is `inf`: used as given.
    ///
    /// - Throws: ``PointsError`` for duplicates, a second infinity, or a
    ///   count that fits none of these.
    public init(_ given: [InterpolationPoint], m: Int, r: Int) throws(PointsError) {
        precondition(m >= 1 && r >= 1, "PointSet: m and r must be positive")
        let n = m + r - 1
        var seen: [InterpolationPoint: Int] = [:]
        for (position, point) in given.enumerated() {
            if let first = seen[point] {
                if point == .infinity { throw .infinityTwice(firstPosition: first, secondPosition: position) }
                throw .duplicate(point: point.description, firstPosition: first, secondPosition: position)
            }
            seen[point] = position
        }
        let includesInfinity = given.contains(.infinity)
        switch (given.count, includesInfinity) {
        case (n - 1, false): points = given + [.infinity]
        case (n, _): points = given
        default:
            throw .wrongCount(m: m, r: r, given: given.count, givenIncludesInfinity: includesInfinity)
        }
    }

    /// Parses a comma-separated list such as `"0, 1, -1, 1/2, inf"`.
    public init(parsing list: String, m: Int, r: Int) throws(PointsError) {
        let parsed = try InterpolationPoint.list(parsing: list)
        try self.init(parsed, m: m, r: r)
    }

    /// The default points for F(m, r): the first n − 1 of
    /// ``PointSet/defaultSequence(count:)`` and infinity last.
    public static func defaults(m: Int, r: Int) -> PointSet {
        let finite = defaultSequence(count: m + r - 2).map(InterpolationPoint.finite)
        // Cannot fail: the default sequence is distinct and has the right count.
        return try! PointSet(finite, m: m, r: r)
    }

    /// 0, 1, −1, 2, −2, 1/2, −1/2, 3, −3, 1/3, −1/3, 4, −4, 1/4, −1/4, …
    /// (small magnitudes first, each with its negative and reciprocal).
    public static func defaultSequence(count: Int) -> [Rational] {
        var sequence: [Rational] = count > 0 ? [0] : []
        var k = 1
        while sequence.count < count {
            let value = Rational(k)
            var candidates = [value, -value]
            if k > 1 { candidates += [value.reciprocal, -value.reciprocal] }
            sequence += candidates.prefix(count - sequence.count)
            k += 1
        }
        return sequence
    }
}

extension PointSet: CustomStringConvertible {
    /// E.g. `0, 1, -1, 2, -2, inf`.
    public var description: String { points.map(\.description).joined(separator: ", ") }
}
