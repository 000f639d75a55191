import ExactArithmetic

/// A 1-D bilinear algorithm for F(m, r) from Toom–Cook moduli, some of
/// degree 2 (``ToomCookModuli``): y = AT·((G·g) ⊙ (BT·d)) with N
/// multiplications, N = n plus one per quadratic modulus, n = m + r − 1 the
/// input tile. AT is m×N, G N×r, BT N×n; the identity is proved exactly at
/// construction.
///
/// ```swift
/// let moduli = try Modulus.list(parsing: "x,x-1,x+1,x^2+1,inf", m: 4, r: 3)
/// let f43 = try ToomCookModuli.derive(m: 4, r: 3, moduli: moduli)
/// f43.multiplications    // 7: one more than F(4,3)'s six points
/// ```
public struct ModularTransform: Hashable, Sendable {
    public let m: Int, r: Int
    /// The input tile, m + r − 1.
    public var n: Int { m + r - 1 }
    /// Multiplications per tile (rows of G).
    public var multiplications: Int { G.rowCount }
    public let moduli: [Modulus]
    public let AT: Matrix<Rational>
    public let G: Matrix<Rational>
    public let BT: Matrix<Rational>
    /// Where the linear moduli's denominators were put, when derived here
    /// (nil for matrices given whole, e.g. read from JSON).
    public let fractionsIn: FractionPlacement?

    /// A transform from its matrices after checking shapes and the exact identity.
    /// - Throws: ``TransformError`` when the shapes disagree or the identity fails.
    public init(
        AT: Matrix<Rational>, G: Matrix<Rational>, BT: Matrix<Rational>, moduli: [Modulus],
        fractionsIn: FractionPlacement? = nil
    ) throws(TransformError) {
        let (m, r, products) = (AT.rowCount, G.columnCount, AT.columnCount)
        guard m >= 1, r >= 1, G.rowCount == products, BT.rowCount == products, BT.columnCount == m + r - 1,
            products >= m + r - 1
        else {
            throw .shape(
                "AT is \(AT.shapeDescription), G \(G.shapeDescription) and BT \(BT.shapeDescription); "
                    + "F(m, r) with N multiplications needs m×N, N×r and N×(m + r − 1), N ≥ m + r − 1")
        }
        let report = IdentityReport(AT: AT, G: G, BT: BT)
        guard report.holds else { throw .identityFails(report) }
        (self.m, self.r) = (m, r)
        (self.AT, self.G, self.BT, self.moduli, self.fractionsIn) = (AT, G, BT, moduli, fractionsIn)
    }

    /// "F(m,r)".
    public var name: String { "F(\(m),\(r))" }

    /// `x,x-1,x+1,x^2+1,inf`.
    public var moduliDescription: String { moduli.map(\.description).joined(separator: ",") }

    /// `moduli x,x-1,x+1,x^2+1,inf`: how reports and kernel registries name
    /// the transform where a rational one names its points.
    public var pointsDescription: String { "moduli " + moduliDescription }

    /// K₁, as for ``WinogradTransform/growth``.
    public var growth: Double { WinogradTransform.growth(AT: AT, G: G, BT: BT) }

    /// AT, G and BT with their names.
    public var namedMatrices: [(name: String, matrix: Matrix<Rational>)] { [("AT", AT), ("G", G), ("BT", BT)] }
}
