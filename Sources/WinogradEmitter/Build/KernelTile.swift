import ExactArithmetic
import Winograd

/// What the emitter needs of a tile: per axis, the exact matrices AT, G and
/// BT in ℚ(√d) — rational tiles have d = 0 — and how to describe it.
///
/// One type for the three kinds of exact transforms: points in ℚ
/// (``NestedTransform``), points in ℚ(√d) (``AlgebraicTransform``) and
/// Toom–Cook moduli (``ModularTransform``, whose N multiplications exceed
/// the n inputs, so G and BT have N rows). The kernels nest the same 1-D
/// transform on every axis by separable passes.
public struct KernelTile: Hashable, Sendable {
    public struct Axis: Hashable, Sendable {
        public let m: Int, r: Int
        public let AT: Matrix<QuadraticNumber>
        public let G: Matrix<QuadraticNumber>
        public let BT: Matrix<QuadraticNumber>
        /// The points (`PointSet.description`, `AlgebraicTransform.pointsDescription`)
        /// or `moduli …`, as the runtime names the axis when it looks kernels up;
        /// nil for points a transform does not record.
        public let points: String?
        /// Inputs per axis, m + r − 1.
        public var n: Int { m + r - 1 }
        /// Multiplications per axis: n for points, more with quadratic moduli.
        public var multiplications: Int { G.rowCount }
    }

    public let axes: [Axis]
    /// "F(4,3)", "F(4×4,3×3)".
    public let name: String
    /// The points or moduli, for the files' headers.
    public let pointsDescription: String

    public var dims: Int { axes.count }

    /// A tile over ℚ.
    public init(_ transform: NestedTransform) {
        axes = transform.axes.map {
            Axis(m: $0.m, r: $0.r, AT: lift($0.AT), G: lift($0.G), BT: lift($0.BT), points: $0.points?.description)
        }
        name = transform.name
        pointsDescription = transform.distinctAxes.map { label, axis in label + (axis.points?.description ?? "") }
            .joined(separator: "; ")
    }

    /// `transform` over ℚ(√d) on each of `dims` axes.
    public init(_ transform: AlgebraicTransform, dims: Int) { self.init(.algebraic(transform), dims: dims) }

    /// `transform` from moduli on each of `dims` axes.
    public init(_ transform: ModularTransform, dims: Int) { self.init(.modular(transform), dims: dims) }

    /// One verified transform per axis (from JSON, or derived): the kinds
    /// may differ between axes. Rational points keep their points, so the
    /// runtime's naming of the axis is as for a derived tile.
    public init(axes transforms: [VerifiedTransform]) {
        precondition(!transforms.isEmpty, "KernelTile: needs at least one axis")
        axes = transforms.map { transform in
            switch transform {
            case .rational(let t):
                Axis(m: t.m, r: t.r, AT: lift(t.AT), G: lift(t.G), BT: lift(t.BT), points: t.points?.description)
            case .algebraic(let t):
                Axis(m: t.m, r: t.r, AT: t.AT, G: t.G, BT: t.BT, points: t.pointsDescription)
            case .modular(let t):
                Axis(m: t.m, r: t.r, AT: lift(t.AT), G: lift(t.G), BT: lift(t.BT), points: t.pointsDescription)
            }
        }
        if transforms.count == 1 {
            name = transforms[0].name
        } else {
            let (ms, rs) = (axes.map { String($0.m) }, axes.map { String($0.r) })
            name = "F(\(ms.joined(separator: "×")),\(rs.joined(separator: "×")))"
        }
        var descriptions: [String] = []
        for description in transforms.map(\.pointsDescription) where !descriptions.contains(description) {
            descriptions.append(description)
        }
        pointsDescription = descriptions.joined(separator: "; ")
    }

    /// `transform` on each of `dims` axes.
    public init(_ transform: VerifiedTransform, dims: Int) {
        precondition(dims >= 1, "KernelTile: needs at least one axis")
        self.init(axes: Array(repeating: transform, count: dims))
    }
}

/// A rational matrix as one over ℚ(√d), with d = 0.
private func lift(_ matrix: Matrix<Rational>) -> Matrix<QuadraticNumber> { matrix.map(QuadraticNumber.init) }
