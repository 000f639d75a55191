import ExactArithmetic

/// The exact transforms of a 1-D minimal-filtering algorithm F(m, r):
/// `y = AT · ((G·g) ⊙ (BT·d))` computes the correlation
/// `y[j] = Σ_k d[j+k]·g[k]` of an n = m + r − 1 input tile d with an r-tap
/// filter g, with n multiplications instead of m·r.
///
/// A value of this type always satisfies its identity: every initializer
/// checks it exactly and throws when it fails.
///
/// ```swift
/// let f43 = try CookToom.derive(m: 4, r: 3)
/// print(f43.G)            // 6×3, with the Lagrange denominators
/// ```
public struct WinogradTransform: Hashable, Sendable {
    /// Outputs per tile.
    public let m: Int
    /// Filter taps.
    public let r: Int
    /// Input tile size and number of multiplications, m + r − 1.
    public var n: Int { m + r - 1 }
    /// The interpolation points, when known (a transform read from a file
    /// may not say).
    public let points: PointSet?
    /// Where the denominators were put, when derived here.
    public let fractionsIn: FractionPlacement?

    /// Output transform, m × n.
    public let AT: Matrix<Rational>
    /// Filter transform, n × r.
    public let G: Matrix<Rational>
    /// Input transform, n × n.
    public let BT: Matrix<Rational>

    /// A transform from its matrices, after checking shapes and the exact
    /// identity.
    /// - Throws: ``TransformError/shape(_:)`` or
    ///   ``TransformError/identityFails(_:)``.
    public init(
        AT: Matrix<Rational>, G: Matrix<Rational>, BT: Matrix<Rational>,
        points: PointSet? = nil, fractionsIn: FractionPlacement? = nil
    ) throws(TransformError) {
        try Self.checkShapes(AT: AT, G: G, BT: BT)
        if let points, points.count != AT.columnCount {
            throw .shape(
                "there are \(points.count) points but AT has \(AT.columnCount) columns; "
                    + "F(\(AT.rowCount),\(G.columnCount)) needs \(AT.columnCount)"
            )
        }
        if let points { try Self.checkPoints(points, against: AT) }
        let report = IdentityReport(AT: AT, G: G, BT: BT)
        guard report.holds else { throw .identityFails(report) }
        self.m = AT.rowCount
        self.r = G.columnCount
        self.AT = AT
        self.G = G
        self.BT = BT
        self.points = points
        self.fractionsIn = fractionsIn
    }

    /// Checks that AT is m×n, G is n×r and BT is n×n with n = m + r − 1.
    public static func checkShapes<F>(AT: Matrix<F>, G: Matrix<F>, BT: Matrix<F>)
        throws(TransformError)
    {
        let m = AT.rowCount
        let n = AT.columnCount
        let r = G.columnCount
        guard m >= 1, n >= 1, r >= 1 else {
            throw .shape(
                "AT is \(AT.shapeDescription) and G is \(G.shapeDescription); both need at least one row and one column"
            )
        }
        guard G.rowCount == n else {
            throw .shape(
                "G is \(G.shapeDescription) but AT is \(AT.shapeDescription); G needs \(n) rows, one per column of AT")
        }
        guard n == m + r - 1 else {
            throw .shape(
                "AT is \(AT.shapeDescription) and G is \(G.shapeDescription), "
                    + "so m = \(m), r = \(r) and n must be m + r - 1 = \(m + r - 1), not \(n)"
            )
        }
        guard BT.rowCount == n, BT.columnCount == n else {
            throw .shape("BT is \(BT.shapeDescription) but must be \(n)×\(n) for F(\(m),\(r))")
        }
    }

    /// AT, G and BT with their names, in that order (how every format lists them).
    public var namedMatrices: [(name: String, matrix: Matrix<Rational>)] {
        [("AT", AT), ("G", G), ("BT", BT)]
    }

    /// "F(m,r)".
    public var name: String { "F(\(m),\(r))" }
}
