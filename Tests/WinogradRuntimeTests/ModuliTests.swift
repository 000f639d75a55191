import TestSupport
import Testing
import Winograd

@testable import WinogradRuntime

/// Plans from Toom–Cook moduli run the proved transforms, N ≥ n products
/// per axis, on dense kernels, and match float64 direct convolution within
/// the float32 bound — forward and input gradient, ragged shapes, N > 1,
/// one and two threads, every instruction set.
@Suite("Convolution with moduli")
struct ModuliTests {
    @Test(arguments: [
        ([4], 3, ["x,x-1,x+1,x^2+1,inf"]), ([6], 3, ["x,x-1,x+1,x^2+x+1,x^2-x+1,inf"]),
        ([4, 2], 3, ["x,x-1,x+1,x^2+1,inf", "x,x^2+1,inf"]), ([3], 5, ["x,x-1,x+1,x-2,x^2+1,inf"]),
    ])
    func matchesDirect(m: [Int], r: Int, lists: [String]) throws {
        let (rows, columns) = (m[0], m.count == 2 ? m[1] : m[0])
        let moduli = try lists.enumerated().map { axis, list in
            try Modulus.list(parsing: list, m: axis == 0 ? rows : columns, r: r)
        }
        let shapes = [(1, 5, 7, 13, 11), (2, 16, 20, 9, 17), (1, 1, 1, 3, 2)]
        for instructionSet in InstructionSet.allCases.reversed() {
            for (index, shape) in shapes.enumerated() {
                let (n, c, k, h, w) = shape
                let x = Tensor<Float>.random(shape: [n, c, h, w], seed: UInt64(index))
                let filters = Tensor<Float>.random(shape: [k, c, r, r], seed: UInt64(index + 50))
                let padding = Padding(r / 2)
                let plan = try Convolution(
                    filters: filters, padding: padding, backend: .generated, m: m, threads: 1 + index % 2,
                    instructionSet: instructionSet, moduli: moduli)
                // The catalogue commits lanes kernels for two of these lists; the others run dense.
                let committed = lists == ["x,x-1,x+1,x^2+1,inf"] || lists == ["x,x-1,x+1,x^2+x+1,x^2-x+1,inf"]
                let path = (committed ? "emitted-" : "dense-") + min(instructionSet, .detected).rawValue
                #expect(plan.kernels == path && plan.transform == nil, "\(plan.kernels)")
                let products = plan.modularTransforms.map(\.multiplications)
                #expect(
                    products == [moduli[0], moduli[moduli.count - 1]].map { $0.reduce(0) { $0 + $1.multiplications } })
                #expect(products[0] > rows + r - 1, "a quadratic modulus adds a product")
                let truth = referenceConvolution(x, filters, bias: nil, padding: padding)
                let scale = truth.elements.map(\.magnitude).max() ?? 1
                let growth = plan.modularTransforms.reduce(1.0) { $0 * $1.growth }
                let bound = 4 * 0x1p-24 * growth * Double(c * r * r).squareRoot() + 1e-6
                let error = ErrorStatistics(try plan.run(x), reference: truth).maxAbsoluteError / Double(scale)
                #expect(error <= bound, "\(instructionSet) F(\(m),\(r)) \(lists) \(shape): \(error) > \(bound)")
                // The input gradient's transposed plan takes the same moduli.
                let dy = Tensor<Float>.random(shape: [n, k, h + 2 * (r / 2) - r + 1, w + 2 * (r / 2) - r + 1], seed: 9)
                let dx = try plan.inputGradient(outputGradient: dy)
                let reference = try Convolution(filters: filters, padding: padding, backend: .direct64)
                    .inputGradient(outputGradient: dy)
                let dxScale = Double(reference.elements.map(\.magnitude).max() ?? 1)
                let dxError = ErrorStatistics(dx, reference: reference).maxAbsoluteError / dxScale
                #expect(dxError <= bound * 4, "\(instructionSet) input gradient \(shape): \(dxError)")
                // The plan's size counts the N₀·N₁ positions, not n₀·n₁.
                let use = try plan.memoryUse(inputShape: x.shape)
                let geometry = try ConvolutionGeometry.of(input: x.shape, filters: filters.shape, padding: padding)
                let pointsPlan = Convolution.memoryUse(backend: .generated, tile: (rows, columns), geometry: geometry)
                #expect(use.plan > pointsPlan.plan)
                // So do the input gradient's estimate and the transposed plan's.
                let gradient = Convolution.inputGradientMemoryUse(
                    backend: .generated, tile: (rows, columns), geometry: geometry,
                    products: (products[0], products[1]))
                let pointsGradient = Convolution.inputGradientMemoryUse(
                    backend: .generated, tile: (rows, columns), geometry: geometry)
                #expect(gradient.plan > pointsGradient.plan && gradient.workspace > pointsGradient.workspace)
            }
        }
    }

    @Test func refusesMismatches() throws {
        let f43 = try Modulus.list(parsing: "x,x-1,x+1,x^2+1,inf", m: 4, r: 3)
        let filters = Tensor<Float>.random(shape: [2, 2, 3, 3], seed: 1)
        #expect(throws: TensorError.self) {
            try Convolution(filters: filters, backend: .generated, m: [6], moduli: [f43])
        }
        #expect(throws: TensorError.self) { try Convolution(filters: filters, backend: .direct, moduli: [f43]) }
        let sqrt2 = try AlgebraicPoints(parsing: "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2", m: 4, r: 3)
        #expect(throws: TensorError.self) {
            try Convolution(filters: filters, backend: .generated, m: [4], algebraicPoints: [sqrt2], moduli: [f43])
        }
    }
}
