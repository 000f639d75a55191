import CWinogradRuntime
import Synchronization
import Winograd

/// The transposed convolution (stride 1) of a ``Convolution``'s filters: the
/// adjoint of the forward map, which takes an N×K×Hout×Wout tensor back to
/// N×C×H×W. It is itself a correlation — with the filters flipped and read
/// as C←K, and padding R − 1 − p per side — so it runs on every backend,
/// Winograd included.
///
/// ```swift
/// let up = try ConvolutionTranspose(filters: w, padding: Padding(1), backend: .generated, m: [4])
/// let y = try up.run(x)          // x: N×K×H×W, y: N×C×H'×W'
/// ```
public final class ConvolutionTranspose: Sendable {
    /// The forward filters, K×C×R×S.
    public var filters: Tensor<Float> { storedFilters.withLock { $0 } }
    private let storedFilters: Mutex<Tensor<Float>>
    public let padding: Padding
    public let backend: Backend
    public let threads: Int
    private let plan: Convolution
    private var context: KernelContext { plan.context }
    /// col2im's columns (`.im2col`), kept for the next call.
    private let columnsCache = Mutex<AlignedBuffer?>(nil)

    /// - Parameters:
    ///   - filters: K×C×R×S, as for the forward convolution.
    ///   - padding: the forward convolution's padding (each side 0…R−1).
    /// - Throws: ``TensorError`` as ``Convolution`` does.
    public convenience init(
        filters: Tensor<Float>, padding: Padding = .zero, backend: Backend = .generated,
        m: [Int] = [4], points: [[InterpolationPoint]] = [], threads: Int = 1,
        instructionSet: InstructionSet? = nil, filterStorage: FilterStorage = .float32,
        algebraicPoints: [AlgebraicPoints] = [], moduli: [[Modulus]] = []
    ) throws(TensorError) {
        try self.init(
            filters: filters, padding: padding, backend: backend, m: m, points: points, threads: threads,
            instructionSet: instructionSet, filterStorage: filterStorage, algebraicPoints: algebraicPoints,
            moduli: moduli, reflecting: nil)
    }

    /// The same, reading the transformed filters of `reflecting` (the
    /// forward plan's engine) where ``ReflectedFilters`` allows: an input
    /// gradient's plan.
    init(
        filters: Tensor<Float>, padding: Padding, backend: Backend, m: [Int], points: [[InterpolationPoint]],
        threads: Int, instructionSet: InstructionSet?, filterStorage: FilterStorage,
        algebraicPoints: [AlgebraicPoints], moduli: [[Modulus]] = [], reflecting: WinogradEngine?
    ) throws(TensorError) {
        let (_, _, r, s) = try Convolution.checkFilters(filters, padding: padding)
        storedFilters = Mutex(filters)
        self.padding = padding
        self.backend = backend
        self.threads = threads
        // .im2col means col2im here (GEMM, then scatter-add); the plan serves the others.
        // The correlation's filters are the flip of these: a Winograd plan
        // transforms them as they lie, the others flip them when they run.
        plan = try Convolution(
            filters: PlanFilters(filters, flipped: true), bias: nil,
            padding: Padding(
                top: r - 1 - padding.top, bottom: r - 1 - padding.bottom,
                left: s - 1 - padding.left, right: s - 1 - padding.right),
            backend: backend == .im2col ? .direct : backend, m: m, points: points, threads: threads,
            instructionSet: instructionSet, filterStorage: filterStorage, algebraicPoints: algebraicPoints,
            moduli: moduli, reflecting: reflecting)
    }

    /// w'[c][k][a][b] = w[k][c][R−1−a][S−1−b]: the filters of the
    /// correlation that computes the transposed convolution.
    static func flipped(_ filters: Tensor<Float>) -> Tensor<Float> {
        let (k, c, r, s) = (filters.shape[0], filters.shape[1], filters.shape[2], filters.shape[3])
        return try! Tensor.uninitialized(shape: [c, k, r, s]) { out in
            filters.elements.withUnsafeBufferPointer { w in
                wr_flip_filters(w.baseAddress!, Int32(k), Int32(c), Int32(r * s), out)
            }
        }
    }

