import WinogradKernels
import WinogradKernelsC

/// The three transforms of a 2-D tile as strided kernels over raw memory:
///
/// - filter(g, u, uStride): g is r×s contiguous, u[t·uStride] for t < n₀n₁;
/// - input(d, dRowStride, v, vStride): d is an n₀×n₁ tile in an image;
/// - output(x, xStride, y, yRowStride): y is an m₀×m₁ tile in an image.
struct TileKernels: @unchecked Sendable {
    // @unchecked: the closures capture only immutable matrices.
    typealias Filter = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    typealias Input = (UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>, Int) -> Void
    typealias Output = (UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>, Int) -> Void

    let filter: Filter
    let input: Input
    let output: Output
}

extension TileKernels {
    /// The points of the committed F(4×4,3×3) variant (from the precision
    /// study's search; more accurate than the defaults).
    static let searchedF43Points = "0,5/8,-5/8,7/4,-7/4"

    /// The committed kernels for a square tile, in C or in Swift, or nil
    /// when none is committed for (m, r) (and the variant's points).
    static func committed(m: Int, r: Int, swift: Bool, variant: Int = 0) -> TileKernels? {
        if variant == 1 {
            guard m == 4, r == 3 else { return nil }
            return swift
                ? TileKernels(filter: { WinogradF4x4_3x3SearchedFloat.filterTransform($0, $1, stride: $2) },
                              input: { WinogradF4x4_3x3SearchedFloat.inputTransform($0, rowStride: $1, $2, stride: $3) },
                              output: { WinogradF4x4_3x3SearchedFloat.outputTransform($0, stride: $1, $2, rowStride: $3) })
                : TileKernels(filter: { winograd_f4x4_3x3_searched_float_filter_transform_strided($0, $1, $2) },
                              input: { winograd_f4x4_3x3_searched_float_input_transform_strided($0, $1, $2, $3) },
                              output: { winograd_f4x4_3x3_searched_float_output_transform_strided($0, $1, $2, $3) })
        }
        return switch (m, r, swift) {
        case (2, 3, false):
            TileKernels(filter: { winograd_f2x2_3x3_float_filter_transform_strided($0, $1, $2) },
                        input: { winograd_f2x2_3x3_float_input_transform_strided($0, $1, $2, $3) },
                        output: { winograd_f2x2_3x3_float_output_transform_strided($0, $1, $2, $3) })
        case (4, 3, false):
            TileKernels(filter: { winograd_f4x4_3x3_float_filter_transform_strided($0, $1, $2) },
                        input: { winograd_f4x4_3x3_float_input_transform_strided($0, $1, $2, $3) },
                        output: { winograd_f4x4_3x3_float_output_transform_strided($0, $1, $2, $3) })
        case (6, 3, false):
            TileKernels(filter: { winograd_f6x6_3x3_float_filter_transform_strided($0, $1, $2) },
                        input: { winograd_f6x6_3x3_float_input_transform_strided($0, $1, $2, $3) },
                        output: { winograd_f6x6_3x3_float_output_transform_strided($0, $1, $2, $3) })
        case (2, 5, false):
            TileKernels(filter: { winograd_f2x2_5x5_float_filter_transform_strided($0, $1, $2) },
                        input: { winograd_f2x2_5x5_float_input_transform_strided($0, $1, $2, $3) },
                        output: { winograd_f2x2_5x5_float_output_transform_strided($0, $1, $2, $3) })
        case (4, 5, false):
            TileKernels(filter: { winograd_f4x4_5x5_float_filter_transform_strided($0, $1, $2) },
                        input: { winograd_f4x4_5x5_float_input_transform_strided($0, $1, $2, $3) },
                        output: { winograd_f4x4_5x5_float_output_transform_strided($0, $1, $2, $3) })
        case (2, 3, true):
            TileKernels(filter: { WinogradF2x2_3x3Float.filterTransform($0, $1, stride: $2) },
                        input: { WinogradF2x2_3x3Float.inputTransform($0, rowStride: $1, $2, stride: $3) },
                        output: { WinogradF2x2_3x3Float.outputTransform($0, stride: $1, $2, rowStride: $3) })
        case (4, 3, true):
            TileKernels(filter: { WinogradF4x4_3x3Float.filterTransform($0, $1, stride: $2) },
                        input: { WinogradF4x4_3x3Float.inputTransform($0, rowStride: $1, $2, stride: $3) },
                        output: { WinogradF4x4_3x3Float.outputTransform($0, stride: $1, $2, rowStride: $3) })
        case (6, 3, true):
            TileKernels(filter: { WinogradF6x6_3x3Float.filterTransform($0, $1, stride: $2) },
                        input: { WinogradF6x6_3x3Float.inputTransform($0, rowStride: $1, $2, stride: $3) },
                        output: { WinogradF6x6_3x3Float.outputTransform($0, stride: $1, $2, rowStride: $3) })
        case (2, 5, true):
            TileKernels(filter: { WinogradF2x2_5x5Float.filterTransform($0, $1, stride: $2) },
                        input: { WinogradF2x2_5x5Float.inputTransform($0, rowStride: $1, $2, stride: $3) },
                        output: { WinogradF2x2_5x5Float.outputTransform($0, stride: $1, $2, rowStride: $3) })
        case (4, 5, true):
            TileKernels(filter: { WinogradF4x4_5x5Float.filterTransform($0, $1, stride: $2) },
                        input: { WinogradF4x4_5x5Float.inputTransform($0, rowStride: $1, $2, stride: $3) },
                        output: { WinogradF4x4_5x5Float.outputTransform($0, stride: $1, $2, rowStride: $3) })
        default:
            nil
        }
    }

