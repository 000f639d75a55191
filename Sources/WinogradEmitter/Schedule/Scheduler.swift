/// Orders a program's operations to keep few temporaries live.
///
/// Greedy list scheduling: of the operations whose operands are ready, take
/// the one that ends the most live ranges (its operands' last uses) and
/// whose result is needed soonest; outputs are stored as soon as they
/// exist. The result is the same program, renumbered.
public enum Scheduler {
    public struct Schedule: Sendable {
        /// The reordered program (operation k defined before any use).
        public var program: OperationProgram
        /// The most temporaries live at once.
        public var maximumLive: Int
    }

    public static func run(_ program: OperationProgram) -> Schedule {
        let count = program.operations.count
        var consumers = [[Int]](repeating: [], count: count)
        var remainingUses = [Int](repeating: 0, count: count)
        var pendingOperands = [Int](repeating: 0, count: count)
        for (k, operation) in program.operations.enumerated() {
            for case .operation(let j) in Set(operation.operands) {
                consumers[j].append(k)
                remainingUses[j] += 1
                pendingOperands[k] += 1
            }
        }
        for case .operation(let j) in program.outputs { remainingUses[j] += 1 }
        var storesLeft = [Int](repeating: 0, count: count)
        for case .operation(let j) in program.outputs { storesLeft[j] += 1 }

        // Priority by the first output (in store order) that depends on an operation.
        var firstOutput = [Int](repeating: Int.max, count: count)
        for (outputIndex, value) in program.outputs.enumerated() {
            guard case .operation(let root) = value else { continue }
            var stack = [root]
            while let k = stack.popLast() {
                if firstOutput[k] <= outputIndex { continue }
                firstOutput[k] = outputIndex
                for case .operation(let j) in program.operations[k].operands { stack.append(j) }
            }
        }

        var ready = Set((0..<count).filter { pendingOperands[$0] == 0 })
        var order: [Int] = []
        var live = 0
        var maximumLive = 0
        while !ready.isEmpty {
            let next = ready.min { a, b in
                let freedA = freed(by: a, program, remainingUses)
                let freedB = freed(by: b, program, remainingUses)
                if freedA != freedB { return freedA > freedB }
                if firstOutput[a] != firstOutput[b] { return firstOutput[a] < firstOutput[b] }
                return a < b
            }!
            ready.remove(next)
            order.append(next)
            live += 1
            for case .operation(let j) in Set(program.operations[next].operands) {
                remainingUses[j] -= 1
                if remainingUses[j] == 0 { live -= 1 }
            }
            // Stored at once: an output's use ends here.
            remainingUses[next] -= storesLeft[next]
            maximumLive = max(maximumLive, live)
            if remainingUses[next] == 0 { live -= 1 }
            for consumer in consumers[next] {
                pendingOperands[consumer] -= 1
                if pendingOperands[consumer] == 0 { ready.insert(consumer) }
            }
        }
        precondition(order.count == count, "Scheduler: the program has a cycle")

        var renumbered = OperationProgram(inputCount: program.inputCount)
        var newValue = [Value](repeating: .input(0), count: count)
        func map(_ value: Value) -> Value {
            if case .operation(let k) = value { return newValue[k] }
            return value
        }
        for k in order { newValue[k] = renumbered.append(program.operations[k].mapOperands(map)) }
        renumbered.outputs = program.outputs.map(map)
        return Schedule(program: renumbered, maximumLive: maximumLive)
    }

    /// Operands whose last use is this operation.
    private static func freed(by k: Int, _ program: OperationProgram, _ remainingUses: [Int]) -> Int {
        Set(program.operations[k].operands).filter {
            if case .operation(let j) = $0 { return remainingUses[j] == 1 }
            return false
        }.count
    }
}
