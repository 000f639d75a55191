import ExactArithmetic

/// A scalar value in an operation program: an input, or an operation's result.
public enum Value: Hashable, Comparable, Sendable {
    case input(Int)
    case operation(Int)
}

/// One arithmetic operation of a kernel. Constants are exact; printers round
/// them once to the target precision.
public enum Operation: Hashable, Sendable {
    /// a + b
    case add(Value, Value)
    /// a − b
    case subtract(Value, Value)
    /// −a
    case negate(Value)
    /// c · a
    case multiply(QuadraticNumber, Value)
    /// c · a + b, fused (one rounding).
    case fusedMultiplyAdd(QuadraticNumber, Value, Value)

    public var operands: [Value] {
        switch self {
        case .add(let a, let b), .subtract(let a, let b): [a, b]
        case .negate(let a), .multiply(_, let a): [a]
        case .fusedMultiplyAdd(_, let a, let b): [a, b]
        }
    }

    /// The same operation on other operands.
    func mapOperands(_ transform: (Value) -> Value) -> Operation {
        switch self {
        case .add(let a, let b): .add(transform(a), transform(b))
        case .subtract(let a, let b): .subtract(transform(a), transform(b))
        case .negate(let a): .negate(transform(a))
        case .multiply(let c, let a): .multiply(c, transform(a))
        case .fusedMultiplyAdd(let c, let a, let b): .fusedMultiplyAdd(c, transform(a), transform(b))
        }
    }
}

/// A straight-line program of operations in static single assignment form:
/// operation k defines `.operation(k)` from inputs and earlier operations.
/// Built through ``OperationProgram/append(_:)``, which hash-conses, so an
/// operation on the same operands is computed once.
public struct OperationProgram: Hashable, Sendable {
    public private(set) var inputCount: Int
    public private(set) var operations: [Operation] = []
    /// The value stored to each output.
    public var outputs: [Value] = []
    private var known: [Operation: Int] = [:]

    public init(inputCount: Int) { self.inputCount = inputCount }

    /// The value of `operation`, reusing an identical earlier one.
    public mutating func append(_ operation: Operation) -> Value {
        var operation = operation
        // a + b = b + a: one canonical operand order.
        if case .add(let a, let b) = operation, b < a { operation = .add(b, a) }
        if let index = known[operation] { return .operation(index) }
        operations.append(operation)
        known[operation] = operations.count - 1
        return .operation(operations.count - 1)
    }

    /// Appends `other` with its inputs bound to `inputs`; returns its outputs.
    public mutating func instantiate(_ other: OperationProgram, inputs: [Value]) -> [Value] {
        precondition(
            inputs.count == other.inputCount, "OperationProgram: \(inputs.count) inputs for \(other.inputCount)")
        var results: [Value] = []
        results.reserveCapacity(other.operations.count)
        func bind(_ value: Value) -> Value {
            switch value {
            case .input(let i): inputs[i]
            case .operation(let k): results[k]
            }
        }
        for operation in other.operations { results.append(append(operation.mapOperands(bind))) }
        return other.outputs.map(bind)
    }
}
