import ExactArithmetic

/// A 1-D transform F(m, r) whose interpolation points lie in a real
/// quadratic field ℚ(√d) — ncnn's F(4,3) uses 0, ±√2/2, ±√2 — derived by
/// the same Cook–Toom construction as ``WinogradTransform``, in exact
/// arithmetic a + b·√d, and proved by the same identity, exactly, over
/// ℚ(√d).
///
/// ```swift
/// let points = try AlgebraicTransform.points(parsing: "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2", m: 4, r: 3)
/// let f43 = try AlgebraicTransform.derive(m: 4, r: 3, points: points)
/// f43.radicand                        // 2
/// f43.G.map(\.floatValue)             // correctly rounded once per entry
/// ```
public struct AlgebraicTransform: Hashable, Sendable {
    public let m: Int, r: Int
    public var n: Int { m + r - 1 }
    /// d of ℚ(√d).
    public let radicand: Int
    /// The points in order; nil is the point at infinity.
    public let points: [QuadraticNumber?]
    public let AT: Matrix<QuadraticNumber>
    public let G: Matrix<QuadraticNumber>
    public let BT: Matrix<QuadraticNumber>

    /// A transform from its matrices after checking shapes and the exact
    /// identity over ℚ(√d).
    /// - Throws: ``TransformError`` when the shapes disagree or the identity fails.
    public init(
        AT: Matrix<QuadraticNumber>, G: Matrix<QuadraticNumber>, BT: Matrix<QuadraticNumber>,
        points: [QuadraticNumber?], radicand: Int
    ) throws(TransformError) {
        try WinogradTransform.checkShapes(AT: AT, G: G, BT: BT)
        if points.count != AT.columnCount {
            throw .shape(
                "there are \(points.count) points but AT has \(AT.columnCount) columns; "
                    + "F(\(AT.rowCount),\(G.columnCount)) needs \(AT.columnCount)")
        }
        try WinogradTransform.checkPoints(points, against: AT)
        let report = IdentityReport(AT: AT, G: G, BT: BT)
        guard report.holds else { throw .identityFails(report) }
        (m, r) = (AT.rowCount, G.columnCount)
        (self.AT, self.G, self.BT, self.points, self.radicand) = (AT, G, BT, points, radicand)
    }

    /// Derives and proves F(m, r) on `points` (``points(parsing:m:r:)``).
    public static func derive(
        m: Int, r: Int, points: AlgebraicPoints, fractionsIn: FractionPlacement = .g
    ) throws(TransformError) -> AlgebraicTransform {
        try CookToom.checkSize(m: m, r: r)
        guard points.points.count == m + r - 1 else {
            throw .points(
                .wrongCount(
                    m: m, r: r, given: points.points.count, givenIncludesInfinity: points.points.contains(nil)))
        }
        let (AT, G, BT) = CookToom.matrices(m: m, r: r, points: points.points, fractionsIn: fractionsIn)
        return try AlgebraicTransform(AT: AT, G: G, BT: BT, points: points.points, radicand: points.radicand)
    }

    /// AT, G and BT with their names.
    public var namedMatrices: [(name: String, matrix: Matrix<QuadraticNumber>)] {
        [("AT", AT), ("G", G), ("BT", BT)]
    }

    /// "F(m,r)".
    public var name: String { "F(\(m),\(r))" }

    /// The points as text: `0, sqrt(2)/2, …, inf`.
    public var pointsDescription: String { points.map { $0?.description ?? "inf" }.joined(separator: ", ") }
}

/// The checked points of an algebraic transform: distinct, all of one field
/// ℚ(√d) with at least one irrational point, infinity at most once.
public struct AlgebraicPoints: Hashable, Sendable {
    /// In order; nil is infinity.
    public let points: [QuadraticNumber?]
    public let radicand: Int

    /// ncnn's F(4,3) points, 0, ±√2/2, ±√2 (and ∞): closed under p → 1/p,
    /// so the input gradient reads the forward filters (``FilterReflection``),
    /// and 2–4× less error than 0, ±1, ±2 in float32. The one spelling of
    /// them: the kernel catalogue commits their kernels, `auto` runs them.
    public static let sqrt2F43 = "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2"

    /// Whether a `--points` list names a surd (`sqrt`, `√`) and so needs ℚ(√d).
    public static func isAlgebraic(_ list: String) -> Bool {
        list.contains("sqrt") || list.contains("√")
    }

    /// Parses `0, sqrt2/2, -sqrt2/2, sqrt2, -sqrt2` (``QuadraticNumber``'s
    /// forms, or `inf`) for F(m, r), completed as ``PointSet`` does: n − 1
    /// finite points get infinity last.
    /// - Throws: ``PointsError`` for unparsable, duplicate or too many
    ///   points, a second infinity, or points of two fields.
    public init(parsing list: String, m: Int, r: Int) throws(PointsError) {
        let items = list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace }
        if items.allSatisfy(\.isEmpty) { throw .empty }
        var parsed: [QuadraticNumber?] = []
        for item in items {
            if ["inf", "infinity", "∞", "+inf", "+infinity"].contains(item.lowercased()) {
                parsed.append(nil)
                continue
            }
            let value: QuadraticNumber
            do {
                value = try QuadraticNumber(parsing: String(item))
            } catch {
                throw .unparsable(text: String(item), reason: error.reason)
            }
            guard
                [value.rationalPart, value.surdCoefficient].allSatisfy({ part in
                    part.magnitude.description.split(separator: "/").allSatisfy {
                        $0.count <= InterpolationPoint.maximumDigits
                    }
                })
            else { throw .tooLong(text: String(item)) }
            parsed.append(value)
        }
        try self.init(parsed, m: m, r: r)
    }

    /// Points given as values (nil: infinity), checked and completed as
    /// ``init(parsing:m:r:)`` does: the point search's sets.
    /// - Throws: ``PointsError`` for duplicates, a second infinity, points of
    ///   two fields, no surd, or a wrong count.
    public init(_ given: [QuadraticNumber?], m: Int, r: Int) throws(PointsError) {
        var points: [QuadraticNumber?] = []
        var radicand = 0
        var fieldPosition = 0
        for (position, value) in given.enumerated() {
            guard let value else {
                if let first = points.firstIndex(where: { $0 == nil }) {
                    throw .infinityTwice(firstPosition: first, secondPosition: position)
                }
                points.append(nil)
                continue
            }
            if value.radicand != 0 {
                if radicand != 0 && radicand != value.radicand {
                    throw .twoFields(
                        first: radicand, firstPosition: fieldPosition, second: value.radicand, secondPosition: position)
                }
                if radicand == 0 { (radicand, fieldPosition) = (value.radicand, position) }
            }
            if let first = points.firstIndex(where: { $0 == value }) {
                throw .duplicate(point: value.description, firstPosition: first, secondPosition: position)
            }
            points.append(value)
        }
        let n = m + r - 1
        let includesInfinity = points.contains(nil)
        switch (points.count, includesInfinity) {
        case (n - 1, false): points.append(nil)
        case (n, _): break
        default:
            throw .wrongCount(m: m, r: r, given: points.count, givenIncludesInfinity: includesInfinity)
        }
        guard radicand != 0 else { throw .noSurd }
        (self.points, self.radicand) = (points, radicand)
    }
}
