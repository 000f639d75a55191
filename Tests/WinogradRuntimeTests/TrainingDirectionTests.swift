import TestSupport
import Testing
@testable import WinogradRuntime

@Suite("Transposed convolution and gradients")
struct TrainingDirectionTests {
    /// The classic worked example: a 5×7 input 0…34, the 3×3 kernel 1…9,
    /// padding 1, and the loss Σ y (so dY is all ones).
    @Test(arguments: [Backend.generated, .generatedSwift, .generic, .direct, .direct64, .im2col])
    func classicNumbers(backend: Backend) throws {
        let x = try Tensor<Float>(shape: [1, 1, 5, 7], elements: (0..<35).map(Float.init))
        let w = try Tensor<Float>(shape: [1, 1, 3, 3], elements: (1...9).map(Float.init))
        let plan = try Convolution(filters: w, padding: Padding(1), backend: backend, m: [2])
        let dy = Tensor<Float>(shape: [1, 1, 5, 7], repeating: 1)
        let dx = try plan.inputGradient(outputGradient: dy)
        #expect(dx.elements.prefix(14).map { $0.rounded() } == [12, 21, 21, 21, 21, 21, 16, 27, 45, 45, 45, 45, 45, 33])
        let dw = try plan.filterGradient(input: x, outputGradient: dy)
        #expect(dw.elements.map { $0.rounded() } == [312, 378, 336, 495, 595, 525, 480, 574, 504])
    }

    /// ⟨conv(x, w), y⟩ = ⟨x, convᵀ(y, w)⟩ = ⟨w, gradW(x, y)⟩ on random,
    /// ragged shapes and padding, on every Winograd and reference path.
    @Test(arguments: [Backend.generated, .generic, .direct, .im2col])
    func adjointIdentity(backend: Backend) throws {
        var generator = SplitMix64(seed: 77)
        for trial in 0..<6 {
            let (n, c, k) = (generator.int(in: 1...2), generator.int(in: 1...4), generator.int(in: 1...5))
            let r = [3, 5][trial % 2]
            let (h, w) = (generator.int(in: r...13), generator.int(in: r...13))
            let padding = Padding(top: generator.int(in: 0...(r - 1)), bottom: generator.int(in: 0...(r - 1)),
                                  left: generator.int(in: 0...(r - 1)), right: generator.int(in: 0...(r - 1)))
            let x = Tensor<Float>.random(shape: [n, c, h, w], seed: UInt64(trial))
            let filters = Tensor<Float>.random(shape: [k, c, r, r], seed: UInt64(trial + 50))
            let plan = try Convolution(filters: filters, padding: padding, backend: backend, m: [2], threads: 2)
            let y = try plan.run(x)
            let dy = Tensor<Float>.random(shape: y.shape, seed: UInt64(trial + 90))
            let dx = try plan.inputGradient(outputGradient: dy)
            let dw = try plan.filterGradient(input: x, outputGradient: dy)
            #expect(dx.shape == x.shape && dw.shape == filters.shape)
            func dot(_ a: Tensor<Float>, _ b: Tensor<Float>) -> Double {
                zip(a.elements, b.elements).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            }
            let forward = dot(y, dy), backward = dot(x, dx), weights = dot(filters, dw)
            let scale = max(1, abs(forward))
            #expect(abs(forward - backward) / scale < 1e-4, "\(backend) trial \(trial): \(forward) vs \(backward)")
            #expect(abs(forward - weights) / scale < 1e-4, "\(backend) trial \(trial): \(forward) vs \(weights)")
        }
    }

    /// The transposed convolution on its own, against float64 references.
    @Test func transposeMatchesTheReference() throws {
        let filters = Tensor<Float>.random(shape: [4, 3, 3, 3], seed: 5)
        let x = Tensor<Float>.random(shape: [2, 4, 9, 11], seed: 6)
        let truth = try ConvolutionTranspose(filters: filters, padding: Padding(1), backend: .direct64).run(x)
        for backend in [Backend.generated, .generic, .direct, .im2col] {
            let y = try ConvolutionTranspose(filters: filters, padding: Padding(1), backend: backend, m: [4], threads: 2).run(x)
            #expect(y.shape == [2, 3, 9, 11])
            #expect(ErrorStatistics(y, reference: truth).maxAbsoluteError < 1e-4, "\(backend)")
        }
        #expect { _ = try ConvolutionTranspose(filters: filters).run(Tensor<Float>(shape: [1, 3, 5, 5])) } throws: {
            "\($0)".contains("K = 4")
        }
    }
}
