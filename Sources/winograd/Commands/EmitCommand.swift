import ArgumentParser
import Winograd
import WinogradEmitter

struct EmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emit",
        abstract: "Emit unrolled C or Swift kernels for the filter, input and output transforms of F(m, r).",
        discussion: """
            Writes NAME.h and NAME.c (C99), or NAME.swift, into --output, with \
            NAME_filter_transform, NAME_input_transform and NAME_output_transform over contiguous \
            row-major arrays, and _strided forms of each (the Swift file: an enum NAME with \
            filterTransform, inputTransform, outputTransform). Constants are the exact entries \
            rounded once (hex float literals). The frames come from templates/ (built in) or \
            --templates DIR.

            Examples:
              winograd emit --m 4 --r 3 --dims 2 --language c --precision float --prefix f43 --output out --stats
              winograd emit --m 6 --r 3 --language swift --precision double --prefix F63 --output out --fma
              winograd emit --all --output Generated
            """
    )

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Outputs per tile: one size, or one per axis such as 4x2.", valueName: "m"))
    var m: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Filter taps: one size, or one per axis such as 3x1.", valueName: "r"))
    var r: String?

    @Option(name: .long, help: "Dimensions: 1 or 2 (default: 1, or the number of sizes in --m/--r).")
    var dims: Int?

    @Option(name: .long, parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Comma-separated interpolation points, as for derive; repeat once per axis.", valueName: "list"))
    var points: [String] = []

    @Option(name: .long, help: ArgumentHelp("Which matrix carries the denominators: G (default), A or B.", valueName: "G|A|B"))
    var fractionsIn: String = "G"

    @Option(name: .long, help: ArgumentHelp("c or swift.", valueName: "language"))
    var language: String = "c"

    @Option(name: .long, help: ArgumentHelp("float or double.", valueName: "precision"))
    var precision: String = "float"

    @Option(name: .long, help: ArgumentHelp("Name prefix of the functions (C) or the enum (Swift), and of the files.", valueName: "name"))
    var prefix: String?

    @Option(name: .long, help: ArgumentHelp("Folder to write into (created if needed).", valueName: "dir"))
    var output: String?

    @Flag(name: .long, help: "Print the operation counts of each transform.")
    var stats = false

    @Flag(name: .long, help: "Use fused multiply-adds (fmaf/fma in C, addingProduct in Swift).")
    var fma = false

    @Option(name: .long, help: ArgumentHelp("Folder of frames overriding the built-in ones (c/header.h.mustache, c/source.c.mustache, swift/source.swift.mustache).", valueName: "dir"))
    var templates: String?

    @Flag(name: .long, help: "C: also write NAME_lanes.h, the input and output transforms on 16 tiles at once (GCC/Clang vector extensions).")
    var lanes = false

    @Flag(name: .long, help: ArgumentHelp(
        "Emit the committed kernel set (\(KernelCatalogue.committed.summary)) and its registries"
            + " into --output (default Generated)."))
    var all = false

    func run() throws {
        let frames = try loadFrames()
        if all {
            guard m == nil, r == nil, points.isEmpty, prefix == nil, dims == nil else {
                throw UserInputError("--all emits a fixed set; give it with --output (and optionally --templates) only")
            }
            try emitAll(into: output ?? "Generated", frames: frames)
            return
        }
        guard let m, let r else { throw UserInputError("give --m and --r (e.g. --m 4 --r 3), or --all") }
        guard let output else { throw UserInputError("give --output DIR, the folder to write the kernel files into") }
        guard let language = Language(rawValue: language.lowercased()) else {
            throw UserInputError("--language '\(self.language)' is not supported; give c or swift")
        }
        guard let precision = Precision(rawValue: precision.lowercased()) else {
            throw UserInputError("--precision '\(self.precision)' is not supported; give float or double")
        }
        guard let placement = FractionPlacement(name: fractionsIn) else {
            throw UserInputError("--fractions-in '\(fractionsIn)' is not a matrix; give G, A or B")
        }
        let transform = try DeriveCommand.derive(m: m, r: r, dims: dims, points: points, fractionsIn: placement)
        guard transform.dims <= 2 else {
            throw UserInputError("emit writes 1-D and 2-D kernels; --dims \(transform.dims) is not supported")
        }
        let kernels = KernelSet(transform, fusedMultiplyAdd: fma)
        let name = prefix ?? KernelNaming.prefix(transform, language: language, precision: precision)
        let command = KernelNaming.command(transform, points: points, fractionsIn: placement, language: language,
                                           precision: precision, prefix: name, fma: fma)
        var files = try emitFiles(kernels, EmitOptions(language: language, precision: precision, prefix: name, command: command), frames)
        if lanes {
            guard language == .c, precision == .float else { throw UserInputError("--lanes writes C float kernels; give --language c --precision float") }
            do {
                // Lanes use the FMA program: c·a + b in one expression, which compilers fuse where the CPU can.
                files.append(try KernelFiles.emitLanes(KernelSet(transform, fusedMultiplyAdd: true), options: EmitOptions(language: .c, precision: .float, prefix: name, command: command + " --lanes"), frames: frames))
            } catch {
                throw UserInputError("\(error)")
            }
        }
        try OutputFiles.makeDirectory(output)
        for file in files { try OutputFiles.write(file.contents, to: output + "/" + file.name) }
        if stats { print(Self.statsTable(kernels), terminator: "") }
        print("wrote " + files.map { output + "/" + $0.name }.joined(separator: ", "))
    }

    func emitFiles(_ kernels: KernelSet, _ options: EmitOptions, _ frames: FrameSet) throws -> [EmittedFile] {
        do {
            return try KernelFiles.emit(kernels, options: options, frames: frames)
        } catch let error as EmitError {
            throw UserInputError(error.description)
        } catch let error as FrameError {
            throw UserInputError("--templates: \(error)")
        }
    }

    func loadFrames() throws -> FrameSet {
        guard let templates else { return .builtIn }
        var texts: [String: String] = [:]
        for name in FrameSet.names {
            let path = templates + "/" + name
            if let text = try? InputFile.readText(path) { texts[name] = text }
        }
        guard !texts.isEmpty else {
            throw UserInputError("--templates '\(templates)' holds none of \(FrameSet.names.joined(separator: ", ")); export the built-in frames with 'winograd templates --export DIR' and edit them")
        }
        do {
            return try FrameSet(texts: texts)
        } catch {
            throw UserInputError("--templates: \(error)")
        }
    }

    /// The committed set in Generated/ (`KernelCatalogue.committed`): C into C/ (headers in C/include), Swift
    /// into Swift/, lanes kernels into Lanes/, and the registries.
    func emitAll(into root: String, frames: FrameSet) throws {
        let files: [GeneratedFile]
        do {
            files = try KernelCatalogue.committed.files(frames: frames)
        } catch let error as EmitError {
            throw UserInputError(error.description)
        } catch let error as FrameError {
            throw UserInputError("--templates: \(error)")
        }
        for file in files {
            let path = root + "/" + file.path
            try OutputFiles.makeDirectory(String(path[..<path.lastIndex(of: "/")!]))
            try OutputFiles.write(file.contents, to: path)
        }
        print("wrote \(files.count) files into \(root)")
    }

    static func statsTable(_ kernels: KernelSet) -> String {
        var out = "\(kernels.transform.name), \(kernels.fusedMultiplyAdd ? "with" : "without") FMA; an FMA counts as one op\n"
        out += "transform   total    add    mul    fma   1-D pass   dense   live\n"
        for kernel in kernels.kernels {
            let perAxis = kernel.axisCounts.map { String($0.total) }
            let oneD = Set(perAxis).count == 1 ? perAxis[0] : perAxis.joined(separator: "/")
            let cells = [String(kernel.count.total), String(kernel.count.adds), String(kernel.count.multiplies),
                         String(kernel.count.fusedMultiplyAdds), oneD, String(kernel.naiveCount), String(kernel.maximumLive)]
            let widths = [5, 6, 6, 6, 10, 7, 6]
            out += kernel.kind.rawValue.padded(to: 9) + zip(cells, widths).map { " " + $0.leftPadded(to: $1) }.joined() + "\n"
        }
        return out
    }
}

extension String {
    func padded(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
