import CWinogradRuntime
import Winograd

/// The filter gradient by Winograd: dW[k][c] = Σ_tiles correlation of an
/// input tile (n×n) with the output gradient's m×m tile, an F(R×S, m×m)
/// algorithm — the m×m gradient tile plays the filter and the R×S result
/// the output. The sum over images and tiles happens in the transformed
/// domain: for each of the n² positions, one K×T by T×C product (T tiles),
/// on the same blocked product as the forward convolution.
enum WinogradFilterGradient {
    static func run(input x: Tensor<Float>, outputGradient dy: Tensor<Float>, geometry g: ConvolutionGeometry,
                    m: Int, threads: Int) throws(TensorError) -> Tensor<Float> {
        let (r, s) = (g.r, g.s)
        let rows: WinogradTransform, columns: WinogradTransform
        do {
            rows = try CookToom.derive(m: r, r: m)
            columns = try CookToom.derive(m: s, r: m)
        } catch {
            throw TensorError("F(\(r)×\(s),\(m)×\(m)): \(error)")
        }
        let kernels = TileKernels.generic(rows: FloatTransform(rows), columns: FloatTransform(columns))
        let (n0, n1) = (rows.n, columns.n)
        let positions = n0 * n1
        let (hOut, wOut) = (g.outputHeight, g.outputWidth)
        let tilesY = (hOut + m - 1) / m, tilesX = (wOut + m - 1) / m
        let tiles = g.n * tilesY * tilesX
        let (k, c) = (g.k, g.c)
        let block = Int(WR_TILE_BLOCK)
        let channelBlocks = (c + block - 1) / block

        // U[t][k][tile]: the gradient tiles through the "filter" transform G.
        let u = AlignedBuffer(count: positions * k * tiles)
        // V[t][c / 16][tile][c % 16]: the input tiles through BT.
        let vPosition = channelBlocks * tiles * block
        let v = AlignedBuffer(count: positions * vPosition)
        let uPointer = SendablePointer(u.pointer), vPointer = SendablePointer(v.pointer)
        dy.elements.withUnsafeBufferPointer { dys in
            x.elements.withUnsafeBufferPointer { xs in
                let dyPointer = SendablePointer(dys.baseAddress!), xPointer = SendablePointer(xs.baseAddress!)
                Parallel.forEachChunk(count: tiles, threads: threads) { range in
                    var gradientTile = [Float](repeating: 0, count: m * m), inputTile = [Float](repeating: 0, count: n0 * n1)
                    for tile in range {
                        let image = tile / (tilesY * tilesX), ty = (tile / tilesX) % tilesY, tx = tile % tilesX
                        for filter in 0..<k {
                            let plane = dyPointer.pointer + (image * k + filter) * hOut * wOut
                            for i in 0..<m {
                                for j in 0..<m {
                                    let (yy, xx) = (ty * m + i, tx * m + j)
                                    gradientTile[i * m + j] = yy < hOut && xx < wOut ? plane[yy * wOut + xx] : 0
                                }
                            }
                            gradientTile.withUnsafeBufferPointer {
                                kernels.filter($0.baseAddress!, uPointer.mutable + filter * tiles + tile, k * tiles)
                            }
                        }
                        for channel in 0..<c {
                            let plane = xPointer.pointer + (image * c + channel) * g.h * g.w
                            let (y0, x0) = (ty * m - g.padding.top, tx * m - g.padding.left)
                            for i in 0..<n0 {
                                for j in 0..<n1 {
                                    let (yy, xx) = (y0 + i, x0 + j)
                                    inputTile[i * n1 + j] = yy >= 0 && yy < g.h && xx >= 0 && xx < g.w ? plane[yy * g.w + xx] : 0
                                }
                            }
                            let target = vPointer.mutable + (channel / block) * tiles * block + tile * block + channel % block
                            inputTile.withUnsafeBufferPointer { kernels.input($0.baseAddress!, n1, target, vPosition) }
                        }
                    }
                }
            }
        }
        // M[t][c / 16][k][c % 16] = U_t (K × T) · V_t (T × C), summing over all tiles.
        let packed = AlignedBuffer(count: wr_packed_filters_count(Int32(positions), Int32(k), Int32(tiles)))
        wr_pack_filters(u.pointer, Int32(positions), Int32(k), Int32(tiles), packed.pointer)
        let mPosition = channelBlocks * k * block
        let products = AlignedBuffer(count: positions * mPosition)
        let packedPointer = SendablePointer(packed.pointer), productsPointer = SendablePointer(products.pointer)
        Parallel.forEachChunk(count: positions, threads: threads) { range in
            wr_batched_product(packedPointer.pointer, vPointer.pointer, productsPointer.mutable, Int32(k), Int32(tiles), Int32(channelBlocks),
                               vPosition, mPosition, Int32(range.lowerBound), Int32(range.upperBound), 0, Int32(channelBlocks))
        }
        // dW[k][c] = AT · M[·][k][c] · A.
        var gradient = Tensor<Float>(shape: [k, c, r, s])
        gradient.elements.withUnsafeMutableBufferPointer { out in
            let outPointer = SendablePointer(out.baseAddress!)
            Parallel.forEachChunk(count: k * c, threads: threads) { range in
                for index in range {
                    let (filter, channel) = (index / c, index % c)
                    let source = productsPointer.pointer + (channel / block) * k * block + filter * block + channel % block
                    kernels.output(source, mPosition, outPointer.mutable + index * r * s, s)
                }
            }
        }
        return gradient
    }
}
