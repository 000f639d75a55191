import CWinogradRuntime
import Synchronization
import Winograd

/// The `auto` backend's choice, made the way cuDNN's "find" and ncnn's
/// tables are: the first time a plan meets an input shape, it builds each
/// candidate — Winograd F(2×2), F(4×4) and F(6×6) on the emitted kernels
/// (dense where none is committed), direct, im2col — times each on the
/// input itself (one warm-up run each, then the best of a few rounds that
/// run every candidate in turn), and keeps the fastest for that shape.
/// Later runs of the same shape go straight to it.
///
/// Timing on this machine, rather than a cost model, keeps the choice right
/// across CPUs and thread counts; it costs one planning and a few runs of
/// every candidate per new shape. Candidates within ``tolerance`` of the
/// fastest count as equally fast, and of those the most accurate wins
/// (direct and im2col, then smaller tiles): near-ties otherwise flip with
/// the timing noise, and larger tiles lose precision. The filter gradient is
/// chosen the same way, per shape, among its own methods. Once the filters
/// are updated (training), a choice weighs each candidate's update(filters:)
/// with its run, and once the input gradient is asked for in training, with
/// that too: a tile whose input gradient reads its transformed filters and
/// a method that needs no update at all then compare on the whole step.
final class AutomaticChoice: Sendable {
    let bias: [Float]?, padding: Padding, threads: Int
    private let storedFilters: Mutex<Tensor<Float>>
    var filters: Tensor<Float> { storedFilters.withLock { $0 } }
    let instructionSet: InstructionSet
    let filterStorage: FilterStorage
    /// The chosen plan per input geometry, and the last one chosen or used.
    private let chosen = Mutex<[ConvolutionGeometry: Convolution]>([:])
    private let last = Mutex<Convolution?>(nil)
    /// True once the filters have been updated: runs then count the update.
    private let training = Mutex(false)
    /// True once the input gradient has been asked for in training: runs
    /// then count it as well.
    private let inputGradients = Mutex(false)
    /// The filter-gradient method per input geometry. Their results do not
    /// depend on the filters, so new filters leave them as they are.
    private let gradientChosen = Mutex<[ConvolutionGeometry: FilterGradientRunner]>([:])

    /// Timed rounds after the warm-up, each running every candidate once
    /// (a candidate's best round counts).
    static let timedRuns = 5
    /// How much slower than the fastest a candidate may be and still count
    /// as a tie.
    static let tolerance = 0.03

    init(
        filters: Tensor<Float>, bias: [Float]?, padding: Padding, threads: Int, instructionSet: InstructionSet,
        filterStorage: FilterStorage
    ) {
        storedFilters = Mutex(filters)
        self.filterStorage = filterStorage
        self.bias = bias
        self.padding = padding
        self.threads = threads
        self.instructionSet = instructionSet
    }

    /// New filters for the candidates to come and the plans already chosen.
    ///
    /// A plan whose filters change is in a training loop, where every run
    /// also pays for transforming them: the first update forgets the choices
    /// made without that cost, and later choices time update + run.
    func update(filters: Tensor<Float>) throws(TensorError) {
        storedFilters.withLock { $0 = filters }
        let first = training.withLock { training in
            defer { training = true }
            return !training
        }
        if first {
            chosen.withLock { $0 = [:] }
            return
        }
        for plan in chosen.withLock({ Array($0.values) }) {
            try plan.update(filters: filters)
        }
    }

    /// Notes that the input gradient is in use. The first time in training
    /// the choices made without its cost are forgotten, so the next run
    /// chooses counting it; returns true then.
    func noteInputGradient() -> Bool {
        guard training.withLock({ $0 }) else { return false }
        let first = inputGradients.withLock { used in
            defer { used = true }
            return !used
        }
        if first { chosen.withLock { $0 = [:] } }
        return first
    }

    /// Whether choices now count the input gradient (training, and it has
    /// been asked for: only noted in training): it then runs on the chosen
    /// plan, as timed.
    var countsInputGradient: Bool { inputGradients.withLock { $0 } }

    /// The plan the last run used.
    var lastChoice: Convolution? { last.withLock { $0 } }

    /// The plan chosen for inputs of `geometry`, if one has been.
    func choice(for geometry: ConvolutionGeometry) -> Convolution? { chosen.withLock { $0[geometry] } }

    /// The candidates for these filters: Winograd tiles whose transformed
    /// side the stages take (none for 1×1 filters, where there is nothing
    /// to save), then direct and im2col.
    func candidates() throws(TensorError) -> [Convolution] {
        var plans: [Convolution] = []
        for (backend, m) in Self.candidates(r: filters.shape[2], s: filters.shape[3]) {
            plans.append(try plan(backend, m: m))
        }
        return plans
    }

    /// The backends and tiles of the candidates for R×S filters.
    static func candidates(r: Int, s: Int) -> [(backend: Backend, m: Int)] {
        let tiles = r > 1 || s > 1 ? [2, 4, 6].filter { $0 + max(r, s) - 1 <= Int(WR_MAX_SIDE) } : []
        return tiles.map { (Backend.generated, $0) } + [(.direct, 4), (.im2col, 4)]
    }

