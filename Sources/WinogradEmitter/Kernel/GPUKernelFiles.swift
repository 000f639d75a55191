import Winograd

/// The files of the GPU languages: per tile, the filter, input and output
/// transforms as device functions over contiguous row-major arrays in
/// private memory, and a batch kernel for each that applies it to many tiles
/// at once, one tile per work item (``BatchBody`` documents the layout).
///
/// | language | file | device functions | batch kernels |
/// |---|---|---|---|
/// | CUDA | `P.cu` | `__device__` | `extern "C" __global__ P_…_transform_batch` |
/// | OpenCL C | `P.cl` | plain functions | `__kernel P_…_transform_batch` |
/// | GLSL | `P.comp` | plain functions | `main`, one per `WINOGRAD_…_KERNEL` macro |
/// | WGSL | `P.wgsl` | `fn`, tile by value | `@compute P_…_transform_batch` |
enum GPUKernelFiles {
    static func emit(
        _ kernels: KernelSet, options: EmitOptions, frames: FrameSet, context: [String: FrameValue]
    ) throws -> [EmittedFile] {
        var context = context
        context["double"] = .flag(options.precision == .double)
        switch options.language {
        case .cuda:
            let syntax = CSyntax(precision: options.precision, language: .cuda)
            fill(&context, kernels, options: options, syntax: syntax)
            return [EmittedFile(name: options.prefix + ".cu", contents: try frames.cudaSource.render(context))]
        case .opencl:
            let syntax = CSyntax(precision: options.precision, language: .opencl)
            fill(&context, kernels, options: options, syntax: syntax)
            return [EmittedFile(name: options.prefix + ".cl", contents: try frames.openclSource.render(context))]
        case .glsl:
            let syntax = GLSLSyntax(precision: options.precision, fused: kernels.fusedMultiplyAdd)
            fill(&context, kernels, options: options, syntax: syntax)
            return [EmittedFile(name: options.prefix + ".comp", contents: try frames.glslSource.render(context))]
        case .wgsl:
            let syntax = WGSLSyntax(precision: options.precision)
            fill(&context, kernels, options: options, syntax: syntax)
            return [EmittedFile(name: options.prefix + ".wgsl", contents: try frames.wgslSource.render(context))]
        case .c, .swift:
            preconditionFailure("\(options.language.name) is not a GPU language")
        }
    }

    /// The macro that selects a kernel's `main` in a GLSL file.
    static func macro(_ kind: KernelKind) -> String { "WINOGRAD_\(kind.rawValue.uppercased())_KERNEL" }

    /// `functions` (device functions: name, parameters, result, summary,
    /// body, last) and `kernels` (batch kernels: name, function, macro,
    /// summary, body, last).
    private static func fill(
        _ context: inout [String: FrameValue], _ kernels: KernelSet, options: EmitOptions,
        syntax: some DeviceSyntax
    ) {
        var functions: [[String: FrameValue]] = []
        var batches: [[String: FrameValue]] = []
        for kernel in kernels.kernels {
            let (src, dst) = kernel.kind.arrays
            let sourceCount = kernel.sourceShape.reduce(1, *)
            let destinationCount = kernel.destinationShape.reduce(1, *)
            let source = ArrayAccess(array: src, shape: kernel.sourceShape, stride: nil)
            let destination = ArrayAccess(array: dst, shape: kernel.destinationShape, stride: nil)
            let body = syntax.functionBody(
                KernelBody.lines(kernel.program, source: source, destination: destination, syntax: syntax),
                destination: dst, destinationCount)
            let name = "\(options.prefix)_\(kernel.kind.rawValue)_transform"
            functions.append([
                "name": .text(name),
                "parameters": .text(syntax.parameters(source: src, sourceCount, destination: dst, destinationCount)),
                "result": .text(syntax.result(destinationCount)),
                "summary": .text(
                    KernelFiles.summary(kernel, source: source, destination: destination, strided: false)),
                "body": .text(indented(body)),
                "last": .flag(false),
            ])
            let shapes =
                "\(shape(kernel.sourceShape)) tiles of \(src) → \(shape(kernel.destinationShape)) tiles of \(dst)"
            batches.append([
                "name": .text(name + "_batch"),
                "function": .text(name),
                "macro": .text(macro(kernel.kind)),
                "summary": .text("\(kernel.kind.summary) on a batch of tiles, one per work item: \(shapes)"),
                "body": .text(indented(BatchBody.lines(kernel, function: name, syntax: syntax))),
                "last": .flag(false),
            ])
        }
        functions[functions.count - 1]["last"] = .flag(true)
        batches[batches.count - 1]["last"] = .flag(true)
        context["type"] = .text(syntax.scalar)
        context["functions"] = .list(functions)
        context["kernels"] = .list(batches)
    }

    private static func shape(_ sizes: [Int]) -> String { sizes.map(String.init).joined(separator: "×") }

    private static func indented(_ lines: [String]) -> String {
        var printer = CodePrinter(level: 1)
        for line in lines { printer.print(line) }
        return printer.text
    }
}
