import ArgumentParser
import Winograd
import WinogradRuntime

struct ConvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conv",
        abstract: "Convolve (correlate) tensors or images with Winograd or a reference backend, timed and checked.",
        discussion: """
            Input: --input FILE (.npy N×C×H×W, float32 or float64; .pgm/.ppm image), or random \
            Uniform[−1, 1] data (--n --c --h --w --seed). Filters: --filters FILE.npy (K×C×R×S), \
            --filter NAME for images (sobel-x, sobel-y, laplacian, gaussian, gaussian5, sharpen; each \
            channel on its own), or random (--k --r). Output: --output FILE (.npy, or .pgm/.ppm for \
            1- or 3-channel results).

            Examples:
              winograd conv --input Examples/images/testcard.ppm --filter sobel-x --output edges.pgm --check
              winograd conv --n 1 --c 64 --k 64 --h 56 --w 56 --padding 1 --m 4 --threads 2 --check --json
            """
    )

    @OptionGroup var tensors: TensorOptions

    @OptionGroup var plan: PlanOptions

    @Flag(help: "The transposed convolution: the input is N×K×H×W, the filters K×C×R×S, the output N×C×H'×W'.")
    var transpose = false

    @Flag(
        help: ArgumentHelp(
            "Time each stage of a Winograd run on every thread (input, product, output and the waiting "
                + "between them, over the --repeat runs) and the product's rate against one core's FMA peak."))
    var breakdown = false

    func validate() throws {
        if breakdown && (transpose || tensors.layout != .nchw) {
            throw ValidationError("--breakdown times the forward convolution in NCHW; drop --transpose and --layout")
        }
        if transpose && tensors.layout != .nchw {
            throw ValidationError(
                "--layout \(tensors.layout.rawValue) is for the forward convolution; drop it or --transpose")
        }
        try tensors.checkConflicts(transpose: transpose)
    }

    func run() throws {
        if let output = tensors.output { try OutputFiles.checkWritable(output, option: "--output") }
        let backend = plan.backend
        let threads = tensors.threadCount
        let memory = MemoryLimit(option: tensors.maxMemory)
        let x: Tensor<Float>
        let weights: Tensor<Float>
        if tensors.input == nil {
            // Random data: the filters first, then the estimate, then the input it counts.
            let channels = transpose ? tensors.k : tensors.c
            let filterShape = [
                transpose ? channels : tensors.k, transpose ? tensors.c : channels, tensors.r, tensors.r,
            ]
            try memory.check([
                ("input", MemoryUse.tensorBytes([tensors.n, channels, tensors.h, tensors.w])),
                ("filters", tensors.filters == nil && tensors.filter == nil ? MemoryUse.tensorBytes(filterShape) : 0),
            ])
            weights = try tensors.loadFilters(channels: filterShape[1], count: filterShape[0])
            try checkMemory(memory, inputShape: [tensors.n, channels, tensors.h, tensors.w], weights.shape)
            x = try tensors.loadInput(channels: channels)
        } else {
            x = try tensors.loadInput(channels: transpose ? tensors.k : tensors.c)
            weights = try tensors.loadFilters(
                channels: transpose ? tensors.c : x.shape[1],
                count: transpose ? x.shape[1] : tensors.k)
            try checkMemory(memory, inputShape: x.shape, weights.shape)
        }
        let padding = try tensors.resolvePadding(filterShape: weights.shape)
        let tile = try plan.tile()
        let pointLists = try plan.pointLists(filterShape: weights.shape)
        try plan.checkAccuracy(filterShape: weights.shape)
        let channels = transpose ? weights.shape[1] : weights.shape[0]
        try tensors.checkOutput(batch: x.shape[0], channels: channels)
        if transpose {
            try runTranspose(x, weights, padding: padding, tile: tile, points: pointLists, threads: threads)
            return
        }
        // The memory the plan and its runs take beyond the loaded input and filters.
        Machine.resetPeakMemory()
        let loaded = Machine.residentMemory
        let convolution: Convolution
        var y: Tensor<Float>
        do {
            convolution = try Convolution(
                filters: weights, padding: padding, backend: backend, m: tile,
                points: pointLists, threads: threads, instructionSet: plan.instructionSet,
                filterStorage: plan.filterStorage,
                algebraicPoints: plan.algebraicPoints(filterShape: weights.shape),
                moduli: plan.moduliLists(filterShape: weights.shape))
            y = try convolution.run(x)
        } catch {
            throw UserInputError("\(error)")
        }
        // NHWC: the library's layout-taking call, conversions inside the timed region.
        let layout = tensors.layout
        let given = x.converted(from: .nchw, to: layout)
        var times: [Double] = []
        var result = given
        for _ in 0..<tensors.repetitions {
            let start = Clock.now()
            if layout == .nchw {
                try convolution.run(x, into: &y)
            } else {
                result = try convolution.run(given, layout: layout)
            }
            times.append(Clock.now() - start)
        }
        if layout != .nchw { y = result.converted(from: layout, to: .nchw) }
        times.sort()
        let seconds = times[times.count / 2]
        let peak = Machine.residentMemory.map(\.peak)
        let measured = loaded.flatMap { loaded in peak.map { MeasuredMemory(loaded: loaded.current, peak: $0) } }
        let geometry = try ConvolutionGeometry.of(input: x.shape, filters: weights.shape, padding: padding)
        var statistics: ErrorStatistics?
        if tensors.check {
            let truth = try DirectConvolution.run(
                input: x.converted(to: Double.self),
                filters: weights.converted(to: Double.self),
                padding: padding, threads: threads)
            statistics = ErrorStatistics(y, reference: truth)
        }
        try FiniteValues.check(y, from: [x, weights], what: "convolution")
        if let output = tensors.output { try tensors.write(y, to: output) }

        let gflops = geometry.directFlops / seconds / 1e9
        // What the plan that ran holds and uses (for auto, its choice).
        let memoryUse = try (convolution.chosen ?? convolution).memoryUse(inputShape: x.shape)
        let stages = try breakdown ? StagesSummary(convolution, input: x, runs: tensors.repetitions) : nil
        if tensors.json {
            let summary = Self.summary(
                convolution, layout: layout, filterShape: weights.shape, geometry: geometry, padding: padding,
                threads: threads, seconds: seconds, statistics: statistics, memory: memoryUse, measured: measured)
            print(stages.map { JSONSummary.joined(summary, $0.json) }?.serialized() ?? summary.serialized())
        } else {
            let shapes = "\(Tensor<Float>.describe(x.shape)) * \(Tensor<Float>.describe(weights.shape))"
            let method = backend == .auto ? "auto → \(convolution.method)" : convolution.method
            print("\(method): \(shapes), padding \(padding) → " + Tensor<Float>.describe(y.shape))
            print(
                "kernels \(convolution.kernels)"
                    + (convolution.emittedKernelName.map { " (\($0))" } ?? "")
                    + (convolution.filterStorage == .float32
                        ? "" : ", transformed filters stored as \(convolution.filterStorage.rawValue)"))
            print(
                "time \(Clock.milliseconds(seconds)) ms (\(threads) thread\(threads == 1 ? "" : "s")), "
                    + "\(Clock.fixed(gflops, decimals: 1)) GFLOP/s effective")
            print(
                "memory: transformed filters \(ByteCount.describe(memoryUse.plan)), "
                    + "workspace \(ByteCount.describe(memoryUse.workspace))"
                    + (measured.map {
                        "; measured peak \(ByteCount.describe($0.peak)) resident, "
                            + "\(ByteCount.describe($0.added)) above the loaded input and filters"
                    } ?? ""))
            if let stages { for line in stages.lines { print(line) } }
            if let statistics { print("against float64 direct: \(statistics)") }
            if let output = tensors.output { print("wrote \(output)") }
        }
    }

    /// Refuses a run on these shapes whose tensors, plan and workspace
    /// would need more than `memory` allows (forward or, with --transpose,
    /// transposed).
    func checkMemory(_ memory: MemoryLimit, inputShape: [Int], _ filterShape: [Int]) throws {
        let padding = try tensors.resolvePadding(filterShape: filterShape)
        if transpose {
            try checkTransposeMemory(memory, inputShape: inputShape, filterShape, padding: padding)
            return
        }
        let geometry: ConvolutionGeometry
        do {
            geometry = try ConvolutionGeometry.of(input: inputShape, filters: filterShape, padding: padding)
        } catch {
            throw UserInputError("\(error)")
        }
        let tile = try plan.tile()
        let use = Convolution.memoryUse(
            backend: plan.backend, tile: (tile[0], tile.count > 1 ? tile[1] : tile[0]), geometry: geometry,
            filterStorage: plan.filterStorage, threads: tensors.threadCount,
            products: try plan.products(filterShape: filterShape))
        let input = MemoryUse.tensorBytes(inputShape)
        let filters = MemoryUse.tensorBytes(filterShape)
        let output = MemoryUse.tensorBytes([geometry.n, geometry.k, geometry.outputHeight, geometry.outputWidth])
        let double = { (bytes: Int) in MemoryUse.saturatingSum([bytes, bytes]) }
        var parts = [
            ("input", input), ("filters", filters), ("output", output), ("transformed filters", use.plan),
            ("workspace", use.workspace),
        ]
        // The float64 reference, its input and filters; NHWC's converted copies.
        if tensors.check { parts += [("float64 check", double(MemoryUse.saturatingSum([input, filters, output])))] }
        if tensors.layout != .nchw { parts += [("layout copies", input + output)] }
        try memory.check(parts)
    }

    /// `conv --json`: m is a number for square tiles, "4x2" for others and
    /// null without a tile; r likewise; padding one number or four; method
    /// what computed ("generated F(4×4,3×3)", for `auto` its choice) and
    /// kernels the path that ran ("emitted-avx512", "dense-avx2", "direct-avx512", …).
    static func summary(
        _ convolution: Convolution, layout: TensorLayout, filterShape: [Int], geometry: ConvolutionGeometry,
        padding: Padding, threads: Int, seconds: Double, statistics: ErrorStatistics?, memory: MemoryUse,
        measured: MeasuredMemory?
    ) -> JSONValue {
        let tile = (convolution.chosen ?? convolution).tile.map { [$0.m, $0.n] }
        func size(_ sizes: [Int]) -> JSONValue {
            sizes.count == 1 || sizes.allSatisfy({ $0 == sizes[0] })
                ? .integer(sizes[0]) : .string(sizes.map(String.init).joined(separator: "x"))
        }
        let sides = [padding.top, padding.bottom, padding.left, padding.right]
        let fields: JSONValue = [
            "backend": .string(convolution.backend.rawValue), "method": .string(convolution.method),
            "kernels": .string(convolution.kernels), "m": tile.map(size) ?? .null,
            "filter_storage": .string(convolution.filterStorage.rawValue),
            "r": size([filterShape[2], filterShape[3]]),
            "n": .integer(geometry.n), "c": .integer(geometry.c), "k": .integer(geometry.k),
            "h": .integer(geometry.h), "w": .integer(geometry.w),
            "padding": Set(sides).count == 1 ? .integer(padding.top) : .array(sides.map(JSONValue.integer)),
            "layout": .string(layout.rawValue),
            "threads": .integer(threads), "time_ms": .double(seconds * 1000),
            "gflops": .double(geometry.directFlops / seconds / 1e9),
            "plan_bytes": .integer(memory.plan), "workspace_bytes": .integer(memory.workspace),
            "peak_rss_bytes": measured.map { .integer($0.peak) } ?? .null,
            "added_rss_bytes": measured.map { .integer($0.added) } ?? .null,
        ]
        return JSONSummary.joined(fields, JSONSummary.errors(statistics))
    }
}

/// The resident memory a conv run measured: after loading its input and
/// filters, and the peak while planning and running (before `--check`).
struct MeasuredMemory {
    var loaded: Int, peak: Int
    /// What planning and running added to the loaded data.
    var added: Int { max(0, peak - loaded) }
}
