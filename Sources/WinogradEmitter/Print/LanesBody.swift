/// Kernel bodies on 16 tiles at once, one per lane of a GCC/Clang vector
/// (`winograd_lanes`): the same straight-line program, every value a vector.
/// Tiles are gathered through pointers (lane j reads the tile at d[j]) and
/// the transformed values stored as whole vectors, so the runtime's blocked
/// layout (16 tiles side by side) is written and read in place.
enum LanesBody {
    static let lanes = 16

    /// Input transform: lane j of input i is d[i·16 + j] (the caller gathers
    /// the 16 tiles, handling borders, into this contiguous array), and
    /// output k goes to v[k·v_stride + j].
    static func input(_ program: OperationProgram, shape: [Int], syntax: CSyntax) -> [String] {
        let source = ArrayAccess(array: "d", shape: shape, stride: nil)
        var lines: [String] = []
        for i in usedInputs(program) {
            lines.append("winograd_lanes \(source.localName(i));")
            lines.append("memcpy(&\(source.localName(i)), \(i == 0 ? "d" : "d + \(i * lanes)"), sizeof(winograd_lanes));")
        }
        lines += statements(program, source: source, syntax: syntax)
        for (k, value) in program.outputs.enumerated() {
            lines.append("memcpy(\(offset("v", k, "v_stride")), &\(name(value, source)), sizeof(winograd_lanes));")
        }
        return lines
    }

    /// Output transform: x[k·x_stride + j] → the tile at y[j].
    static func output(_ program: OperationProgram, sourceShape: [Int], destinationShape: [Int], syntax: CSyntax) -> [String] {
        let source = ArrayAccess(array: "x", shape: sourceShape, stride: nil)
        let tile = ArrayAccess(array: "tile", shape: destinationShape, stride: .rows("y_row_stride"))
        var lines = ["int j;"]
        for i in usedInputs(program) {
            lines.append("winograd_lanes \(source.localName(i));")
            lines.append("memcpy(&\(source.localName(i)), \(offset("x", i, "x_stride")), sizeof(winograd_lanes));")
        }
        lines += statements(program, source: source, syntax: syntax)
        // Store whole vectors into a plain array, then scatter lane by lane.
        lines.append("float results[\(program.outputs.count)][\(lanes)];")
        for (k, value) in program.outputs.enumerated() {
            lines.append("memcpy(results[\(k)], &\(name(value, source)), sizeof(winograd_lanes));")
        }
        lines.append("for (j = 0; j < \(lanes); j++) {")
        lines.append("    float *tile = y[j];")
        for k in program.outputs.indices {
            lines.append("    \(tile.element(k, syntax)) = results[\(k)][j];")
        }
        lines.append("}")
        if !lines.contains(where: { $0.contains("y_row_stride") }) { lines.insert("(void)y_row_stride;", at: 1) }
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