    /// Replaces the forward filters (same shape) without planning again;
    /// see ``Convolution/update(filters:)``.
    /// - Throws: ``TensorError`` when the shape differs.
    public func update(filters new: Tensor<Float>) throws(TensorError) {
        guard new.shape == filters.shape, new.count == filters.count else {
            throw TensorError(
                "the new filters are \(Tensor<Float>.describe(new.shape)) "
                    + "but this plan's are \(Tensor<Float>.describe(filters.shape)); give filters of the same shape")
        }
        try update(forward: new, transformed: false)
    }

    /// Its Winograd engine, whose filters a forward plan updates in its own
    /// pass; nil when it has none (or is `auto`, which updates its own
    /// choices).
    var engine: WinogradEngine? { plan.automatic == nil ? plan.engine : nil }

    /// New forward filters (checked by the caller), whose transform is done
    /// when `transformed`.
    func update(forward new: Tensor<Float>, transformed: Bool) throws(TensorError) {
        storedFilters.withLock { $0 = new }
        try plan.update(given: new, transforming: !transformed)
    }

    /// convᵀ(x) for x of N×K×H×W: N×C×(H + R − 1 − pt − pb)×(W + S − 1 − pl − pr).
    public func run(_ input: Tensor<Float>) throws(TensorError) -> Tensor<Float> {
        guard input.rank == 4, input.shape[1] == filters.shape[0] else {
            throw TensorError(
                "the transposed convolution's input is \(Tensor<Float>.describe(input.shape)); "
                    + "it must be N×K×H×W with K = \(filters.shape[0]), the number of filters"
            )
        }
        if backend == .im2col { return col2im(input) }
        return try plan.run(input)
    }

    /// The classic method: columns = Wᵀ·x (a C·R·S × K by K × H·W product,
    /// Wᵀ read from the filters as they lie), then col2im: each column row
    /// shifted back and added into the output. Threads take whole channels,
    /// each its rows of the product and its planes of the output; the
    /// columns are kept for the next call.
    func col2im(_ x: Tensor<Float>) -> Tensor<Float> {
        let (n, k, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let weights = filters
        let (c, r, s) = (weights.shape[1], weights.shape[2], weights.shape[3])
        // The forward convolution whose im2col this inverts: its output is x's plane.
        let forward = ConvolutionGeometry(
            n: 1, c: c, h: h + r - 1 - padding.top - padding.bottom, w: w + s - 1 - padding.left - padding.right,
            k: k, r: r, s: s, padding: padding)
        let (depth, pixels, plane) = (c * r * s, h * w, forward.h * forward.w)
        let context = self.context
        return try! Tensor.uninitialized(shape: [n, c, forward.h, forward.w]) { result in
            let output = SharedPointer(result)
            withCached(
                columnsCache, fits: { $0.count >= depth * pixels }, make: { AlignedBuffer(count: depth * pixels) }
            ) {
                columns in
                let columnsPointer = SharedPointer(columns.pointer)
                weights.elements.withUnsafeBufferPointer { wts in
                    x.elements.withUnsafeBufferPointer { xs in
                        let a = SharedPointer(wts.baseAddress!)
                        for image in 0..<n {
                            let b = SharedPointer(xs.baseAddress! + image * k * pixels)
                            Parallel.forEachChunk(count: c, threads: threads) { channels in
                                let rows = channels.lowerBound * r * s..<channels.upperBound * r * s
                                context.withPointer { ctx in
                                    wr_sgemm(
                                        ctx, Int32(depth), Int32(pixels), Int32(k), a.pointer, Int32(depth), b.pointer,
                                        Int32(pixels), columnsPointer.mutable, Int32(pixels), Int32(rows.lowerBound),
                                        Int32(rows.upperBound), Int32(WR_SGEMM_TRANSPOSED_A))
                                }
                                var part = wr_geometry(forward)
                                part.C = Int32(channels.count)
                                wr_col2im(
                                    &part, columnsPointer.pointer + rows.lowerBound * pixels,
                                    output.mutable + (image * c + channels.lowerBound) * plane)
                            }
                        }
                    }
                }
            }
        }
    }
}

extension Convolution {
    /// The gradient of a loss with respect to this convolution's input,
    /// given its gradient with respect to the output (N×K×Hout×Wout): the
    /// transposed convolution with the same filters, on the same backend.
    public func inputGradient(outputGradient: Tensor<Float>, m: [Int]? = nil) throws(TensorError) -> Tensor<Float> {
        // auto: on the plan chosen for this shape when it can read that plan's filters, so that new
        // filters are transformed once for both, when it is im2col, whose col2im reads the forward
        // filters as they lie, or when the choice counted this gradient (training); else on a
        // transposed plan choosing for itself. The first time in training, the choices are made again
        // at the next run, counting this gradient.
        defer {
            if m == nil, let automatic, automatic.noteInputGradient() { transposeCache.withLock { $0 = nil } }
        }
        if m == nil, let automatic, let geometry = forwardGeometry(outputGradient: outputGradient.shape),
            let chosen = automatic.choice(for: geometry),
            chosen.backend == .im2col || automatic.countsInputGradient
                || chosen.reflectionPays(outputGradient: outputGradient.shape)
        {
            return try chosen.inputGradient(outputGradient: outputGradient)
        }
        // The plan's own tile: build the transposed plan (flipped, transformed filters) once.
        if m == nil, let cached = transposeCache.withLock({ $0 }) { return try cached.run(outputGradient) }
        let transpose = try ConvolutionTranspose(
            filters: filters, padding: padding, backend: backend,
            m: m ?? tile.map { [$0.m, $0.n] } ?? [4], points: m == nil ? forwardPoints : [], threads: threads,
            instructionSet: instructionSet, filterStorage: filterStorage,
            algebraicPoints: m == nil ? algebraicPoints : [], moduli: m == nil ? moduli : [],
            reflecting: m == nil && reflectionPays(outputGradient: outputGradient.shape) ? engine : nil)
        if m == nil { transposeCache.withLock { $0 = transpose } }
        return try transpose.run(outputGradient)
    }

