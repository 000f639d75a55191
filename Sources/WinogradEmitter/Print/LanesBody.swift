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

    /// Tiles of more values than this go pass by pass. Up to 6×6 (36) the
    /// compilers keep one program in registers well; measured, passes gave
    /// nothing there.
    static let passThreshold = 48

    /// The C parameter list every lanes kernel takes.
    static let parameters = "const float *in, size_t in_stride, float *out, size_t out_stride"

    /// A small kernel is one straight-line program. A larger N-D kernel
    /// runs its separable passes one after another through a stack array:
    /// an 8×8 tile leaves 64 values between passes, twice the 32 vector
    /// registers, and as one program compilers spill them in scattered
    /// places (F(6×6,3×3)'s input transform: 276 stack accesses, against
    /// 128 through the array). The empty `asm` that takes the array's
    /// address keeps compilers from folding the passes back together.
    static func body(_ kernel: TransformKernel, syntax: CSyntax) -> [String] {
        guard usesPasses(kernel) else { return flat(kernel.program, shape: kernel.sourceShape, syntax: syntax) }
        var out = CodePrinter()
        var shape = kernel.sourceShape
        var source = Storage.input
        for (index, axis) in kernel.passOrder.enumerated() {
            let oneD = kernel.axisPrograms[axis]
            var next = shape
            next[axis] = oneD.outputs.count
            let destination = index == kernel.passOrder.count - 1 ? Storage.output : .pass(index)
            if case .pass = destination {
                out.print("winograd_lanes \(destination.name)[\(next.reduce(1, *))];")
            }
            out.print("/* pass \(index + 1): along axis \(axis), \(shape.reduce(1, *) / shape[axis]) lines */")
            let oldStride = shape[(axis + 1)...].reduce(1, *)
            let newStride = next[(axis + 1)...].reduce(1, *)
            for outer in 0..<shape[..<axis].reduce(1, *) {
                for inner in 0..<oldStride {
                    let inputs = (0..<shape[axis]).map { (outer * shape[axis] + $0) * oldStride + inner }
                    let outputs = (0..<next[axis]).map { (outer * next[axis] + $0) * newStride + inner }
                    out.print("{")
                    out.withIndentation { block in
                        for text in line(oneD, from: source, inputs, to: destination, outputs, syntax: syntax) {
                            block.print(text)
                        }
                    }
                    out.print("}")
                }
            }
            if case .pass = destination {
                out.print("__asm__ __volatile__(\"\" : : \"r\"(\(destination.name)) : \"memory\");")
            }
            source = destination
            shape = next
        }
        return out.lines
    }

    /// Whether `kernel` goes pass by pass: N-D, with more than
    /// `passThreshold` values in or out.
    static func usesPasses(_ kernel: TransformKernel) -> Bool {
        let largest = max(kernel.sourceShape.reduce(1, *), kernel.destinationShape.reduce(1, *))
        return kernel.axisPrograms.count > 1 && largest > passThreshold
    }

    /// Where a pass reads or writes: the kernel's strided arguments or a pass's array.
    private enum Storage {
        case input
        case output
        case pass(Int)

        var name: String {
            switch self {
            case .input: "in"
            case .output: "out"
            case .pass(let index): "pass\(index + 1)"
            }
        }
    }

    /// One line of a pass: its used inputs loaded as x0, x1, …, the 1-D
    /// program, and its outputs stored.
    private static func line(
        _ program: OperationProgram, from source: Storage, _ inputs: [Int],
        to destination: Storage, _ outputs: [Int], syntax: CSyntax
    ) -> [String] {
        var lines: [String] = []
        for i in usedInputs(program) {
            switch source {
            case .input:
                lines.append("winograd_lanes x\(i);")
                lines.append("memcpy(&x\(i), \(offset("in", inputs[i], "in_stride")), sizeof(winograd_lanes));")
            default:
                lines.append("const winograd_lanes x\(i) = \(source.name)[\(inputs[i])];")
            }
        }
        let name: (Value) -> String = { value in
            switch value {
            case .input(let i): "x\(i)"
            case .operation(let k): "t\(k)"
            }
        }
        lines += statements(program, name: name, syntax: syntax)
        for (k, value) in program.outputs.enumerated() {
            switch destination {
            case .output:
                lines.append(
                    "memcpy(\(offset("out", outputs[k], "out_stride")), &\(name(value)), sizeof(winograd_lanes));")
            default:
                lines.append("\(destination.name)[\(outputs[k])] = \(name(value));")
            }
        }
        return lines
    }

    /// The whole program at once: every input loaded, then the statements, then every output stored.
    private static func flat(_ program: OperationProgram, shape: [Int], syntax: CSyntax) -> [String] {
        let source = ArrayAccess(array: "in", shape: shape, stride: nil)
        let name: (Value) -> String = { value in
            switch value {
            case .input(let i): source.localName(i)
            case .operation(let k): "t\(k)"
            }
        }
        var lines: [String] = []
        for i in usedInputs(program) {
            lines.append("winograd_lanes \(source.localName(i));")
            lines.append("memcpy(&\(source.localName(i)), \(offset("in", i, "in_stride")), sizeof(winograd_lanes));")
        }
        lines += statements(program, name: name, syntax: syntax)
        for (k, value) in program.outputs.enumerated() {
            lines.append("memcpy(\(offset("out", k, "out_stride")), &\(name(value)), sizeof(winograd_lanes));")
        }
        return lines
    }

    /// `v`, `v + v_stride`, `v + 5 * v_stride`.
    private static func offset(_ array: String, _ k: Int, _ stride: String) -> String {
        k == 0 ? array : "\(array) + \(k == 1 ? stride : "\(k) * \(stride)")"
    }

    private static func statements(_ program: OperationProgram, name: (Value) -> String, syntax: CSyntax) -> [String] {
        program.operations.enumerated().map { k, operation in
            // c·a + b in one expression: compilers fuse it where the CPU can.
            let expression = KernelBody.expression(
                operation, name: name, syntax: syntax, fused: { "\($0) * \($1) + \($2)" })
            return "const winograd_lanes t\(k) = \(expression);"
        }
    }

    private static func usedInputs(_ program: OperationProgram) -> [Int] {
        var used = Set<Int>()
        for operation in program.operations { for case .input(let i) in operation.operands { used.insert(i) } }
        for case .input(let i) in program.outputs { used.insert(i) }
        return used.sorted()
    }
}
