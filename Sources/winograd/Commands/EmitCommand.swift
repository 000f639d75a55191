import ArgumentParser
import Winograd
import WinogradEmitter
import WinogradRuntime

struct EmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emit",
        abstract:
            "Emit unrolled C, Swift, CUDA, OpenCL C, GLSL or WGSL kernels for the filter, input and output "
            + "transforms of F(m, r).",
        discussion: """
            Writes NAME.h and NAME.c (C99), or NAME.swift, into --output, with \
            NAME_filter_transform, NAME_input_transform and NAME_output_transform over contiguous \
            row-major arrays, and _strided forms of each (the Swift file: an enum NAME with \
            filterTransform, inputTransform, outputTransform). The GPU languages write one file, \
            NAME.cu, NAME.cl, NAME.comp (GLSL for Vulkan) or NAME.wgsl: the three transforms as device \
            functions on one tile, and NAME_filter_transform_batch, NAME_input_transform_batch and \
            NAME_output_transform_batch kernels over a batch of tiles, one per work item, in a layout \
            given by strides (the file's header says how). Constants are the exact entries rounded \
            once (hex float literals; GLSL, which has none: the shortest decimal that reads back as \
            the same float), a + b·√d too. --points may name square roots (0,sqrt2/2,-sqrt2/2,…) \
            and --moduli may replace the points; both nest the 1-D transform on --dims axes. The \
            frames come from templates/ (built in) or --templates DIR.

            Examples:
              winograd emit --m 4 --r 3 --dims 2 --language c --precision float --prefix f43 --output out --stats
              winograd emit --m 6 --r 3 --language swift --precision double --prefix F63 --output out --fma
              winograd emit --m 4 --r 3 --dims 2 --language glsl --output shaders
              winograd emit --m 4 --r 3 --dims 2 --points 0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2 --output out
              winograd emit --m 4 --r 3 --dims 2 --moduli x,x-1,x+1,x^2+1,inf --output out
              winograd emit --all --output Generated
            """
    )

    @OptionGroup var tile: TileOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A transform in JSON form (what derive --format json writes and verify reads; another tool's "
                + "matrices and scaling included), checked exactly, instead of --m, --r, --points and --moduli: "
                + "a 1-D transform nested on --dims axes, or a nested {\"dims\", \"axes\"} document; - for "
                + "standard input.", valueName: "file"))
    var transform: String?

    /// The options a --transform file replaces.
    static let replacedByTransform = ["--m", "--r", "--points", "--moduli", "--fractions-in"]

    @Option(name: .long, help: ArgumentHelp("The language of the kernels.", valueName: "language"))
    var language: Language = .c

    @Option(name: .long, help: ArgumentHelp("The element type of the kernels.", valueName: "precision"))
    var precision: Precision = .float

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Name prefix of the functions (C, GPU languages) or the enum (Swift), and of the files.",
            valueName: "name"))
    var prefix: String?

    @Option(name: .long, help: ArgumentHelp("Folder to write into (created if needed).", valueName: "dir"))
    var output: String?

    @Flag(name: .long, help: "Print the operation counts of each transform.")
    var stats = false

    @Flag(
        name: .long,
        help:
            "Use fused multiply-adds (fmaf/fma in C and CUDA, fma in OpenCL C, GLSL and WGSL, addingProduct in Swift).")
    var fma = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Folder of frames overriding the built-in ones (c/header.h.mustache, "
                + "c/source.c.mustache, swift/source.swift.mustache, cuda/source.cu.mustache, …; "
                + "winograd templates --export DIR writes them all).", valueName: "dir"))
    var templates: String?

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "C: also write NAME_lanes.h, the input and output transforms on 16 tiles "
                + "at once (GCC/Clang vector extensions)."))
    var lanes = false

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Emit the committed kernel set (\(KernelCatalogue.committed.summary)) and its registries"
                + " into --output (default Generated)."))
    var all = false

    /// The options `--all` cannot honour: its kernels, their languages and
    /// names are fixed by `KernelCatalogue.committed`.
    static let fixedByAll = [
        "--m", "--r", "--dims", "--points", "--moduli", "--fractions-in", "--transform", "--language", "--precision",
        "--prefix", "--fma", "--lanes", "--stats",
    ]

    func validate() throws {
        if tile.dims.map({ $0 > 2 }) == true {
            throw ValidationError("emit writes 1-D and 2-D kernels; --dims \(tile.dims!) is not supported")
        }
        if !language.precisions.contains(precision) {
            throw ValidationError(
                "--language \(language.rawValue) writes "
                    + language.precisions.map(\.rawValue).joined(separator: " or ")
                    + " kernels (\(language.name) has no \(precision)); give --precision float")
        }
        if lanes && (language != .c || precision != .float) {
            throw ValidationError("--lanes writes C float kernels; give --language c --precision float")
        }
        if all {
            let given = GivenOptions.given(Self.fixedByAll)
            guard given.isEmpty else {
                throw ValidationError(
                    "--all emits a fixed set and cannot honour \(given.joined(separator: ", ")); "
                        + "give it with --output (and optionally --templates) only")
            }
        } else if transform != nil {
            let given = GivenOptions.given(Self.replacedByTransform)
            guard given.isEmpty else {
                throw ValidationError(
                    "--transform gives the matrices; \(given.joined(separator: ", ")) cannot be given beside it")
            }
            guard output != nil else {
                throw ValidationError("give --output DIR, the folder to write the kernel files into")
            }
        } else {
            guard tile.m != nil, tile.r != nil else {
                throw ValidationError("give --m and --r (e.g. --m 4 --r 3), --transform FILE, or --all")
            }
            guard output != nil else {
                throw ValidationError("give --output DIR, the folder to write the kernel files into")
            }
        }
    }

    /// The largest tile side m + r − 1 emitted: the runtime's stages'.
    static let maximumSide = TileAccuracy.maximumSide

    func run() throws {
        try OutputFiles.checkFolder(output ?? "Generated", option: "--output")
        let frames = try loadFrames()
        guard !all else {
            try emitAll(into: output ?? "Generated", frames: frames)
            return
        }
        guard let output else { throw UserInputError("give --output DIR, the folder to write the kernel files into") }
        let (kernelTile, variant) = try emittedTile()
        guard kernelTile.dims <= 2 else {
            throw UserInputError("emit writes 1-D and 2-D kernels; --dims \(kernelTile.dims) is not supported")
        }
        if let large = kernelTile.axes.first(where: { max($0.n, $0.multiplications) > Self.maximumSide }) {
            let source =
                transform.map { "--transform \(InputFile.label($0))" } ?? "--m '\(tile.m ?? "")' --r '\(tile.r ?? "")'"
            throw UserInputError(
                "\(source): F(\(large.m),\(large.r)) has tiles of "
                    + "\(max(large.n, large.multiplications)) points; emit writes kernels of up to \(Self.maximumSide) "
                    + "(m + r − 1 ≤ \(Self.maximumSide), the largest the runtime runs; larger kernels take minutes "
                    + "to simplify and lose all float precision)")
        }
        let kernels = KernelSet(kernelTile, fusedMultiplyAdd: fma)
        let name =
            prefix
            ?? KernelNaming.prefix(
                ms: kernelTile.axes.map(\.m), rs: kernelTile.axes.map(\.r), language: language, precision: precision,
                variant: variant)
        let command = KernelNaming.command(
            kernelTile, points: tile.points, moduli: tile.moduli, fractionsIn: tile.fractionsIn,
            transformFile: transform, dims: tile.dims, language: language, precision: precision, prefix: name,
            fma: fma)
        let options = EmitOptions(language: language, precision: precision, prefix: name, command: command)
        var files = try emitFiles(kernels, options, frames)
        if lanes {
            // Lanes use the FMA program: c·a + b in one expression, which compilers fuse where the CPU can.
            let laneOptions = EmitOptions(language: .c, precision: .float, prefix: name, command: command + " --lanes")
            do {
                let laneKernels = KernelSet(kernelTile, fusedMultiplyAdd: true)
                files.append(try KernelFiles.emitLanes(laneKernels, options: laneOptions, frames: frames))
            } catch {
                throw mapped(error)
            }
        }
        try OutputFiles.write(files.map { (output + "/" + $0.name, $0.contents) }, makingFolders: true)
        if stats { print(Self.statsTable(kernels), terminator: "") }
        print("wrote " + files.map { output + "/" + $0.name }.joined(separator: ", "))
    }

    /// The tile to emit and the variant its default prefix names: points in
    /// ℚ(√d) (`sqrt2`) or moduli (`moduli`) are 1-D transforms nested on
    /// --dims axes; rational points may differ per axis.
    func emittedTile() throws -> (KernelTile, variant: String?) {
        let dims = tile.dims ?? 1
        if let transform { return try Self.fileTile(transform, dims: tile.dims) }
        if let modular = try tile.modularTransform(nesting: true) {
            return (KernelTile(modular, dims: dims), "moduli")
        }
        if let algebraic = try tile.algebraicTransform(nesting: true) {
            return (KernelTile(algebraic, dims: dims), "sqrt\(algebraic.radicand)")
        }
        return (KernelTile(try tile.transform()), nil)
    }

    /// The tile of a --transform file, checked exactly: a 1-D transform on
    /// `dims` axes (1 when nil), or a nested document's axes (`dims`, when
    /// given, must agree). The default prefix names an irrational or moduli
    /// axis as a derived tile's does.
    static func fileTile(_ path: String, dims: Int?) throws -> (KernelTile, variant: String?) {
        let file = try TransformFile(path)
        var axes = try file.axes()
        if let nested = file.document.dims {
            if let dims, dims != nested {
                throw UserInputError(
                    "\(file.source) is a \(nested)-D transform; --dims \(dims) disagrees (leave it out)")
            }
        } else {
            axes = Array(repeating: axes[0], count: dims ?? 1)
        }
        let variant = axes.lazy.compactMap { axis -> String? in
            switch axis {
            case .rational: nil
            case .algebraic(let t): "sqrt\(t.radicand)"
            case .modular: "moduli"
            }
        }.first
        return (KernelTile(axes: axes), variant)
    }

    /// A library error as the flags that caused it: the prefix is the only
    /// identifier the user names.
    func mapped(_ error: any Error) -> UserInputError {
        switch error {
        case let error as EmitError:
            if let prefix, error.description.hasPrefix("'\(prefix)' ") { return UserInputError("--prefix \(error)") }
            return UserInputError(error.description)
        case let error as FrameError: return UserInputError("--templates: \(error)")
        default: return UserInputError("\(error)")
        }
    }

    func emitFiles(_ kernels: KernelSet, _ options: EmitOptions, _ frames: FrameSet) throws -> [EmittedFile] {
        do {
            return try KernelFiles.emit(kernels, options: options, frames: frames)
        } catch {
            throw mapped(error)
        }
    }

    func loadFrames() throws -> FrameSet {
        guard let templates else { return .builtIn }
        var texts: [String: String] = [:]
        for name in FrameSet.names {
            let path = templates + "/" + name
            // A frame that is absent keeps the built-in one; one that is there must be readable UTF-8.
            guard InputFile.exists(path) else { continue }
            texts[name] = try InputFile.readText(path, expected: "a frame (UTF-8 text)")
        }
        guard !texts.isEmpty else {
            throw UserInputError(
                "--templates '\(templates)' holds none of \(FrameSet.names.joined(separator: ", ")); "
                    + "export the built-in frames with 'winograd templates --export DIR' and edit them")
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
        try OutputFiles.write(files.map { (root + "/" + $0.path, $0.contents) }, makingFolders: true)
        print("wrote \(files.count) files into \(root)")
    }

    static func statsTable(_ kernels: KernelSet) -> String {
        let fma = kernels.fusedMultiplyAdd ? "with" : "without"
        var out = "\(kernels.tile.name), \(fma) FMA; an FMA counts as one op\n"
        out += "transform   total    add    mul    fma   1-D pass   dense   live\n"
        for kernel in kernels.kernels {
            let perAxis = kernel.axisCounts.map { String($0.total) }
            let oneD = Set(perAxis).count == 1 ? perAxis[0] : perAxis.joined(separator: "/")
            let cells = [
                String(kernel.count.total), String(kernel.count.adds), String(kernel.count.multiplies),
                String(kernel.count.fusedMultiplyAdds), oneD, String(kernel.naiveCount), String(kernel.maximumLive),
            ]
            let widths = [5, 6, 6, 6, 10, 7, 6]
            let row = zip(cells, widths).map { " " + $0.leftPadded(to: $1) }.joined()
            out += kernel.kind.rawValue.padded(to: 9) + row + "\n"
        }
        return out
    }
}

extension String {
    func padded(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
