import ArgumentParser
import Winograd
import WinogradRuntime

/// `winograd grad`: the gradients of a convolution, with `conv`'s inputs,
/// checks and summary.
struct GradCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grad",
        abstract: "Gradients of a convolution with respect to its input or its filters, on any backend, "
            + "checked against float64.",
        discussion: """
            The input gradient is the transposed convolution of dL/dY (Winograd on the Winograd \
            backends); the filter gradient runs as F(R×S, m×m) on the Winograd backends, \
            im2col + SGEMM on im2col, and as a direct correlation of the input with dL/dY otherwise.

            Example: winograd grad --wrt input --n 2 --c 8 --k 16 --h 20 --w 20 --padding 1 --check
            """
    )

    @Option(help: ArgumentHelp("The gradient to compute.", valueName: GradientTarget.choices))
    var wrt: GradientTarget

    @Option(
        help: ArgumentHelp(
            "The output's gradient dL/dY, N×K×Hout×Wout (.npy); random when absent.",
            valueName: "file"))
    var outputGradient: String?

    @OptionGroup var tensors: TensorOptions

    @OptionGroup var plan: PlanOptions

    func validate() throws {
        if tensors.layout != .nchw {
            throw ValidationError("--layout \(tensors.layout.rawValue) is for conv; grad reads and writes N×C×H×W")
        }
        try tensors.checkConflicts(transpose: false, randomGradient: outputGradient == nil)
        // The filter gradient runs F(R×S, m×m) on its own points: a tile's points or moduli would be ignored.
        if wrt == .filter, !plan.points.isEmpty || !plan.moduli.isEmpty {
            throw ValidationError(
                "--wrt filter runs F(R×S, m×m) on the default points; --points and --moduli apply to "
                    + "--wrt input; drop them or give --wrt input")
        }
    }

    func run() throws {
        if let output = tensors.output { try OutputFiles.checkWritable(output, option: "--output") }
        let threads = tensors.threadCount
        let memory = MemoryLimit(option: tensors.maxMemory)
        if tensors.input == nil {
            // Random data: the estimate of what is made first, before it is made.
            try memory.check([
                ("input", MemoryUse.tensorBytes([tensors.n, tensors.c, tensors.h, tensors.w])),
                (
                    "filters",
                    tensors.filters == nil && tensors.filter == nil
                        ? MemoryUse.tensorBytes([tensors.k, tensors.c, tensors.r, tensors.r]) : 0
                ),
            ])
        }
        let x = try tensors.loadInput(channels: tensors.c)
        let weights = try tensors.loadFilters(channels: x.shape[1], count: tensors.k)
        let padding = try tensors.resolvePadding(filterShape: weights.shape)
        let tile = try plan.tile()
        let points = try plan.pointLists(filterShape: weights.shape)
        try plan.checkAccuracy(filterShape: weights.shape, filterGradient: wrt == .filter)
        try tensors.checkOutput(
            batch: wrt == .input ? x.shape[0] : weights.shape[0],
            channels: wrt == .input ? x.shape[1] : weights.shape[1])
        let geometry: ConvolutionGeometry
        do { geometry = try ConvolutionGeometry.of(input: x.shape, filters: weights.shape, padding: padding) } catch {
            throw UserInputError("\(error)")
        }
        try checkMemory(memory, geometry: geometry, tile: tile, threads: threads)
        let dy = try loadOutputGradient(shape: geometry.outputShape)
        let result: Tensor<Float>
        let truth: Tensor<Float>?
        let timings: TrainingTimings
        do {
            // The updates give the same filters again: same results, the cost of new ones.
            (timings, result) = try TrainingTimings.measure(
                runs: tensors.repetitions,
                makePlan: {
                    try Convolution(
                        filters: weights, padding: padding, backend: plan.backend, m: tile,
                        points: points, threads: threads, instructionSet: plan.instructionSet,
                        filterStorage: plan.filterStorage,
                        algebraicPoints: plan.algebraicPoints(filterShape: weights.shape),
                        moduli: plan.moduliLists(filterShape: weights.shape))
                },
                call: { forward in
                    switch wrt {
                    case .input: try forward.inputGradient(outputGradient: dy)
                    case .filter: try forward.filterGradient(input: x, outputGradient: dy)
                    }
                },
                update: { try $0.update(filters: weights) })
            let reference = try Convolution(filters: weights, padding: padding, backend: .direct64, threads: threads)
            switch wrt {
            case .input: truth = tensors.check ? try reference.inputGradient(outputGradient: dy) : nil
            case .filter: truth = tensors.check ? try reference.filterGradient(input: x, outputGradient: dy) : nil
            }
        } catch let error as UserInputError {
            throw error
        } catch {
            throw UserInputError("\(error)")
        }
        try FiniteValues.check(
            result, from: wrt == .input ? [weights, dy] : [x, dy], what: "gradient with respect to the \(wrt.rawValue)")
        if let output = tensors.output { try tensors.write(result, to: output) }
        TrainingSummary(
            operation: "grad-\(wrt.rawValue)", what: "gradient with respect to the \(wrt.rawValue)",
            backend: plan.backend, tile: tile, inputShape: x.shape, filterShape: weights.shape,
            resultShape: result.shape, padding: padding,
            threads: threads, timings: timings, flops: geometry.directFlops,
            statistics: truth.map { ErrorStatistics(result, reference: $0) }, output: tensors.output
        ).print(asJSON: tensors.json)
    }

    /// Refuses a run on `geometry` whose tensors, plans and workspace
    /// would need more than `memory` allows: the input, filters, dL/dY and
    /// result, the forward plan's transformed filters (Winograd), the
    /// gradient's own plan and workspace, and --check's float64 gradient.
    func checkMemory(_ memory: MemoryLimit, geometry g: ConvolutionGeometry, tile: [Int], threads: Int) throws {
        let tileSize = (m: tile[0], n: tile.count > 1 ? tile[1] : tile[0])
        let backend = plan.backend
        // A tile from moduli has N₀×N₁ transformed values, more than n₀×n₁.
        let products = try plan.products(filterShape: [g.k, g.c, g.r, g.s])
        func use(_ backend: Backend) -> MemoryUse {
            switch wrt {
            case .input:
                Convolution.inputGradientMemoryUse(
                    backend: backend, tile: tileSize, geometry: g, products: backend.isWinograd ? products : nil)
            case .filter:
                Convolution.filterGradientMemoryUse(backend: backend, tile: tileSize.m, geometry: g, threads: threads)
            }
        }
        let gradient = use(backend)
        let result = MemoryUse.tensorBytes(wrt == .input ? [g.n, g.c, g.h, g.w] : [g.k, g.c, g.r, g.s])
        var parts = [
            ("input", MemoryUse.tensorBytes([g.n, g.c, g.h, g.w])),
            ("filters", MemoryUse.tensorBytes([g.k, g.c, g.r, g.s])),
            ("output gradient", MemoryUse.tensorBytes(g.outputShape)), ("result", result),
            (
                "transformed filters",
                backend.isWinograd
                    ? Convolution.memoryUse(backend: backend, tile: tileSize, geometry: g, products: products).plan : 0
            ),
            ("gradient plan", gradient.plan), ("workspace", gradient.workspace),
        ]
        if tensors.check { parts += [("float64 check", MemoryUse.saturatingSum([use(.direct64).total, result]))] }
        try memory.check(parts)
    }

    func loadOutputGradient(shape: [Int]) throws -> Tensor<Float> {
        guard let path = outputGradient else { return Tensor<Float>.random(shape: shape, seed: tensors.seed &+ 2) }
        let bytes = try InputFile.readBytes(
            path, limit: InputFile.maximumDataBytes,
            expected: "a readable .npy file of N×K×Hout×Wout")
        let tensor: Tensor<Float>
        do { tensor = try FiniteValues.float32(NumPyFile.read(bytes, name: path), path: path) } catch let error
            as UserInputError
        {
            throw error
        } catch { throw UserInputError("\(error)") }
        guard tensor.shape == shape else {
            throw UserInputError(
                "--output-gradient \(path) is \(Tensor<Float>.describe(tensor.shape)) but must be "
                    + "\(Tensor<Float>.describe(shape)), the convolution's output")
        }
        return tensor
    }
}
