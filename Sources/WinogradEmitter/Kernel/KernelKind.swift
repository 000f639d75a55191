import ExactArithmetic
import Winograd

/// The three transforms of a Winograd algorithm, as kernels.
public enum KernelKind: String, CaseIterable, Sendable {
    /// u = G·g (·Gᵀ): r per axis in, N out (N = n for points); once per filter.
    case filter
    /// v = BT·d (·B): n in, N out; once per input tile.
    case input
    /// y = AT·x (·A): N in, m out; once per output tile.
    case output

    /// The matrix this kernel applies along one axis.
    public func matrix(of axis: KernelTile.Axis) -> Matrix<QuadraticNumber> {
        switch self {
        case .filter: axis.G
        case .input: axis.BT
        case .output: axis.AT
        }
    }

    /// The same of a transform over ℚ.
    public func matrix(of transform: WinogradTransform) -> Matrix<Rational> {
        switch self {
        case .filter: transform.G
        case .input: transform.BT
        case .output: transform.AT
        }
    }

    /// Parameter names: the array read and the array written.
    var arrays: (source: String, destination: String) {
        switch self {
        case .filter: ("g", "u")
        case .input: ("d", "v")
        case .output: ("x", "y")
        }
    }

    var summary: String {
        switch self {
        case .filter: "filter transform u = G·g·Gᵀ"
        case .input: "input transform v = BT·d·B"
        case .output: "output transform y = AT·x·A"
        }
    }
}
