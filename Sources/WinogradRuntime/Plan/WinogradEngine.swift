import CWinogradRuntime

/// Winograd convolution over whole tensors: filters transformed and packed
/// once; per run, inputs transformed straight into the blocked layout the
/// transformed-domain product reads, the n₀·n₁ products, and outputs
/// transformed straight out of the product's layout into the image.
final class WinogradEngine: @unchecked Sendable {
    // @unchecked: immutable after init; runs use their own buffers.
    let kernels: TileKernels
    let m: (Int, Int), r: (Int, Int)
    var n: (Int, Int) { (m.0 + r.0 - 1, m.1 + r.1 - 1) }
    var positions: Int { n.0 * n.1 }
    let k: Int, c: Int
    let packedFilters: AlignedBuffer
    /// The 16-tile C stages, when the tile has them (nil: per-tile kernels).
    let stages: StageKernels?

    /// Transforms and packs `filters` (K×C×R×S, R = r.0, S = r.1).
    init(kernels: TileKernels, stages: StageKernels?, m: (Int, Int), filters: Tensor<Float>, threads: Int) {
        self.kernels = kernels
        self.stages = stages
        self.m = m
        k = filters.shape[0]
        c = filters.shape[1]
        r = (filters.shape[2], filters.shape[3])
        let positions = (m.0 + r.0 - 1) * (m.1 + r.1 - 1)
        let (k, c) = (self.k, self.c)
        // u[t][k][c], then the microkernels' packing.
        let transformed = AlignedBuffer(count: positions * k * c)
        let filterSize = r.0 * r.1
        filters.elements.withUnsafeBufferPointer { g in
            let g = SendablePointer(g.baseAddress!), u = SendablePointer(transformed.pointer)
            Parallel.forEachChunk(count: k * c, threads: threads) { range in
                for index in range {
                    kernels.filter(g.pointer + index * filterSize, u.mutable + index, k * c)
                }
            }
        }
        packedFilters = AlignedBuffer(count: wr_packed_filters_count(Int32(positions), Int32(k), Int32(c)))
        wr_pack_filters(transformed.pointer, Int32(positions), Int32(k), Int32(c), packedFilters.pointer)
    }

    /// Scratch memory of one run, reused while the shapes stay the same.
    final class Workspace: @unchecked Sendable {
        let tiles: Int, blocks: Int
        /// Floats between positions of V and of M.
        let vPosition: Int, mPosition: Int
        let v: AlignedBuffer, products: AlignedBuffer

        /// One cache line more than `count` when that is a multiple of 4 KiB
        /// apart: the stages touch all positions of a tile at once, and
        /// strides of whole pages map them to one L1 set.
        static func skewed(_ count: Int) -> Int { count % 1024 == 0 ? count + 16 : count }

        init(tiles: Int, c: Int, k: Int, positions: Int) {
            self.tiles = tiles
            blocks = (tiles + Int(WR_TILE_BLOCK) - 1) / Int(WR_TILE_BLOCK)
            let padded = blocks * Int(WR_TILE_BLOCK)
            vPosition = Self.skewed(c * padded)
            mPosition = Self.skewed(k * padded)
            v = AlignedBuffer(count: positions * vPosition)
            products = AlignedBuffer(count: positions * mPosition)
        }
    }

