import CWinogradRuntime
import Winograd

/// The filter gradient by Winograd: dW[k][c] = Σ_tiles correlation of an
/// input tile (n×n) with the output gradient's m×m tile, an F(R×S, m×m)
/// algorithm — the m×m gradient tile plays the filter and the R×S result
/// the output. The sum over images and tiles happens in the transformed
/// domain: for each of the n² positions, one K×T by T×C product (T tiles).
///
/// Three phases on the C stages, split over the threads, in one dispatch:
/// 1. the input stage twice, 16 tiles per vector: the input tiles through
///    BT into V, the gradient tiles through G into U (both blocked by tiles);
/// 2. per position, U packed as the batched product's filters and V
///    transposed to channels-as-lanes (16×16 register transposes) in the
///    worker's own scratch, then the product over the T tiles, M = U·Vᵀ;
/// 3. dW through AT, 16 channels per vector.
///
/// A plan is made for one geometry and keeps its memory between runs.
final class WinogradFilterGradient: @unchecked Sendable {
    // @unchecked: runs are serialised by the owner (Convolution takes the plan out of its cache).
    let geometry: ConvolutionGeometry, m: Int, threads: Int
    private let stages: (input: TileStages, gradient: TileStages, output: TileStages)
    private let context: KernelContext
    private let positions: Int, tilesY: Int, tilesX: Int, tiles: Int, tileBlocks: Int, channelBlocks: Int
    private let u: AlignedBuffer, v: AlignedBuffer, products: AlignedBuffer
    /// Per worker: packed U_t, then V'_t.
    private let scratch: [AlignedBuffer]

    init(geometry g: ConvolutionGeometry, m: Int, threads: Int, context: KernelContext) throws(TensorError) {
        let (r, s) = (g.r, g.s)
        let rows: WinogradTransform
        let columns: WinogradTransform
        do {
            rows = try CookToom.derive(m: r, r: m)
            columns = try CookToom.derive(m: s, r: m)
        } catch {
            throw TensorError("F(\(r)×\(s),\(m)×\(m)): \(error)")
        }
        guard let stages = TileStages.gradient(m: m, rows: rows, columns: columns, context: context) else {
            throw TensorError(
                "F(\(r)×\(s),\(m)×\(m)): tiles of \(m + r - 1)×\(m + s - 1) are larger than the stages take "
                    + "(at most \(WR_MAX_SIDE)); use a smaller m"
            )
        }
        geometry = g
        self.m = m
        self.threads = max(1, threads)
        self.stages = stages
        self.context = context
        positions = rows.n * columns.n
        tilesY = (g.outputHeight + m - 1) / m
        tilesX = (g.outputWidth + m - 1) / m
        tiles = g.n * tilesY * tilesX
        let block = Int(WR_TILE_BLOCK)
        tileBlocks = (tiles + block - 1) / block
        channelBlocks = (g.c + block - 1) / block
        u = AlignedBuffer(count: positions * tileBlocks * g.k * block)
        v = AlignedBuffer(count: positions * tileBlocks * g.c * block)
        products = AlignedBuffer(count: positions * channelBlocks * g.k * block)
        let perWorker = wr_packed_filters_count(1, Int32(g.k), Int32(tiles)) + channelBlocks * tiles * block
        scratch = (0..<self.threads).map { _ in AlignedBuffer(count: perWorker) }
    }

