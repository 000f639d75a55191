import ExactArithmetic

/// A transform a JSON document describes, verified: over ℚ, over ℚ(√d)
/// when the object names `"radicand": d`, or from Toom–Cook moduli when it
/// names `"moduli"` (N ≥ n products).
public enum VerifiedTransform: Sendable {
    case rational(WinogradTransform)
    case algebraic(AlgebraicTransform)
    case modular(ModularTransform)

    /// "F(m,r)".
    public var name: String {
        switch self {
        case .rational(let t): t.name
        case .algebraic(let t): t.name
        case .modular(let t): t.name
        }
    }

    /// The (j, k, i) triples the identity was checked for: m·r·n.
    public var checkedTriples: Int {
        switch self {
        case .rational(let t): t.m * t.r * t.n
        case .algebraic(let t): t.m * t.r * t.n
        case .modular(let t): t.m * t.r * t.n
        }
    }

    /// "" over ℚ with n products; " over ℚ(√d)", or " over N products" from moduli.
    public var fieldDescription: String {
        switch self {
        case .rational: ""
        case .algebraic(let t): " over ℚ(√\(t.radicand))"
        case .modular(let t): " over \(t.multiplications) products (moduli \(t.moduliDescription))"
        }
    }

    public var m: Int {
        switch self {
        case .rational(let t): t.m
        case .algebraic(let t): t.m
        case .modular(let t): t.m
        }
    }

    public var r: Int {
        switch self {
        case .rational(let t): t.r
        case .algebraic(let t): t.r
        case .modular(let t): t.r
        }
    }

    /// Inputs per tile, m + r − 1.
    public var n: Int { m + r - 1 }

    /// The a-priori error growth of the three matrices (see `WinogradTransform.growth`).
    public var growth: Double {
        switch self {
        case .rational(let t): t.growth
        case .algebraic(let t): t.growth
        case .modular(let t): t.growth
        }
    }

    /// The points or moduli; "" for a rational transform that records no points.
    public var pointsDescription: String {
        switch self {
        case .rational(let t): t.points?.description ?? ""
        case .algebraic(let t): t.pointsDescription
        case .modular(let t): t.pointsDescription
        }
    }
}
