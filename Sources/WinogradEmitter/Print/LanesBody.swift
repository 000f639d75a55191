/// Kernel bodies on 16 tiles at once, one per lane of a GCC/Clang vector
/// (`winograd_lanes`): the same straight-line program, every value a vector.
///
/// Every lanes kernel — input, filter and output transform — has the same
/// form: element i of the 16 tiles is the vector at `in + i·in_stride`, and
/// result k is stored as the vector at `out + k·out_stride`. The runtime
/// gathers tiles into, and scatters them out of, such vectors itself (where
/// it can use whole-vector loads, permutes and masked stores), so the
/// kernels hold only the arithmetic.
enum LanesBody {
    static let lanes = 16

    /// The C parameter list every lanes kernel takes.
    static let parameters = "const float *in, size_t in_stride, float *out, size_t out_stride"

    static func body(_ program: OperationProgram, shape: [Int], syntax: CSyntax) -> [String] {
        let source = ArrayAccess(array: "in", shape: shape, stride: nil)
        var lines: [String] = []
        for i in usedInputs(program) {
            lines.append("winograd_lanes \(source.localName(i));")
            lines.append("memcpy(&\(source.localName(i)), \(offset("in", i, "in_stride")), sizeof(winograd_lanes));")
        }
        lines += statements(program, source: source, syntax: syntax)
        for (k, value) in program.outputs.enumerated() {
            lines.append("memcpy(\(offset("out", k, "out_stride")), &\(name(value, source)), sizeof(winograd_lanes));")
        }
        return lines
    }

    /// `v`, `v + v_stride`, `v + 5 * v_stride`.
    private static func offset(_ array: String, _ k: Int, _ stride: String) -> String {
        k == 0 ? array : "\(array) + \(k == 1 ? stride : "\(k) * \(stride)")"
    }

    private static func statements(_ program: OperationProgram, source: ArrayAccess, syntax: CSyntax) -> [String] {
        program.operations.enumerated().map { k, operation in
            // c·a + b in one expression: compilers fuse it where the CPU can.
            let expression = KernelBody.expression(operation, name: { name($0, source) }, syntax: syntax,
                                                   fused: { "\($0) * \($1) + \($2)" })
            return "const winograd_lanes t\(k) = \(expression);"
        }
    }

    private static func usedInputs(_ program: OperationProgram) -> [Int] {
        var used = Set<Int>()
        for operation in program.operations { for case .input(let i) in operation.operands { used.insert(i) } }
        for case .input(let i) in program.outputs { used.insert(i) }
        return used.sorted()
    }

    private static func name(_ value: Value, _ source: ArrayAccess) -> String {
        switch value {
        case .input(let i): source.localName(i)
        case .operation(let k): "t\(k)"
        }
    }
}
