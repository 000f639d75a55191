import ExactArithmetic

/// What a transform costs and how large its constants are.
public struct TransformFacts: Sendable {
    /// Element-wise multiplications per tile: ∏ n_axis.
    public var multiplications: Int
    /// Multiplications of direct correlation for the same outputs: ∏ m·r.
    public var directMultiplications: Int
    /// The largest |entry| of AT, G and BT (of their Kronecker products when
    /// nested, which is the product over the axes).
    public var largestAT: Rational, largestG: Rational, largestBT: Rational

    /// direct / Winograd multiplications.
    public var reduction: Double { Double(directMultiplications) / Double(multiplications) }

    public init(_ transform: NestedTransform) {
        multiplications = transform.axes.reduce(1) { $0 * $1.n }
        directMultiplications = transform.axes.reduce(1) { $0 * $1.m * $1.r }
        largestAT = transform.axes.reduce(Rational(1)) { $0 * $1.AT.largestMagnitude }
        largestG = transform.axes.reduce(Rational(1)) { $0 * $1.G.largestMagnitude }
        largestBT = transform.axes.reduce(Rational(1)) { $0 * $1.BT.largestMagnitude }
    }
}
