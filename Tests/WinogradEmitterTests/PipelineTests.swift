import ExactArithmetic
import TestSupport
import Testing
import Winograd

@testable import WinogradEmitter

/// Every phase keeps the transform exact: the simplified forms expand back
/// to the matrix rows, and the lowered, nested and scheduled programs
/// compute exactly the matrix (Kronecker) action on random rational data.
@Suite("Emitter phases are exact")
struct PipelineTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func oneDimensionalPhases(m: Int) throws {
        var generator = SplitMix64(seed: UInt64(m))
        for r in [1, 2, 3, 5, 7] {
            let t = try CookToom.derive(m: m, r: r)
            for (_, matrix) in t.namedMatrices {
                let linear = LinearProgram(matrix: matrix)
                let x = (0..<matrix.columnCount).map { _ in generator.rational() }
                for fused in [false, true] {
                    let simplified = PairExtraction.run(linear, fusedMultiplyAdd: fused)
                    #expect(simplified.expandedOutputs() == linear.outputs)
                    let lowered = Lowering.run(simplified, fusedMultiplyAdd: fused)
                    #expect(evaluate(lowered, x) == matrix * x)
                    #expect(evaluate(Scheduler.run(lowered).program, x) == matrix * x)
                    #expect(
                        OperationCount(lowered).total
                            <= OperationCount(Lowering.run(linear, fusedMultiplyAdd: fused)).total,
                        "never dearer than the matrix written out")
                }
            }
        }
    }

    @Test(arguments: [
        ("2", "3", 2), ("4", "3", 2), ("6", "3", 2), ("4", "5", 2), ("4x2", "3x1", nil), ("3x5", "2x3", nil),
        ("2", "3", 3),
    ])
    func nestedKernelsComputeTheKroneckerAction(m: String, r: String, dims: Int?) throws {
        let t = try transform(m, r, dims: dims)
        var generator = SplitMix64(seed: 99)
        for fused in [false, true] {
            let kernels = KernelSet(t, fusedMultiplyAdd: fused)
            for kernel in kernels.kernels {
                let matrices = t.axes.map(kernel.kind.matrix(of:))
                let kronecker = matrices.dropFirst().reduce(matrices[0]) { $0.kronecker($1) }
                let x = (0..<kronecker.columnCount).map { _ in generator.rational() }
                #expect(evaluate(kernel.program, x) == kronecker * x)
                #expect(kernel.sourceShape == matrices.map(\.columnCount))
                #expect(kernel.destinationShape == matrices.map(\.rowCount))
            }
        }
    }

    /// Points in ℚ(√2) and moduli (N > n products): every kernel computes
    /// its Kronecker matrix's action exactly, in ℚ(√2).
    @Test func exactTilesComputeTheKroneckerAction() throws {
        var generator = SplitMix64(seed: 7)
        for (tile, variant) in exactTiles {
            for fused in [false, true] {
                let kernels = KernelSet(tile, fusedMultiplyAdd: fused)
                for kernel in kernels.kernels {
                    let matrices = tile.axes.map(kernel.kind.matrix(of:))
                    let kronecker = matrices.dropFirst().reduce(matrices[0]) { $0.kronecker($1) }
                    let x = (0..<kronecker.columnCount).map { _ in QuadraticNumber(generator.rational()) }
                    #expect(evaluate(kernel.program, x) == kronecker * x, "\(variant) \(tile.name) \(kernel.kind)")
                    #expect(kernel.destinationShape == matrices.map(\.rowCount))
                }
                #expect(kernels.input.destinationShape == tile.axes.map(\.multiplications))
            }
        }
    }

    /// Square 2-D kernels cost exactly 2n (or r + n, n + m) 1-D passes.
    @Test func separablePassCounts() throws {
        let t = try transform("4", "3", dims: 2)
        let kernels = KernelSet(t, fusedMultiplyAdd: true)
        #expect(kernels.input.count.total == 12 * 12)
        #expect(kernels.output.count.total == 10 * (6 + 4))
        #expect(kernels.filter.count.total == kernels.filter.axisCounts[0].total * (3 + 6))
    }

    /// For a non-square filter transform the cheaper pass order is taken.
    @Test func passOrderIsTheCheaperOne() throws {
        let t = try transform("6x2", "3x3")
        let kernel = TransformKernel(.filter, of: t, fusedMultiplyAdd: false)
        let costs = [[0, 1], [1, 0]].map {
            SeparablePasses.cost(
                $0,
                t.axes.map {
                    Lowering.run(
                        PairExtraction.run(LinearProgram(matrix: $0.G), fusedMultiplyAdd: false),
                        fusedMultiplyAdd: false)
                })
        }
        #expect(kernel.count.total == costs.min())
    }
}

@Suite("Operation-count targets (an FMA counts as one op)")
struct OperationCountTargetTests {
    /// Lavin's hand count for F(4,3) with points 0, ±1, ±2.
    @Test func f4x3() throws {
        let t = try CookToom.derive(m: 4, r: 3, points: PointSet(parsing: "0,1,-1,2,-2", m: 4, r: 3))
        let kernels = KernelSet(NestedTransform(t, dims: 1), fusedMultiplyAdd: true)
        #expect(kernels.input.count.total <= 12)
        #expect(kernels.output.count.total <= 10)
    }

    /// NNPACK's hand-written AVX2 F(6,3) kernels, points 0, ±1, ±2, ±1/2.
    @Test func f6x3() throws {
        let t = try CookToom.derive(m: 6, r: 3, points: PointSet(parsing: "0,1,-1,2,-2,1/2,-1/2", m: 6, r: 3))
        let kernels = KernelSet(NestedTransform(t, dims: 1), fusedMultiplyAdd: true)
        #expect(kernels.input.count.total <= 24)
        #expect(kernels.output.count.total <= 20)
    }

    /// Shared subexpressions are found, not special-cased: the symmetric
    /// pairs of F(4,3)'s output transform become x1 ± x2 and x3 ± x4.
    @Test func butterfliesAreShared() throws {
        let t = try CookToom.derive(m: 4, r: 3)
        let simplified = PairExtraction.run(LinearProgram(matrix: t.AT), fusedMultiplyAdd: true)
        let temporaries = Set(simplified.temporaries.map(\.description))
        for butterfly in ["1·x1 + 1·x2", "1·x1 + -1·x2", "1·x3 + 1·x4", "1·x3 + -1·x4"] {
            #expect(temporaries.contains(butterfly), "\(temporaries)")
        }
    }
}
