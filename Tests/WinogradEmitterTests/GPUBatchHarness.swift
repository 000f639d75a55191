import Foundation
import TestSupport
import Winograd

@testable import WinogradEmitter

/// The data and layouts with which the GPU tests run one tile's batch
/// kernels, and the check of their results against direct correlation.
///
/// A batch is `images` images (channels) of `tileRows`×`tileColumns` tiles
/// (1-D: rows of 1-D signals), each tile with a filter of its own:
/// - the filter kernel reads the filters one after another (g tile-major)
///   and writes u tile-major;
/// - the input kernel reads overlapping tiles of the image (a row of
///   padding on the right) and writes v position-major (element k of tile
///   t at k·tiles + t), as a batched product wants it;
/// - the host multiplies x = u ⊙ v (position-major, rounded once in the
///   element type, as the C harness does);
/// - the output kernel reads x position-major and writes the tiles of y
///   into an output image (a column of padding on the right).
/// Every kernel is dispatched on more work items than tiles, so the ones
/// past the end must leave the buffers alone.
struct GPUBatch {
    let kernelCase: KernelCase
    let images = 2
    let tileRows = 2
    let tileColumns = 3
    var tilesPerImage: Int { tileRows * tileColumns }
    var tiles: Int { images * tilesPerImage }
    var workItems: Int { tiles + 5 }

    /// Sizes per axis, rows first; a 1-D tile is one row (1 × m).
    var ms: (Int, Int) { kernelCase.ms.count == 2 ? (kernelCase.ms[0], kernelCase.ms[1]) : (1, kernelCase.ms[0]) }
    var rs: (Int, Int) { kernelCase.rs.count == 2 ? (kernelCase.rs[0], kernelCase.rs[1]) : (1, kernelCase.rs[0]) }
    /// The transformed tile's sizes (N per axis: n for points, more with moduli).
    var ns: (Int, Int) {
        let sizes = kernelCase.transformedSizes
        return sizes.count == 2 ? (sizes[0], sizes[1]) : (1, sizes[0])
    }
    var imageWidth: Int { tileColumns * ms.1 + rs.1 - 1 + 1 }
    var imageHeight: Int { tileRows * ms.0 + rs.0 - 1 }
    var outputWidth: Int { tileColumns * ms.1 + 1 }
    var outputHeight: Int { tileRows * ms.0 }

    /// The thirteen fields of `P_batch`: tiles, tiles_per_image,
    /// tiles_per_row, then the source's and the destination's image,
    /// tile-row, tile, row and column strides.
    typealias Layout = (image: Int, tileRow: Int, tile: Int, row: Int, column: Int)

    var filterLayout: Layout {
        let r = rs.0 * rs.1
        return (tilesPerImage * r, tileColumns * r, r, rs.1, 1)
    }
    var tileMajor: Layout {
        let n = ns.0 * ns.1
        return (tilesPerImage * n, tileColumns * n, n, ns.1, 1)
    }
    var positionMajor: Layout { (tilesPerImage, tileColumns, 1, ns.1 * tiles, tiles) }
    var imageLayout: Layout { (imageHeight * imageWidth, ms.0 * imageWidth, ms.1, imageWidth, 1) }
    var outputLayout: Layout { (outputHeight * outputWidth, ms.0 * outputWidth, ms.1, outputWidth, 1) }

    func fields(_ source: Layout, _ destination: Layout) -> [Int] {
        [tiles, tilesPerImage, tileColumns]
            + [source.image, source.tileRow, source.tile, source.row, source.column]
            + [destination.image, destination.tileRow, destination.tile, destination.row, destination.column]
    }

    /// Filters and image, uniform in [−1, 1] from a seed of the case's own.
    func inputs() -> (g: [Double], d: [Double]) {
        var random = SplitMix64(seed: UInt64(truncatingIfNeeded: kernelCase.prefix.hashValueStable))
        let g = (0..<tiles * rs.0 * rs.1).map { _ in Double.random(in: -1...1, using: &random) }
        let d = (0..<images * imageHeight * imageWidth).map { _ in Double.random(in: -1...1, using: &random) }
        return (round(g), round(d))
    }

    /// Values as the element type would hold them.
    func round(_ values: [Double]) -> [Double] {
        kernelCase.precision == .float ? values.map { Double(Float($0)) } : values
    }

    /// x = u ⊙ v, position-major, from u tile-major and v position-major.
    func product(u: [Double], v: [Double]) -> [Double] {
        let n = ns.0 * ns.1
        var x = [Double](repeating: 0, count: n * tiles)
        for t in 0..<tiles {
            for k in 0..<n {
                x[k * tiles + t] =
                    kernelCase.precision == .float
                    ? Double(Float(u[t * n + k]) * Float(v[k * tiles + t])) : u[t * n + k] * v[k * tiles + t]
            }
        }
        return x
    }

    /// The largest error of y (the output image) against direct correlation
    /// of each tile with its filter, and the largest reference magnitude.
    func error(y: [Double], g: [Double], d: [Double]) -> (error: Double, reference: Double) {
        var worst = 0.0
        var largest = 0.0
        for t in 0..<tiles {
            let (image, ty, tx) = (t / tilesPerImage, t % tilesPerImage / tileColumns, t % tileColumns)
            let d0 = image * imageHeight * imageWidth
            let y0 = image * outputHeight * outputWidth
            for i in 0..<ms.0 {
                for j in 0..<ms.1 {
                    var sum: Wide = 0
                    for a in 0..<rs.0 {
                        for b in 0..<rs.1 {
                            let pixel = d[d0 + (ty * ms.0 + i + a) * imageWidth + tx * ms.1 + j + b]
                            sum += Wide(pixel) * Wide(g[t * rs.0 * rs.1 + a * rs.1 + b])
                        }
                    }
                    let value = y[y0 + (ty * ms.0 + i) * outputWidth + tx * ms.1 + j]
                    worst = max(worst, Double(abs(Wide(value) - sum)))
                    largest = max(largest, Double(abs(sum)))
                }
            }
        }
        return (worst, largest)
    }

    /// Raw little-endian elements of the case's precision.
    func bytes(_ values: [Double]) -> Data {
        var data = Data()
        if kernelCase.precision == .float {
            for value in values {
                withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { data.append(contentsOf: $0) }
            }
        } else {
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
        return data
    }

    func values(_ data: Data) -> [Double] {
        let bytes = [UInt8](data)
        if kernelCase.precision == .float {
            return stride(from: 0, to: bytes.count, by: 4).map { k in
                Double(Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[k + $1]) << (8 * $1) }))
            }
        }
        return stride(from: 0, to: bytes.count, by: 8).map { k in
            Double(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[k + $1]) << (8 * $1) })
        }
    }
}

extension String {
    /// A hash that is the same in every run (String's own is seeded per process).
    var hashValueStable: UInt64 {
        utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
