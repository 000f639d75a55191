import ArgumentParser
import Winograd
import WinogradRuntime

struct BenchConvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conv",
        abstract:
            "Time Winograd tiles against im2col and direct convolution on standard layers, "
            + "as a fraction of this machine's FMA peak.",
        discussion: """
            For each layer (N, C, K, H×W, padding) and thread count: F(2×2,3×3), F(4×4,3×3), F(6×6,3×3) \
            (committed kernels), generic F(4×4,3×3), im2col + SGEMM, direct float32, and auto (its \
            choice named, e.g. "auto → F(6x6)"; its timing of the candidates happens before the timed \
            runs). Times are medians \
            of repeated runs after a warm-up (plans are built first and not timed); GFLOP/s are effective, \
            counted as direct convolution (2·N·K·C·Hout·Wout·R·S). Errors are max |y − y64| / max |y64| \
            against float64 direct. The FMA peak is measured in the same run.

            The training direction follows each layer: the transposed convolution (the input gradient) \
            with F(4×4,3×3) and with col2im, and the filter gradient with Winograd F(3×3,4×4), with im2col \
            + SGEMM (as frameworks compute it) and by direct correlation. Their "vs" column is against \
            col2im and im2col's filter gradient.
            """
    )

    @Option(help: ArgumentHelp("Thread counts to run, e.g. 1,2.", valueName: "list"))
    var threads = CommaSeparated<Int>([1, 2])

    @Option(help: "Minimum timed runs per configuration.")
    var repetitions: Int = 5

    @Flag(help: "Small layers only (a smoke test of the command).")
    var quick = false

    static let layers = BenchLayer.deep + [BenchLayer(n: 8, c: 3, k: 16, h: 150, w: 150, padding: 0)]

    static let configurations: [(label: String, backend: Backend, m: Int, points: String?)] = [
        ("F(2x2,3x3)", .generated, 2, nil), ("F(4x4,3x3)", .generated, 4, nil),
        ("F(4x4) searched", .generated, 4, NamedPointSet.searched.list(m: 4, r: 3)), ("F(6x6,3x3)", .generated, 6, nil),
        ("generic F(4x4)", .generic, 4, nil), ("im2col", .im2col, 0, nil), ("direct", .direct, 0, nil),
        ("auto", .auto, 0, nil),
    ]

    func validate() throws {
        try BenchLayer.checkThreads(threads)
        guard (1...TensorOptions.maximumRepetitions).contains(repetitions) else {
            throw ValidationError("--repetitions \(repetitions); give 1 to \(TensorOptions.maximumRepetitions)")
        }
    }

    func run() throws {
        let threadCounts = threads.elements
        var peaks: [Int: Double] = [:]
        for count in threadCounts { peaks[count] = FMAPeak.measure(threads: count, seconds: 0.3) }
        print(
            "FMA peak (\(FMAPeak.instructionSet), single precision): "
                + threadCounts.map {
                    "\($0) thread\($0 == 1 ? "" : "s") \(Clock.fixed(peaks[$0]!, decimals: 1)) GFLOP/s"
                }.joined(separator: ", "))
        print("")
        print("layer (N,C,K,H×W)     threads  method              ms        GFLOP/s  of peak  vs im2col  error")
        let layers = quick ? BenchLayer.quick : Self.layers
        for layer in layers {
            let x = Tensor<Float>.random(shape: [layer.n, layer.c, layer.h, layer.w], seed: 1)
            let filters = Tensor<Float>.random(shape: [layer.k, layer.c, 3, 3], seed: 2)
            let padding = Padding(layer.padding)
            let geometry = try ConvolutionGeometry.of(input: x.shape, filters: filters.shape, padding: padding)
            let truth = try DirectConvolution.run(
                input: x.converted(to: Double.self), filters: filters.converted(to: Double.self),
                padding: padding, threads: threadCounts.max()!)
            let scale = truth.elements.map(\.magnitude).max() ?? 1
            for count in threadCounts {
                var rows: [(String, Double, Double)] = []
                for configuration in Self.configurations {
                    let points = try configuration.points.map { [try InterpolationPoint.list(parsing: $0)] } ?? []
                    let plan = try Convolution(
                        filters: filters, padding: padding, backend: configuration.backend,
                        m: [max(1, configuration.m)], points: points, threads: count)
                    var y = try plan.run(x)
                    let seconds = try Clock.median(minimumRuns: repetitions, minimumSeconds: 0.2) {
                        try plan.run(x, into: &y)
                    }
                    let error = ErrorStatistics(y, reference: truth).maxAbsoluteError / scale
                    // auto: its choice, e.g. "auto → F(6x6)".
                    let label = plan.chosen.map { choice in
                        "auto → " + (choice.tile.map { "F(\($0.m)x\($0.n))" } ?? choice.backend.rawValue)
                    }
                    rows.append((label ?? configuration.label, seconds, error))
                }
                // The training direction: transposed convolution (= input gradient) and the
                // filter gradient, timed against col2im, errors against float64.
                let dy = Tensor<Float>.random(shape: geometry.outputShape, seed: 3)
                let transposeTruth = try ConvolutionTranspose(
                    filters: filters, padding: padding, backend: .direct64, threads: count
                ).run(dy)
                let filterTruth = try Convolution(
                    filters: filters, padding: padding, backend: .direct64, threads: count
                )
                .filterGradient(input: x, outputGradient: dy)
                var training: [(String, Double, Double)] = []
                for (label, backend, m) in [
                    ("transpose F(4x4)", Backend.generated, 4), ("transpose col2im", .im2col, 4),
                ] {
                    let transpose = try ConvolutionTranspose(
                        filters: filters, padding: padding, backend: backend, m: [m], threads: count)
                    var y = try transpose.run(dy)
                    let seconds = try Clock.median(minimumRuns: repetitions, minimumSeconds: 0.2) {
                        y = try transpose.run(dy)
                    }
                    let scale = Double(transposeTruth.elements.map(\.magnitude).max() ?? 1)
                    training.append(
                        (label, seconds, ErrorStatistics(y, reference: transposeTruth).maxAbsoluteError / scale))
                }
                let filterScale = Double(filterTruth.elements.map(\.magnitude).max() ?? 1)
                for (label, backend) in [
                    ("grad filter F(4x4)", Backend.generated), ("grad filter im2col", .im2col),
                    ("grad filter direct", .direct),
                ] {
                    let forward = try Convolution(
                        filters: filters, padding: padding, backend: backend, m: [4], threads: count)
                    var gradient = try forward.filterGradient(input: x, outputGradient: dy)
                    let seconds = try Clock.median(minimumRuns: repetitions, minimumSeconds: 0.2) {
                        gradient = try forward.filterGradient(input: x, outputGradient: dy)
                    }
                    training.append(
                        (
                            label, seconds,
                            ErrorStatistics(gradient, reference: filterTruth).maxAbsoluteError / filterScale
                        ))
                }
                // Each row against its classic method: im2col, col2im, or im2col's filter gradient.
                let col2im = training[1].1
                let gradientIm2col = training[3].1
                let im2col = rows.first { $0.0 == "im2col" }!.1
                for (label, seconds, error) in rows + training {
                    let baseline =
                        label.hasPrefix("grad") ? gradientIm2col : label.hasPrefix("transpose") ? col2im : im2col
                    let gflops = geometry.directFlops / seconds / 1e9
                    let cells = [
                        layer.name.padded(to: 22), String(count).padded(to: 8), label.padded(to: 19),
                        Clock.milliseconds(seconds).leftPadded(to: 8),
                        Clock.fixed(gflops, decimals: 1).leftPadded(to: 10),
                        (Clock.fixed(100 * gflops / peaks[count]!, decimals: 0) + "%").leftPadded(to: 8),
                        (Clock.fixed(baseline / seconds, decimals: 2) + "×").leftPadded(to: 10),
                        "  " + ErrorStatistics.scientific(error),
                    ]
                    print(cells.joined(separator: " "))
                }
            }
        }
    }
}
