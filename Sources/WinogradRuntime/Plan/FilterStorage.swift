import CWinogradRuntime

/// How a Winograd plan stores its transformed filters. The arithmetic is
/// float32 either way; 16-bit storage halves the bytes the product streams
/// and an update writes, at the cost of rounding each transformed filter
/// value once (to 8 significant bits for bfloat16, 11 for float16; `conv
/// --check` and `precision --filter-storage` report what that costs).
public enum FilterStorage: String, CaseIterable, Sendable {
    /// The default: no rounding beyond float32's.
    case float32
    /// bfloat16: float32's range, 8 significant bits.
    case bfloat16
    /// IEEE half: 11 significant bits; magnitudes past 65504 become
    /// infinite and those below 6.1e-5 lose bits (subnormal).
    case float16

    /// The C runtime's WR_FILTERS_… value.
    var format: Int32 {
        switch self {
        case .float32: Int32(WR_FILTERS_FLOAT32)
        case .bfloat16: Int32(WR_FILTERS_BFLOAT16)
        case .float16: Int32(WR_FILTERS_FLOAT16)
        }
    }

    /// Bytes per stored value.
    public var bytes: Int { self == .float32 ? 4 : 2 }

    /// Floats (the unit of ``AlignedBuffer``) that hold `count` values.
    func floatsHolding(_ count: Int) -> Int { self == .float32 ? count : (count + 1) / 2 }

    /// `value` as stored and read back.
    public func rounded(_ value: Float) -> Float {
        wr_stored_filter_value(value, format)
    }
}
