import ExactArithmetic
import TestSupport
import Winograd

@testable import WinogradEmitter

/// Runs a program exactly.
func evaluate(_ program: OperationProgram, _ inputs: [Rational]) -> [Rational] {
    var values: [Rational] = []
    func value(_ v: Value) -> Rational {
        switch v {
        case .input(let i): inputs[i]
        case .operation(let k): values[k]
        }
    }
    for operation in program.operations {
        switch operation {
        case .add(let a, let b): values.append(value(a) + value(b))
        case .subtract(let a, let b): values.append(value(a) - value(b))
        case .negate(let a): values.append(-value(a))
        case .multiply(let c, let a): values.append(c * value(a))
        case .fusedMultiplyAdd(let c, let a, let b): values.append(c * value(a) + value(b))
        }
    }
    return program.outputs.map(value)
}

/// The tiles the kernel tests cover: m = 2…8 for r = 3, 2…6 for r = 5, 2…4 for r = 7.
let testedTiles: [(m: Int, r: Int)] = (2...8).map { ($0, 3) } + (2...6).map { ($0, 5) } + (2...4).map { ($0, 7) }

func transform(_ m: String, _ r: String, dims: Int? = nil) throws -> NestedTransform {
    try NestedTransform.derive(TileShape(m: m, r: r, dims: dims))
}