    /// The points of this plan's tile, per axis, for its input gradient to
    /// run the same algorithm (empty when a transform does not say).
    var forwardPoints: [[InterpolationPoint]] {
        let lists = transform?.axes.compactMap { $0.points?.points } ?? []
        return lists.count == transform?.axes.count ? lists : []
    }

    /// Whether the input gradient, on an output gradient of `shape`, can
    /// read this plan's filters (``ReflectedFilters``) and loses little in
    /// its product doing so.
    func reflectionPays(outputGradient shape: [Int]) -> Bool {
        // The input gradient's tiles are those of its correlation's output: this plan's input.
        guard let engine, ReflectedFilters.possible(from: engine),
            let correlation = try? ConvolutionTranspose.correlationGeometry(
                inputShape: shape, filterShape: filterShape, padding: padding)
        else { return false }
        let tiles = engine.tiles(correlation)
        guard tiles > 0, tiles < Int(Int32.max) else { return false }
        return context.withPointer { wr_transposed_filters_pay($0, Int32(tiles), Int32(filterShape[0])) } != 0
    }

    /// The geometry of this convolution's input whose output gradient has
    /// `shape` (the transposed convolution's output), or nil when `shape`
    /// is no output of it.
    func forwardGeometry(outputGradient shape: [Int]) -> ConvolutionGeometry? {
        guard shape.count == 4, shape[1] == filterShape[0] else { return nil }
        let (r, s) = (filterShape[2], filterShape[3])
        let height = shape[2] + r - 1 - padding.top - padding.bottom
        let width = shape[3] + s - 1 - padding.left - padding.right
        return try? ConvolutionGeometry.of(
            input: [shape[0], filterShape[1], height, width], filters: filterShape, padding: padding)
    }

    /// The gradient with respect to the filters (K×C×R×S), given the input
    /// (N×C×H×W) and the output's gradient (N×K×Hout×Wout):
    /// dW[k][c][a][b] = Σ_n Σ_{i,j} dY[n][k][i][j]·X[n][c][i + a − pt][j + b − pl].
    ///
    /// On the Winograd backends it runs as F(R×S, m×m) with the plan's m,
    /// summing over images and tiles in the transformed domain
    /// (``WinogradFilterGradient``); on `.im2col` it is im2col and one SGEMM
    /// per image, as frameworks do; otherwise it is a correlation of X
    /// (channels as the batch, the batch as channels) with dY as an
    /// Hout×Wout filter, by direct correlation (`.direct64`: in float64); on
    /// `.auto`, the fastest of these for the shapes, timed at the first call
    /// with them (Winograd F(R×S, m×m) for m = 2, 4, 6, im2col, direct).
    public func filterGradient(input: Tensor<Float>, outputGradient: Tensor<Float>) throws(TensorError) -> Tensor<Float>
    {
        let geometry = try ConvolutionGeometry.of(input: input.shape, filters: filterShape, padding: padding)
        guard outputGradient.shape == geometry.outputShape else {
            throw TensorError(
                "the output gradient is \(Tensor<Float>.describe(outputGradient.shape)) "
                    + "but this convolution's output is \(Tensor<Float>.describe(geometry.outputShape))"
            )
        }
        let runner =
            try automatic?.filterGradientRunner(for: geometry) { (runner) throws(TensorError) in
                _ = try filterGradient(input: input, outputGradient: outputGradient, geometry: geometry, runner: runner)
            } ?? ownFilterGradient
        return try filterGradient(input: input, outputGradient: outputGradient, geometry: geometry, runner: runner)
    }

