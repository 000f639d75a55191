import CWinogradRuntime

/// The vector instructions the runtime's C kernels use.
///
/// Plans use the best the CPU has unless told otherwise; a lower one runs
/// the same arithmetic on narrower vectors (tests run every path on one
/// machine). A set the CPU lacks is lowered to what it has.
public enum InstructionSet: String, CaseIterable, Sendable, Comparable {
    case portable
    case avx2
    case avx512

    /// The best this CPU has.
    public static var detected: InstructionSet { InstructionSet(level: wr_detected_isa()) }

    init(level: Int32) {
        switch level {
        case Int32(WR_AVX512): self = .avx512
        case Int32(WR_AVX2): self = .avx2
        default: self = .portable
        }
    }

    var level: Int32 {
        switch self {
        case .portable: Int32(WR_PORTABLE)
        case .avx2: Int32(WR_AVX2)
        case .avx512: Int32(WR_AVX512)
        }
    }

    public static func < (a: InstructionSet, b: InstructionSet) -> Bool { a.level < b.level }
}

/// The C runtime's context (`wr_context`): the instruction set, block sizes
/// and microkernels, made once per plan and passed to every C call — the C
/// side keeps no global state.
struct KernelContext: @unchecked Sendable {
    // @unchecked: an immutable C struct of sizes and function pointers.
    private let raw: wr_context

    /// The context for `instructionSet` (nil: the best the CPU has),
    /// lowered to what the CPU has.
    init(_ instructionSet: InstructionSet? = nil) {
        raw = wr_make_context((instructionSet ?? .detected).level)
    }

    var instructionSet: InstructionSet { InstructionSet(level: raw.isa) }
    /// The SGEMM register tile: rows (filters) × columns.
    var sgemmRows: Int { Int(raw.sgemm.mr) }
    var sgemmColumns: Int { Int(raw.sgemm.nr) }
    /// Filters per register block of the direct convolution.
    var directFilters: Int { Int(raw.direct_filters) }

    func withPointer<R>(_ body: (UnsafePointer<wr_context>) -> R) -> R {
        withUnsafePointer(to: raw) { body($0) }
    }
}
