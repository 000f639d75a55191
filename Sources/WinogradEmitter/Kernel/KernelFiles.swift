import ExactArithmetic
import Winograd

/// A file the emitter writes: its name in the output folder and contents.
public struct EmittedFile: Hashable, Sendable {
    public var name: String
    public var contents: String
}

/// What to emit for one tile.
public struct EmitOptions: Sendable {
    public var language: Language
    public var precision: Precision
    /// The prefix of every C name, and the Swift enum's name.
    public var prefix: String
    /// The command that reproduces the files, quoted in their headers.
    public var command: String

    public init(language: Language, precision: Precision, prefix: String, command: String) {
        self.language = language
        self.precision = precision
        self.prefix = prefix
        self.command = command
    }
}

/// Why kernels cannot be emitted as asked.
public struct EmitError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

public enum KernelFiles {
    /// The files of `kernels` in the frames: `P.h` + `P.c`, `P.swift`, or
    /// the GPU languages' one file (``GPUKernelFiles``): `P.cu`, `P.cl`,
    /// `P.comp`, `P.wgsl`.
    public static func emit(_ kernels: KernelSet, options: EmitOptions, frames: FrameSet = .builtIn) throws
        -> [EmittedFile]
    {
        try validate(options.prefix, language: options.language)
        guard options.language.precisions.contains(options.precision) else {
            throw EmitError(
                description: "\(options.language.name) kernels are "
                    + options.language.precisions.map(\.rawValue).joined(separator: " or ")
                    + " only, not \(options.precision)")
        }
        for kernel in kernels.kernels {
            for operation in kernel.program.operations {
                let constant: QuadraticNumber?
                switch operation {
                case .multiply(let c, _), .fusedMultiplyAdd(let c, _, _): constant = c
                default: constant = nil
                }
                if let constant, !options.precision.represents(constant) {
                    throw EmitError(
                        description: "the constant \(constant) of the \(kernel.kind) transform is beyond "
                            + "\(options.precision)'s range; use double precision or a smaller tile")
                }
            }
        }
        var context = commonContext(kernels, options: options)
        switch options.language {
        case .cuda, .opencl, .glsl, .wgsl:
            return try GPUKernelFiles.emit(kernels, options: options, frames: frames, context: context)
        case .c:
            let syntax = CSyntax(precision: options.precision)
            context["functions"] = .list(functions(kernels, options: options, syntax: syntax))
            context["guard"] = .text(options.prefix.uppercased() + "_H")
            return [
                EmittedFile(name: options.prefix + ".h", contents: try frames.cHeader.render(context)),
                EmittedFile(name: options.prefix + ".c", contents: try frames.cSource.render(context)),
            ]
        case .swift:
            let syntax = SwiftSyntax(precision: options.precision)
            context["functions"] = .list(functions(kernels, options: options, syntax: syntax))
            return [EmittedFile(name: options.prefix + ".swift", contents: try frames.swiftSource.render(context))]
        }
    }

