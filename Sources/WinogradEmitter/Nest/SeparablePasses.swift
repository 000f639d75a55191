/// Nests 1-D programs into an N-D one by separable passes: along one axis
/// at a time, the 1-D program runs on every line of the tile.
///
/// A pass along axis a costs ops(a) × (the product of the other axes'
/// current sizes), so the order matters when sizes change (filter and
/// output transforms) or axes differ (non-square tiles); every order is
/// tried and the cheapest kept, preferring rows first (the last axis).
public enum SeparablePasses {
    /// The composed program over a row-major tile of `inputShape` and the
    /// axis order of its passes.
    /// - Precondition: one program per axis, each with `inputShape[axis]` inputs.
    public static func compose(_ programs: [OperationProgram]) -> (program: OperationProgram, order: [Int]) {
        let dims = programs.count
        let inputShape = programs.map(\.inputCount)
        let orders = permutations(Array((0..<dims).reversed()))
        let best = orders.min { cost($0, programs) < cost($1, programs) }!  // stable: rows-first order comes first

        var shape = inputShape
        var program = OperationProgram(inputCount: inputShape.reduce(1, *))
        var tensor: [Value] = (0..<program.inputCount).map(Value.input)
        for axis in best {
            let oneD = programs[axis]
            var newShape = shape
            newShape[axis] = oneD.outputs.count
            var result = [Value](repeating: .input(0), count: newShape.reduce(1, *))
            // Every line along `axis`: fix the other coordinates.
            let strideOld = shape[(axis + 1)...].reduce(1, *)
            let strideNew = newShape[(axis + 1)...].reduce(1, *)
            let outer = shape[..<axis].reduce(1, *)
            let inner = strideOld
            for o in 0..<outer {
                for i in 0..<inner {
                    let line = (0..<shape[axis]).map { tensor[(o * shape[axis] + $0) * strideOld + i] }
                    let outputs = program.instantiate(oneD, inputs: line)
                    for (k, value) in outputs.enumerated() { result[(o * newShape[axis] + k) * strideNew + i] = value }
                }
            }
            tensor = result
            shape = newShape
        }
        program.outputs = tensor
        return (program, best)
    }

    /// Operations of the passes in `order`.
    static func cost(_ order: [Int], _ programs: [OperationProgram]) -> Int {
        var shape = programs.map(\.inputCount)
        var total = 0
        for axis in order {
            let others = shape.enumerated().filter { $0.offset != axis }.map(\.element).reduce(1, *)
            total += OperationCount(programs[axis]).total * others
            shape[axis] = programs[axis].outputs.count
        }
        return total
    }

    static func permutations(_ items: [Int]) -> [[Int]] {
        if items.count <= 1 { return [items] }
        return items.indices.flatMap { i in
            permutations(items.enumerated().filter { $0.offset != i }.map(\.element)).map { [items[i]] + $0 }
        }
    }
}
