import ExactArithmetic
import Winograd

/// One transform of a tile as a scheduled, counted straight-line program.
public struct TransformKernel: Sendable {
    public let kind: KernelKind
    /// Sizes per axis of the array read and the array written.
    public let sourceShape: [Int], destinationShape: [Int]
    /// The N-D program, scheduled; inputs and outputs row-major.
    public let program: OperationProgram
    /// Operations of the N-D program.
    public let count: OperationCount
    /// The 1-D program of each axis, scheduled (what each separable pass
    /// runs on every line of the tile).
    public let axisPrograms: [OperationProgram]
    /// Operations of the 1-D program of each axis.
    public let axisCounts: [OperationCount]
    /// The dense count: one multiply-add per nonzero matrix entry, per line.
    public let naiveCount: Int
    /// The most temporaries live at once in the schedule.
    public let maximumLive: Int
    /// The order of the separable passes (axis indices).
    public let passOrder: [Int]

    /// Builds, simplifies, lowers, nests and schedules one transform.
    public init(_ kind: KernelKind, of tile: KernelTile, fusedMultiplyAdd: Bool) {
        self.kind = kind
        let matrices = tile.axes.map(kind.matrix(of:))
        let oneD = matrices.map { matrix in
            Lowering.run(
                PairExtraction.run(LinearProgram(matrix: matrix), fusedMultiplyAdd: fusedMultiplyAdd),
                fusedMultiplyAdd: fusedMultiplyAdd)
        }
        let (nested, order) = SeparablePasses.compose(oneD)
        let schedule = Scheduler.run(nested)
        self.program = schedule.program
        self.maximumLive = schedule.maximumLive
        self.passOrder = order
        self.count = OperationCount(schedule.program)
        self.axisCounts = oneD.map(OperationCount.init)
        self.axisPrograms = oneD.map { Scheduler.run($0).program }
        self.sourceShape = matrices.map(\.columnCount)
        self.destinationShape = matrices.map(\.rowCount)
        // Dense: every nonzero entry a multiply-add, in the same pass order.
        var shape = sourceShape
        var naive = 0
        for axis in order {
            let others = shape.enumerated().filter { $0.offset != axis }.map(\.element).reduce(1, *)
            naive += matrices[axis].elements.filter { !$0.isZero }.count * others
            shape[axis] = matrices[axis].rowCount
        }
        self.naiveCount = naive
    }

    /// One transform of a tile over ℚ.
    public init(_ kind: KernelKind, of transform: NestedTransform, fusedMultiplyAdd: Bool) {
        self.init(kind, of: KernelTile(transform), fusedMultiplyAdd: fusedMultiplyAdd)
    }
}

/// The three kernels of a tile.
public struct KernelSet: Sendable {
    public let tile: KernelTile
    public let fusedMultiplyAdd: Bool
    public let filter: TransformKernel
    public let input: TransformKernel
    public let output: TransformKernel

    public init(_ tile: KernelTile, fusedMultiplyAdd: Bool) {
        self.tile = tile
        self.fusedMultiplyAdd = fusedMultiplyAdd
        filter = TransformKernel(.filter, of: tile, fusedMultiplyAdd: fusedMultiplyAdd)
        input = TransformKernel(.input, of: tile, fusedMultiplyAdd: fusedMultiplyAdd)
        output = TransformKernel(.output, of: tile, fusedMultiplyAdd: fusedMultiplyAdd)
    }

    /// The kernels of a tile over ℚ.
    public init(_ transform: NestedTransform, fusedMultiplyAdd: Bool) {
        self.init(KernelTile(transform), fusedMultiplyAdd: fusedMultiplyAdd)
    }

    public var kernels: [TransformKernel] { [filter, input, output] }
}
