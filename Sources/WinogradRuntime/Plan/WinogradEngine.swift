import CWinogradRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// Winograd convolution over whole tensors, on the C stages for every tile:
/// filters transformed (16 per vector) and packed once; per run, inputs
/// transformed straight into the blocked layout the transformed-domain
/// product reads, the n₀·n₁ products, and outputs transformed straight out
/// of the product's layout into the image.
final class WinogradEngine: @unchecked Sendable {
    // @unchecked: immutable after init; runs use their own buffers.
    let stages: TileStages
    let context: KernelContext
    let m: (Int, Int), r: (Int, Int)
    /// Transformed values per tile: n₀·n₁ for points, N₀·N₁ with moduli.
    var positions: Int { stages.positions }
    let k: Int, c: Int
    /// How the transformed filters are stored (float32 unless asked).
    let storage: FilterStorage
    /// The transformed filters, packed (the forward engine's when reflected).
    let packedFilters: AlignedBuffer
    /// Set when this engine reads the forward engine's filters instead of
    /// its own (an input gradient's; ``ReflectedFilters``).
    let reflected: ReflectedFilters?
    /// The K biases the output stage adds, or nil.
    let bias: AlignedBuffer?

    /// How the filters an engine transforms lie in memory.
    enum FilterSource {
        /// K×C×R×S, as the engine computes with them.
        case plain
        /// The forward filters (C×K×R×S) of the transposed convolution the
        /// engine computes: read C←K and rotated by 180° on the fly.
        case transposed
    }

    /// Transforms and packs `filters` (K×C×R×S, R = r.0, S = r.1, or the
    /// forward C×K×R×S of a transposed convolution), or, for a transposed
    /// one, reads those of `reflecting` (its forward convolution's engine)
    /// where ``ReflectedFilters`` allows; keeps `bias`.
    init(
        stages: TileStages, context: KernelContext, m: (Int, Int), filters: Tensor<Float>, source: FilterSource,
        bias: [Float]?, storage: FilterStorage = .float32, threads: Int, reflecting: WinogradEngine? = nil
    ) {
        self.stages = stages
        self.bias = bias.map { AlignedBuffer(copying: $0) }
        self.context = context
        self.m = m
        self.storage = storage
        let shape = filters.shape
        (k, c) = source == .plain ? (shape[0], shape[1]) : (shape[1], shape[0])
        r = (shape[2], shape[3])
        let positions = stages.positions
        if source == .transposed, let forward = reflecting,
            let reflected = ReflectedFilters(forward: forward, stages: stages, k: k, c: c, storage: storage)
        {
            self.reflected = reflected
            packedFilters = forward.packedFilters
            return
        }
        reflected = nil
        packedFilters = AlignedBuffer(
            count: storage.floatsHolding(wr_packed_filters_count(Int32(positions), Int32(k), Int32(c))))
        Self.transform(
            filters,
            jobs: [
                .init(
                    packed: packedFilters, stages: stages, context: context, k: k, c: c, source: source,
                    storage: storage)
            ],
            threads: threads)
    }

    /// Where one engine's transformed filters go, and how it reads them.
    struct FilterJob {
        let packed: AlignedBuffer, stages: TileStages, context: KernelContext
        /// The engine's output channels (rows) and input channels.
        let k: Int, c: Int
        let source: FilterSource
        let storage: FilterStorage

        init(_ engine: WinogradEngine, source: FilterSource) {
            (packed, stages, context, k, c) = (engine.packedFilters, engine.stages, engine.context, engine.k, engine.c)
            self.source = source
            storage = engine.storage
        }

        init(
            packed: AlignedBuffer, stages: TileStages, context: KernelContext, k: Int, c: Int, source: FilterSource,
            storage: FilterStorage
        ) {
            (self.packed, self.stages, self.context, self.k, self.c, self.source, self.storage) = (
                packed, stages, context, k, c, source, storage
            )
        }

        var units: Int { Int(wr_filter_blocks(Int32(k))) * c }
    }

