import ExactArithmetic

/// What a GPU language spells differently around the shared kernel body:
/// device functions' signatures, and the statements of the batch kernels
/// (``BatchBody``). The body itself is ``KernelBody``'s, as for C and Swift.
protocol DeviceSyntax: KernelSyntax {
    /// The element type: `float`, `double`, `f32`.
    var scalar: String { get }
    /// A device function's parameters, reading `source` and writing
    /// `destination` (contiguous, row-major, in private memory).
    func parameters(source: String, _ sourceCount: Int, destination: String, _ destinationCount: Int) -> String
    /// What a device function returns (WGSL), or "" when it writes its
    /// destination through a parameter.
    func result(_ destinationCount: Int) -> String
    /// The device function's statements around the kernel body.
    func functionBody(_ body: [String], destination: String, _ destinationCount: Int) -> [String]
    /// `const uint t = expression;`
    func defineIndex(_ name: String, _ expression: String) -> String
    /// A private array: `float d[16];`.
    func array(_ name: String, _ count: Int) -> String
    /// The head of a counted loop, ending in `{`.
    func loop(_ variable: String, _ count: Int) -> String
    /// The index of the work item (its tile) in the dispatch.
    var workItem: String { get }
    /// Applying `function` to the private array `source`, defining `destination`.
    func call(_ function: String, source: String, destination: String, _ destinationCount: Int) -> [String]
}

extension DeviceSyntax {
    func result(_ destinationCount: Int) -> String { "" }
    func functionBody(_ body: [String], destination: String, _ destinationCount: Int) -> [String] { body }
    func call(_ function: String, source: String, destination: String, _ destinationCount: Int) -> [String] {
        [array(destination, destinationCount), "\(function)(\(source), \(destination));"]
    }
}

// CUDA C++ and OpenCL C: C's statements, pointers to the arrays.
extension CSyntax: DeviceSyntax {
    var scalar: String { precision.rawValue }
    private var index: String { language == .opencl ? "uint" : "unsigned int" }

    func parameters(source: String, _ sourceCount: Int, destination: String, _ destinationCount: Int) -> String {
        "const \(scalar) *\(source), \(scalar) *\(destination)"
    }
    func defineIndex(_ name: String, _ expression: String) -> String { "const \(index) \(name) = \(expression);" }
    func array(_ name: String, _ count: Int) -> String { "\(scalar) \(name)[\(count)];" }
    func loop(_ variable: String, _ count: Int) -> String {
        "for (\(index) \(variable) = 0u; \(variable) < \(count)u; ++\(variable)) {"
    }
    var workItem: String {
        language == .opencl ? "(uint)get_global_id(0)" : "blockIdx.x * blockDim.x + threadIdx.x"
    }
}

/// GLSL 4.50 (Vulkan) statements. GLSL has no hex floats: constants are
/// decimals that read back as the correctly rounded float
/// (``Precision/floatDecimalLiteral(_:)``). With FMAs, values are `precise`,
/// which makes `fma()` one rounding, as GLSL leaves it otherwise free to
/// compute a·b + c in two.
struct GLSLSyntax: DeviceSyntax {
    let precision: Precision
    var fused: Bool

    var scalar: String { "float" }

    func define(_ name: String, _ expression: String) -> String {
        "\(fused ? "precise" : "const") float \(name) = \(expression);"
    }
    func store(_ target: String, _ value: String) -> String { "\(target) = \(value);" }
    func constant(_ value: QuadraticNumber) -> (text: String, exact: Bool) { Precision.floatDecimalLiteral(value) }
    func fusedMultiplyAdd(_ c: String, _ a: String, _ b: String) -> String { "fma(\(c), \(a), \(b))" }
    func times(_ k: Int, _ stride: String) -> String { "\(k)u * \(stride)" }
    func plus(_ a: String, _ b: String) -> String { "\(a) + \(b)" }
    func unused(_ parameter: String) -> String? { nil }

    func parameters(source: String, _ sourceCount: Int, destination: String, _ destinationCount: Int) -> String {
        "const in float \(source)[\(sourceCount)], out float \(destination)[\(destinationCount)]"
    }
    func defineIndex(_ name: String, _ expression: String) -> String { "const uint \(name) = \(expression);" }
    func array(_ name: String, _ count: Int) -> String { "float \(name)[\(count)];" }
    func loop(_ variable: String, _ count: Int) -> String {
        "for (uint \(variable) = 0u; \(variable) < \(count)u; ++\(variable)) {"
    }
    var workItem: String { "gl_GlobalInvocationID.x" }
}

/// WGSL statements: `let` values, hex float constants with the `f` suffix,
/// and device functions that take the tile by value and return the result.
struct WGSLSyntax: DeviceSyntax {
    let precision: Precision

    var scalar: String { "f32" }

    func define(_ name: String, _ expression: String) -> String { "let \(name) = \(expression);" }
    func store(_ target: String, _ value: String) -> String { "\(target) = \(value);" }
    func constant(_ value: QuadraticNumber) -> (text: String, exact: Bool) {
        let literal = Precision.float.literal(value)
        return (literal.text + "f", literal.exact)
    }
    func fusedMultiplyAdd(_ c: String, _ a: String, _ b: String) -> String { "fma(\(c), \(a), \(b))" }
    func times(_ k: Int, _ stride: String) -> String { "\(k)u * \(stride)" }
    func plus(_ a: String, _ b: String) -> String { "\(a) + \(b)" }
    func unused(_ parameter: String) -> String? { nil }

    func parameters(source: String, _ sourceCount: Int, destination: String, _ destinationCount: Int) -> String {
        "\(source): array<f32, \(sourceCount)>"
    }
    func result(_ destinationCount: Int) -> String { "array<f32, \(destinationCount)>" }
    func functionBody(_ body: [String], destination: String, _ destinationCount: Int) -> [String] {
        ["var \(destination): array<f32, \(destinationCount)>;"] + body + ["return \(destination);"]
    }
    func defineIndex(_ name: String, _ expression: String) -> String { "let \(name) = \(expression);" }
    func array(_ name: String, _ count: Int) -> String { "var \(name): array<f32, \(count)>;" }
    func loop(_ variable: String, _ count: Int) -> String {
        "for (var \(variable) = 0u; \(variable) < \(count)u; \(variable)++) {"
    }
    var workItem: String { "id.x" }
    func call(_ function: String, source: String, destination: String, _ destinationCount: Int) -> [String] {
        ["var \(destination) = \(function)(\(source));"]
    }
}
