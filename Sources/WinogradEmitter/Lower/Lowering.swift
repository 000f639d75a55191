import ExactArithmetic

/// Turns a simplified ``LinearProgram`` into operations.
///
/// Each form starts from a term with coefficient +1 where it has one (so
/// no negation is needed), then adds (±1), or fuses c·x + acc when FMA is on.
/// Without FMA, terms that share a coefficient magnitude are summed first
/// and multiplied once (a·x + a·y → a·(x + y)).
public enum Lowering {
    public static func run(_ program: LinearProgram, fusedMultiplyAdd: Bool) -> OperationProgram {
        var result = OperationProgram(inputCount: program.inputCount)
        var temporaries: [Value] = []
        func value(of variable: Variable) -> Value {
            switch variable {
            case .input(let i): .input(i)
            case .temporary(let k): temporaries[k]
            }
        }
        func lower(_ form: LinearForm) -> Value {
            let terms = form.terms.map { (value(of: $0.variable), $0.coefficient) }
            return fusedMultiplyAdd ? lowerFused(terms, into: &result) : lowerGrouped(terms, into: &result)
        }
        for temporary in program.temporaries { temporaries.append(lower(temporary)) }
        result.outputs = program.outputs.map(lower)
        return result
    }

    /// Σ c·x with FMAs: start at a +1 term, else at a product, else negate.
    static func lowerFused(_ terms: [(Value, QuadraticNumber)], into program: inout OperationProgram) -> Value {
        precondition(!terms.isEmpty, "Lowering: an empty form (a zero output)")
        var rest = terms
        var accumulator: Value
        if let unit = rest.firstIndex(where: { $0.1 == 1 }) {
            accumulator = rest.remove(at: unit).0
        } else if let scaled = rest.firstIndex(where: { $0.1.magnitude != 1 }) {
            let (x, c) = rest.remove(at: scaled)
            accumulator = program.append(.multiply(c, x))
        } else {
            accumulator = program.append(.negate(rest.removeFirst().0))
        }
        for (x, c) in rest {
            if c == 1 {
                accumulator = program.append(.add(accumulator, x))
            } else if c == -1 {
                accumulator = program.append(.subtract(accumulator, x))
            } else {
                accumulator = program.append(.fusedMultiplyAdd(c, x, accumulator))
            }
        }
        return accumulator
    }

    /// Σ c·x without FMAs: one multiply per distinct |c| ≠ 1.
    static func lowerGrouped(_ terms: [(Value, QuadraticNumber)], into program: inout OperationProgram) -> Value {
        precondition(!terms.isEmpty, "Lowering: an empty form (a zero output)")
        // Signed items to add: unit terms as they are, one product per magnitude.
        var items: [(Value, positive: Bool)] = []
        var magnitudes: [QuadraticNumber] = []
        for (_, c) in terms where c.magnitude != 1 && !magnitudes.contains(c.magnitude) {
            magnitudes.append(c.magnitude)
        }
        for (x, c) in terms where c.magnitude == 1 { items.append((x, c == 1)) }
        for magnitude in magnitudes {
            let group = terms.filter { $0.1.magnitude == magnitude }.map { ($0.0, $0.1 == magnitude) }
            // Orient the group so it starts positive; its sign goes into the constant.
            let flip = !group.contains { $0.1 }
            let sum = signedSum(group.map { ($0.0, $0.1 != flip) }, into: &program)
            items.append((program.append(.multiply(flip ? -magnitude : magnitude, sum)), true))
        }
        return signedSum(items, into: &program)
    }

    /// ±a ± b ± …, starting from a positive item (negating only when none is).
    static func signedSum(_ items: [(Value, Bool)], into program: inout OperationProgram) -> Value {
        var rest = items
        var accumulator: Value
        if let positive = rest.firstIndex(where: { $0.1 }) {
            accumulator = rest.remove(at: positive).0
        } else {
            accumulator = program.append(.negate(rest.removeFirst().0))
        }
        for (x, positive) in rest {
            accumulator = program.append(positive ? .add(accumulator, x) : .subtract(accumulator, x))
        }
        return accumulator
    }
}