    /// The filters' transforms, straight into the product's packed layout,
    /// 16 filters at a time on every thread, for one engine or several in one
    /// pass over their units (a plan's own and its input gradient's
    /// transposed plan), so the threads split all of the work at once.
    static func transform(_ filters: Tensor<Float>, jobs: [FilterJob], threads: Int) {
        guard !jobs.isEmpty else { return }
        let taps = filters.shape[2] * filters.shape[3]
        let starts = jobs.reduce(into: [0]) { $0.append($0.last! + $1.units) }
        filters.elements.withUnsafeBufferPointer { g in
            // Row j (an output channel of the engine) of channel c, as wr_filter_source says.
            var places = jobs.map { job in
                job.source == .plain
                    ? wr_filter_source(g: g.baseAddress!, row_stride: job.c * taps, channel_stride: taps, reversed: 0)
                    : wr_filter_source(g: g.baseAddress!, row_stride: taps, channel_stride: job.k * taps, reversed: 1)
            }
            places.withUnsafeMutableBufferPointer { places in
                let places = SharedPointer(places.baseAddress!)
                Parallel.forEachChunk(count: starts.last!, threads: threads) { range in
                    for (index, job) in jobs.enumerated() {
                        let (first, end) = (
                            max(range.lowerBound, starts[index]), min(range.upperBound, starts[index + 1])
                        )
                        guard first < end else { continue }
                        let units = first..<end
                        job.context.withPointer { ctx in
                            job.stages.withKernels { kernels in
                                wr_filter_stage(
                                    ctx, kernels, places.pointer + index, Int32(job.k), Int32(job.c),
                                    job.packed.pointer, job.storage.format, Int32(units.lowerBound - starts[index]),
                                    Int32(units.upperBound - starts[index]))
                            }
                        }
                    }
                }
            }
        }
    }

    /// Scratch memory of one pass: V and M for up to `tiles` tiles, and
    /// each worker's float32 copy of the filters the product reads when they
    /// are stored in 16 bits; reused by every pass and by later runs whose
    /// passes fit.
    final class Workspace: @unchecked Sendable {
        let tiles: Int, blocks: Int
        /// Floats between positions of V and of M.
        let vPosition: Int, mPosition: Int
        let v: AlignedBuffer, products: AlignedBuffer
        /// Floats of each worker's filter scratch (0 for float32 filters).
        let scratchFloats: Int, workers: Int
        let filterScratch: AlignedBuffer?

        /// One cache line more than `count` when that is a multiple of 4 KiB
        /// apart: the stages touch all positions of a tile at once, and
        /// strides of whole pages map them to one L1 set.
        static func skewed(_ count: Int) -> Int { count % 1024 == 0 ? count + 16 : count }

        init(tiles: Int, c: Int, k: Int, positions: Int, scratchFloats: Int = 0, workers: Int = 1) {
            self.tiles = tiles
            (blocks, vPosition, mPosition) = Self.strides(tiles: tiles, c: c, k: k)
            v = AlignedBuffer(count: positions * vPosition)
            products = AlignedBuffer(count: positions * mPosition)
            (self.scratchFloats, self.workers) = (scratchFloats, workers)
            filterScratch = scratchFloats > 0 ? AlignedBuffer(count: scratchFloats * workers) : nil
        }

        /// Whether runs of `tiles` tiles per pass on `workers` threads fit.
        func fits(tiles: Int, workers: Int) -> Bool {
            self.tiles >= tiles && self.workers >= workers
        }

        /// Blocks of `tiles`, and the position strides of V and M.
        static func strides(tiles: Int, c: Int, k: Int) -> (blocks: Int, v: Int, m: Int) {
            let blocks = (tiles + Int(WR_TILE_BLOCK) - 1) / Int(WR_TILE_BLOCK)
            let padded = blocks * Int(WR_TILE_BLOCK)
            return (blocks, skewed(c * padded), skewed(k * padded))
        }

        /// Bytes a workspace for `tiles` tiles takes (with `scratch` bytes of
        /// filter scratch besides V and M).
        static func bytes(tiles: Int, c: Int, k: Int, positions: Int, scratch: Int = 0) -> Int {
            guard tiles < 1 << 31, c < 1 << 30, k < 1 << 30 else { return .max }
            let (_, v, m) = strides(tiles: tiles, c: c, k: k)
            return MemoryUse.saturatingSum([
                saturatingProduct([positions, v + m, MemoryLayout<Float>.stride]), scratch,
            ])
        }
    }

    /// A workspace for runs of `geometry` on `threads` threads.
    func makeWorkspace(_ geometry: ConvolutionGeometry, threads: Int) -> Workspace {
        makeWorkspace(tiles: passTiles(geometry), threads: threads)
    }

