/// How a ``Convolution`` computes.
public enum Backend: String, CaseIterable, Sendable {
    /// Winograd with the committed C kernels of Generated/C.
    case generated
    /// Winograd with the committed Swift kernels of Generated/Swift.
    case generatedSwift = "generated-swift"
    /// Winograd with float matrices from any derived transform: every tile
    /// size, point set and non-square tile.
    case generic
    /// Direct correlation in float32.
    case direct
    /// Direct correlation in float64: the reference.
    case direct64 = "direct-f64"
    /// im2col + SGEMM, the classic method.
    case im2col

    /// True for the backends that use a Winograd tile.
    public var isWinograd: Bool { self == .generated || self == .generatedSwift || self == .generic }
}