    /// Dense float matrices of any transform pair (rows axis, columns axis):
    /// every tile size, point set and non-square tile.
    static func generic(rows: FloatTransform, columns: FloatTransform) -> TileKernels {
        let n0 = rows.n, n1 = columns.n, m0 = rows.m, m1 = columns.m, r0 = rows.r, r1 = columns.r
        return TileKernels(
            filter: { g, u, uStride in
                // u = G0 · g · G1ᵀ
                var partial = [Float](repeating: 0, count: n0 * r1)
                for i in 0..<n0 {
                    for a in 0..<r0 {
                        let weight = rows.G[i * r0 + a]
                        if weight == 0 { continue }
                        for b in 0..<r1 { partial[i * r1 + b] += weight * g[a * r1 + b] }
                    }
                }
                for i in 0..<n0 {
                    for j in 0..<n1 {
                        var sum: Float = 0
                        for b in 0..<r1 { sum += partial[i * r1 + b] * columns.G[j * r1 + b] }
                        u[(i * n1 + j) * uStride] = sum
                    }
                }
            },
            input: { d, rowStride, v, vStride in
                // v = BT0 · d · BT1ᵀ
                var partial = [Float](repeating: 0, count: n0 * n1)
                for i in 0..<n0 {
                    for a in 0..<n0 {
                        let weight = rows.BT[i * n0 + a]
                        if weight == 0 { continue }
                        for b in 0..<n1 { partial[i * n1 + b] += weight * d[a * rowStride + b] }
                    }
                }
                for i in 0..<n0 {
                    for j in 0..<n1 {
                        var sum: Float = 0
                        for b in 0..<n1 { sum += partial[i * n1 + b] * columns.BT[j * n1 + b] }
                        v[(i * n1 + j) * vStride] = sum
                    }
                }
            },
            output: { x, xStride, y, yRowStride in
                // y = AT0 · x · AT1ᵀ
                var partial = [Float](repeating: 0, count: m0 * n1)
                for i in 0..<m0 {
                    for a in 0..<n0 {
                        let weight = rows.AT[i * n0 + a]
                        if weight == 0 { continue }
                        for b in 0..<n1 { partial[i * n1 + b] += weight * x[(a * n1 + b) * xStride] }
                    }
                }
                for i in 0..<m0 {
                    for j in 0..<m1 {
                        var sum: Float = 0
                        for b in 0..<n1 { sum += partial[i * n1 + b] * columns.AT[j * n1 + b] }
                        y[i * yRowStride + j] = sum
                    }
                }
            })
    }
}