    func run(input: UnsafePointer<Float>, geometry g: ConvolutionGeometry, bias: [Float]?,
             output: UnsafeMutablePointer<Float>, workspace: Workspace, threads: Int) {
        let (m0, m1) = m, (n0, n1) = n
        let tilesY = (g.outputHeight + m0 - 1) / m0, tilesX = (g.outputWidth + m1 - 1) / m1
        let tilesPerImage = tilesY * tilesX
        let blockSize = Int(WR_TILE_BLOCK), blocks = workspace.blocks
        let c = self.c, k = self.k
        let vPosition = workspace.vPosition, mPosition = workspace.mPosition
        let v = SendablePointer(workspace.v.pointer), products = SendablePointer(workspace.products.pointer)
        let source = SendablePointer(input), destination = SendablePointer(output)
        let kernels = self.kernels

        // 1. Input transform into V[t][tile / B][c][tile % B]. Work unit: one
        //    channel of one block of B tiles, which fill the same cache lines of V.
        let inputPhase: Parallel.Phase
        if let stages {
            inputPhase = Parallel.Phase(count: c * blocks) { range in
                stages.withKernels { kernels in
                    wr_input_stage(kernels, source.pointer, Int32(c), Int32(g.h), Int32(g.w), Int32(g.padding.top), Int32(g.padding.left),
                                   Int32(tilesY), Int32(tilesX), Int32(workspace.tiles), v.mutable, vPosition,
                                   Int32(range.lowerBound), Int32(range.upperBound))
                }
            }
        } else {
            inputPhase = Parallel.Phase(count: c * blocks) { range in
                var scratch = [Float](repeating: 0, count: n0 * n1)
                for unit in range {
                    let channel = unit % c, block = unit / c
                    for tile in (block * blockSize)..<min((block + 1) * blockSize, workspace.tiles) {
                        let image = tile / tilesPerImage, ty = (tile % tilesPerImage) / tilesX, tx = tile % tilesX
                        let y0 = ty * m0 - g.padding.top, x0 = tx * m1 - g.padding.left
                        let plane = source.pointer + (image * c + channel) * g.h * g.w
                        let target = v.mutable + block * c * blockSize + channel * blockSize + tile % blockSize
                        if y0 >= 0, x0 >= 0, y0 + n0 <= g.h, x0 + n1 <= g.w {
                            kernels.input(plane + y0 * g.w + x0, g.w, target, vPosition)
                        } else {
                            // Border tile: gather with zeros outside the image.
                            for i in 0..<n0 {
                                for j in 0..<n1 {
                                    let y = y0 + i, x = x0 + j
                                    scratch[i * n1 + j] = y >= 0 && y < g.h && x >= 0 && x < g.w ? plane[y * g.w + x] : 0
                                }
                            }
                            scratch.withUnsafeBufferPointer { kernels.input($0.baseAddress!, n1, target, vPosition) }
                        }
                    }
                }
            }
        }

        // 2. The n₀n₁ products M_t = U_t · V_t, split over positions and tile blocks.
        let blockChunk = max(1, min(blocks, (blocks * positions + 4 * threads - 1) / (4 * threads)))
        let chunksPerPosition = (blocks + blockChunk - 1) / blockChunk
        let packed = SendablePointer(packedFilters.pointer)
        let productPhase = Parallel.Phase(count: positions * chunksPerPosition) { range in
            for item in range {
                let t = item / chunksPerPosition, first = (item % chunksPerPosition) * blockChunk
                wr_batched_product(packed.pointer, v.pointer, products.mutable, Int32(k), Int32(c), Int32(workspace.tiles),
                                   vPosition, mPosition, Int32(t), Int32(t + 1),
                                   Int32(first), Int32(min(blocks, first + blockChunk)))
            }
        }

        // 3. Output transform from M[t][tile / B][k][tile % B] into the image, plus bias.
        let hOut = g.outputHeight, wOut = g.outputWidth
        let biasOwner = bias.map { AlignedBuffer(copying: $0) }
        let biasAddress = biasOwner.map { SendablePointer($0.pointer) }
        let outputPhase: Parallel.Phase
        if let stages {
            outputPhase = Parallel.Phase(count: k * blocks) { range in
                stages.withKernels { kernels in
                    wr_output_stage(kernels, products.pointer, mPosition, Int32(k), biasAddress?.pointer, destination.mutable,
                                    Int32(hOut), Int32(wOut), Int32(tilesY), Int32(tilesX), Int32(workspace.tiles),
                                    Int32(range.lowerBound), Int32(range.upperBound))
                }
            }
        } else {
            outputPhase = Parallel.Phase(count: k * blocks) { range in
                var scratch = [Float](repeating: 0, count: m0 * m1)
                for unit in range {
                    let filter = unit % k, block = unit / k
                    let offset = biasAddress?.pointer[filter] ?? 0
                    for tile in (block * blockSize)..<min((block + 1) * blockSize, workspace.tiles) {
                        let image = tile / tilesPerImage, ty = (tile % tilesPerImage) / tilesX, tx = tile % tilesX
                        let x = products.pointer + block * k * blockSize + filter * blockSize + tile % blockSize
                        let plane = destination.mutable + (image * k + filter) * hOut * wOut
                        let y0 = ty * m0, x0 = tx * m1
                        let rows = min(m0, hOut - y0), columns = min(m1, wOut - x0)
                        if rows == m0 && columns == m1 && offset == 0 {
                            kernels.output(x, mPosition, plane + y0 * wOut + x0, wOut)
                        } else {
                            scratch.withUnsafeMutableBufferPointer { kernels.output(x, mPosition, $0.baseAddress!, m1) }
                            for i in 0..<rows {
                                for j in 0..<columns { plane[(y0 + i) * wOut + x0 + j] = scratch[i * m1 + j] + offset }
                            }
                        }
                    }
                }
            }
        }
        // One dispatch for the three stages: the threads stay awake between them.
        Parallel.run([inputPhase, productPhase, outputPhase], threads: threads)
        withExtendedLifetime(biasOwner) {}
    }
}

/// A raw pointer that closures running on other threads may capture; the
/// plan guarantees they touch disjoint elements.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafePointer<T>
    var mutable: UnsafeMutablePointer<T> { UnsafeMutablePointer(mutating: pointer) }

    init(_ pointer: UnsafePointer<T>) { self.pointer = pointer }
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = UnsafePointer(pointer) }
}