    /// `P_lanes.h`: the input, filter and output transforms on 16 tiles at
    /// once (GCC/Clang vector extensions), for the runtime. C, float, 2-D or
    /// 1-D. The filter transform serves the filter gradient, where the
    /// output-gradient tile plays the filter.
    public static func emitLanes(_ kernels: KernelSet, options: EmitOptions, frames: FrameSet = .builtIn) throws
        -> EmittedFile
    {
        try validate(options.prefix, language: .c)
        guard options.precision == .float else { throw EmitError(description: "lanes kernels are float only") }
        let syntax = CSyntax(precision: .float)
        var context = commonContext(kernels, options: options)
        func record(_ kernel: TransformKernel, _ what: String, last: Bool) -> [String: FrameValue] {
            let body = LanesBody.body(kernel, syntax: syntax)
            let from = kernel.sourceShape.map(String.init).joined(separator: "×")
            let to = kernel.destinationShape.map(String.init).joined(separator: "×")
            return [
                "name": .text(options.prefix + "_\(kernel.kind)_transform_lanes"),
                "parameters": .text(LanesBody.parameters),
                "summary": .text("\(what) of 16 tiles, \(from) → \(to) (\(kernel.count.total) vector ops)"),
                "body": .text(body.map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")),
                "strided": .flag(true), "last": .flag(last),
            ]
        }
        context["functions"] = .list([
            record(kernels.input, "input transform", last: false),
            record(kernels.filter, "filter transform", last: false),
            record(kernels.output, "output transform", last: true),
        ])
        return EmittedFile(name: options.prefix + "_lanes.h", contents: try frames.cLanes.render(context))
    }

    /// The names every frame can use.
    static func commonContext(_ kernels: KernelSet, options: EmitOptions) -> [String: FrameValue] {
        return [
            "prefix": .text(options.prefix),
            "tile": .text(kernels.tile.name),
            "type": .text(
                options.language == .c ? options.precision.rawValue : options.precision.rawValue.capitalizedFirst),
            "precision": .text(options.precision.rawValue),
            "points": .text(kernels.tile.pointsDescription),
            "command": .text(options.command),
            "fma": .flag(kernels.fusedMultiplyAdd),
            "stats": .list(OperationTable.lines(kernels).map { ["line": .text($0)] }),
        ]
    }

    static func functions(_ kernels: KernelSet, options: EmitOptions, syntax: some KernelSyntax) -> [[String:
        FrameValue]]
    {
        let isC = options.language == .c
        let scalar = isC ? options.precision.rawValue : options.precision.rawValue.capitalizedFirst
        let twoD = kernels.tile.dims > 1
        var records: [[String: FrameValue]] = []
        for kernel in kernels.kernels {
            let (src, dst) = kernel.kind.arrays
            let baseName =
                isC ? "\(options.prefix)_\(kernel.kind.rawValue)_transform" : "\(kernel.kind.rawValue)Transform"
            for strided in [false, true] {
                // The tile side (d, y) has a row stride; the transformed side an element stride.
                var source = ArrayAccess(array: src, shape: kernel.sourceShape, stride: nil)
                var destination = ArrayAccess(array: dst, shape: kernel.destinationShape, stride: nil)
                if strided {
                    switch kernel.kind {
                    case .filter:
                        destination.stride = .elements(isC ? "u_stride" : "uStride")
                    case .input:
                        source.stride = twoD ? .rows(isC ? "d_row_stride" : "dRowStride") : nil
                        destination.stride = .elements(isC ? "v_stride" : "vStride")
                    case .output:
                        source.stride = .elements(isC ? "x_stride" : "xStride")
                        destination.stride = twoD ? .rows(isC ? "y_row_stride" : "yRowStride") : nil
                    }
                }
                let body = KernelBody.lines(kernel.program, source: source, destination: destination, syntax: syntax)
                // The body sits in a C function, or in a Swift function inside an enum.
                var printer = CodePrinter(level: isC ? 1 : 2)
                for line in body { printer.print(line) }
                records.append([
                    "name": .text(isC && strided ? baseName + "_strided" : baseName),
                    "parameters": .text(parameters(source, destination, scalar: scalar, isC: isC)),
                    "summary": .text(summary(kernel, source: source, destination: destination, strided: strided)),
                    "body": .text(printer.text),
                    "strided": .flag(strided),
                    "last": .flag(false),
                ])
            }
        }
        records[records.count - 1]["last"] = .flag(true)
        return records
    }

    static func parameters(_ source: ArrayAccess, _ destination: ArrayAccess, scalar: String, isC: Bool) -> String {
        func one(_ access: ArrayAccess, mutable: Bool) -> [String] {
            var list: [String] = []
            if isC {
                list.append(mutable ? "\(scalar) *\(access.array)" : "const \(scalar) *\(access.array)")
                if let stride = access.strideParameter { list.append("size_t \(stride)") }
            } else {
                list.append("_ \(access.array): Unsafe\(mutable ? "Mutable" : "")Pointer<\(scalar)>")
                switch access.stride {
                case .rows(let name): list.append("rowStride \(name): Int")
                case .elements(let name): list.append("stride \(name): Int")
                case nil: break
                }
            }
            return list
        }
        return (one(source, mutable: false) + one(destination, mutable: true)).joined(separator: ", ")
    }

    static func summary(_ kernel: TransformKernel, source: ArrayAccess, destination: ArrayAccess, strided: Bool)
        -> String
    {
        func shape(_ sizes: [Int]) -> String { sizes.map(String.init).joined(separator: "×") }
        let sourceShape = shape(kernel.sourceShape)
        let destinationShape = shape(kernel.destinationShape)
        var text =
            "\(kernel.kind.summary): \(source.array) is \(sourceShape), \(destination.array) is \(destinationShape)"
        if strided {
            var notes: [String] = []
            for access in [source, destination] {
                switch access.stride {
                case .rows(let name): notes.append("rows of \(access.array) are \(name) apart")
                case .elements(let name): notes.append("element k of \(access.array) is at k·\(name)")
                case nil: break
                }
            }
            text += "; " + notes.joined(separator: ", ")
        } else {
            text += ", contiguous row-major"
        }
        return text + " (\(kernel.count.total) ops)"
    }

    /// A prefix must be an identifier in the target language.
    static func validate(_ prefix: String, language: Language) throws {
        let scalars = Array(prefix.unicodeScalars)
        let isStart: (Unicode.Scalar) -> Bool = { $0 == "_" || ($0.value < 128 && $0.properties.isAlphabetic) }
        let isRest: (Unicode.Scalar) -> Bool = { isStart($0) || ($0.value >= 48 && $0.value <= 57) }
        guard let first = scalars.first, isStart(first), scalars.allSatisfy(isRest) else {
            throw EmitError(
                description: "'\(prefix)' is not a \(language.name) identifier; "
                    + "a prefix uses letters, digits and underscores, starting with a letter")
        }
        if language == .swift, SwiftReservedNames.keywords.contains(prefix) {
            throw EmitError(
                description: "'\(prefix)' is a Swift keyword and would name the enum; choose another prefix")
        }
        if language == .swift, SwiftReservedNames.typesUsed.contains(prefix) {
            throw EmitError(
                description: "'\(prefix)' would hide the Swift type the kernels use inside the enum; "
                    + "choose another prefix")
        }
        // GLSL reserves names with two underscores in a row or starting gl_, WGSL those starting with two.
        if language.isGPU && (prefix.contains("__") || prefix.hasPrefix("gl_")) {
            throw EmitError(
                description: "'\(prefix)' is reserved in \(language.name) (it starts with gl_ or holds __); "
                    + "choose a prefix without them")
        }
    }
}

extension String {
    /// "Float" from "float".
    public var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
