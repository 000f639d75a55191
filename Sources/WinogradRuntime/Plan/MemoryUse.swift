/// The memory a convolution plan holds and a run of it needs, in bytes,
/// besides the input, the output and the caller's filters.
///
/// ```swift
/// let use = try plan.memoryUse(inputShape: [1, 64, 56, 56])
/// print(use.plan, use.workspace)
/// ```
public struct MemoryUse: Sendable, Equatable {
    /// Held for the plan's life: the transformed, packed filters of a
    /// Winograd plan (with `auto`, of every candidate tile while it times
    /// them; afterwards only the chosen one's).
    public var plan: Int
    /// Scratch memory of runs on this input shape, allocated at the first
    /// and kept for later ones: a Winograd pass's transformed inputs and
    /// products (bounded however large the input: large inputs run in
    /// passes), im2col's band of columns, direct-f64's float64 copies.
    public var workspace: Int

    public var total: Int { plan + workspace }

    /// The sum of `parts`, or Int.max when it overflows.
    public static func saturatingSum(_ parts: [Int]) -> Int {
        parts.reduce(0) { $0.addingReportingOverflow($1).overflow ? .max : $0 + $1 }
    }

    /// Bytes of a float32 tensor of `shape` (Int.max when that overflows).
    public static func tensorBytes(_ shape: [Int]) -> Int { saturatingProduct(shape + [MemoryLayout<Float>.stride]) }
}

extension Convolution {
    /// What a run on `inputShape` (N×C×H×W) needs besides the input, output
    /// and filters.
    /// - Throws: ``TensorError`` when the shape does not fit the filters.
    public func memoryUse(inputShape: [Int]) throws(TensorError) -> MemoryUse {
        let geometry = try ConvolutionGeometry.of(input: inputShape, filters: filters.shape, padding: padding)
        return Self.memoryUse(backend: backend, tile: tile ?? (4, 4), geometry: geometry)
    }

    /// The same for a plan not built yet: `backend` with output tiles
    /// tile.m × tile.n (Winograd). For `auto`, every candidate at once, as
    /// while it times them.
    public static func memoryUse(backend: Backend, tile: (m: Int, n: Int), geometry g: ConvolutionGeometry)
        -> MemoryUse
    {
        switch backend {
        case .auto:
            let uses = AutomaticChoice.candidates(r: g.r, s: g.s).map {
                memoryUse(backend: $0.backend, tile: ($0.m, $0.m), geometry: g)
            }
            return MemoryUse(
                plan: MemoryUse.saturatingSum(uses.map(\.plan)),
                workspace: MemoryUse.saturatingSum(uses.map(\.workspace)))
        case .generated, .generic:
            let (m, n) = (max(1, tile.m), max(1, tile.n))
            let positions = (m + g.r - 1) * (n + g.s - 1)
            let tiles = saturatingProduct([g.n, (g.outputHeight + m - 1) / m, (g.outputWidth + n - 1) / n])
            let pass = WinogradEngine.passTiles(tiles: tiles, c: g.c, k: g.k, positions: positions)
            return MemoryUse(
                plan: WinogradEngine.planBytes(positions: positions, k: g.k, c: g.c),
                workspace: WinogradEngine.Workspace.bytes(tiles: pass, c: g.c, k: g.k, positions: positions))
        case .direct:
            return MemoryUse(plan: 0, workspace: 0)
        case .im2col:
            return MemoryUse(plan: 0, workspace: Im2colConvolution.workspaceBytes(g))
        case .direct64:
            // float64 copies of the input, filters and output; saturating, as
            // an estimate may be asked for shapes too large to run.
            let counts = [[g.n, g.c, g.h, g.w], [g.k, g.c, g.r, g.s], [g.n, g.k, g.outputHeight, g.outputWidth]]
            let elements = MemoryUse.saturatingSum(counts.map(saturatingProduct))
            return MemoryUse(plan: 0, workspace: saturatingProduct([elements, MemoryLayout<Double>.stride]))
        }
    }
}

/// The product of `factors`, or Int.max when it overflows.
func saturatingProduct(_ factors: [Int]) -> Int {
    var product = 1
    for factor in factors {
        let (value, overflow) = product.multipliedReportingOverflow(by: factor)
        if overflow { return .max }
        product = value
    }
    return product
}
