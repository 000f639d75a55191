/// How a ``Convolution`` computes.
public enum Backend: String, CaseIterable, Sendable {
    /// The fastest of the others for each input shape, found by timing them
    /// once per shape on this machine (``AutomaticChoice``): Winograd
    /// F(2×2), F(4×4), F(6×6), direct or im2col. The default.
    case auto
    /// Winograd with the emitted kernels of Generated/Lanes where the kernel
    /// catalogue has the tile and its points, and dense kernels from the
    /// float matrices for any other tile, point set or non-square tile.
    case generated
    /// Winograd with dense kernels from the float matrices for every tile
    /// (the emitted kernels' reference).
    case generic
    /// Direct correlation in float32.
    case direct
    /// Direct correlation in float64: the reference.
    case direct64 = "direct-f64"
    /// im2col + SGEMM, the classic method.
    case im2col

    /// True for the backends that use a Winograd tile.
    public var isWinograd: Bool { self == .generated || self == .generic }
}
