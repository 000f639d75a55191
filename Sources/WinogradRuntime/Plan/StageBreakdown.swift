/// Where a Winograd plan's runs spend their time: each stage's busy time
/// and the threads' waiting, per run, summed over the threads (so a stage
/// that keeps 2 threads busy for 1 ms counts 2 ms).
///
/// ```swift
/// if let breakdown = try plan.stageBreakdown(of: x, runs: 100) {
///     for stage in breakdown.stages { print(stage.name, stage.busy, stage.waiting) }
/// }
/// ```
public struct StageBreakdown: Sendable {
    public struct Stage: Sendable {
        /// "input", "product", "output", or "end" (the wait for the last
        /// thread to finish; nothing is busy in it).
        public var name: String
        /// Seconds per run, summed over the threads.
        public var busy: Double, waiting: Double
    }

    public var stages: [Stage]
    /// Wall seconds per run (the mean of the timed runs).
    public var wall: Double
    public var runs: Int, threads: Int
    /// The product's floating-point operations per run without padding:
    /// 2 · positions · K · C · tiles.
    public var productFlops: Double

    /// The product's rate per busy thread, in FLOP/s.
    public var productRate: Double {
        guard let product = stages.first(where: { $0.name == "product" }), product.busy > 0 else { return 0 }
        return productFlops / product.busy
    }
}

extension Convolution {
    /// Runs `input` `runs` times after one warm-up run, with each stage of
    /// the Winograd engine timed on every thread; for `auto`, the plan it
    /// chooses for this input. Nil for the other backends, which have no
    /// stages.
    public func stageBreakdown(of input: Tensor<Float>, runs: Int) throws(TensorError) -> StageBreakdown? {
        let geometry = try ConvolutionGeometry.of(input: input.shape, filters: filterShape, padding: padding)
        if let automatic {
            return try automatic.plan(for: geometry, input: input).stageBreakdown(of: input, runs: runs)
        }
        guard let engine, runs >= 1 else { return nil }
        var output = Tensor<Float>(shape: geometry.outputShape)
        try run(input, into: &output)
        let tiles = engine.passTiles(geometry)
        let timing = PhaseTiming(phases: 3)
        let start = PhaseTiming.now()
        withCached(
            self.workspace, fits: { $0.fits(tiles: tiles, workers: threads) },
            make: { engine.makeWorkspace(geometry, threads: threads) }
        ) { workspace in
            input.elements.withUnsafeBufferPointer { x in
                output.elements.withUnsafeMutableBufferPointer { y in
                    for _ in 0..<runs {
                        engine.run(
                            input: x.baseAddress!, geometry: geometry, output: y.baseAddress!, workspace: workspace,
                            threads: threads, timing: timing)
                    }
                }
            }
        }
        let wall = (PhaseTiming.now() - start) / Double(runs)
        let names = ["input", "product", "output", "end"]
        let stages = zip(names, timing.totals).map { name, total in
            StageBreakdown.Stage(name: name, busy: total.busy / Double(runs), waiting: total.waiting / Double(runs))
        }
        let flops =
            2.0 * Double(engine.positions) * Double(engine.k) * Double(engine.c) * Double(engine.tiles(geometry))
        return StageBreakdown(stages: stages, wall: wall, runs: runs, threads: threads, productFlops: flops)
    }
}
