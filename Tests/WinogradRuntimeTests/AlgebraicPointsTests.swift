import TestSupport
import Testing
import Winograd

@testable import WinogradRuntime

/// Plans whose points lie in ℚ(√d) run the proved transforms on dense
/// kernels and match float64 direct convolution within the float32 bound.
@Suite("Convolution with algebraic points")
struct AlgebraicPointsTests {
    @Test(arguments: [
        ([4], 3, ["0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2"]), ([2], 3, ["0,sqrt2,-sqrt2"]),
        ([4, 2], 3, ["0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2", "0,sqrt3,-sqrt3"]),
    ])
    func matchesDirect(m: [Int], r: Int, lists: [String]) throws {
        let (rows, columns) = (m[0], m.count == 2 ? m[1] : m[0])
        let sets = try lists.enumerated().map { axis, list in
            try AlgebraicPoints(parsing: list, m: axis == 0 ? rows : columns, r: r)
        }
        for (index, shape) in [(1, 5, 7, 13, 11), (2, 16, 20, 9, 17)].enumerated() {
            let (n, c, k, h, w) = shape
            let x = Tensor<Float>.random(shape: [n, c, h, w], seed: UInt64(index))
            let filters = Tensor<Float>.random(shape: [k, c, r, r], seed: UInt64(index + 50))
            let plan = try Convolution(
                filters: filters, padding: Padding(1), backend: .generated, m: m, threads: 1 + index,
                algebraicPoints: sets)
            // ncnn's F(4×4) √2 set runs the committed lanes kernels; the others dense ones.
            let committed = m == [4] && lists == ["0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2"]
            #expect(plan.kernels.hasPrefix(committed ? "emitted-" : "dense-") && plan.transform == nil)
            #expect(plan.algebraicTransforms.map(\.radicand) == [sets[0].radicand, sets[sets.count - 1].radicand])
            let truth = referenceConvolution(x, filters, bias: nil, padding: Padding(1))
            let scale = truth.elements.map(\.magnitude).max() ?? 1
            let growth = plan.algebraicTransforms.reduce(1.0) { $0 * $1.growth }
            let bound = 4 * 0x1p-24 * growth * Double(c).squareRoot() + 1e-6
            let error = ErrorStatistics(try plan.run(x), reference: truth).maxAbsoluteError / scale
            #expect(error <= bound, "F(\(m),\(r)) \(lists) \(shape): \(error) > \(bound)")
            // The input gradient's transposed plan takes the same points.
            let dy = Tensor<Float>.random(shape: [n, k, h, w], seed: 9)
            let dx = try plan.inputGradient(outputGradient: dy)
            let reference = try Convolution(filters: filters, padding: Padding(1), backend: .direct64)
                .inputGradient(outputGradient: dy)
            let dxScale = Double(reference.elements.map(\.magnitude).max() ?? 1)
            #expect(ErrorStatistics(dx, reference: reference).maxAbsoluteError / dxScale <= bound * 4)
        }
    }

    @Test func refusesMismatches() throws {
        let f43 = try AlgebraicPoints(parsing: "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2", m: 4, r: 3)
        let filters = Tensor<Float>.random(shape: [2, 2, 3, 3], seed: 1)
        #expect(throws: TensorError.self) {
            try Convolution(filters: filters, backend: .generated, m: [6], algebraicPoints: [f43])
        }
        #expect(throws: TensorError.self) {
            try Convolution(filters: filters, backend: .direct, algebraicPoints: [f43])
        }
    }
}
