import Synchronization
import Winograd

/// A convolution (correlation, stride 1) planned once for a set of filters
/// and run on any number of inputs.
///
/// ```swift
/// let plan = try Convolution(filters: weights, padding: Padding(1), backend: .generated, m: 4, threads: 2)
/// let y = try plan.run(x)                       // N×K×Hout×Wout
/// ```
///
/// Winograd backends transform the filters once, here; `run` handles any
/// N, C, H, W (ragged edges, images smaller than a tile) and reuses its
/// scratch memory while the input shape stays the same.
public final class Convolution: Sendable {
    public let backend: Backend
    public let padding: Padding
    public let threads: Int
    /// The output tile (rows, columns) of the Winograd backends.
    public let tile: (m: Int, n: Int)?
    /// The filters, K×C×R×S.
    public let filters: Tensor<Float>
    public let bias: [Float]?
    /// The transforms per axis (Winograd backends).
    public let transform: NestedTransform?

    private let engine: WinogradEngine?
    private let workspace = Mutex<WinogradEngine.Workspace?>(nil)
    /// The transposed plan of ``inputGradient(outputGradient:m:)``, made once.
    let transposeCache = Mutex<ConvolutionTranspose?>(nil)
    /// The Winograd filter gradient's plan for the last shapes it ran on.
    let filterGradientCache = Mutex<WinogradFilterGradient?>(nil)

    /// Plans a convolution.
    ///
    /// - Parameters:
    ///   - filters: K×C×R×S.
    ///   - bias: K values added to each output channel, or nil.
    ///   - padding: zeros around each image, at most R − 1 (rows) and S − 1
    ///     (columns) per side.
    ///   - backend: how to compute.
    ///   - m: outputs per tile, one size (square) or two (rows, columns).
    ///   - points: interpolation points: none (the defaults), one list for
    ///     both axes, or one per axis (generic backend).
    ///   - threads: threads to use (1 or more).
    /// - Throws: ``TensorError`` naming what does not fit.
    public init(filters: Tensor<Float>, bias: [Float]? = nil, padding: Padding = .zero, backend: Backend = .generated,
                m: [Int] = [4], points: [[InterpolationPoint]] = [], threads: Int = 1) throws(TensorError) {
        guard filters.rank == 4, filters.shape.allSatisfy({ $0 >= 1 }) else {
            throw TensorError("the filters are \(Tensor<Float>.describe(filters.shape)); they must be 4-D, K×C×R×S, every size at least 1")
        }
        let (k, r, s) = (filters.shape[0], filters.shape[2], filters.shape[3])
        if let bias, bias.count != k {
            throw TensorError("the bias has \(bias.count) values but there are \(k) filters; give one per output channel")
        }
        guard threads >= 1 else { throw TensorError("threads = \(threads); give 1 or more") }
        for (side, value, limit) in [("top", padding.top, r - 1), ("bottom", padding.bottom, r - 1),
                                     ("left", padding.left, s - 1), ("right", padding.right, s - 1)] where value < 0 || value > limit {
            throw TensorError("padding \(side) = \(value) is outside 0…\(limit) for \(r)×\(s) filters")
        }
        self.filters = filters
        self.bias = bias
        self.padding = padding
        self.backend = backend
        self.threads = threads
        guard backend.isWinograd else {
            tile = nil
            transform = nil
            engine = nil
            return
        }
        guard (1...2).contains(m.count), m.allSatisfy({ $0 >= 1 }) else {
            throw TensorError("tile m = \(m.map(String.init).joined(separator: "x")) is not a tile size; give one size ≥ 1 (e.g. 4) or rows x columns (e.g. 4x2)")
        }
        let tile = (m: m[0], n: m.count == 2 ? m[1] : m[0])
        self.tile = tile
        let shape: TileShape
        let nested: NestedTransform
        do {
            shape = try TileShape(ms: [tile.m, tile.n], rs: [r, s])
            nested = try NestedTransform.derive(shape, points: points)
        } catch {
            throw TensorError("F(\(tile.m)×\(tile.n),\(r)×\(s)): \(error)")
        }
        transform = nested
        let kernels: TileKernels
        var stages: StageKernels?
        switch backend {
        case .generated, .generatedSwift:
            // Variant 1: F(4×4,3×3) with the searched points, given for both axes.
            let searched = try? InterpolationPoint.list(parsing: TileKernels.searchedF43Points)
            let variant = points.isEmpty ? 0 : (points.allSatisfy { $0 == searched } ? 1 : -1)
            guard tile.m == tile.n, r == s, variant >= 0,
                  let committed = TileKernels.committed(m: tile.m, r: r, swift: backend == .generatedSwift, variant: variant) else {
                throw TensorError("no committed kernel for F(\(tile.m)×\(tile.n),\(r)×\(s))\(points.isEmpty ? "" : " with these points"); committed: F(2×2,3×3), F(4×4,3×3), F(6×6,3×3), F(2×2,5×5), F(4×4,5×5) with the default points, and F(4×4,3×3) with the points \(TileKernels.searchedF43Points); use backend generic for any other")
            }
            kernels = committed
            // The C kernels also come 16 tiles at a time, vectorised; the Swift ones run tile by tile.
            if backend == .generated { stages = StageKernels(committedM: tile.m, r: r, variant: variant) }
        default:
            let rows = FloatTransform(nested.axes[0]), columns = FloatTransform(nested.axes[1])
            kernels = .generic(rows: rows, columns: columns)
            stages = StageKernels(rows: rows, columns: columns)
        }
        engine = WinogradEngine(kernels: kernels, stages: stages, m: (tile.m, tile.n), filters: filters, threads: threads)
    }

