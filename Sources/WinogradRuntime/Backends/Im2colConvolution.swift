import CWinogradRuntime
import Synchronization

/// The classic baseline: im2col into a (C·R·S) × pixels workspace, then one
/// SGEMM with the filters as a K × (C·R·S) matrix.
///
/// Per image (or band of output rows, when an image's columns would pass
/// 16 MiB), threads share the im2col by channels, then the product by
/// columns of the image (in blocks of the SGEMM's register tile) or, when
/// the image has fewer such blocks than there are blocks of filters, by
/// filters.
public enum Im2colConvolution {
    /// The float32 correlation of `input` (N×C×H×W) with `filters`
    /// (K×C×R×S), plus `bias[k]` on output channel k.
    /// - Throws: ``TensorError`` when the shapes do not fit each other or
    ///   `bias` does not have K values.
    public static func run(
        input: Tensor<Float>, filters: Tensor<Float>, bias: [Float]? = nil, padding: Padding,
        threads: Int = 1, instructionSet: InstructionSet? = nil
    ) throws(TensorError) -> Tensor<Float> {
        try run(
            input: input, filters: filters, bias: bias, padding: padding, threads: threads,
            context: KernelContext(instructionSet))
    }

    static func run(
        input: Tensor<Float>, filters: Tensor<Float>, bias: [Float]?, padding: Padding, threads: Int,
        context: KernelContext
    ) throws(TensorError) -> Tensor<Float> {
        let g = try BaselineGeometry.check(input: input, filters: filters, biasCount: bias?.count, padding: padding)
        return try Tensor.uninitialized(shape: g.outputShape) { y throws(TensorError) in
            try run(
                input: input, filters: filters, bias: bias, padding: padding, threads: threads, context: context,
                into: y)
        }
    }

    /// The correlation written into `output`, which holds N×K×Hout×Wout
    /// values; every one is overwritten.
    static func run(
        input: Tensor<Float>, filters: Tensor<Float>, bias: [Float]?, padding: Padding, threads: Int,
        context: KernelContext, into output: UnsafeMutablePointer<Float>
    ) throws(TensorError) {
        let g = try BaselineGeometry.check(input: input, filters: filters, biasCount: bias?.count, padding: padding)
        input.elements.withUnsafeBufferPointer { x in
            filters.elements.withUnsafeBufferPointer { w in
                BaselineGeometry.withOptionalPointer(bias) { b in
                    run(
                        x: SharedPointer(x.baseAddress!), w: SharedPointer(w.baseAddress!),
                        b: b.map { SharedPointer($0) },
                        y: SharedPointer(output), g, threads: threads, bandLimit: bandLimit, context: context)
                }
            }
        }
    }

    /// Floats of columns per band: 16 MiB.
    static let bandLimit = 1 << 22

    /// Output rows per band of at most about `bandLimit` floats of columns
    /// (at least one row).
    static func bandRows(_ g: ConvolutionGeometry, bandLimit: Int = bandLimit) -> Int {
        max(1, min(g.outputHeight, bandLimit / max(1, g.c * g.r * g.s * g.outputWidth)))
    }

    /// Bytes of the columns workspace of a run on `g`.
    static func workspaceBytes(_ g: ConvolutionGeometry) -> Int {
        g.c * g.r * g.s * bandRows(g) * g.outputWidth * MemoryLayout<Float>.stride
    }

    /// The convolution with at most about `bandLimit` floats of columns at
    /// a time (at least one output row's).
    static func run(
        x: SharedPointer<Float>, w: SharedPointer<Float>, b: SharedPointer<Float>?, y: SharedPointer<Float>,
        _ g: ConvolutionGeometry, threads: Int, bandLimit: Int, context: KernelContext
    ) {
        let (mr, nr) = (context.sgemmRows, context.sgemmColumns)
        let depth = g.c * g.r * g.s
        let plane = g.outputHeight * g.outputWidth
        let bandRows = Self.bandRows(g, bandLimit: bandLimit)
        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: depth * bandRows * g.outputWidth)
        defer { workspace.deallocate() }
        let columns = SharedPointer(workspace)