    /// A workspace for passes of `tiles` tiles on `threads` threads.
    func makeWorkspace(tiles: Int, threads: Int) -> Workspace {
        Workspace(
            tiles: tiles, c: c, k: k, positions: positions, scratchFloats: scratchFloats,
            workers: threads)
    }

    /// Floats of one worker's filter scratch in the product.
    var scratchFloats: Int {
        context.withPointer { Int(wr_product_scratch_count($0, Int32(k), Int32(c), storage.format)) }
    }

    /// Bytes of the product's filter scratch of `threads` workers for K×C
    /// filters stored as `storage` (the context's L2 share each, at most).
    static func scratchBytes(k: Int, c: Int, storage: FilterStorage, threads: Int) -> Int {
        guard storage != .float32, k < 1 << 30, c < 1 << 30 else { return 0 }
        let context = KernelContext(nil)
        let floats = context.withPointer { Int(wr_product_scratch_count($0, Int32(k), Int32(c), storage.format)) }
        return saturatingProduct([floats, max(1, threads), MemoryLayout<Float>.stride])
    }

    /// Tiles of `geometry`'s output, over all images.
    func tiles(_ g: ConvolutionGeometry) -> Int {
        g.n * ((g.outputHeight + m.0 - 1) / m.0) * ((g.outputWidth + m.1 - 1) / m.1)
    }

    /// Bytes V and M may take together: twice one core's L2 (2 MiB on this
    /// Zen 4), so that a pass's transformed inputs and products stay in the
    /// cores' L2 between the stages, and large inputs run in passes instead
    /// of holding V and M for every tile. Sized to the last-level cache
    /// (32 MiB) instead, 8 images of 56² with 64 channels streamed 29 MB of V
    /// and M through L3 and memory and took 1.5–1.9× as long (measured A/B);
    /// at N = 1 and for the 512-channel layers, whose filters are re-read
    /// each pass, the two were level.
    static let passBudget: Int = {
        #if os(Linux)
            let l2 = sysconf(Int32(_SC_LEVEL2_CACHE_SIZE))
        #else
            let l2 = -1
        #endif
        return min(max(2 * (l2 > 0 ? Int(l2) : 1 << 20), 1 << 20), 16 << 20)
    }()

    /// Tiles per pass for `geometry`: all of them when V and M fit the
    /// budget, else as many blocks of tiles as do (at least one block).
    func passTiles(_ geometry: ConvolutionGeometry) -> Int {
        Self.passTiles(tiles: tiles(geometry), c: c, k: k, positions: positions)
    }

    static func passTiles(tiles: Int, c: Int, k: Int, positions: Int) -> Int {
        let block = Int(WR_TILE_BLOCK)
        let perTile = positions * (c + k) * MemoryLayout<Float>.stride
        let fitting = max(1, passBudget / max(1, perTile) / block) * block
        return min((tiles + block - 1) / block * block, fitting)
    }

    /// Bytes of the transformed, packed filters of K×C filters for a tile
    /// of `positions` positions.
    static func planBytes(positions: Int, k: Int, c: Int, storage: FilterStorage = .float32) -> Int {
        // Sizes no plan can have (the C side counts in int) are "too much".
        guard positions <= 1 << 20, k < 1 << 30, c < 1 << 30 else { return .max }
        return saturatingProduct([
            storage.floatsHolding(wr_packed_filters_count(Int32(positions), Int32(k), Int32(c))),
            MemoryLayout<Float>.stride,
        ])
    }

    func run(
        input: UnsafePointer<Float>, geometry g: ConvolutionGeometry, output: UnsafeMutablePointer<Float>,
        workspace: Workspace, threads: Int, timing: PhaseTiming? = nil
    ) {
        let total = tiles(g)
        var first = 0
        while first < total {
            let count = min(workspace.tiles, total - first)
            runPass(
                input: input, geometry: g, output: output, workspace: workspace, threads: threads, first: first,
                count: count, timing: timing)
            first += count
        }
    }

