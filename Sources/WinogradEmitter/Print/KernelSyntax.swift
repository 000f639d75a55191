import ExactArithmetic

/// What differs between the renderings of a kernel body in each language.
protocol KernelSyntax {
    var precision: Precision { get }
    /// `const float t0 = expr;` / `let t0 = expr`
    func define(_ name: String, _ expression: String) -> String
    /// `v[3] = t0;` / `v[3] = t0`
    func store(_ target: String, _ value: String) -> String
    /// A constant, e.g. `-3.0f` or `0x1.555556p-3f`, and whether it is exact.
    func constant(_ value: QuadraticNumber) -> (text: String, exact: Bool)
    /// c · a + b, fused.
    func fusedMultiplyAdd(_ c: String, _ a: String, _ b: String) -> String
    /// Index arithmetic: `2 * d_row_stride` / `2 &* dRowStride`.
    func times(_ k: Int, _ stride: String) -> String
    func plus(_ a: String, _ b: String) -> String
    /// Marks a parameter used when the body does not need it.
    func unused(_ parameter: String) -> String?
}

extension KernelSyntax {
    /// The constant, followed by its exact value when the literal is a
    /// hex number or rounded.
    func annotatedConstant(_ value: QuadraticNumber) -> String {
        let literal = constant(value)
        return literal.text.contains("x") || !literal.exact ? "\(literal.text) /* \(value) */" : literal.text
    }
}

/// How the arrays of a kernel are addressed: contiguous, or strided.
struct ArrayAccess {
    /// Name of the array parameter.
    var array: String
    /// Sizes per axis (row-major).
    var shape: [Int]
    /// nil: contiguous; .rows(name): rows `name` apart (the last axis
    /// contiguous); .elements(name): element k at k·name.
    var stride: Stride?

    enum Stride {
        case rows(String)
        case elements(String)
    }

    var strideParameter: String? {
        switch stride {
        case .rows(let name), .elements(let name): name
        case nil: nil
        }
    }

    /// The subscript expression of flat row-major index `k`.
    func element(_ k: Int, _ syntax: some KernelSyntax) -> String {
        switch stride {
        case nil:
            return "\(array)[\(k)]"
        case .elements(let name):
            return "\(array)[\(k == 0 ? "0" : k == 1 ? name : syntax.times(k, name))]"
        case .rows(let name):
            let rowLength = shape.last ?? 1
            let row = k / rowLength
            let column = k % rowLength
            let rowOffset = row == 0 ? nil : (row == 1 ? name : syntax.times(row, name))
            switch (rowOffset, column) {
            case (nil, _): return "\(array)[\(column)]"
            case (let offset?, 0): return "\(array)[\(offset)]"
            case (let offset?, _): return "\(array)[\(syntax.plus(offset, String(column)))]"
            }
        }
    }

    /// A local's name for element k: `d5`, or `d1_3` (row 1, column 3) in 2-D.
    func localName(_ k: Int) -> String {
        guard shape.count > 1 else { return "\(array)\(k)" }
        var index: [Int] = []
        var rest = k
        for size in shape.reversed() {
            index.append(rest % size)
            rest /= size
        }
        return array + index.reversed().map(String.init).joined(separator: "_")
    }
}

enum KernelBody {
    /// The statements of `program` reading `source` and writing `destination`.
    static func lines(
        _ program: OperationProgram, source: ArrayAccess, destination: ArrayAccess,
        syntax: some KernelSyntax
    ) -> [String] {
        var lines: [String] = []
        var usedInputs = Set<Int>()
        for operation in program.operations {
            for case .input(let i) in operation.operands { usedInputs.insert(i) }
        }
        for case .input(let i) in program.outputs { usedInputs.insert(i) }
        for i in usedInputs.sorted() {
            lines.append(syntax.define(source.localName(i), source.element(i, syntax)))
        }
        func name(_ value: Value) -> String {
            switch value {
            case .input(let i): source.localName(i)
            case .operation(let k): "t\(k)"
            }
        }
        // Stores of inputs copied straight through come first; the others
        // right after their value is computed.
        var storesAfter: [Int: [Int]] = [:]
        for (k, value) in program.outputs.enumerated() {
            switch value {
            case .input: lines.append(syntax.store(destination.element(k, syntax), name(value)))
            case .operation(let j): storesAfter[j, default: []].append(k)
            }
        }
        for (k, operation) in program.operations.enumerated() {
            let expression = Self.expression(operation, name: name, syntax: syntax, fused: syntax.fusedMultiplyAdd)
            lines.append(syntax.define("t\(k)", expression))
            for output in storesAfter[k] ?? [] {
                lines.append(syntax.store(destination.element(output, syntax), "t\(k)"))
            }
        }
        // A stride that no element needs (a 1×1 tile) is still a parameter.
        for access in [source, destination] {
            guard let parameter = access.strideParameter else { continue }
            let mentioned = lines.contains { $0.contains(parameter) }
            if !mentioned, let line = syntax.unused(parameter) { lines.insert(line, at: 0) }
        }
        return lines
    }

    /// The right-hand side of one operation; `fused` spells c·a + b.
    static func expression(
        _ operation: Operation, name: (Value) -> String, syntax: some KernelSyntax,
        fused: (String, String, String) -> String
    ) -> String {
        switch operation {
        case .add(let a, let b): "\(name(a)) + \(name(b))"
        case .subtract(let a, let b): "\(name(a)) - \(name(b))"
        case .negate(let a): "-\(name(a))"
        case .multiply(let c, let a): "\(syntax.annotatedConstant(c)) * \(name(a))"
        case .fusedMultiplyAdd(let c, let a, let b): fused(syntax.annotatedConstant(c), name(a), name(b))
        }
    }
}