    func run(input x: Tensor<Float>, outputGradient dy: Tensor<Float>) -> Tensor<Float> {
        let g = geometry
        let (k, c, hOut, wOut) = (g.k, g.c, g.outputHeight, g.outputWidth)
        let (positions, tiles, tileBlocks, channelBlocks, tilesY, tilesX) = (
            self.positions, self.tiles, self.tileBlocks, self.channelBlocks, self.tilesY, self.tilesX
        )
        let block = Int(WR_TILE_BLOCK)
        // U[t][tile / 16][k][tile % 16], V[t][tile / 16][c][tile % 16], M[t][c / 16][k][c % 16].
        let uPosition = tileBlocks * k * block
        let vPosition = tileBlocks * c * block
        let mPosition = channelBlocks * k * block
        let packedCount = wr_packed_filters_count(1, Int32(k), Int32(tiles))
        let transposedCount = channelBlocks * tiles * block
        let stages = self.stages
        let workers = scratch.count
        let context = self.context
        let uPointer = SharedPointer(u.pointer)
        let vPointer = SharedPointer(v.pointer)
        let productsPointer = SharedPointer(products.pointer)
        let scratchPointers = scratch.map { SharedPointer($0.pointer) }
        // The input tiles X and the gradient tiles dY (K channels, Hout×Wout, no padding), and their tilings.
        let xGeometry = wr_geometry(g)
        var dyGeometry = xGeometry
        (dyGeometry.C, dyGeometry.H, dyGeometry.W, dyGeometry.pad_top, dyGeometry.pad_left) =
            (Int32(k), Int32(hOut), Int32(wOut), 0, 0)
        let xLayout = wr_layout(
            tiles_y: Int32(tilesY), tiles_x: Int32(tilesX), tiles: Int32(tiles),
            v_position_stride: vPosition, m_position_stride: 0, first_tile: 0)
        var dyLayout = xLayout
        dyLayout.v_position_stride = uPosition
        let (gradientGeometry, gradientLayout) = (dyGeometry, dyLayout)
        var gradient = Tensor<Float>(shape: [k, c, g.r, g.s])
        x.elements.withUnsafeBufferPointer { xs in
            dy.elements.withUnsafeBufferPointer { dys in
                gradient.elements.withUnsafeMutableBufferPointer { out in
                    let xPointer = SharedPointer(xs.baseAddress!)
                    let dyPointer = SharedPointer(dys.baseAddress!)
                    let outPointer = SharedPointer(out.baseAddress!)
                    let transform = Parallel.Phase(count: (c + k) * tileBlocks) { range in
                        // Units [0, c·blocks) are input tiles, the rest gradient tiles.
                        let inputs = range.clamped(to: 0..<(c * tileBlocks))
                        let gradients = range.clamped(to: (c * tileBlocks)..<((c + k) * tileBlocks))
                        var (xg, xl, dg, dl) = (xGeometry, xLayout, gradientGeometry, gradientLayout)
                        context.withPointer { ctx in
                            if !inputs.isEmpty {
                                stages.input.withKernels { kernels in
                                    wr_input_stage(
                                        ctx, kernels, &xg, &xl, xPointer.pointer, vPointer.mutable,
                                        Int32(inputs.lowerBound), Int32(inputs.upperBound))
                                }
                            }
                            if !gradients.isEmpty {
                                stages.gradient.withKernels { kernels in
                                    wr_input_stage(
                                        ctx, kernels, &dg, &dl, dyPointer.pointer, uPointer.mutable,
                                        Int32(gradients.lowerBound - c * tileBlocks),
                                        Int32(gradients.upperBound - c * tileBlocks))
                                }
                            }
                        }
                    }
                    // One unit per worker, each with its scratch, taking every workers-th position.
                    let product = Parallel.Phase(count: workers) { range in
                        for worker in range {
                            let packed = scratchPointers[worker].mutable
                            let transposed = packed + packedCount
                            var shape = wr_product_shape(
                                K: Int32(k), C: Int32(tiles), columns: Int32(c),
                                v_position_stride: transposedCount, m_position_stride: mPosition,
                                filter_format: Int32(WR_FILTERS_FLOAT32), filter_position: nil, filter_scale: nil)
                            context.withPointer { ctx in
                                for t in stride(from: worker, to: positions, by: workers) {
                                    wr_pack_blocked_filters(
                                        uPointer.pointer + t * uPosition, Int32(k), Int32(tiles),
                                        packed)
                                    wr_transpose_blocked(
                                        ctx, vPointer.pointer + t * vPosition, Int32(c), Int32(tiles),
                                        transposed)
                                    wr_batched_product(
                                        ctx, &shape, packed, transposed,
                                        productsPointer.mutable + t * mPosition,
                                        0, 1, 0, Int32(channelBlocks), nil)
                                }
                            }
                        }
                    }
                    let output = Parallel.Phase(count: k * channelBlocks) { range in
                        context.withPointer { ctx in
                            stages.output.withKernels { kernels in
                                wr_gradient_output(
                                    ctx, kernels, productsPointer.pointer, mPosition, Int32(k), Int32(c),
                                    outPointer.mutable, Int32(range.lowerBound), Int32(range.upperBound))
                            }
                        }
                    }
                    Parallel.run([transform, product, output], threads: workers)
                }
            }
        }
        return gradient
    }
}
