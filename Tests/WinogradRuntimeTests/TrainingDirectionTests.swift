import CWinogradRuntime
import Synchronization
import TestSupport
import Testing
import Winograd

@testable import WinogradRuntime

@Suite("Transposed convolution and gradients")
struct TrainingDirectionTests {
    /// The classic worked example: a 5×7 input 0…34, the 3×3 kernel 1…9,
    /// padding 1, and the loss Σ y (so dY is all ones).
    @Test(arguments: [Backend.generated, .generic, .direct, .direct64, .im2col])
    func classicNumbers(backend: Backend) throws {
        let x = try Tensor<Float>(shape: [1, 1, 5, 7], elements: (0..<35).map(Float.init))
        let w = try Tensor<Float>(shape: [1, 1, 3, 3], elements: (1...9).map(Float.init))
        let plan = try Convolution(filters: w, padding: Padding(1), backend: backend, m: [2])
        let dy = Tensor<Float>(shape: [1, 1, 5, 7], repeating: 1)
        let dx = try plan.inputGradient(outputGradient: dy)
        #expect(
            dx.elements.prefix(14).map { $0.rounded() } == [12, 21, 21, 21, 21, 21, 16, 27, 45, 45, 45, 45, 45, 33])
        let dw = try plan.filterGradient(input: x, outputGradient: dy)
        #expect(dw.elements.map { $0.rounded() } == [312, 378, 336, 495, 595, 525, 480, 574, 504])
    }

    /// ⟨conv(x, w), y⟩ = ⟨x, convᵀ(y, w)⟩ = ⟨w, gradW(x, y)⟩ on random,
    /// ragged shapes and padding, on every Winograd and reference path.
    /// A training loop: one plan, new filters at every step through
    /// update(filters:), and the forward result and the input gradient of
    /// each step against float64 with that step's filters (the transposed
    /// plan is made before the first update, so the update must reach it).
    @Test(arguments: [Backend.generated, .generic, .direct, .im2col, .auto])
    func stepsWithNewFilters(backend: Backend) throws {
        let x = Tensor<Float>.random(shape: [2, 5, 11, 9], seed: 1)
        let dy = Tensor<Float>.random(shape: [2, 6, 11, 9], seed: 2)
        let padding = Padding(1)
        let plan = try Convolution(
            filters: Tensor<Float>.random(shape: [6, 5, 3, 3], seed: 10), padding: padding, backend: backend,
            m: [4], threads: 2)
        _ = try plan.run(x)
        _ = try plan.inputGradient(outputGradient: dy)
        for step in 1...3 {
            let filters = Tensor<Float>.random(shape: [6, 5, 3, 3], seed: UInt64(10 + step))
            try plan.update(filters: filters)
            #expect(plan.filters == filters)
            let y = try plan.run(x)
            let truth = referenceConvolution(x, filters, bias: nil, padding: padding)
            let scale = truth.elements.map(\.magnitude).max() ?? 1
            let bound = max(winogradBound(plan.chosen ?? plan, channels: 5), 1e-5)
            #expect(ErrorStatistics(y, reference: truth).maxAbsoluteError / scale < bound, "\(backend) step \(step)")
            // The input gradient: the correlation of dY with the flipped filters read C←K.
            let flipped = ConvolutionTranspose.flipped(filters)
            let dxTruth = referenceConvolution(dy, flipped, bias: nil, padding: padding)
            let dx = try plan.inputGradient(outputGradient: dy)
            let dxScale = dxTruth.elements.map(\.magnitude).max() ?? 1
            #expect(
                ErrorStatistics(dx, reference: dxTruth).maxAbsoluteError / dxScale < max(bound, 1e-4),
                "\(backend) step \(step) input gradient")
        }
        #expect { try plan.update(filters: Tensor<Float>.random(shape: [6, 5, 3, 2], seed: 0)) } throws: {
            "\($0)".contains("the new filters are 6×5×3×2")
        }
    }

    /// auto in a training loop: the first update forgets the choice made
    /// without the cost of new filters, the next run chooses again (timing
    /// update + run) and later updates keep that choice, with the new
    /// filters in it.
    @Test func autoChoosesAgainForTraining() throws {
        let x = Tensor<Float>.random(shape: [1, 8, 12, 12], seed: 1)
        let plan = try Convolution(
            filters: Tensor<Float>.random(shape: [8, 8, 3, 3], seed: 2), padding: Padding(1), backend: .auto,
            threads: 1)
        _ = try plan.run(x)
        let untrained = try #require(plan.chosen)
        try plan.update(filters: Tensor<Float>.random(shape: [8, 8, 3, 3], seed: 3))
        _ = try plan.run(x)
        let trained = try #require(plan.chosen)
        #expect(trained !== untrained)
        let filters = Tensor<Float>.random(shape: [8, 8, 3, 3], seed: 4)
        try plan.update(filters: filters)
        let y = try plan.run(x)
        #expect(plan.chosen === trained)
        let truth = referenceConvolution(x, filters, bias: nil, padding: Padding(1))
        let scale = truth.elements.map(\.magnitude).max() ?? 1
        #expect(ErrorStatistics(y, reference: truth).maxAbsoluteError / scale < 1e-4)
    }

    /// Full blocks of 16 filter rows take the vector filter stage: 16
    /// channels at a time by transposes (plain filters), masked row loads
    /// (a short run of channels, a thread's range ending mid-run, 5×5 taps
    /// past one vector), and for the input gradient the forward filters
    /// read C←K and rotated where they lie. Every instruction set, every
    /// split of the units between threads, forward and input gradient,
    /// after an update, against float64.
    @Test(arguments: [InstructionSet.avx512, .avx2, .portable])
    func fullFilterBlocks(isa: InstructionSet) throws {
        for (k, c, r, threads) in [(32, 48, 3, 1), (33, 17, 3, 3), (16, 40, 5, 2), (48, 16, 3, 2)] {
            let x = Tensor<Float>.random(shape: [1, c, 9, 10], seed: 3)
            let dy = Tensor<Float>.random(shape: [1, k, 9, 10], seed: 4)
            let padding = Padding(r / 2)
            let plan = try Convolution(
                filters: Tensor<Float>.random(shape: [k, c, r, r], seed: 5), padding: padding, backend: .generated,
                m: [2], threads: threads, instructionSet: isa)
            _ = try plan.inputGradient(outputGradient: dy)
            let filters = Tensor<Float>.random(shape: [k, c, r, r], seed: 6)
            try plan.update(filters: filters)
            let truth = referenceConvolution(x, filters, bias: nil, padding: padding)
            let dxTruth = referenceConvolution(dy, ConvolutionTranspose.flipped(filters), bias: nil, padding: padding)
            for (result, reference, what) in [
                (try plan.run(x), truth, "forward"), (try plan.inputGradient(outputGradient: dy), dxTruth, "dx"),
            ] {
                let scale = reference.elements.map(\.magnitude).max() ?? 1
                let error = ErrorStatistics(result, reference: reference).maxAbsoluteError / scale
                #expect(error < 1e-5, "\(isa) K=\(k) C=\(c) \(r)×\(r) \(what): \(error)")
            }
        }
    }

    /// The input gradient reading the forward plan's transformed filters
    /// (ReflectedFilters: F(2×2), F(6×6) and F(2×6) reflect), through updates
    /// with new filters, on every instruction set and with 1 and 2 threads,
    /// against float64; and where it does not apply (F(4×4)'s points, K not
    /// a multiple of 16, a last block of few tiles that the column kernel
    /// serves better) the transposed plan keeps its own filters, also right.
    @Test(arguments: [InstructionSet.avx512, .avx2, .portable])
    func inputGradientOnReflectedFilters(isa: InstructionSet) throws {
        let cases: [(k: Int, c: Int, n: Int, h: Int, w: Int, m: [Int], threads: Int, reflects: Bool)] = [
            (32, 16, 1, 16, 16, [2], 1, true), (16, 12, 2, 12, 10, [6], 2, true), (48, 20, 1, 14, 14, [2, 6], 2, true),
            (32, 16, 1, 16, 16, [4], 2, false), (24, 16, 1, 16, 16, [2], 1, false),
            // 9 tiles: AVX-512's column kernel does them in 9 lanes, the transposed read in 16.
            (16, 8, 1, 6, 6, [2], 1, isa != .avx512),
        ]
        for (k, c, n, h, w, m, threads, reflects) in cases {
            let padding = Padding(1)
            let x = Tensor<Float>.random(shape: [n, c, h, w], seed: 3)
            let dy = Tensor<Float>.random(shape: [n, k, h, w], seed: 4)
            let plan = try Convolution(
                filters: Tensor<Float>.random(shape: [k, c, 3, 3], seed: 5), padding: padding, backend: .generated,
                m: m, threads: threads, instructionSet: isa)
            _ = try plan.inputGradient(outputGradient: dy)
            let transposed = try #require(plan.transposeCache.withLock { $0 }?.engine)
            let what = "\(isa) K=\(k) C=\(c) \(n)×\(h)×\(w) m=\(m)"
            #expect((transposed.reflected != nil) == reflects, "\(what): reflected")
            let bound = winogradBound(plan, channels: max(k, c))
            for step in 0..<2 {
                let filters = Tensor<Float>.random(shape: [k, c, 3, 3], seed: UInt64(6 + step))
                try plan.update(filters: filters)
                let dxTruth = referenceConvolution(
                    dy, ConvolutionTranspose.flipped(filters), bias: nil, padding: padding)
                let truth = referenceConvolution(x, filters, bias: nil, padding: padding)
                for (result, reference, part) in [
                    (try plan.inputGradient(outputGradient: dy), dxTruth, "dx"), (try plan.run(x), truth, "y"),
                ] {
                    let scale = reference.elements.map(\.magnitude).max() ?? 1
                    let error = ErrorStatistics(result, reference: reference).maxAbsoluteError / scale
                    #expect(error < max(bound, 1e-5), "\(what) step \(step) \(part): \(error)")
                }
            }
        }
    }

    /// The input gradient runs the forward plan's own algorithm: with
    /// custom points (F(4×4) with 0, ±1, 2, 1/2, ∞, which are closed under
    /// p → 1/p) its transposed plan has the same transforms and reads the
    /// forward filters; with the searched F(4×4) points the same
    /// transforms, its own filters. Both against float64.
    @Test func inputGradientKeepsTheForwardPoints() throws {
        let padding = Padding(1)
        let dy = Tensor<Float>.random(shape: [1, 32, 16, 16], seed: 2)
        for (points, reflects) in [("0,1,-1,2,1/2,inf", true), ("0,5/8,-5/8,7/4,-7/4", false)] {
            let list = try InterpolationPoint.list(parsing: points)
            let plan = try Convolution(
                filters: Tensor<Float>.random(shape: [32, 16, 3, 3], seed: 3), padding: padding, backend: .generated,
                m: [4], points: [list])
            let filters = Tensor<Float>.random(shape: [32, 16, 3, 3], seed: 4)
            _ = try plan.inputGradient(outputGradient: dy)
            try plan.update(filters: filters)
            let dx = try plan.inputGradient(outputGradient: dy)
            let transpose = try #require(plan.transposeCache.withLock { $0 }?.engine)
            #expect(transpose.stages.exact == plan.engine?.stages.exact, "\(points)")
            #expect((transpose.reflected != nil) == reflects, "\(points)")
            let truth = referenceConvolution(dy, ConvolutionTranspose.flipped(filters), bias: nil, padding: padding)
            let scale = truth.elements.map(\.magnitude).max() ?? 1
            #expect(ErrorStatistics(dx, reference: truth).maxAbsoluteError / scale < 1e-4, "\(points)")
        }
    }

    /// Points in ℚ(√2) closed under p → 1/p reflect too: ncnn's F(4×4) set,
    /// on its committed kernels, gives an input gradient that reads the
    /// forward filters (no filters of its own), right against float64
    /// through updates on every instruction set; and `auto`'s F(4×4,3×3)
    /// candidate runs these points (its other tiles and other filter sizes
    /// keep their rational points).
    @Test(arguments: [InstructionSet.avx512, .avx2, .portable])
    func inputGradientOnAlgebraicReflection(isa: InstructionSet) throws {
        let padding = Padding(1)
        let (k, c) = (32, 16)
        let x = Tensor<Float>.random(shape: [1, c, 14, 15], seed: 3)
        let dy = Tensor<Float>.random(shape: [1, k, 14, 15], seed: 4)
        let points = try AlgebraicPoints(parsing: AlgebraicPoints.sqrt2F43, m: 4, r: 3)
        let plan = try Convolution(
            filters: Tensor<Float>.random(shape: [k, c, 3, 3], seed: 5), padding: padding, backend: .generated,
            m: [4], threads: 2, instructionSet: isa, algebraicPoints: [points])
        #expect(plan.emittedKernelName == "winograd_f4x4_3x3_sqrt2_float", "\(isa)")
        _ = try plan.inputGradient(outputGradient: dy)
        let transposed = try #require(plan.transposeCache.withLock { $0 }?.engine)
        #expect(transposed.reflected != nil, "\(isa): reflected")
        for step in 0..<2 {
            let filters = Tensor<Float>.random(shape: [k, c, 3, 3], seed: UInt64(6 + step))
            try plan.update(filters: filters)
            let dxTruth = referenceConvolution(dy, ConvolutionTranspose.flipped(filters), bias: nil, padding: padding)
            let truth = referenceConvolution(x, filters, bias: nil, padding: padding)
            for (result, reference, part) in [
                (try plan.inputGradient(outputGradient: dy), dxTruth, "dx"), (try plan.run(x), truth, "y"),
            ] {
                let scale = reference.elements.map(\.magnitude).max() ?? 1
                let error = ErrorStatistics(result, reference: reference).maxAbsoluteError / scale
                #expect(error < 2e-5, "\(isa) step \(step) \(part): \(error)")
            }
        }
        #expect(AutomaticChoice.algebraicPoints(.generated, m: 4, r: 3, s: 3) == [points])
        for (backend, m, r) in [(Backend.generated, 2, 3), (.generated, 6, 3), (.generated, 4, 5), (.im2col, 4, 3)] {
            #expect(AutomaticChoice.algebraicPoints(backend, m: m, r: r, s: r).isEmpty, "\(backend) m=\(m) r=\(r)")
        }
    }

    /// auto in a training loop: the input gradient runs on the plan chosen
    /// for the shape when it reflects there (no transposed plan of auto's
    /// own, the chosen plan's filters read) or is im2col (col2im on the
    /// forward filters), and once the choice counts the input gradient
    /// (from the first one in training on, which makes the next run choose
    /// again) on the chosen plan whatever it is, as timed; later steps keep
    /// that choice; right against float64 throughout.
    @Test func autoInputGradientFollowsTheChoice() throws {
        let padding = Padding(1)
        let x = Tensor<Float>.random(shape: [1, 32, 16, 16], seed: 1)
        let dy = Tensor<Float>.random(shape: [1, 32, 16, 16], seed: 2)
        let plan = try Convolution(
            filters: Tensor<Float>.random(shape: [32, 32, 3, 3], seed: 3), padding: padding, backend: .auto)
        let geometry = try ConvolutionGeometry.of(input: x.shape, filters: [32, 32, 3, 3], padding: padding)
        var kept: Convolution?
        for step in 0..<4 {
            let filters = Tensor<Float>.random(shape: [32, 32, 3, 3], seed: UInt64(4 + step))
            try plan.update(filters: filters)
            _ = try plan.run(x)
            let dx = try plan.inputGradient(outputGradient: dy)
            let automatic = try #require(plan.automatic)
            let chosen = try #require(plan.chosen)
            if step == 1 {
                // Chosen again after step 0's input gradient.
                #expect(automatic.choice(for: geometry) != nil)
                kept = chosen
            } else if step == 0 {
                #expect(automatic.choice(for: geometry) == nil, "the first input gradient kept the choice")
            } else {
                #expect(chosen === kept, "step \(step): auto chose again")
            }
            if step > 0, chosen.reflectionPays(outputGradient: dy.shape) {
                #expect(plan.transposeCache.withLock { $0 } == nil, "step \(step): auto made its own transposed plan")
                let engine = try #require(chosen.transposeCache.withLock { $0 }?.engine)
                #expect(engine.reflected != nil, "step \(step): \(chosen.kernels)")
            } else if step > 0, chosen.backend == .im2col {
                #expect(plan.transposeCache.withLock { $0 } == nil, "step \(step): auto made its own transposed plan")
                #expect(chosen.transposeCache.withLock { $0 }?.backend == .im2col, "step \(step)")
            } else if step > 0 {
                // The choice counted the input gradient: it runs on the chosen plan, as timed.
                #expect(plan.transposeCache.withLock { $0 } == nil, "step \(step): auto made its own transposed plan")
                #expect(chosen.transposeCache.withLock { $0 } != nil, "step \(step): \(chosen.kernels)")
            }
            let truth = referenceConvolution(dy, ConvolutionTranspose.flipped(filters), bias: nil, padding: padding)
            let scale = truth.elements.map(\.magnitude).max() ?? 1
            #expect(ErrorStatistics(dx, reference: truth).maxAbsoluteError / scale < 1e-4, "step \(step)")
        }
    }

    /// im2col's filter gradient one band of output rows at a time (every
    /// band and image after the first adds to dW), on every instruction set,
    /// against float64, with the band's buffer reused by a second call.
    @Test(arguments: [InstructionSet.avx512, .avx2, .portable])
    func filterGradientInBands(isa: InstructionSet) throws {
        for (n, c, k, h, w, threads) in [(2, 5, 7, 9, 11, 2), (1, 17, 40, 6, 13, 1), (3, 2, 33, 5, 5, 3)] {
            let x = Tensor<Float>.random(shape: [n, c, h, w], seed: 8)
            let dy = Tensor<Float>.random(shape: [n, k, h, w], seed: 9)
            let geometry = try ConvolutionGeometry.of(input: x.shape, filters: [k, c, 3, 3], padding: Padding(1))
            let truth = try Convolution(
                filters: Tensor<Float>(shape: [k, c, 3, 3]), padding: Padding(1), backend: .direct64
            ).filterGradient(input: x, outputGradient: dy)
            let scale = truth.elements.map(\.magnitude).max() ?? 1
            let cache = Mutex<AlignedBuffer?>(nil)
            for call in 0..<2 {
                let dw = Im2colConvolution.filterGradient(
                    input: x, outputGradient: dy, geometry, threads: threads, context: KernelContext(isa),
                    columnsCache: cache, bandLimit: 1)
                let error = ErrorStatistics(dw, reference: truth).maxAbsoluteError / Double(scale)
                #expect(error < 1e-5, "\(isa) \(n)×\(c)×\(h)×\(w), K = \(k), call \(call): \(error)")
            }
        }
    }

    /// col2im (the im2col backend's transposed convolution): Wᵀ read from
    /// the filters in place or packed from them, channels split between
    /// threads, a second call on the kept columns; every instruction set,
    /// against float64.
    @Test(arguments: [InstructionSet.avx512, .avx2, .portable])
    func col2im(isa: InstructionSet) throws {
        for (n, k, c, h, w, padding, threads) in [
            (1, 40, 33, 7, 7, Padding(1), 2), (2, 17, 5, 12, 10, Padding(top: 0, bottom: 2, left: 1, right: 0), 3),
            (1, 8, 3, 40, 37, Padding(2), 1),
        ] {
            let filters = Tensor<Float>.random(shape: [k, c, 3, 3], seed: 5)
            let dy = Tensor<Float>.random(shape: [n, k, h, w], seed: 6)
            let transpose = try ConvolutionTranspose(
                filters: filters, padding: padding, backend: .im2col, threads: threads, instructionSet: isa)
            let truth = referenceConvolution(
                dy, ConvolutionTranspose.flipped(filters), bias: nil,
                padding: Padding(
                    top: 2 - padding.top, bottom: 2 - padding.bottom, left: 2 - padding.left, right: 2 - padding.right))
            let scale = truth.elements.map(\.magnitude).max() ?? 1
            for call in 0..<2 {
                let dx = try transpose.run(dy)
                #expect(dx.shape == truth.shape)
                let error = ErrorStatistics(dx, reference: truth).maxAbsoluteError / scale
                #expect(error < 1e-5, "\(isa) \(n)×\(k)×\(h)×\(w) → C = \(c), call \(call): \(error)")
            }
        }
    }

    @Test(arguments: [Backend.generated, .generic, .direct, .im2col, .auto])
    func adjointIdentity(backend: Backend) throws {
        var generator = SplitMix64(seed: 77)
        for trial in 0..<6 {
            let (n, c, k) = (generator.int(in: 1...2), generator.int(in: 1...4), generator.int(in: 1...5))
            let r = [3, 5][trial % 2]
            let (h, w) = (generator.int(in: r...13), generator.int(in: r...13))
            let padding = Padding(
                top: generator.int(in: 0...(r - 1)), bottom: generator.int(in: 0...(r - 1)),
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
            let forward = dot(y, dy)
            let backward = dot(x, dx)
            let weights = dot(filters, dw)
            let scale = max(1, abs(forward))
            #expect(abs(forward - backward) / scale < 1e-4, "\(backend) trial \(trial): \(forward) vs \(backward)")
            #expect(abs(forward - weights) / scale < 1e-4, "\(backend) trial \(trial): \(forward) vs \(weights)")
        }
    }

    /// The Winograd filter gradient against float64 direct: the committed
    /// F(3×3, m×m) kernels (m = 2, 4, 6) and dense ones (5×5 filters), 16×16
    /// transposes and their ragged edges (C = 19, K = 13), on every
    /// instruction set, and the plan's cached memory reused and rebuilt.
    @Test(arguments: [2, 4, 6])
    func filterGradientMatchesFloat64(m: Int) throws {
        // (F(5×5, 6×6) has 10-point transforms, whose float error bound is too loose to test against.)
        for (shape, r) in [([2, 19, 15, 21], 3), ([3, 16, 9, 8], 3)] + (m < 6 ? [([1, 5, 12, 11], 5)] : []) {
            let filters = Tensor<Float>.random(shape: [13, shape[1], r, r], seed: UInt64(m))
            let padding = Padding(top: 1, bottom: 0, left: r - 1, right: 1)
            let x = Tensor<Float>.random(shape: shape, seed: 3)
            let reference = try Convolution(filters: filters, padding: padding, backend: .direct64)
            let dy = Tensor<Float>.random(shape: try reference.run(x).shape, seed: 4)
            let truth = try reference.filterGradient(input: x, outputGradient: dy)
            let scale = Double(truth.elements.map(\.magnitude).max() ?? 1)
            // F(R×R, m×m), summed over every tile of every image and channel pair's tiles.
            let tiles = shape[0] * ((dy.shape[2] + m - 1) / m) * ((dy.shape[3] + m - 1) / m)
            let axis = try CookToom.derive(m: r, r: m)
            let bound = winogradBound(axes: [axis, axis], terms: tiles)
            for isa in InstructionSet.allCases.reversed() {
                let plan = try Convolution(
                    filters: filters, padding: padding, backend: r == 3 ? .generated : .generic,
                    m: [m], threads: 2, instructionSet: isa)
                for _ in 0..<2 {
                    let dw = try plan.filterGradient(input: x, outputGradient: dy)
                    #expect(dw.shape == filters.shape)
                    let error = ErrorStatistics(dw, reference: truth).maxAbsoluteError / Double(scale)
                    #expect(error < bound, "F(\(r)×\(r),\(m)×\(m)) \(isa) \(shape): \(error), bound \(bound)")
                }
            }
        }
    }

    /// The transposed convolution on its own, against float64 references.
    @Test func transposeMatchesTheReference() throws {
        let filters = Tensor<Float>.random(shape: [4, 3, 3, 3], seed: 5)
        let x = Tensor<Float>.random(shape: [2, 4, 9, 11], seed: 6)
        let truth = try ConvolutionTranspose(filters: filters, padding: Padding(1), backend: .direct64).run(x)
        for backend in [Backend.generated, .generic, .direct, .im2col] {
            let y = try ConvolutionTranspose(
                filters: filters, padding: Padding(1), backend: backend, m: [4], threads: 2
            ).run(x)
            #expect(y.shape == [2, 3, 9, 11])
            #expect(ErrorStatistics(y, reference: truth).maxAbsoluteError < 1e-4, "\(backend)")
        }
        #expect { _ = try ConvolutionTranspose(filters: filters).run(Tensor<Float>(shape: [1, 3, 5, 5])) } throws: {
            "\($0)".contains("K = 4")
        }
    }
}
