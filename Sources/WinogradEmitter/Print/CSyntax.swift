import ExactArithmetic

/// C99 kernel statements.
struct CSyntax: KernelSyntax {
    let precision: Precision

    var type: String { precision.rawValue }

    func define(_ name: String, _ expression: String) -> String { "const \(type) \(name) = \(expression);" }
    func store(_ target: String, _ value: String) -> String { "\(target) = \(value);" }
    func constant(_ value: Rational) -> (text: String, exact: Bool) {
        let literal = precision.literal(value)
        return (literal.text + (precision == .float ? "f" : ""), literal.exact)
    }
    func fusedMultiplyAdd(_ c: String, _ a: String, _ b: String) -> String {
        "\(precision == .float ? "fmaf" : "fma")(\(c), \(a), \(b))"
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
    func constant(_ value: Rational) -> (text: String, exact: Bool) { precision.literal(value) }
    func fusedMultiplyAdd(_ c: String, _ a: String, _ b: String) -> String { "\(b).addingProduct(\(c), \(a))" }
    func times(_ k: Int, _ stride: String) -> String { "\(k) &* \(stride)" }
    func plus(_ a: String, _ b: String) -> String { "\(a) &+ \(b)" }
    func unused(_ parameter: String) -> String? { nil }
}
