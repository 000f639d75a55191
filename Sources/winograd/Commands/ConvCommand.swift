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

    @Option(help: ArgumentHelp("Input tensor (.npy) or image (.pgm, .ppm).", valueName: "file"))
    var input: String?

    @Option(help: ArgumentHelp("Filters, K×C×R×S (.npy).", valueName: "file"))
    var filters: String?

    @Option(help: ArgumentHelp("A named image filter: \(NamedFilter.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "name"))
    var filter: String?

    @Option(help: "Random input: batch size.") var n: Int = 1
    @Option(help: "Random input: channels.") var c: Int = 3
    @Option(help: "Random filters: how many.") var k: Int = 8
    @Option(help: "Random input: height.") var h: Int = 32
    @Option(help: "Random input: width.") var w: Int = 32
    @Option(help: "Seed of the random input and filters.") var seed: UInt64 = 1

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Random filters: size r (r×r).", valueName: "r"))
    var r: Int = 3

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Winograd output tile: 4, or rows x columns (4x2).", valueName: "m"))
    var m: String = "4"

    @Option(name: .long, parsing: .unconditionalSingleValue, help: ArgumentHelp("Interpolation points (generic backend); repeat once per axis.", valueName: "list"))
    var points: [String] = []

    @Option(help: ArgumentHelp("Zero padding: one size or top,bottom,left,right (default: (R−1)/2, 'same' for odd filters, with --filter; else 0).", valueName: "p"))
    var padding: String?

    @Option(help: ArgumentHelp("Backend: \(Backend.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "name"))
    var backend: String = "generated"

    @Option(help: "Threads (default: every core).")
    var threads: Int?

    @Option(help: ArgumentHelp("Where to write the result (.npy, .pgm, .ppm).", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("How image outputs map to 0…255: auto, clamp, absolute, range.", valueName: "mode"))
    var imageScaling: String = "auto"

    @Option(name: .customLong("repeat"), help: "Runs to time (the median is reported).")
    var repetitions: Int = 1

    @Flag(help: "The transposed convolution: the input is N×K×H×W, the filters K×C×R×S, the output N×C×H'×W'.")
    var transpose = false

    @Option(help: ArgumentHelp("(winograd grad) the gradient to compute: input or filter.", visibility: .hidden))
    var wrt: String?

    @Option(help: ArgumentHelp("(winograd grad) the output's gradient, N×K×Hout×Wout (.npy); random when absent.", valueName: "file", visibility: .hidden))
    var outputGradient: String?

    @Flag(help: "Compare with float64 direct convolution and print the error statistics.")
    var check = false

    @Flag(help: "Print one JSON object with the sizes, time and errors.")
    var json = false

    func run() throws {
        guard let backend = Backend(rawValue: backend.lowercased()) else {
            throw UserInputError("--backend '\(self.backend)' is not known; give one of \(Backend.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let scaling = ImageScaling(rawValue: imageScaling) else {
            throw UserInputError("--image-scaling '\(imageScaling)' is not known; give auto, clamp, absolute or range")
        }
        let threads = self.threads ?? Machine.cores
        guard threads >= 1 else { throw UserInputError("--threads \(threads); give 1 or more") }
        guard repetitions >= 1 else { throw UserInputError("--repeat \(repetitions); give 1 or more") }
        let x = try loadInput()
        let weights = try loadFilters(channels: transpose ? c : x.shape[1], count: transpose ? x.shape[1] : k)
        let padding = try resolvePadding(filterShape: weights.shape)
        let tile = try parseTile()
        let pointLists: [[InterpolationPoint]]
        do { pointLists = try points.map { list throws(PointsError) in try InterpolationPoint.list(parsing: list) } } catch {
            throw UserInputError("--points: \(error)")
        }
        if !points.isEmpty && backend != .generic && points.map({ $0.filter { $0 != " " } }) != ["0,5/8,-5/8,7/4,-7/4"] {
            throw UserInputError("--points needs --backend generic (the committed kernels use the default points, and F(4×4,3×3) also 0,5/8,-5/8,7/4,-7/4)")
        }
        if transpose || wrt != nil {
            try runTrainingDirection(x, weights, padding: padding, backend: backend, tile: tile, points: pointLists,
                                     threads: threads, scaling: scaling)
            return
        }
        let plan: Convolution
        var y: Tensor<Float>
        do {
            plan = try Convolution(filters: weights, padding: padding, backend: backend, m: tile, points: pointLists, threads: threads)
            y = try plan.run(x)
        } catch {
            throw UserInputError("\(error)")
        }
        var times: [Double] = []
        for _ in 0..<repetitions {
            let start = Clock.now()
            try plan.run(x, into: &y)
            times.append(Clock.now() - start)
        }
        times.sort()
        let seconds = times[times.count / 2]
        let geometry = try ConvolutionGeometry.of(input: x.shape, filters: weights.shape, padding: padding)
        var statistics: ErrorStatistics?
        if check {
            let truth = try DirectConvolution.run(input: x.converted(to: Double.self), filters: weights.converted(to: Double.self),
                                                  padding: padding, threads: threads)
            statistics = ErrorStatistics(y, reference: truth)
        }
        if let output { try write(y, to: output, scaling: scaling) }

        let gflops = geometry.directFlops / seconds / 1e9
        // m: a number for square tiles, "4x2" for others, null without a tile.
        let mJSON = !backend.isWinograd ? "null" : (tile.count == 1 || tile[0] == tile[1] ? "\(tile[0])" : "\"\(tile[0])x\(tile[1])\"")
        if json {
            func number(_ value: Double?) -> String { value.map { $0.isFinite ? "\($0)" : "null" } ?? "null" }
            let fields = [
                "\"backend\": \"\(backend.rawValue)\"", "\"m\": \(mJSON)", "\"r\": \(weights.shape[2] == weights.shape[3] ? "\(weights.shape[2])" : "\"\(weights.shape[2])x\(weights.shape[3])\"")",
                "\"n\": \(geometry.n)", "\"c\": \(geometry.c)", "\"k\": \(geometry.k)", "\"h\": \(geometry.h)", "\"w\": \(geometry.w)",
                "\"padding\": \(padding.top == padding.bottom && padding.left == padding.right && padding.top == padding.left ? "\(padding.top)" : "[\(padding.top), \(padding.bottom), \(padding.left), \(padding.right)]")", "\"threads\": \(threads)", "\"time_ms\": \(number(seconds * 1000))", "\"gflops\": \(number(gflops))",
                "\"mean_abs_error\": \(number(statistics?.meanAbsoluteError))", "\"rel_l2_error\": \(number(statistics?.relativeL2Error))",
                "\"max_abs_error\": \(number(statistics?.maxAbsoluteError))",
            ]
            print("{" + fields.joined(separator: ", ") + "}")
        } else {
            let name = backend.isWinograd ? "\(backend.rawValue) F(\(tile.count == 2 ? "\(tile[0])×\(tile[1])" : "\(tile[0])×\(tile[0])"),\(weights.shape[2])×\(weights.shape[3]))" : backend.rawValue
            print("\(name): \(Tensor<Float>.describe(x.shape)) * \(Tensor<Float>.describe(weights.shape)), padding \(padding) → \(Tensor<Float>.describe(y.shape))")
            print("time \(Clock.milliseconds(seconds)) ms (\(threads) thread\(threads == 1 ? "" : "s")), \(Clock.fixed(gflops, decimals: 1)) GFLOP/s effective")
            if let statistics { print("against float64 direct: \(statistics)") }
            if let output { print("wrote \(output)") }
        }
    }

    func loadInput() throws -> Tensor<Float> {
        guard let input else {
            for (name, value) in [("--n", n), ("--c", c), ("--h", h), ("--w", w)] where value < 1 {
                throw UserInputError("\(name) \(value) is not a size; give 1 or more")
            }
            return Tensor<Float>.random(shape: [n, transpose ? k : c, h, w], seed: seed)
        }
        let bytes = try InputFile.readBytes(input, limit: InputFile.maximumDataBytes, expected: "a readable .npy file or .pgm/.ppm image")
        do {
            if input.lowercased().hasSuffix(".npy") {
                let tensor = try NumPyFile.read(bytes, name: input).float32
                guard tensor.rank == 4 else {
                    throw TensorError("\(input) holds a \(Tensor<Float>.describe(tensor.shape)) array; the input must be 4-D, N×C×H×W")
                }
                return tensor
            }
            if input.lowercased().hasSuffix(".pgm") || input.lowercased().hasSuffix(".ppm") || input.lowercased().hasSuffix(".pnm") {
                return try NetpbmImage.read(bytes, name: input)
            }
        } catch {
            throw UserInputError("\(error)")
        }
        throw UserInputError("--input '\(input)' is neither .npy nor a .pgm/.ppm image")
    }

    func loadFilters(channels: Int, count: Int) throws -> Tensor<Float> {
        switch (filters, filter) {
        case (.some, .some):
            throw UserInputError("give --filters FILE or --filter NAME, not both")
        case (let path?, nil):
            let bytes = try InputFile.readBytes(path, limit: InputFile.maximumDataBytes, expected: "a readable .npy file of K×C×R×S filters")
            do {
                let tensor = try NumPyFile.read(bytes, name: path).float32
                guard tensor.rank == 4 else {
                    throw TensorError("\(path) holds a \(Tensor<Float>.describe(tensor.shape)) array; filters must be 4-D, K×C×R×S")
                }
                return tensor
            } catch {
                throw UserInputError("\(error)")
            }
        case (nil, let name?):
            guard let named = NamedFilter(rawValue: name.lowercased()) else {
                throw UserInputError("--filter '\(name)' is not known; give one of \(NamedFilter.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return named.filters(channels: channels)
        case (nil, nil):
            guard count >= 1 else { throw UserInputError("--k \(count) is not a size; give 1 or more") }
            guard r >= 1 else { throw UserInputError("--r \(r) is not a size; give 1 or more") }
            return Tensor<Float>.random(shape: [count, channels, r, r], seed: seed &+ 1)
        }
    }

    func resolvePadding(filterShape: [Int]) throws -> Padding {
        if let padding {
            do { return try Padding(parsing: padding) } catch { throw UserInputError("--padding: \(error)") }
        }
        // Named filters are odd-sized: pad to keep the image size ("same").
        return filter != nil ? Padding((filterShape[2] - 1) / 2) : .zero
    }

    func parseTile() throws -> [Int] {
        let parts = m.split(omittingEmptySubsequences: false) { $0 == "x" || $0 == "×" }.map { Int($0) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw UserInputError("--m '\(m)' is not a tile; give a size such as 4, or rows x columns such as 4x2")
        }
        return parts.map { $0! }
    }

    func write(_ y: Tensor<Float>, to path: String, scaling: ImageScaling) throws {
        let lower = path.lowercased()
        let bytes: [UInt8]
        do {
            if lower.hasSuffix(".npy") {
                bytes = NumPyFile.encode(y)
            } else if lower.hasSuffix(".pgm") || lower.hasSuffix(".ppm") {
                guard y.shape[0] == 1, y.shape[1] == (lower.hasSuffix(".pgm") ? 1 : 3) || (lower.hasSuffix(".pgm") && y.shape[1] == 3) else {
                    throw TensorError("the result is \(Tensor<Float>.describe(y.shape)); a .pgm needs 1×1×H×W (or 1×3×H×W, shown as grey) and a .ppm 1×3×H×W; write .npy instead")
                }
                let image = lower.hasSuffix(".pgm") && y.shape[1] == 3 ? TestCard.grayscale(y) : y
                bytes = try NetpbmImage.encode(image, scaling: scaling)
            } else {
                throw TensorError("--output '\(path)' must end in .npy, .pgm or .ppm")
            }
        } catch {
            throw UserInputError("\(error)")
        }
        try OutputFiles.write(bytes: bytes, to: path)
    }
}