    /// The convolution of `input` (N×C×H×W): N×K×Hout×Wout.
    public func run(_ input: Tensor<Float>) throws(TensorError) -> Tensor<Float> {
        let geometry = try ConvolutionGeometry.of(input: input.shape, filters: filters.shape, padding: padding)
        var output = Tensor<Float>(shape: geometry.outputShape)
        try run(input, into: &output)
        return output
    }

    /// Writes the convolution of `input` into `output`, which must be
    /// N×K×Hout×Wout.
    public func run(_ input: Tensor<Float>, into output: inout Tensor<Float>) throws(TensorError) {
        let geometry = try ConvolutionGeometry.of(input: input.shape, filters: filters.shape, padding: padding)
        guard output.shape == geometry.outputShape else {
            throw TensorError("the output is \(Tensor<Float>.describe(output.shape)) but this convolution makes \(Tensor<Float>.describe(geometry.outputShape))")
        }
        switch backend {
        case .direct:
            output = try DirectConvolution.run(input: input, filters: filters, bias: bias, padding: padding, threads: threads)
        case .direct64:
            let reference = try DirectConvolution.run(input: input.converted(to: Double.self), filters: filters.converted(to: Double.self),
                                                      bias: bias?.map(Double.init), padding: padding, threads: threads)
            output = reference.converted(to: Float.self)
        case .im2col:
            output = try Im2colConvolution.run(input: input, filters: filters, bias: bias, padding: padding, threads: threads)
        case .generated, .generatedSwift, .generic:
            let engine = engine!
            let tiles = geometry.n * ((geometry.outputHeight + engine.m.0 - 1) / engine.m.0) * ((geometry.outputWidth + engine.m.1 - 1) / engine.m.1)
            // The cached scratch memory when the tile count is the same.
            withCached(self.workspace, fits: { $0.tiles == tiles },
                       make: { WinogradEngine.Workspace(tiles: tiles, c: engine.c, k: engine.k, positions: engine.positions) }) { workspace in
                input.elements.withUnsafeBufferPointer { x in
                    output.elements.withUnsafeMutableBufferPointer { y in
                        engine.run(input: x.baseAddress!, geometry: geometry, bias: bias, output: y.baseAddress!,
                                   workspace: workspace, threads: threads)
                    }
                }
            }
        }
    }
}
