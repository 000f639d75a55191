/// A floating-point format the precision study emulates: every value is
/// held in a Double and rounded to the format after each operation.
public enum NumberFormat: String, CaseIterable, Sendable {
    case float16
    /// bfloat16, emulated by rounding the float32 value (ties to even).
    case bfloat16
    case float32
    case float64

    /// `x` rounded to this format, to nearest, ties to even.
    @inlinable public func round(_ x: Double) -> Double {
        switch self {
        case .float64: return x
        case .float32: return Double(Float(x))
        case .float16: return Double(Float16(x))
        case .bfloat16:
            let single = Float(x)
            guard single.isFinite else { return Double(single) }
            let bits = single.bitPattern
            let rounded = (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000
            return Double(Float(bitPattern: rounded))
        }
    }

    /// The unit roundoff 2^−p.
    public var unitRoundoff: Double {
        switch self {
        case .float16: 0x1p-11
        case .bfloat16: 0x1p-8
        case .float32: 0x1p-24
        case .float64: 0x1p-53
        }
    }
}

/// How the Winograd algorithm is evaluated in the working format.
public enum EvaluationMode: String, CaseIterable, Sendable {
    /// Every product and every sum rounded, sums left to right.
    case plain
    /// Multiply-adds fused: one rounding per c·x + acc.
    case fma
    /// Transforms in float64; only the element-wise product (and the
    /// inputs and the result) in the working format.
    case mixed
    /// Every operation rounded, each sum in the order of a Huffman tree on
    /// the terms' |coefficients| (the two lightest partial sums first), as
    /// Barabasz et al. do.
    case huffman
    /// The straight-line programs `winograd emit` writes for the tile
    /// (shared subexpressions, factored constants, its order of sums),
    /// every operation rounded, constants as the format holds them: the
    /// error of the shipped C and Swift kernels.
    case emitted
    /// The same with the emitter's fused multiply-adds (one rounding per
    /// c·a + b): the programs of the lanes kernels the runtime runs.
    case emittedFMA = "emitted-fma"

    /// True for the modes that run the emitted programs.
    public var isEmitted: Bool { self == .emitted || self == .emittedFMA }
}