        for n in 0..<g.n {
            let image = SharedPointer(x.pointer + n * g.c * g.h * g.w)
            for y0 in stride(from: 0, to: g.outputHeight, by: bandRows) {
                let rows = y0..<min(g.outputHeight, y0 + bandRows)
                let pixels = rows.count * g.outputWidth
                let result = SharedPointer(y.mutable + n * g.k * plane + y0 * g.outputWidth)
                Parallel.forEachChunk(count: g.c, threads: threads) { channels in
                    im2colRows(image.pointer, g, channels: channels, rows: rows, into: columns.mutable)
                }
                // One contiguous share of SGEMM register tiles per worker:
                // every share reads its part of the columns once.
                let columnBlocks = (pixels + nr - 1) / nr
                let rowBlocks = (g.k + mr - 1) / mr
                let splitColumns = columnBlocks >= rowBlocks
                let blocks = splitColumns ? columnBlocks : rowBlocks
                let workers = max(1, min(threads, blocks))
                Parallel.forEachChunk(count: workers, threads: workers) { shares in
                    for share in shares {
                        let first = blocks * share / workers
                        let last = blocks * (share + 1) / workers
                        if splitColumns {
                            let j0 = first * nr
                            let j1 = min(pixels, last * nr)
                            guard j0 < j1 else { continue }
                            context.withPointer { ctx in
                                wr_sgemm(
                                    ctx, Int32(g.k), Int32(j1 - j0), Int32(depth), w.pointer, Int32(depth),
                                    columns.pointer + j0, Int32(pixels), result.mutable + j0, Int32(plane), 0,
                                    Int32(g.k), 0)
                            }
                            if let b {
                                addBias(
                                    b.pointer, to: result.mutable, stride: plane, filters: 0..<g.k, columns: j0..<j1)
                            }
                        } else {
                            let k0 = first * mr
                            let k1 = min(g.k, last * mr)
                            guard k0 < k1 else { continue }
                            context.withPointer { ctx in
                                wr_sgemm(
                                    ctx, Int32(g.k), Int32(pixels), Int32(depth), w.pointer, Int32(depth),
                                    columns.pointer, Int32(pixels), result.mutable, Int32(plane), Int32(k0), Int32(k1),
                                    0)
                            }
                            if let b {
                                addBias(
                                    b.pointer, to: result.mutable, stride: plane, filters: k0..<k1, columns: 0..<pixels)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The filter gradient as frameworks compute it: per image, im2col of
    /// the input, then dWᵀ += columns (C·R·S × pixels) · dYᵀ (pixels × K), one
    /// SGEMM whose rows threads share. Returns K×C×R×S.
    static func filterGradient(
        input: Tensor<Float>, outputGradient: Tensor<Float>, _ g: ConvolutionGeometry,
        threads: Int, context: KernelContext, columnsCache: borrowing Mutex<AlignedBuffer?>,
        bandLimit: Int = bandLimit
    ) -> Tensor<Float> {
        // dW (K × C·R·S) = Σ over images and bands of output rows of
        // dY_band (K × pixels) · cols_bandᵀ: the columns are Bᵀ as im2col lays
        // them out, dW is the filters' own layout, and every band after the
        // first adds to it. Threads split dW's columns, so each packs only
        // its part of a band's columns; the band's buffer is kept for the
        // next call.
        let depth = g.c * g.r * g.s
        let plane = g.outputHeight * g.outputWidth
        let band = bandRows(g, bandLimit: bandLimit)
        let nr = context.sgemmColumns
        let panels = (depth + nr - 1) / nr
        return try! Tensor.uninitialized(shape: [g.k, g.c, g.r, g.s]) { gradient in
            let dw = SharedPointer(gradient)
            withCached(
                columnsCache, fits: { $0.count >= depth * band * g.outputWidth },
                make: { AlignedBuffer(count: depth * band * g.outputWidth) }
            ) { columns in
                let columnsPointer = SharedPointer(columns.pointer)
                input.elements.withUnsafeBufferPointer { x in
                    outputGradient.elements.withUnsafeBufferPointer { dy in
                        for n in 0..<g.n {
                            let picture = SharedPointer(x.baseAddress! + n * g.c * g.h * g.w)
                            for y0 in stride(from: 0, to: g.outputHeight, by: band) {
                                let rows = y0..<min(g.outputHeight, y0 + band)
                                let pixels = rows.count * g.outputWidth
                                let gradientBand = SharedPointer(dy.baseAddress! + n * g.k * plane + y0 * g.outputWidth)
                                Parallel.forEachChunk(count: g.c, threads: threads) { channels in
                                    im2colRows(
                                        picture.pointer, g, channels: channels, rows: rows,
                                        into: columnsPointer.mutable)
                                }
                                let first = n == 0 && y0 == 0
                                let flags = WR_SGEMM_TRANSPOSED_B | (first ? 0 : WR_SGEMM_ACCUMULATE)
                                Parallel.forEachChunk(count: panels, threads: threads) { range in
                                    let (j0, j1) = (range.lowerBound * nr, min(depth, range.upperBound * nr))
                                    context.withPointer { ctx in
                                        wr_sgemm(
                                            ctx, Int32(g.k), Int32(j1 - j0), Int32(pixels), gradientBand.pointer,
                                            Int32(plane), columnsPointer.pointer + j0 * pixels, Int32(pixels),
                                            dw.mutable + j0, Int32(depth), 0, Int32(g.k), Int32(flags))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// im2col for `channels` and output rows `rows` of one image:
    /// columns[(c·R + r)·S + s][(y − y0)·Wout + x].
    private static func im2colRows(
        _ image: UnsafePointer<Float>, _ g: ConvolutionGeometry, channels: Range<Int>,
        rows: Range<Int>, into columns: UnsafeMutablePointer<Float>
    ) {
        let pixels = rows.count * g.outputWidth
        if rows.count == g.outputHeight {
            var part = wr_geometry(g)
            part.C = Int32(channels.count)
            wr_im2col(
                &part, image + channels.lowerBound * g.h * g.w, columns + channels.lowerBound * g.r * g.s * pixels)
            return
        }
        // The input rows these outputs reach, as an image of its own with
        // its own top padding (one channel at a time: its rows are not
        // whole channels apart).
        let top = rows.lowerBound - g.padding.top
        let first = max(0, top)
        let end = min(g.h, rows.upperBound - 1 + g.r - g.padding.top)
        let height = max(0, end - first)
        let padTop = first - top
        for c in channels {
            var band = wr_geometry(g)
            (band.C, band.H, band.pad_top, band.H_out) = (1, Int32(height), Int32(padTop), Int32(rows.count))
            wr_im2col(&band, image + (c * g.h + min(first, g.h)) * g.w, columns + c * g.r * g.s * pixels)
        }
    }

    private static func addBias(
        _ bias: UnsafePointer<Float>, to output: UnsafeMutablePointer<Float>, stride: Int,
        filters: Range<Int>, columns: Range<Int>
    ) {
        for k in filters {
            let value = bias[k]
            let row = output + k * stride
            for j in columns { row[j] += value }
        }
    }
}
