import ExactArithmetic

/// C99 kernel statements, and the C-family GPU languages' (CUDA C++,
/// OpenCL C), which differ only in the name of the fused multiply-add.
struct CSyntax: KernelSyntax {
    let precision: Precision
    /// `.c`, `.cuda` or `.opencl`.
    var language: Language = .c

    var type: String { precision.rawValue }

    func define(_ name: String, _ expression: String) -> String { "const \(type) \(name) = \(expression);" }
    func store(_ target: String, _ value: String) -> String { "\(target) = \(value);" }
    func constant(_ value: QuadraticNumber) -> (text: String, exact: Bool) {
        let literal = precision.literal(value)
        return (literal.text + (precision == .float ? "f" : ""), literal.exact)
    }
    func fusedMultiplyAdd(_ c: String, _ a: String, _ b: String) -> String {
        // OpenCL C's fma is overloaded for float and double; C and CUDA name the float one fmaf.
        "\(precision == .float && language != .opencl ? "fmaf" : "fma")(\(c), \(a), \(b))"
    }
    func times(_ k: Int, _ stride: String) -> String { "\(k) * \(stride)" }
    func plus(_ a: String, _ b: String) -> String { "\(a) + \(b)" }
    func unused(_ parameter: String) -> String? { "(void)\(parameter);" }
}

/// Swift kernel statements.
struct SwiftSyntax: KernelSyntax {
    let precision: Precision

    func define(_ name: String, _ expression: String) -> String { "let \(name) = \(expression)" }
    func store(_ target: String, _ value: String) -> String { "\(target) = \(value)" }
    func constant(_ value: QuadraticNumber) -> (text: String, exact: Bool) { precision.literal(value) }
    func fusedMultiplyAdd(_ c: String, _ a: String, _ b: String) -> String { "\(b).addingProduct(\(c), \(a))" }
    func times(_ k: Int, _ stride: String) -> String { "\(k) &* \(stride)" }
    func plus(_ a: String, _ b: String) -> String { "\(a) &+ \(b)" }
    func unused(_ parameter: String) -> String? { nil }
}
