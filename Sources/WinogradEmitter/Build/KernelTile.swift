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
    public init(_ transform: AlgebraicTransform, dims: Int) {
        let axis = Axis(
            m: transform.m, r: transform.r, AT: transform.AT, G: transform.G, BT: transform.BT,
            points: transform.pointsDescription)
        self.init(axis, dims: dims, name: transform.name, points: transform.pointsDescription)
    }

    /// `transform` from moduli on each of `dims` axes.
    public init(_ transform: ModularTransform, dims: Int) {
        let axis = Axis(
            m: transform.m, r: transform.r, AT: lift(transform.AT), G: lift(transform.G), BT: lift(transform.BT),
            points: transform.pointsDescription)
        self.init(axis, dims: dims, name: transform.name, points: transform.pointsDescription)
    }

    private init(_ axis: Axis, dims: Int, name oneD: String, points: String) {
        precondition(dims >= 1, "KernelTile: needs at least one axis")
        axes = Array(repeating: axis, count: dims)
        if dims == 1 {
            name = oneD
        } else {
            let ms = Array(repeating: String(axis.m), count: dims).joined(separator: "×")
            let rs = Array(repeating: String(axis.r), count: dims).joined(separator: "×")
            name = "F(\(ms),\(rs))"
        }
        pointsDescription = points
    }
}

/// A rational matrix as one over ℚ(√d), with d = 0.
private func lift(_ matrix: Matrix<Rational>) -> Matrix<QuadraticNumber> { matrix.map(QuadraticNumber.init) }
