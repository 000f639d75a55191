import ExactArithmetic
import Winograd
import WinogradEmitter
import WinogradRuntime

/// A tile's emitted kernels — the filter, input and output programs the
/// emitter writes (``KernelSet``) — evaluated in an emulated format, with
/// the element-wise product between them.
struct EmittedTile: Sendable {
    let format: NumberFormat
    let storage: FilterStorage
    let filter: Program, input: Program, output: Program

    /// - Parameters:
    ///   - transform: the 1-D transform, used on every axis.
    ///   - dims: 1 or 2.
    ///   - fusedMultiplyAdd: the FMA programs (`emitted-fma`) or not.
    ///   - storage: how the transformed filters are stored before the product.
    init(
        _ transform: WinogradTransform, dims: Int, fusedMultiplyAdd: Bool, format: NumberFormat,
        storage: FilterStorage = .float32
    ) {
        self.init(
            KernelTile(NestedTransform(transform, dims: dims)), fusedMultiplyAdd: fusedMultiplyAdd, format: format,
            storage: storage)
    }

    /// The kernels of any exact tile: points in ℚ or ℚ(√d), or moduli.
    init(_ tile: KernelTile, fusedMultiplyAdd: Bool, format: NumberFormat, storage: FilterStorage = .float32) {
        let kernels = KernelSet(tile, fusedMultiplyAdd: fusedMultiplyAdd)
        self.format = format
        self.storage = storage
        filter = Program(kernels.filter.program, format: format)
        input = Program(kernels.input.program, format: format)
        output = Program(kernels.output.program, format: format)
    }

    /// The outputs of one tile (row-major) from inputs `d` and filters `g`
    /// already in the format.
    func tile(d: [Double], g: [Double]) -> [Double] {
        let u = storage.stored(filter.run(g))
        let v = input.run(d)
        return output.run(zip(u, v).map { format.round($0 * $1) })
    }

    /// An operation program with its constants rounded to the format once.
    struct Program: Sendable {
        enum Step: Sendable {
            case add(Int, Int)
            case subtract(Int, Int)
            case negate(Int)
            case multiply(Double, Int)
            case fusedMultiplyAdd(Double, Int, Int)
        }
        let format: NumberFormat
        let inputCount: Int
        let steps: [Step]
        let outputs: [Int]

        init(_ program: OperationProgram, format: NumberFormat) {
            self.format = format
            inputCount = program.inputCount
            let inputs = program.inputCount
            func slot(_ value: Value) -> Int {
                switch value {
                case .input(let i): i
                case .operation(let k): inputs + k
                }
            }
            func constant(_ c: QuadraticNumber) -> Double {
                switch format {
                case .float32: Double(c.floatValue)
                case .float64: c.doubleValue
                default: format.round(c.doubleValue)
                }
            }
            steps = program.operations.map { operation in
                switch operation {
                case .add(let a, let b): .add(slot(a), slot(b))
                case .subtract(let a, let b): .subtract(slot(a), slot(b))
                case .negate(let a): .negate(slot(a))
                case .multiply(let c, let a): .multiply(constant(c), slot(a))
                case .fusedMultiplyAdd(let c, let a, let b): .fusedMultiplyAdd(constant(c), slot(a), slot(b))
                }
            }
            outputs = program.outputs.map(slot)
        }

        /// The program on `inputs`, every operation rounded to the format
        /// (a fused multiply-add once).
        func run(_ inputs: [Double]) -> [Double] {
            var values = inputs
            values.reserveCapacity(inputCount + steps.count)
            for step in steps {
                switch step {
                case .add(let a, let b): values.append(format.round(values[a] + values[b]))
                case .subtract(let a, let b): values.append(format.round(values[a] - values[b]))
                case .negate(let a): values.append(-values[a])
                case .multiply(let c, let a): values.append(format.round(c * values[a]))
                case .fusedMultiplyAdd(let c, let a, let b):
                    values.append(format.round(values[b].addingProduct(c, values[a])))
                }
            }
            return outputs.map { values[$0] }
        }
    }
}