    /// The fastest candidate for `geometry`, timed on `input` the first time.
    func plan(for geometry: ConvolutionGeometry, input: Tensor<Float>) throws(TensorError) -> Convolution {
        if let known = chosen.withLock({ $0[geometry] }) {
            last.withLock { $0 = known }
            return known
        }
        var output = Tensor<Float>(shape: geometry.outputShape)
        let plans = try candidates()
        let filters = training.withLock { $0 } ? self.filters : nil
        let gradient = countsInputGradient
        let winner = plans[
            try Self.fastest(count: plans.count, errorRank: plans.map(Self.errorRank)) { (index) throws(TensorError) in
                if let filters { try plans[index].update(filters: filters) }
                try plans[index].run(input, into: &output)
                // The output stands in for dL/dY: only the time counts.
                if gradient { _ = try plans[index].inputGradient(outputGradient: output) }
            }]
        chosen.withLock { $0[geometry] = winner }
        last.withLock { $0 = winner }
        return winner
    }

    /// The filter-gradient methods for R×S filters: Winograd F(R×S, m×m) for
    /// m = 2, 4, 6 where the stages take the tile and it keeps float32's
    /// accuracy (``TileAccuracy``), im2col, direct.
    static func gradientCandidates(r: Int, s: Int) -> [FilterGradientMethod] {
        let tiles =
            r > 1 || s > 1
            ? [2, 4, 6].filter { m in
                m + max(r, s) - 1 <= Int(WR_MAX_SIDE)
                    && (try? TileAccuracy.checkFilterGradient(m: m, r: r, s: s)) != nil
            } : []
        return tiles.map { FilterGradientMethod.winograd(m: $0) } + [.im2col, .direct]
    }

    /// The fastest filter-gradient method for `geometry`, timed with
    /// `compute` the first time (the others' scratch is then let go).
    func filterGradientRunner(
        for geometry: ConvolutionGeometry, compute: (FilterGradientRunner) throws(TensorError) -> Void
    ) throws(TensorError) -> FilterGradientRunner {
        if let known = gradientChosen.withLock({ $0[geometry] }) { return known }
        let runners = Self.gradientCandidates(r: geometry.r, s: geometry.s).map(FilterGradientRunner.init)
        let winner = runners[
            try Self.fastest(count: runners.count, errorRank: runners.map(\.method.errorRank)) {
                (index) throws(TensorError) in try compute(runners[index])
            }]
        gradientChosen.withLock { $0[geometry] = winner }
        return winner
    }

    /// Runs each of `count` candidates once (the warm-up: workspaces,
    /// caches), then ``timedRuns`` rounds that run every candidate in turn —
    /// a slow spell of the machine costs each alike — and picks among the
    /// best rounds (``pick(seconds:errorRank:)``).
    static func fastest(count: Int, errorRank: [Int], run: (Int) throws(TensorError) -> Void) throws(TensorError)
        -> Int
    {
        for index in 0..<count { try run(index) }
        var seconds = [Double](repeating: .infinity, count: count)
        let clock = ContinuousClock()
        for _ in 0..<timedRuns {
            for index in 0..<count {
                let start = clock.now
                try run(index)
                let elapsed = clock.now - start
                seconds[index] = min(
                    seconds[index],
                    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            }
        }
        return pick(seconds: seconds, errorRank: errorRank)
    }

    /// The index of the most accurate (lowest `errorRank`) candidate among
    /// those within ``tolerance`` of the fastest.
    static func pick(seconds: [Double], errorRank: [Int]) -> Int {
        let fastest = seconds.min()!
        let ties = seconds.indices.filter { seconds[$0] <= fastest * (1 + tolerance) }
        return ties.min { (errorRank[$0], seconds[$0]) < (errorRank[$1], seconds[$1]) }!
    }

    /// Direct and im2col round least, then Winograd by tile size.
    static func errorRank(_ plan: Convolution) -> Int { plan.tile.map { $0.m * $0.n } ?? 0 }

    private func plan(_ backend: Backend, m: Int) throws(TensorError) -> Convolution {
        try Convolution(
            filters: filters, bias: bias, padding: padding, backend: backend, m: [m], threads: threads,
            instructionSet: instructionSet, filterStorage: filterStorage,
            algebraicPoints: Self.algebraicPoints(backend, m: m, r: filters.shape[2], s: filters.shape[3]))
    }

    /// F(4×4,3×3) runs on ncnn's points 0, ±√2/2, ±√2 (committed kernels, as
    /// fast as 0, ±1, ±2): 2–4× less error, and in training the input
    /// gradient reads the forward filters, so an update transforms them once.
    static func algebraicPoints(_ backend: Backend, m: Int, r: Int, s: Int) -> [AlgebraicPoints] {
        guard backend == .generated, m == 4, r == 3, s == 3,
            let points = try? AlgebraicPoints(parsing: AlgebraicPoints.sqrt2F43, m: 4, r: 3)
        else { return [] }
        return [points]
    }
}
