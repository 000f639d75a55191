import CWinogradRuntime

/// The classic baseline: im2col into a (C·R·S) × pixels workspace, then one
/// SGEMM with the filters as a K × (C·R·S) matrix.
///
/// The image is taken in bands of output rows small enough for the
/// workspace to stay in cache between the two steps; threads share the
/// bands. An image with too few bands for the threads is done whole, with
/// threads sharing the im2col by channels and the product by columns or
/// filters.
public enum Im2colConvolution {
    /// The float32 correlation of `input` (N×C×H×W) with `filters`
    /// (K×C×R×S), plus `bias[k]` on output channel k.
    /// - Throws: ``TensorError`` when the shapes do not fit each other or
    ///   `bias` does not have K values.
    public static func run(input: Tensor<Float>, filters: Tensor<Float>, bias: [Float]? = nil, padding: Padding,
                           threads: Int = 1) throws(TensorError) -> Tensor<Float> {
        let g = try BaselineGeometry.check(input: input, filters: filters, biasCount: bias?.count, padding: padding)
        var output = Tensor<Float>(shape: g.outputShape)
        let depth = g.c * g.r * g.s, plane = g.outputHeight * g.outputWidth
        // Bands of output rows whose columns (depth × rows·Wout floats) fit
        // about half of a 1 MiB L2, so the product reads them from cache.
        let bandRows = max(1, min(g.outputHeight, (1 << 17) / max(1, depth * g.outputWidth)))
        let bands = (g.outputHeight + bandRows - 1) / bandRows

        input.elements.withUnsafeBufferPointer { x in
            filters.elements.withUnsafeBufferPointer { w in
                BaselineGeometry.withOptionalPointer(bias) { b in
                    output.elements.withUnsafeMutableBufferPointer { y in
                        let x = SharedPointer(x.baseAddress!), w = SharedPointer(w.baseAddress!)
                        let b = b.map { SharedPointer($0) }, y = SharedPointer(y.baseAddress!)
                        if threads <= 1 || g.n * bands >= 2 * threads {
                            // Each thread takes whole bands: im2col, product, bias.
                            Parallel.forEachChunk(count: g.n * bands, threads: threads) { items in
                                let columns = UnsafeMutablePointer<Float>.allocate(capacity: depth * bandRows * g.outputWidth)
                                defer { columns.deallocate() }
                                for item in items {
                                    let n = item / bands, y0 = item % bands * bandRows, y1 = min(g.outputHeight, y0 + bandRows)
                                    let pixels = (y1 - y0) * g.outputWidth
                                    im2colRows(x.pointer + n * g.c * g.h * g.w, g, rows: y0..<y1, into: columns)
                                    let result = y.mutable + n * g.k * plane + y0 * g.outputWidth
                                    wr_sgemm(Int32(g.k), Int32(pixels), Int32(depth), w.pointer, Int32(depth),
                                             columns, Int32(pixels), result, Int32(plane), 0, Int32(g.k))
                                    if let b { addBias(b.pointer, to: result, stride: plane, filters: 0..<g.k, columns: 0..<pixels) }
                                }
                            }
                        } else {
                            // Too few bands to share: the whole image's columns,
                            // built by all threads, then the product split.
                            wholeImages(x: x, w: w, b: b, y: y, g, threads: threads)
                        }
                    }
                }
            }
        }
        return output
    }

    /// im2col for output rows `rows` of one image: columns[(c·R + r)·S + s][(y − y0)·Wout + x].
    private static func im2colRows(_ image: UnsafePointer<Float>, _ g: ConvolutionGeometry, rows: Range<Int>,
                                   into columns: UnsafeMutablePointer<Float>) {
        // The input rows these outputs reach, as an image of its own with
        // its own top padding.
        let top = rows.lowerBound - g.padding.top
        let first = max(0, top), end = min(g.h, rows.upperBound - 1 + g.r - g.padding.top)
        let height = max(0, end - first), padTop = first - top
        let pixels = rows.count * g.outputWidth
        for c in 0..<g.c {
            wr_im2col(image + (c * g.h + min(first, g.h)) * g.w, 1, Int32(height), Int32(g.w), Int32(g.r), Int32(g.s),
                      Int32(padTop), Int32(g.padding.left), Int32(rows.count), Int32(g.outputWidth),
                      columns + c * g.r * g.s * pixels)
        }
    }

    /// One image at a time: im2col shared by channels, then the product
    /// shared by columns of the image (blocks of 32) or, when the image has
    /// fewer such blocks than there are blocks of 12 filters, by filters.
    private static func wholeImages(x: SharedPointer<Float>, w: SharedPointer<Float>, b: SharedPointer<Float>?,
                                    y: SharedPointer<Float>, _ g: ConvolutionGeometry, threads: Int) {
        let depth = g.c * g.r * g.s, plane = g.outputHeight * g.outputWidth
        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: depth * plane)
        defer { workspace.deallocate() }
        let columns = SharedPointer(workspace)

        // SGEMM tiles are 12 filters × 32 columns.
        let columnBlocks = (plane + 31) / 32, rowBlocks = (g.k + 11) / 12
        let splitColumns = columnBlocks >= rowBlocks
        let blocks = splitColumns ? columnBlocks : rowBlocks
        let workers = max(1, min(threads, blocks))

        for n in 0..<g.n {
            let image = SharedPointer(x.pointer + n * g.c * g.h * g.w)
            let result = SharedPointer(y.mutable + n * g.k * plane)
            Parallel.forEachChunk(count: g.c, threads: threads) { channels in
                wr_im2col(image.pointer + channels.lowerBound * g.h * g.w, Int32(channels.count),
                          Int32(g.h), Int32(g.w), Int32(g.r), Int32(g.s),
                          Int32(g.padding.top), Int32(g.padding.left), Int32(g.outputHeight), Int32(g.outputWidth),
                          columns.mutable + channels.lowerBound * g.r * g.s * plane)
            }
            // One contiguous share per worker: every share reads its part of
            // the workspace once.
            Parallel.forEachChunk(count: workers, threads: workers) { shares in
                for share in shares {
                    let first = blocks * share / workers, last = blocks * (share + 1) / workers
                    if splitColumns {
                        let j0 = first * 32, j1 = min(plane, last * 32)
                        guard j0 < j1 else { continue }
                        wr_sgemm(Int32(g.k), Int32(j1 - j0), Int32(depth), w.pointer, Int32(depth),
                                 columns.pointer + j0, Int32(plane), result.mutable + j0, Int32(plane), 0, Int32(g.k))
                        if let b { addBias(b.pointer, to: result.mutable, stride: plane, filters: 0..<g.k, columns: j0..<j1) }
                    } else {
                        let k0 = first * 12, k1 = min(g.k, last * 12)
                        guard k0 < k1 else { continue }
                        wr_sgemm(Int32(g.k), Int32(plane), Int32(depth), w.pointer, Int32(depth),
                                 columns.pointer, Int32(plane), result.mutable, Int32(plane), Int32(k0), Int32(k1))
                        if let b { addBias(b.pointer, to: result.mutable, stride: plane, filters: k0..<k1, columns: 0..<plane) }
                    }
                }
            }
        }
    }

    private static func addBias(_ bias: UnsafePointer<Float>, to output: UnsafeMutablePointer<Float>, stride: Int,
                                filters: Range<Int>, columns: Range<Int>) {
        for k in filters {
            let value = bias[k], row = output + k * stride
            for j in columns { row[j] += value }
        }
    }
}

private typealias SharedPointer = BaselineGeometry.SharedPointer
