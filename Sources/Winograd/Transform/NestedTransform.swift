import ExactArithmetic

/// A d-dimensional Winograd algorithm made by nesting one 1-D transform per
/// axis: F(m₁×m₂×…, r₁×r₂×…). In 2-D,
/// `Y = AT₀ · ((G₀·g·G₁ᵀ) ⊙ (BT₀·d·BT₁ᵀ)) · AT₁ᵀ`; axis 0 runs down the rows.
///
/// It is exact whenever each axis is, which each ``WinogradTransform``
/// guarantees; the Kronecker matrices are available for checking.
public struct NestedTransform: Hashable, Sendable {
    /// One transform per axis, outermost (rows) first.
    public let axes: [WinogradTransform]

    /// - Precondition: at least one axis.
    public init(axes: [WinogradTransform]) {
        precondition(!axes.isEmpty, "NestedTransform: needs at least one axis")
        self.axes = axes
    }

    /// The same 1-D transform on each of `dims` axes (a square tile).
    public init(_ transform: WinogradTransform, dims: Int) {
        self.init(axes: Array(repeating: transform, count: dims))
    }

    public var dims: Int { axes.count }

    /// True when every axis uses the same transform.
    public var isSquare: Bool { axes.allSatisfy { $0 == axes[0] } }

    /// "F(4,3)", "F(4×4,3×3)", "F(4×2,3×1)".
    public var name: String {
        if dims == 1 { return axes[0].name }
        let ms = axes.map { String($0.m) }.joined(separator: "×")
        let rs = axes.map { String($0.r) }.joined(separator: "×")
        return "F(\(ms),\(rs))"
    }

    /// The Kronecker products AT₀ ⊗ AT₁ ⊗ …, which act on a row-major
    /// flattened tile.
    public var kroneckerAT: Matrix<Rational> { axes.dropFirst().reduce(axes[0].AT) { $0.kronecker($1.AT) } }
    public var kroneckerG: Matrix<Rational> { axes.dropFirst().reduce(axes[0].G) { $0.kronecker($1.G) } }
    public var kroneckerBT: Matrix<Rational> { axes.dropFirst().reduce(axes[0].BT) { $0.kronecker($1.BT) } }

    /// Costs and coefficient sizes.
    public var facts: TransformFacts { TransformFacts(self) }
}