    /// The filter gradient by `runner`'s method.
    func filterGradient(
        input: Tensor<Float>, outputGradient: Tensor<Float>, geometry: ConvolutionGeometry,
        runner: FilterGradientRunner
    ) throws(TensorError) -> Tensor<Float> {
        let backend: Backend
        switch runner.method {
        case .winograd(let m):
            // F(R×S, m×m): the gradient tile plays the filter. The plan (and its
            // memory) is kept for the next call with the same shapes.
            let make = { () throws(TensorError) -> WinogradFilterGradient in
                try WinogradFilterGradient(geometry: geometry, m: m, threads: self.threads, context: self.context)
            }
            return try withCached(runner.cache, fits: { $0.geometry == geometry }, make: make) {
                (plan: WinogradFilterGradient) throws(TensorError) -> Tensor<Float> in
                plan.run(input: input, outputGradient: outputGradient)
            }
        case .im2col:
            return Im2colConvolution.filterGradient(
                input: input, outputGradient: outputGradient, geometry, threads: threads,
                context: context, columnsCache: runner.columns)
        case .direct: backend = .direct
        case .direct64: backend = .direct64
        }
        let (n, c, h, w, k) = (geometry.n, geometry.c, geometry.h, geometry.w, geometry.k)
        let (hOut, wOut) = (geometry.outputHeight, geometry.outputWidth)
        // X as C images of N channels; dY as K filters of N channels.
        var images = Tensor<Float>(shape: [c, n, h, w])
        var kernels = Tensor<Float>(shape: [k, n, hOut, wOut])
        for image in 0..<n {
            for channel in 0..<c {
                for i in 0..<h { for j in 0..<w { images[channel, image, i, j] = input[image, channel, i, j] } }
            }
            for filter in 0..<k {
                for i in 0..<hOut {
                    for j in 0..<wOut { kernels[filter, image, i, j] = outputGradient[image, filter, i, j] }
                }
            }
        }
        // Padding up to the filter size minus one is what DirectConvolution takes; the
        // forward padding is at most R − 1 ≤ Hout − 1 … unless the image is tiny: pad explicitly.
        let padded = Self.pad(images, padding)
        let result: Tensor<Float>
        if backend == .direct64 {
            result = try DirectConvolution.run(
                input: padded.converted(to: Double.self), filters: kernels.converted(to: Double.self),
                padding: .zero, threads: threads
            ).converted(to: Float.self)
        } else {
            result = try DirectConvolution.run(
                input: padded, filters: kernels, bias: nil, padding: .zero, threads: threads,
                context: context)
        }
        // result is C×K×R×S; the gradient is K×C×R×S.
        var gradient = Tensor<Float>(shape: filterShape)
        for channel in 0..<c {
            for filter in 0..<k {
                for a in 0..<filterShape[2] {
                    for b in 0..<filterShape[3] { gradient[filter, channel, a, b] = result[channel, filter, a, b] }
                }
            }
        }
        return gradient
    }

    /// The tensor with zeros around each image.
    static func pad(_ x: Tensor<Float>, _ padding: Padding) -> Tensor<Float> {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        var out = Tensor<Float>(shape: [n, c, h + padding.top + padding.bottom, w + padding.left + padding.right])
        for a in 0..<n {
            for b in 0..<c {
                for i in 0..<h { for j in 0..<w { out[a, b, i + padding.top, j + padding.left] = x[a, b, i, j] } }
            }
        }
        return out
    }
}
