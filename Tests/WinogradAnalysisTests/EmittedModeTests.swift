import TestSupport
import Testing
import Winograd
import WinogradEmitter
import WinogradRuntime

@testable import WinogradAnalysis

@Suite("The emitted evaluation modes")
struct EmittedModeTests {
    /// In float64 the emitted programs compute the exact transform's
    /// results up to double rounding: the interpreter reads the programs
    /// right.
    @Test(arguments: [(2, 1), (4, 1), (6, 2), (3, 2)])
    func float64MatchesDirect(m: Int, dims: Int) throws {
        let transform = try CookToom.derive(m: m, r: 3)
        for fma in [false, true] {
            let tile = EmittedTile(transform, dims: dims, fusedMultiplyAdd: fma, format: .float64)
            var generator = SplitMix64(seed: 5)
            let n = m + 2
            let d = (0..<(dims == 1 ? n : n * n)).map { _ in Double(generator.int(in: -1000...1000)) / 1000 }
            let g = (0..<(dims == 1 ? 3 : 9)).map { _ in Double(generator.int(in: -1000...1000)) / 1000 }
            let y = tile.tile(d: d, g: g)
            let (exact, _) = PrecisionExperiment.direct(d: d, g: g, m: m, r: 3, dims: dims, format: .float64)
            #expect(y.count == exact.count)
            for (value, truth) in zip(y, exact) {
                #expect(abs(value - truth) < 1e-12, "F(\(m),3) \(dims)-D fma \(fma): \(value) vs \(truth)")
            }
        }
    }

    /// The runtime's tile (the committed lanes kernels, FMA programs, float32,
    /// on this CPU's vector instructions) and the study's emitted-fma
    /// float32 evaluation of the same tile and data agree bit for bit: the
    /// study's figure is the error of the code that runs.
    /// So do they with the transformed filters stored in 16 bits.
    @Test(arguments: [2, 4, 6], FilterStorage.allCases)
    func runtimeAgreesWithEmittedFMA(m: Int, storage: FilterStorage) throws {
        let transform = try CookToom.derive(m: m, r: 3)
        let tile = EmittedTile(transform, dims: 2, fusedMultiplyAdd: true, format: .float32, storage: storage)
        let n = m + 2
        var worst = 0.0
        var identical = true
        for seed in 0..<20 {
            let x = Tensor<Float>.random(shape: [1, 1, n, n], seed: UInt64(seed))
            let w = Tensor<Float>.random(shape: [1, 1, 3, 3], seed: UInt64(100 + seed))
            let plan = try Convolution(filters: w, backend: .generated, m: [m], threads: 1, filterStorage: storage)
            #expect(plan.kernels.hasPrefix("emitted-"))
            let y = try plan.run(x)
            let study = tile.tile(d: x.elements.map(Double.init), g: w.elements.map(Double.init))
            for (runtime, emitted) in zip(y.elements, study) {
                if Double(runtime) != emitted { identical = false }
                worst = max(worst, abs(Double(runtime) - emitted) / max(1, abs(emitted)))
            }
        }
        #expect(
            identical, "F(\(m)×\(m),3×3), \(storage): the runtime and the emitted-fma evaluation differ by \(worst)")
    }

    /// The same beyond rational points: the committed lanes kernels of
    /// ncnn's √2 points and of two moduli lists (N > n products per axis)
    /// and the study's emitted-fma evaluation agree bit for bit.
    @Test(arguments: [
        (4, "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2", false), (4, "x,x-1,x+1,x^2+1,inf", true),
        (6, "x,x-1,x+1,x^2+x+1,x^2-x+1,inf", true),
    ])
    func runtimeAgreesWithEmittedFMABeyondRationalPoints(m: Int, list: String, moduli: Bool) throws {
        let kernelTile: KernelTile
        let plan: (Tensor<Float>) throws -> Convolution
        if moduli {
            let parsed = try Modulus.list(parsing: list, m: m, r: 3)
            kernelTile = KernelTile(try ToomCookModuli.derive(m: m, r: 3, moduli: parsed), dims: 2)
            plan = { try Convolution(filters: $0, backend: .generated, m: [m], moduli: [parsed]) }
        } else {
            let points = try AlgebraicPoints(parsing: list, m: m, r: 3)
            kernelTile = KernelTile(try AlgebraicTransform.derive(m: m, r: 3, points: points), dims: 2)
            plan = { try Convolution(filters: $0, backend: .generated, m: [m], algebraicPoints: [points]) }
        }
        let tile = EmittedTile(kernelTile, fusedMultiplyAdd: true, format: .float32)
        let n = m + 2
        var identical = true
        for seed in 0..<20 {
            let x = Tensor<Float>.random(shape: [1, 1, n, n], seed: UInt64(seed))
            let w = Tensor<Float>.random(shape: [1, 1, 3, 3], seed: UInt64(100 + seed))
            let convolution = try plan(w)
            #expect(convolution.kernels.hasPrefix("emitted-"), "\(convolution.kernels)")
            let y = try convolution.run(x)
            let study = tile.tile(d: x.elements.map(Double.init), g: w.elements.map(Double.init))
            if zip(y.elements, study).contains(where: { Double($0) != $1 }) { identical = false }
        }
        #expect(identical, "F(\(m)×\(m),3×3) \(list): the runtime and the emitted-fma evaluation differ")
    }
}
