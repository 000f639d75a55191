import CWinogradRuntime

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
        return Self.memoryUse(
            backend: backend, tile: tile ?? (4, 4), geometry: geometry, filterStorage: filterStorage, threads: threads,
            products: modularTransforms.count == 2
                ? (modularTransforms[0].multiplications, modularTransforms[1].multiplications) : nil)
    }

    /// The same for a plan not built yet: `backend` with output tiles
    /// tile.m × tile.n (Winograd), transformed filters stored as
    /// `filterStorage`, on `threads` threads. For `auto`, every candidate
    /// at once, as while it times them. `products`: the transformed tile's
    /// sides when they exceed m + r − 1 (Toom–Cook moduli).
    public static func memoryUse(
        backend: Backend, tile: (m: Int, n: Int), geometry g: ConvolutionGeometry,
        filterStorage: FilterStorage = .float32, threads: Int = 1, products: (Int, Int)? = nil
    ) -> MemoryUse {
        switch backend {
        case .auto:
            let uses = AutomaticChoice.candidates(r: g.r, s: g.s).map {
                memoryUse(
                    backend: $0.backend, tile: ($0.m, $0.m), geometry: g, filterStorage: filterStorage,
                    threads: threads)
            }
            return MemoryUse(
                plan: MemoryUse.saturatingSum(uses.map(\.plan)),
                workspace: MemoryUse.saturatingSum(uses.map(\.workspace)))
        case .generated, .generic:
            let (m, n) = (max(1, tile.m), max(1, tile.n))
            let positions = products.map { $0.0 * $0.1 } ?? (m + g.r - 1) * (n + g.s - 1)
            let tiles = saturatingProduct([g.n, (g.outputHeight + m - 1) / m, (g.outputWidth + n - 1) / n])
            let pass = WinogradEngine.passTiles(tiles: tiles, c: g.c, k: g.k, positions: positions)
            return MemoryUse(
                plan: WinogradEngine.planBytes(positions: positions, k: g.k, c: g.c, storage: filterStorage),
                workspace: WinogradEngine.Workspace.bytes(
                    tiles: pass, c: g.c, k: g.k, positions: positions,
                    scratch: WinogradEngine.scratchBytes(k: g.k, c: g.c, storage: filterStorage, threads: threads)))
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

extension ConvolutionTranspose {
    /// The geometry of the correlation that computes the transposed
    /// convolution of an input of `inputShape` (N×K×H×W) with forward
    /// filters of `filterShape` (K×C×R×S) and forward `padding`: filters
    /// read C×K, padding R − 1 − p per side, output N×C×H'×W'.
    /// - Throws: ``TensorError`` when the shapes or padding do not fit.
    public static func correlationGeometry(inputShape: [Int], filterShape: [Int], padding: Padding)
        throws(TensorError) -> ConvolutionGeometry
    {
        guard filterShape.count == 4, inputShape.count == 4 else {
            throw TensorError(
                "the transposed convolution's input is \(Tensor<Float>.describe(inputShape)) and its filters "
                    + "\(Tensor<Float>.describe(filterShape)); they must be N×K×H×W and K×C×R×S")
        }
        let (k, c, r, s) = (filterShape[0], filterShape[1], filterShape[2], filterShape[3])
        for (side, value, limit) in [
            ("top", padding.top, r - 1), ("bottom", padding.bottom, r - 1),
            ("left", padding.left, s - 1), ("right", padding.right, s - 1),
        ] where value < 0 || value > limit {
            throw TensorError("padding \(side) = \(value) is outside 0…\(limit) for \(r)×\(s) filters")
        }
        return try ConvolutionGeometry.of(
            input: inputShape, filters: [c, k, r, s],
            padding: Padding(
                top: r - 1 - padding.top, bottom: r - 1 - padding.bottom,
                left: s - 1 - padding.left, right: s - 1 - padding.right))
    }

    /// What a transposed convolution on `backend` (Winograd tile tile.m ×
    /// tile.n) needs besides its input, output and the caller's filters,
    /// `geometry` being its correlation's (``correlationGeometry(inputShape:filterShape:padding:)``):
    /// the flipped filters and the correlation plan's own use (`plan`), and
    /// its workspace — for `.im2col` (col2im), one image's columns. `products`: the transformed tile's sides when
    /// they exceed m + r − 1 (Toom–Cook moduli).
    public static func memoryUse(
        backend: Backend, tile: (m: Int, n: Int), geometry g: ConvolutionGeometry, products: (Int, Int)? = nil
    ) -> MemoryUse {
        let flipped = MemoryUse.tensorBytes([g.k, g.c, g.r, g.s])
        guard backend != .im2col else {
            let rows = saturatingProduct([g.k, g.r, g.s])
            return MemoryUse(plan: flipped, workspace: MemoryUse.tensorBytes([rows, g.h, g.w]))
        }
        let use = Convolution.memoryUse(backend: backend, tile: tile, geometry: g, products: products)
        return MemoryUse(plan: flipped.saturatingAdding(use.plan), workspace: use.workspace)
    }
}

extension Convolution {
    /// What ``inputGradient(outputGradient:m:)`` needs on the forward
    /// `geometry` besides dL/dY, the result and the filters: its transposed
    /// plan's (``ConvolutionTranspose/memoryUse(backend:tile:geometry:)``).
    /// An upper bound: a transposed plan that reads the forward plan's
    /// transformed filters (``ReflectedFilters``) keeps none of its own.
    public static func inputGradientMemoryUse(
        backend: Backend, tile: (m: Int, n: Int), geometry g: ConvolutionGeometry, products: (Int, Int)? = nil
    ) -> MemoryUse {
        let flippedPadding = Padding(
            top: g.r - 1 - g.padding.top, bottom: g.r - 1 - g.padding.bottom,
            left: g.s - 1 - g.padding.left, right: g.s - 1 - g.padding.right)
        let correlation = ConvolutionGeometry(
            n: g.n, c: g.k, h: g.outputHeight, w: g.outputWidth, k: g.c, r: g.r, s: g.s, padding: flippedPadding)
        return ConvolutionTranspose.memoryUse(backend: backend, tile: tile, geometry: correlation, products: products)
    }

    /// What ``filterGradient(input:outputGradient:)`` needs on the forward
    /// `geometry` with `threads` threads besides X, dL/dY, the result and
    /// the filters: on the Winograd backends the F(R×S, m×m) plan's
    /// transformed tiles, products and per-thread scratch (`plan`, kept
    /// for the next call); on `.im2col` one image's columns, dYᵀ and two
    /// K×C·R·S sums; otherwise X and dY rearranged, X padded and the
    /// C×K×R×S result (`.direct64`: float64 copies too). On `.auto`, the
    /// forward candidates it times and the most any of them needs.
    public static func filterGradientMemoryUse(
        backend: Backend, tile m: Int, geometry g: ConvolutionGeometry, threads: Int
    ) -> MemoryUse {
        let floats = MemoryLayout<Float>.stride
        switch backend {
        case .auto:
            let forward = memoryUse(backend: .auto, tile: (4, 4), geometry: g)
            let uses = AutomaticChoice.candidates(r: g.r, s: g.s).map {
                filterGradientMemoryUse(backend: $0.backend, tile: $0.m, geometry: g, threads: threads)
            }
            return MemoryUse(
                plan: forward.plan.saturatingAdding(uses.map(\.plan).max() ?? 0),
                workspace: forward.workspace.saturatingAdding(uses.map(\.workspace).max() ?? 0))
        case .generated, .generic:
            // WinogradFilterGradient's buffers: U, V, the products, and per worker packed U_t and V_t'.
            let m = max(1, m)
            guard g.k < 1 << 30, g.c < 1 << 30 else { return MemoryUse(plan: .max, workspace: 0) }
            let block = Int(WR_TILE_BLOCK)
            let positions = (g.r + m - 1) * (g.s + m - 1)
            let tiles = saturatingProduct([g.n, (g.outputHeight + m - 1) / m, (g.outputWidth + m - 1) / m])
            guard tiles < 1 << 31 else { return MemoryUse(plan: .max, workspace: 0) }
            let tileBlocks = (tiles + block - 1) / block
            let channelBlocks = (g.c + block - 1) / block
            let perWorker = MemoryUse.saturatingSum([
                wr_packed_filters_count(1, Int32(g.k), Int32(tiles)), saturatingProduct([channelBlocks, tiles, block]),
            ])
            let elements = MemoryUse.saturatingSum([
                saturatingProduct([positions, tileBlocks, g.k + g.c, block]),
                saturatingProduct([positions, channelBlocks, g.k, block]),
                saturatingProduct([max(1, threads), perWorker]),
            ])
            return MemoryUse(plan: saturatingProduct([elements, floats]), workspace: 0)
        case .im2col:
            let depth = saturatingProduct([g.c, g.r, g.s])
            let plane = saturatingProduct([g.outputHeight, g.outputWidth])
            let elements = MemoryUse.saturatingSum([
                saturatingProduct([depth, plane]), saturatingProduct([plane, g.k]), saturatingProduct([2, depth, g.k]),
            ])
            return MemoryUse(plan: 0, workspace: saturatingProduct([elements, floats]))
        case .direct, .direct64:
            let padded = [
                g.c, g.n, g.h.saturatingAdding(g.padding.top + g.padding.bottom),
                g.w.saturatingAdding(g.padding.left + g.padding.right),
            ]
            let kernels = MemoryUse.tensorBytes([g.k, g.n, g.outputHeight, g.outputWidth])
            let result = MemoryUse.tensorBytes([g.c, g.k, g.r, g.s])
            var parts = [MemoryUse.tensorBytes([g.c, g.n, g.h, g.w]), kernels, MemoryUse.tensorBytes(padded), result]
            // float64 copies of the padded input, dY and the result (twice a float32 one each).
            if backend == .direct64 { parts += [MemoryUse.tensorBytes(padded), kernels, result].flatMap { [$0, $0] } }
            return MemoryUse(plan: 0, workspace: MemoryUse.saturatingSum(parts))
        }
    }
}

extension Int {
    /// The sum, or Int.max when it overflows.
    fileprivate func saturatingAdding(_ other: Int) -> Int { MemoryUse.saturatingSum([self, other]) }
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