    /// The three stages for tiles [first, first + count) of every image.
    private func runPass(
        input: UnsafePointer<Float>, geometry g: ConvolutionGeometry, output: UnsafeMutablePointer<Float>,
        workspace: Workspace, threads: Int, first: Int, count: Int, timing: PhaseTiming?
    ) {
        var geometry = wr_geometry(g)
        var layout = wr_layout(
            tiles_y: Int32((g.outputHeight + m.0 - 1) / m.0), tiles_x: Int32((g.outputWidth + m.1 - 1) / m.1),
            tiles: Int32(count), v_position_stride: workspace.vPosition,
            m_position_stride: workspace.mPosition, first_tile: first)
        var shape = wr_product_shape(
            K: Int32(k), C: Int32(c), columns: Int32(count),
            v_position_stride: workspace.vPosition, m_position_stride: workspace.mPosition,
            filter_format: storage.format, filter_position: reflected.map { UnsafePointer($0.positions) },
            filter_scale: reflected.map { UnsafePointer($0.scales) })
        let blocks = (count + Int(WR_TILE_BLOCK) - 1) / Int(WR_TILE_BLOCK)
        let positions = self.positions
        let c = self.c
        let k = self.k
        let v = SharedPointer(workspace.v.pointer)
        let products = SharedPointer(workspace.products.pointer)
        let source = SharedPointer(input)
        let destination = SharedPointer(output)
        let packed = SharedPointer(packedFilters.pointer)
        precondition(workspace.workers >= threads, "a workspace for \(workspace.workers) workers run on \(threads)")
        let scratch = workspace.filterScratch.map { SharedPointer($0.pointer) }
        let scratchFloats = workspace.scratchFloats
        let biasAddress = bias.map { SharedPointer($0.pointer) }
        let stages = self.stages
        let context = self.context
        withUnsafePointer(to: &geometry) { geometryPointer in
            withUnsafePointer(to: &layout) { layoutPointer in
                withUnsafePointer(to: &shape) { shapePointer in
                    let gp = SharedPointer(geometryPointer)
                    let lp = SharedPointer(layoutPointer)
                    let sp = SharedPointer(shapePointer)
                    // 1. Input transform into V[t][tile / B][c][tile % B]. Work unit: one
                    //    channel of one block of B tiles, which fill the same cache lines of V.
                    let inputPhase = Parallel.Phase(count: c * blocks) { range in
                        context.withPointer { ctx in
                            stages.withKernels { kernels in
                                wr_input_stage(
                                    ctx, kernels, gp.pointer, lp.pointer, source.pointer, v.mutable,
                                    Int32(range.lowerBound), Int32(range.upperBound))
                            }
                        }
                    }
                    // 2. The n₀n₁ products M_t = U_t · V_t, split over positions and tile blocks.
                    let blockChunk = max(1, min(blocks, (blocks * positions + 4 * threads - 1) / (4 * threads)))
                    let chunksPerPosition = (blocks + blockChunk - 1) / blockChunk
                    let productPhase = Parallel.Phase(count: positions * chunksPerPosition, even: true) {
                        range, worker in
                        let scratch = scratch.map { $0.mutable + worker * scratchFloats }
                        context.withPointer { ctx in
                            for item in range {
                                let t = item / chunksPerPosition
                                let first = (item % chunksPerPosition) * blockChunk
                                wr_batched_product(
                                    ctx, sp.pointer, packed.pointer, v.pointer, products.mutable,
                                    Int32(t), Int32(t + 1), Int32(first),
                                    Int32(min(blocks, first + blockChunk)), scratch)
                            }
                        }
                    }
                    // 3. Output transform from M[t][tile / B][k][tile % B] into the image, plus bias.
                    let outputPhase = Parallel.Phase(count: k * blocks) { range in
                        context.withPointer { ctx in
                            stages.withKernels { kernels in
                                wr_output_stage(
                                    ctx, kernels, gp.pointer, lp.pointer, products.pointer,
                                    biasAddress?.pointer, destination.mutable,
                                    Int32(range.lowerBound), Int32(range.upperBound))
                            }
                        }
                    }
                    // One dispatch for the three stages: the threads stay awake between them.
                    Parallel.run([inputPhase, productPhase, outputPhase], threads: threads, timing: timing)
                }
            }
        }
    }
}

extension wr_geometry {
    /// The C runtime's geometry of a checked convolution (sizes below 2³¹).
    init(_ g: ConvolutionGeometry) {
        self.init(
            N: Int32(g.n), C: Int32(g.c), H: Int32(g.h), W: Int32(g.w), K: Int32(g.k), R: Int32(g.r),
            S: Int32(g.s), pad_top: Int32(g.padding.top), pad_left: Int32(g.padding.left),
            H_out: Int32(g.outputHeight), W_out: Int32(g.outputWidth))
    }
}
