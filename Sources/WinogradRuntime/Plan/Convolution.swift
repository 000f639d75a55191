import CWinogradRuntime
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
    /// The filters, K×C×R×S (the latest given to ``update(filters:)``).
    public var filters: Tensor<Float> { storedFilters.withLock { $0.resolved() } }
    /// K×C×R×S.
    let filterShape: [Int]
    public let bias: [Float]?
    /// How Winograd plans store the transformed filters (float32 unless asked).
    public let filterStorage: FilterStorage
    /// The transforms per axis (Winograd backends with rational points).
    public let transform: NestedTransform?
    /// The transforms per axis of a plan with points in ℚ(√d) (else empty).
    public let algebraicTransforms: [AlgebraicTransform]
    /// The points those came from, one set per axis (else empty).
    let algebraicPoints: [AlgebraicPoints]
    /// The transforms per axis of a plan from Toom–Cook moduli (else empty).
    public let modularTransforms: [ModularTransform]
    /// The moduli those came from, one list per axis (else empty).
    var moduli: [[Modulus]] { modularTransforms.map(\.moduli) }
    /// The vector instructions the kernels use.
    public var instructionSet: InstructionSet { context.instructionSet }
    /// Which kernels run: "emitted-avx512" (the committed kernels of the
    /// tile), "dense-avx2" (the float matrices of a derived tile),
    /// "direct-avx512", "im2col-avx512", "reference-f64".
    public var kernels: String {
        if let engine { return engine.stages.path(instructionSet) }
        switch backend {
        case .auto: return automatic?.lastChoice?.kernels ?? "auto"
        case .direct64: return "reference-f64"
        default: return backend.rawValue + "-" + instructionSet.rawValue
        }
    }
    /// The emitted kernel set a Winograd plan runs, or nil (dense kernels or
    /// no tile).
    public var emittedKernelName: String? { engine?.stages.emittedName ?? chosen?.emittedKernelName }
    /// The `auto` backend's choice at the last run: a plan with a concrete
    /// backend and tile (nil before the first run, and for other backends).
    public var chosen: Convolution? { automatic?.lastChoice }
    /// What computes: "generated F(4×4,3×3)", "generated F(4×4,3×3) moduli
    /// x,x-1,x+1,x^2+1,inf", "im2col", … (for `auto`, its choice at the last
    /// run).
    public var method: String {
        if let chosen { return chosen.method }
        guard let tile else { return backend.rawValue }
        let name = "\(backend.rawValue) F(\(tile.m)×\(tile.n),\(filterShape[2])×\(filterShape[3]))"
        // Tiles beyond rational points say which: points in ℚ(√d) or moduli, per axis where they differ.
        let axes =
            modularTransforms.map(\.pointsDescription)
            + algebraicTransforms.map { "points " + $0.pointsDescription }
        guard let first = axes.first else { return name }
        return name + " " + (axes.allSatisfy { $0 == first } ? first : axes.joined(separator: "; "))
    }

    let context: KernelContext
    private let storedFilters: Mutex<PlanFilters>
    let engine: WinogradEngine?
    /// The `auto` backend's choices (nil for the others).
    let automatic: AutomaticChoice?
    let workspace = Mutex<WinogradEngine.Workspace?>(nil)
    /// The transposed plan of ``inputGradient(outputGradient:m:)``, made once.
    let transposeCache = Mutex<ConvolutionTranspose?>(nil)
    /// How this plan computes the filter gradient (`auto` chooses per
    /// shape instead), with the scratch it keeps.
    let ownFilterGradient: FilterGradientRunner

    /// Plans a convolution.
    ///
    /// - Parameters:
    ///   - filters: K×C×R×S.
    ///   - bias: K values added to each output channel, or nil.
    ///   - padding: zeros around each image, at most R − 1 (rows) and S − 1
    ///     (columns) per side.
    ///   - backend: how to compute; `.auto` (the default) times the others
    ///     at the first run of each input shape and keeps the fastest.
    ///   - m: outputs per tile, one size (square) or two (rows, columns), for
    ///     the Winograd backends.
    ///   - points: interpolation points: none (the defaults), one list for
    ///     both axes, or one per axis (generic backend).
    ///   - threads: threads to use (1 or more).
    ///   - instructionSet: the vector instructions to use; nil, the best
    ///     the CPU has (one it lacks is lowered to what it has).
    ///   - filterStorage: how Winograd plans store the transformed filters:
    ///     float32, or 16 bits (half the memory traffic, rounded once).
    ///   - algebraicPoints: points in a field ℚ(√d) instead of `points` (one
    ///     set for both axes, or one per axis, each for F(m, R) / F(m, S)):
    ///     the transforms are derived and proved exactly and run on the
    ///     catalogue's lanes kernels where it has the tile, else on dense
    ///     kernels with every entry rounded once.
    ///   - moduli: Toom–Cook moduli instead of points (one list for both
    ///     axes, or one per axis, each for F(m, R) / F(m, S)): N ≥ n products
    ///     per axis, on lanes or dense kernels as above.
    /// - Throws: ``TensorError`` naming what does not fit.
    public convenience init(
        filters: Tensor<Float>, bias: [Float]? = nil, padding: Padding = .zero, backend: Backend = .auto,
        m: [Int] = [4], points: [[InterpolationPoint]] = [], threads: Int = 1,
        instructionSet: InstructionSet? = nil, filterStorage: FilterStorage = .float32,
        algebraicPoints: [AlgebraicPoints] = [], moduli: [[Modulus]] = []
    ) throws(TensorError) {
        try self.init(
            filters: PlanFilters(filters, flipped: false), bias: bias, padding: padding, backend: backend, m: m,
            points: points, threads: threads, instructionSet: instructionSet, filterStorage: filterStorage,
            algebraicPoints: algebraicPoints, moduli: moduli)
    }

    /// Plans a convolution with `filters` as given or, for a transposed
    /// convolution, flipped (see ``PlanFilters``), reading the transformed
    /// filters of `reflecting` where it can (``ReflectedFilters``).
    init(
        filters given: PlanFilters, bias: [Float]?, padding: Padding, backend: Backend, m: [Int],
        points: [[InterpolationPoint]], threads: Int, instructionSet: InstructionSet?,
        filterStorage: FilterStorage = .float32, algebraicPoints: [AlgebraicPoints] = [],
        moduli: [[Modulus]] = [], reflecting: WinogradEngine? = nil
    ) throws(TensorError) {
        var given = given
        self.algebraicPoints = algebraicPoints
        let (k, _, r, s) = try Self.checkFilters(shape: given.shape, padding: padding)
        if let bias, bias.count != k {
            throw TensorError(
                "the bias has \(bias.count) values but there are \(k) filters; give one per output channel")
        }
        guard threads >= 1 else { throw TensorError("threads = \(threads); give 1 or more") }
        filterShape = given.shape
        ownFilterGradient = FilterGradientRunner(
            backend.isWinograd
                ? .winograd(m: m.first ?? 4)
                : backend == .im2col ? .im2col : backend == .direct64 ? .direct64 : .direct)
        self.bias = bias
        self.padding = padding
        self.backend = backend
        self.threads = threads
        self.filterStorage = filterStorage
        let context = KernelContext(instructionSet)
        self.context = context
        guard backend.isWinograd else {
            guard algebraicPoints.isEmpty else {
                throw TensorError("algebraic points need a Winograd backend (generated or generic), not \(backend)")
            }
            guard moduli.isEmpty else {
                throw TensorError("moduli need a Winograd backend (generated or generic), not \(backend)")
            }
            tile = nil
            transform = nil
            algebraicTransforms = []
            modularTransforms = []
            engine = nil
            automatic =
                backend == .auto
                ? AutomaticChoice(
                    filters: given.resolved(), bias: bias, padding: padding, threads: threads,
                    instructionSet: context.instructionSet, filterStorage: filterStorage) : nil
            storedFilters = Mutex(given)
            return
        }
        automatic = nil
        guard (1...2).contains(m.count), m.allSatisfy({ $0 >= 1 }) else {
            throw TensorError(
                "tile m = \(m.map(String.init).joined(separator: "x")) is not a tile size; "
                    + "give one size ≥ 1 (e.g. 4) or rows x columns (e.g. 4x2)"
            )
        }
        let tile = (m: m[0], n: m.count == 2 ? m[1] : m[0])
        self.tile = tile
        if !algebraicPoints.isEmpty || !moduli.isEmpty {
            guard algebraicPoints.isEmpty || moduli.isEmpty else {
                throw TensorError("give algebraic points or moduli, not both")
            }
            // Exact tiles beyond rational points: committed lanes kernels or dense ones from their float matrices.
            let stages: TileStages?
            let growth: Double
            let sides: String
            if moduli.isEmpty {
                let (rows, columns) = try Self.algebraicAxes(algebraicPoints, tile: tile, r: r, s: s)
                stages = TileStages(
                    rows: rows, columns: columns, emitted: backend == .generated, context: context)
                growth = rows.growth * columns.growth
                sides = "tiles of \(rows.n)×\(columns.n)"
                algebraicTransforms = [rows, columns]
                modularTransforms = []
            } else {
                let (rows, columns) = try Self.modularAxes(moduli, tile: tile, r: r, s: s)
                stages = TileStages(
                    rows: rows, columns: columns, emitted: backend == .generated, context: context)
                growth = rows.growth * columns.growth
                sides =
                    "tiles of \(rows.n)×\(columns.n) and \(rows.multiplications)×\(columns.multiplications) products"
                algebraicTransforms = []
                modularTransforms = [rows, columns]
            }
            guard let stages else {
                throw TensorError(
                    "F(\(tile.m)×\(tile.n),\(r)×\(s)) has \(sides); "
                        + "the stages take sides up to \(WR_MAX_SIDE) (m + r − 1)")
            }
            guard TileAccuracy.unitRoundoff * growth <= TileAccuracy.maximumRelativeBound else {
                throw TensorError(
                    "F(\(tile.m)×\(tile.n),\(r)×\(s)) with these \(moduli.isEmpty ? "points" : "moduli") amplifies "
                        + "rounding by \(Int(growth)); float32 would keep no accurate digit")
            }
            transform = nil
            engine = WinogradEngine(
                stages: stages, context: context, m: (tile.m, tile.n), filters: given.given,
                source: given.flipped ? .transposed : .plain, bias: bias, storage: filterStorage, threads: threads,
                reflecting: reflecting)
            storedFilters = Mutex(given)
            return
        }
        algebraicTransforms = []
        modularTransforms = []
        let shape: TileShape
        let nested: NestedTransform
        do {
            shape = try TileShape(ms: [tile.m, tile.n], rs: [r, s])
            nested = try NestedTransform.derive(shape, points: points)
        } catch {
            throw TensorError("F(\(tile.m)×\(tile.n),\(r)×\(s)): \(error)")
        }
        transform = nested
        guard
            let stages = TileStages(
                rows: nested.axes[0], columns: nested.axes[1], emitted: backend == .generated,
                context: context)
        else {
            throw TensorError(
                "F(\(tile.m)×\(tile.n),\(r)×\(s)) has tiles of \(nested.axes[0].n)×\(nested.axes[1].n); "
                    + "the stages take sides up to \(WR_MAX_SIDE) (m + r − 1), "
                    + "and tiles that large lose all float32 precision anyway; use a smaller m"
            )
        }
        // A tile whose growth swamps float32 gives garbage without a sign: refuse it.
        if TileAccuracy.unitRoundoff * nested.growth > TileAccuracy.maximumRelativeBound {
            try TileAccuracy.check(rows: tile.m, columns: tile.n, r: r, s: s, points: points)
        }
        engine = WinogradEngine(
            stages: stages, context: context, m: (tile.m, tile.n), filters: given.given,
            source: given.flipped ? .transposed : .plain, bias: bias, storage: filterStorage, threads: threads,
            reflecting: reflecting)
        storedFilters = Mutex(given)
    }

    /// The per-axis transforms of algebraic points for tile m × n and R×S
    /// filters (one set serves both axes when the sizes agree).
    static func algebraicAxes(_ sets: [AlgebraicPoints], tile: (m: Int, n: Int), r: Int, s: Int)
        throws(TensorError) -> (AlgebraicTransform, AlgebraicTransform)
    {
        try exactAxes(sets, tile: tile, r: r, s: s, what: "algebraic points") {
            try AlgebraicTransform.derive(m: $0, r: $1, points: $2)
        }
    }

    /// The per-axis transforms of Toom–Cook moduli, the same way.
    static func modularAxes(_ lists: [[Modulus]], tile: (m: Int, n: Int), r: Int, s: Int)
        throws(TensorError) -> (ModularTransform, ModularTransform)
    {
        try exactAxes(lists, tile: tile, r: r, s: s, what: "moduli") {
            try ToomCookModuli.derive(m: $0, r: $1, moduli: $2)
        }
    }

    /// One exact 1-D transform per axis, F(m, R) and F(n, S), from one list
    /// for both axes or one per axis; `what` names the lists in errors.
    static func exactAxes<List, Transform>(
        _ lists: [List], tile: (m: Int, n: Int), r: Int, s: Int, what: String,
        derive: (Int, Int, List) throws -> Transform
    ) throws(TensorError) -> (Transform, Transform) {
        guard (1...2).contains(lists.count) else {
            throw TensorError("give one list of \(what), or one per axis (2)")
        }
        do {
            return (try derive(tile.m, r, lists[0]), try derive(tile.n, s, lists[lists.count - 1]))
        } catch {
            throw TensorError("F(\(tile.m)×\(tile.n),\(r)×\(s)) with \(what): \(error)")
        }
    }

    /// Checks that `filters` is K×C×R×S with every size ≥ 1 and that each
    /// side of `padding` is 0…R−1 (rows) or 0…S−1 (columns); returns the sizes.
    static func checkFilters(_ filters: Tensor<Float>, padding: Padding) throws(TensorError)
        -> (k: Int, c: Int, r: Int, s: Int)
    {
        try checkFilters(shape: filters.shape, padding: padding)
    }

    /// The same for filters known by their shape.
    static func checkFilters(shape: [Int], padding: Padding) throws(TensorError)
        -> (k: Int, c: Int, r: Int, s: Int)
    {
        guard shape.count == 4, shape.allSatisfy({ $0 >= 1 }) else {
            let shape = Tensor<Float>.describe(shape)
            throw TensorError("the filters are \(shape); they must be 4-D, K×C×R×S, every size at least 1")
        }
        let (r, s) = (shape[2], shape[3])
        for (side, value, limit) in [
            ("top", padding.top, r - 1), ("bottom", padding.bottom, r - 1),
            ("left", padding.left, s - 1), ("right", padding.right, s - 1),
        ] where value < 0 || value > limit {
            throw TensorError("padding \(side) = \(value) is outside 0…\(limit) for \(r)×\(s) filters")
        }
        return (shape[0], shape[1], r, s)
    }

    /// Replaces the filters with `filters` of the same shape, as a training
    /// loop does at every step, without planning again: a Winograd plan
    /// transforms them into its packed buffer in place (16 filters per
    /// vector, on every thread, no allocation), `auto` updates the plans it
    /// chose, and the input gradient's transposed plan, once made, takes
    /// them flipped. Runs that start after it returns use the new filters;
    /// it must not overlap a run or a gradient of the same plan (the input
    /// gradient may read the same transformed filters).
    ///
    /// ```swift
    /// for step in steps {
    ///     try plan.update(filters: weights)
    ///     let y = try plan.run(x)
    ///     let dx = try plan.inputGradient(outputGradient: dy)
    ///     let dw = try plan.filterGradient(input: x, outputGradient: dy)
    /// }
    /// ```
    /// - Throws: ``TensorError`` when `filters` is not K×C×R×S like the
    ///   plan's filters.
    public func update(filters new: Tensor<Float>) throws(TensorError) {
        let shape = filterShape
        guard new.shape == shape, new.count == shape.reduce(1, *) else {
            throw TensorError(
                "the new filters are \(Tensor<Float>.describe(new.shape)) (\(new.count) values) "
                    + "but this plan's are \(Tensor<Float>.describe(shape)); a plan updates filters of its own shape"
            )
        }
        try update(given: new)
    }

    /// New filters in the form the plan was made with (the forward filters
    /// for the plan of a transposed convolution).
    /// Without `transforming`, the caller has transformed them into this
    /// plan's engine already.
    func update(given new: Tensor<Float>, transforming: Bool = true) throws(TensorError) {
        let flipped = storedFilters.withLock { filters in
            filters.replace(with: new)
            return filters.flipped
        }
        // This plan's Winograd filters and those of the input gradient's
        // transposed plan, if made, in one pass.
        var jobs: [WinogradEngine.FilterJob] = []
        if transforming, let engine { jobs.append(.init(engine, source: flipped ? .transposed : .plain)) }
        let transpose = transposeCache.withLock { $0 }
        // Nothing to do for an engine that reads this one's filters (reflected).
        let target = transpose?.engine
        if let target, target.reflected == nil { jobs.append(.init(target, source: .transposed)) }
        WinogradEngine.transform(new, jobs: jobs, threads: threads)
        try automatic?.update(filters: filters)
        try transpose?.update(forward: new, transformed: target != nil)
    }

    /// The convolution of `input` (N×C×H×W): N×K×Hout×Wout.
    public func run(_ input: Tensor<Float>) throws(TensorError) -> Tensor<Float> {
        let geometry = try ConvolutionGeometry.of(input: input.shape, filters: filterShape, padding: padding)
        return try Tensor.uninitialized(shape: geometry.outputShape) { y throws(TensorError) in
            try run(input, geometry: geometry, into: y)
        }
    }

    /// Writes the convolution of `input` into `output`, which must be
    /// N×K×Hout×Wout.
    public func run(_ input: Tensor<Float>, into output: inout Tensor<Float>) throws(TensorError) {
        let geometry = try ConvolutionGeometry.of(input: input.shape, filters: filterShape, padding: padding)
        guard output.shape == geometry.outputShape, output.count == geometry.outputShape.reduce(1, *) else {
            throw TensorError(
                "the output is \(Tensor<Float>.describe(output.shape)) "
                    + "but this convolution makes \(Tensor<Float>.describe(geometry.outputShape))"
            )
        }
        guard output.count > 0 else { return }
        try output.elements.withUnsafeMutableBufferPointer { y throws(TensorError) in
            try run(input, geometry: geometry, into: y.baseAddress!)
        }
    }

    /// The convolution written into `output` (N×K×Hout×Wout values, every
    /// one overwritten), `geometry` being the input's.
    func run(
        _ input: Tensor<Float>, geometry: ConvolutionGeometry, into output: UnsafeMutablePointer<Float>
    ) throws(TensorError) {
        switch backend {
        case .auto:
            // Each candidate checks the input as its backend does.
            try automatic!.plan(for: geometry, input: input).run(input, geometry: geometry, into: output)
        case .direct:
            try DirectConvolution.run(
                input: input, filters: self.filters, bias: bias, padding: padding, threads: threads,
                context: context, into: output)
        case .direct64:
            let filters = self.filters
            let reference = try DirectConvolution.run(
                input: input.converted(to: Double.self), filters: filters.converted(to: Double.self),
                bias: bias?.map(Double.init), padding: padding, threads: threads)
            for (index, value) in reference.elements.enumerated() { output[index] = Float(value) }
        case .im2col:
            try Im2colConvolution.run(
                input: input, filters: self.filters, bias: bias, padding: padding, threads: threads,
                context: context, into: output)
        case .generated, .generic:
            let engine = engine!
            _ = try BaselineGeometry.check(
                input: input, filterShape: filterShape, biasCount: bias?.count, padding: padding)
            let tiles = engine.passTiles(geometry)
            // The cached scratch memory when a pass of this input fits it.
            withCached(
                self.workspace, fits: { $0.fits(tiles: tiles, workers: threads) },
                make: { engine.makeWorkspace(geometry, threads: threads) }
            ) { workspace in
                input.elements.withUnsafeBufferPointer { x in
                    engine.run(
                        input: x.baseAddress!, geometry: geometry, output: output, workspace: workspace,
                        threads: threads)
                }
            }
        }
    }
}
