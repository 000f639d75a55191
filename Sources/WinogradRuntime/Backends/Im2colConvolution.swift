import CWinogradRuntime

/// The classic baseline: per image, im2col into a (C·R·S) × (Hout·Wout)
/// workspace, then one SGEMM with the filters as a K × (C·R·S) matrix.
///
/// Threads share the im2col by channels and the product by columns of the
/// image (blocks of 32) or, when the image has fewer such blocks than there
/// are blocks of 12 filters, by filters.
public enum Im2colConvolution {
    /// The float32 correlation of `input` (N×C×H×W) with `filters`
    /// (K×C×R×S), plus `bias[k]` on output channel k.
    /// - Throws: ``TensorError`` when the shapes do not fit each other or
    ///   `bias` does not have K values.
    public static func run(input: Tensor<Float>, filters: Tensor<Float>, bias: [Float]? = nil, padding: Padding,
                           threads: Int = 1) throws(TensorError) -> Tensor<Float> {
        let g = try BaselineGeometry.check(input: input, filters: filters, biasCount: bias?.count, padding: padding)
        let depth = g.c * g.r * g.s, plane = g.outputHeight * g.outputWidth
        var output = Tensor<Float>(shape: g.outputShape)

        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: depth * plane)
        defer { workspace.deallocate() }
        let columns = SharedPointer(workspace)

        // The product's split: SGEMM tiles are 12 filters × 32 columns.
        let columnBlocks = (plane + 31) / 32, rowBlocks = (g.k + 11) / 12
        let splitColumns = columnBlocks >= rowBlocks
        let blocks = splitColumns ? columnBlocks : rowBlocks
        let workers = max(1, min(threads, blocks))

        input.elements.withUnsafeBufferPointer { x in
            filters.elements.withUnsafeBufferPointer { w in
                BaselineGeometry.withOptionalPointer(bias) { b in
                    output.elements.withUnsafeMutableBufferPointer { y in
                        let x = SharedPointer(x.baseAddress!), w = SharedPointer(w.baseAddress!)
                        let b = b.map { SharedPointer($0) }, y = SharedPointer(y.baseAddress!)
                        for n in 0..<g.n {
                            let image = x.pointer + n * g.c * g.h * g.w
                            let result = y.mutable + n * g.k * plane
                            let image_ = SharedPointer(image), result_ = SharedPointer(result)
                            Parallel.forEachChunk(count: g.c, threads: threads) { channels in
                                wr_im2col(image_.pointer + channels.lowerBound * g.h * g.w, Int32(channels.count),
                                          Int32(g.h), Int32(g.w), Int32(g.r), Int32(g.s),
                                          Int32(g.padding.top), Int32(g.padding.left), Int32(g.outputHeight), Int32(g.outputWidth),
                                          columns.mutable + channels.lowerBound * g.r * g.s * plane)
                            }
                            // One contiguous share per worker: every share reads
                            // its part of the workspace once.
                            Parallel.forEachChunk(count: workers, threads: workers) { shares in
                                for share in shares {
                                    let first = blocks * share / workers, last = blocks * (share + 1) / workers
                                    if splitColumns {
                                        let j0 = first * 32, j1 = min(plane, last * 32)
                                        guard j0 < j1 else { continue }
                                        wr_sgemm(Int32(g.k), Int32(j1 - j0), Int32(depth), w.pointer, Int32(depth),
                                                 columns.pointer + j0, Int32(plane), result_.mutable + j0, Int32(plane),
                                                 0, Int32(g.k))
                                        if let b { addBias(b.pointer, to: result_.mutable, plane: plane, filters: 0..<g.k, columns: j0..<j1) }
                                    } else {
                                        let k0 = first * 12, k1 = min(g.k, last * 12)
                                        guard k0 < k1 else { continue }
                                        wr_sgemm(Int32(g.k), Int32(plane), Int32(depth), w.pointer, Int32(depth),
                                                 columns.pointer, Int32(plane), result_.mutable, Int32(plane),
                                                 Int32(k0), Int32(k1))
                                        if let b { addBias(b.pointer, to: result_.mutable, plane: plane, filters: k0..<k1, columns: 0..<plane) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    private static func addBias(_ bias: UnsafePointer<Float>, to output: UnsafeMutablePointer<Float>, plane: Int,
                                filters: Range<Int>, columns: Range<Int>) {
        for k in filters {
            let value = bias[k], row = output + k * plane
            for j in columns { row[j] += value }
        }
    }
}

private typealias SharedPointer = BaselineGeometry.SharedPointer
