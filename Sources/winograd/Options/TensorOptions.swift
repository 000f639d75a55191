import ArgumentParser
import Winograd
import WinogradRuntime

/// The tensors of a convolution and where its result goes (`conv`, `grad`):
/// files or random data, padding, threads, timing and checking.
struct TensorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Input tensor (.npy) or image (.pgm, .ppm).", valueName: "file"))
    var input: String?

    @Option(
        help: ArgumentHelp(
            "Layout of the input and output tensors: nchw, or nhwc (channels-last; converted inside the timed "
                + "call, as the library does).", valueName: "layout"))
    var layout: TensorLayout = .nchw

    @Option(help: ArgumentHelp("Filters, K×C×R×S (.npy).", valueName: "file"))
    var filters: String?

    @Option(help: ArgumentHelp("A named image filter (each channel on its own).", valueName: "name"))
    var filter: NamedFilter?

    // The sizes of random data are optional so that one given beside the file it would describe is an error
    // (``checkConflicts(transpose:)``), not ignored.
    @Option(name: .customLong("n"), help: "Random input: batch size (default: 1).") var nOption: Int?
    @Option(name: .customLong("c"), help: "Random input: channels (default: 3).") var cOption: Int?
    @Option(name: .customLong("k"), help: "Random filters: how many (default: 8).") var kOption: Int?
    @Option(name: .customLong("h"), help: "Random input: height (default: 32).") var hOption: Int?
    @Option(name: .customLong("w"), help: "Random input: width (default: 32).") var wOption: Int?
    // Optional so that a seed where no data is random is an error (``checkConflicts(transpose:randomGradient:)``).
    @Option(name: .customLong("seed"), help: "Seed of the random input and filters (default: 1).")
    var seedOption: UInt64?

    @Option(
        name: .customLong("r"), parsing: .unconditional,
        help: ArgumentHelp("Random filters: size r (r×r) (default: 3).", valueName: "r"))
    var rOption: Int?

    var n: Int { nOption ?? 1 }
    var c: Int { cOption ?? 3 }
    var k: Int { kOption ?? 8 }
    var h: Int { hOption ?? 32 }
    var w: Int { wOption ?? 32 }
    var r: Int { rOption ?? 3 }
    var seed: UInt64 { seedOption ?? 1 }

    @Option(
        help: ArgumentHelp(
            "Zero padding: one size or top,bottom,left,right (default: (R−1)/2, 'same' for odd "
                + "filters, with --filter; else 0).", valueName: "p"))
    var padding: String?

    @Option(help: "Threads (default: every core).")
    var threads: Int?

    @Option(name: .customLong("repeat"), help: "Runs to time (the median is reported).")
    var repetitions: Int = 1

    @Flag(help: "Compare with float64 direct convolution and print the error statistics.")
    var check = false

    @Flag(help: "Print one JSON object with the sizes, time and errors.")
    var json = false

    @Option(help: ArgumentHelp("Where to write the result (.npy, .pgm, .ppm).", valueName: "file"))
    var output: String?

    // Optional so that it is an error beside an output that is no image.
    @Option(
        name: .customLong("image-scaling"),
        help: ArgumentHelp("How image outputs map to 0…255 (default: auto).", valueName: "mode"))
    var imageScalingOption: ImageScaling?

    var imageScaling: ImageScaling { imageScalingOption ?? .auto }

    @Option(
        name: .customLong("max-memory"),
        help: ArgumentHelp(
            "The most memory the run may need (bytes, or 512M, 64G, …); default: what the machine has available.",
            valueName: "size"))
    var maxMemory: ByteCount?

    func validate() throws {
        for (name, value) in [("--n", n), ("--c", c), ("--k", k), ("--h", h), ("--w", w)] where value < 1 {
            throw ValidationError("\(name) \(value) is not a size; give 1 or more")
        }
        guard r >= 1 else { throw ValidationError("--r \(r) is not a size; give 1 or more") }
        let limit = ConvolutionGeometry.maximumElements
        for (name, shape) in [
            ("--n --c --h --w", [n, c, h, w]), ("--n --k --h --w", [n, k, h, w]), ("--k --c --r", [k, c, r, r]),
        ] {
            guard let count = ConvolutionGeometry.elementCount(shape), count <= limit else {
                throw ValidationError(
                    "\(name) \(shape.map(String.init).joined(separator: " ")) make a tensor of more than \(limit) "
                        + "elements, the most the runtime's 32-bit geometry takes; give smaller sizes")
            }
        }
        if let threads, !(1...Self.maximumThreads).contains(threads) {
            throw ValidationError("--threads \(threads); give 1 to \(Self.maximumThreads)")
        }
        guard (1...Self.maximumRepetitions).contains(repetitions) else {
            throw ValidationError("--repeat \(repetitions); give 1 to \(Self.maximumRepetitions) runs to time")
        }
        if filters != nil && filter != nil { throw ValidationError("give --filters FILE or --filter NAME, not both") }
        if let output, ![".npy", ".pgm", ".ppm"].contains(where: output.lowercased().hasSuffix) {
            throw ValidationError("--output '\(output)' must end in .npy, .pgm or .ppm")
        }
        if let scaling = imageScalingOption, !(output.map(Self.isImage) ?? false) {
            throw ValidationError(
                "--image-scaling \(scaling.rawValue) maps an image output to 0…255; "
                    + (output.map { "--output \($0) is no image" } ?? "there is no --output")
                    + "; give it only with a .pgm or .ppm --output")
        }
        if layout == .nhwc, let input, Self.isImage(input) {
            throw ValidationError(
                "--layout nhwc describes .npy tensors; --input \(input) is an image, read as N×C×H×W; "
                    + "drop --layout or give a .npy input")
        }
    }

    /// Whether `path` names a Netpbm image (.pgm, .ppm, .pnm), by its extension.
    static func isImage(_ path: String) -> Bool {
        [".pgm", ".ppm", ".pnm"].contains(where: path.lowercased().hasSuffix)
    }

    /// Sizes of random data given beside the files that replace that data
    /// are an error rather than ignored. The forward convolution's input is
    /// N×C×H×W and its filters K×C×R×R; the transposed one's input is
    /// N×K×H×W and its filters K×C×R×R.
    /// `randomGradient`: the command also draws an output gradient from the seed.
    func checkConflicts(transpose: Bool, randomGradient: Bool = false) throws {
        if let seedOption, input != nil, filters != nil || filter != nil, !randomGradient {
            let source =
                "--input \(input!) and " + (filters.map { "--filters \($0)" } ?? "--filter \(filter!.rawValue)")
            throw ValidationError(
                "--seed \(seedOption) would be ignored beside \(source): no data is random; "
                    + "give --seed only for random data")
        }
        var unused: [(option: String, value: Int?)] = []
        if input != nil {
            unused += [
                ("--n", nOption), transpose ? ("--k", kOption) : ("--c", cOption), ("--h", hOption), ("--w", wOption),
            ]
        }
        if filters != nil {
            unused += [("--r", rOption), transpose ? ("--c", cOption) : ("--k", kOption)]
        } else if filter != nil {
            unused += [("--r", rOption)] + (transpose ? [] : [("--k", kOption)])
        }
        let given = unused.filter { $0.value != nil }
        guard !given.isEmpty else { return }
        let source = [
            input.map { "--input \($0)" }, filters.map { "--filters \($0)" }, filter.map { "--filter \($0.rawValue)" },
        ]
        .compactMap { $0 }.joined(separator: " and ")
        let options = given.map(\.option).joined(separator: ", ")
        throw ValidationError(
            "\(given.map { "\($0.option) \($0.value!)" }.joined(separator: ", ")) would be ignored beside \(source), "
                + "which \(source.contains(" and ") ? "set" : "sets") the sizes; give \(options) only for random data")
    }

    /// Bounds on --threads (each thread gets its own workspace) and --repeat
    /// (runs are timed one after another).
    static let maximumThreads = 1024
    static let maximumRepetitions = 100_000

    var threadCount: Int { threads ?? Machine.cores }

    /// The input from --input, or random N×`channels`×H×W data.
    func loadInput(channels: Int) throws -> Tensor<Float> {
        guard let input else { return Tensor<Float>.random(shape: [n, channels, h, w], seed: seed) }
        let bytes = try InputFile.readBytes(
            input, limit: InputFile.maximumDataBytes,
            expected: "a readable .npy file or .pgm/.ppm image")
        let lower = input.lowercased()
        do {
            if lower.hasSuffix(".npy") {
                let tensor = try FiniteValues.float32(NumPyFile.read(bytes, name: input), path: input)
                guard tensor.rank == 4 else {
                    let shape = Tensor<Float>.describe(tensor.shape)
                    let order = layout == .nchw ? "N×C×H×W" : "N×H×W×C"
                    throw UserInputError("\(input) holds a \(shape) array; the input must be 4-D, \(order)")
                }
                return tensor.converted(from: layout, to: .nchw)
            }
            if lower.hasSuffix(".pgm") || lower.hasSuffix(".ppm") || lower.hasSuffix(".pnm") {
                return try NetpbmImage.read(bytes, name: input)
            }
        } catch let error as UserInputError {
            throw error
        } catch {
            throw UserInputError("\(error)")
        }
        throw UserInputError("--input '\(input)' is neither .npy nor a .pgm/.ppm image")
    }

    /// The filters from --filters or --filter, or `count` random ones.
    func loadFilters(channels: Int, count: Int) throws -> Tensor<Float> {
        if let filter {
            // C×C×R×S: a named filter is a dense bank that filters each channel on its own.
            let size = filter.kernel.size
            let limit = ConvolutionGeometry.maximumElements
            guard let count = ConvolutionGeometry.elementCount([channels, channels, size, size]), count <= limit else {
                throw UserInputError(
                    "--filter \(filter.rawValue) on \(channels) channels needs "
                        + "\(channels)×\(channels)×\(size)×\(size) filters, more than \(limit) elements; "
                        + "give an input of at most \(Int(Double(limit / (size * size)).squareRoot())) channels")
            }
            return filter.filters(channels: channels)
        }
        guard let path = filters else { return Tensor<Float>.random(shape: [count, channels, r, r], seed: seed &+ 1) }
        let bytes = try InputFile.readBytes(
            path, limit: InputFile.maximumDataBytes,
            expected: "a readable .npy file of K×C×R×S filters")
        let tensor: Tensor<Float>
        do { tensor = try FiniteValues.float32(NumPyFile.read(bytes, name: path), path: path) } catch let error
            as UserInputError
        {
            throw error
        } catch { throw UserInputError("\(error)") }
        guard tensor.rank == 4 else {
            let shape = Tensor<Float>.describe(tensor.shape)
            throw UserInputError("\(path) holds a \(shape) array; filters must be 4-D, K×C×R×S")
        }
        return tensor
    }

    /// --padding, or "same" for named (odd-sized) filters, else none.
    func resolvePadding(filterShape: [Int]) throws -> Padding {
        if let padding {
            do { return try Padding(parsing: padding) } catch { throw UserInputError("--padding: \(error)") }
        }
        return filter != nil ? Padding((filterShape[2] - 1) / 2) : .zero
    }

    /// Checks, before computing, that a result of `batch` images of
    /// `channels` channels fits --output: a .pgm takes one image of 1 channel
    /// (or 3, shown as grey), a .ppm one of 3.
    func checkOutput(batch: Int, channels: Int) throws {
        guard let output else { return }
        let lower = output.lowercased()
        guard lower.hasSuffix(".pgm") || lower.hasSuffix(".ppm") else { return }
        let grey = lower.hasSuffix(".pgm")
        guard batch == 1, channels == 3 || (grey && channels == 1) else {
            let result = "\(batch) image\(batch == 1 ? "" : "s") of \(channels) channel\(channels == 1 ? "" : "s")"
            throw UserInputError(
                "--output \(output): the result is \(result); a .pgm takes one image of 1 channel (or 3, shown as "
                    + "grey) and a .ppm one of 3; write .npy instead")
        }
    }

    /// Writes `y` to `path` as .npy, or as an image scaled by --image-scaling.
    func write(_ y: Tensor<Float>, to path: String) throws {
        let lower = path.lowercased()
        let bytes: [UInt8]
        if lower.hasSuffix(".npy") {
            bytes = NumPyFile.encode(y.converted(from: .nchw, to: layout))
        } else if lower.hasSuffix(".pgm") || lower.hasSuffix(".ppm") {
            let grey = lower.hasSuffix(".pgm")
            try checkOutput(batch: y.shape[0], channels: y.shape[1])
            let image = grey && y.shape[1] == 3 ? TestCard.grayscale(y) : y
            do { bytes = try NetpbmImage.encode(image, scaling: imageScaling) } catch {
                throw UserInputError("\(error)")
            }
        } else {
            throw UserInputError("--output '\(path)' must end in .npy, .pgm or .ppm")
        }
        try OutputFiles.write(bytes: bytes, to: path)
    }
}
