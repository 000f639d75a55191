import CWinogradRuntime
import TestSupport
import Testing
import Winograd

@testable import WinogradRuntime

/// The documented error bound of a float32 Winograd backend on
/// Uniform[−1, 1] data, as max |error| relative to max |y|:
/// 4·u·K(tile)·√(C) with K the tile's growth (see README), and a floor for
/// the float32 product.
func winogradBound(_ plan: Convolution, channels: Int) -> Double {
    guard let transform = plan.transform else { return 1e-5 * Double(channels).squareRoot() }
    return winogradBound(axes: transform.axes, terms: channels)
}

/// The same bound for a tile given by its axes, with `terms` tiles summed.
func winogradBound(axes: [WinogradTransform], terms: Int) -> Double {
    let growth = axes.reduce(1.0) { $0 * $1.growth }
    return 4 * 0x1p-24 * growth * Double(terms).squareRoot() + 1e-6
}

@Suite("Convolution plans against float64 direct")
struct ConvolutionTests {
    /// Many random shapes, ragged and small: every backend within its bound.
    @Test(arguments: [Backend.generated, .generic, .direct, .direct64, .im2col])
    func randomShapes(backend: Backend) throws {
        var generator = SplitMix64(seed: 42)
        for trial in 0..<24 {
            let n = generator.int(in: 1...2)
            let c = generator.int(in: 1...5)
            let k = generator.int(in: 1...6)
            let r = backend == .generic ? [3, 5, 2, 1][trial % 4] : [3, 5][trial % 2]
            let s = backend == .generic && trial % 3 == 0 ? [1, 3][trial % 2] : r
            let h = generator.int(in: 1...17)
            let w = generator.int(in: 1...17)
            let padding = Padding(
                top: generator.int(in: 0...(r - 1)), bottom: generator.int(in: 0...(r - 1)),
                left: generator.int(in: 0...(s - 1)), right: generator.int(in: 0...(s - 1)))
            guard h + padding.top + padding.bottom >= r, w + padding.left + padding.right >= s else { continue }
            let m =
                backend == .generic
                ? [generator.int(in: 1...6), generator.int(in: 1...6)]
                : [r == 3 ? [2, 4, 6][trial % 3] : [2, 4][trial % 2]]
            let x = Tensor<Float>.random(shape: [n, c, h, w], seed: UInt64(trial))
            let filters = Tensor<Float>.random(shape: [k, c, r, s], seed: UInt64(trial + 100))
            let bias = trial % 2 == 0 ? (0..<k).map { Float($0) / 4 - 0.5 } : nil
            let plan = try Convolution(
                filters: filters, bias: bias, padding: padding, backend: backend, m: m, threads: 1 + trial % 2)
            let y = try plan.run(x)
            let truth = referenceConvolution(x, filters, bias: bias, padding: padding)
            #expect(y.shape == truth.shape)
            let statistics = ErrorStatistics(y, reference: truth)
            let scale = max(1, truth.elements.map(\.magnitude).max() ?? 1)
            let bound = backend == .direct64 ? 1e-6 : winogradBound(plan, channels: c)
            #expect(
                statistics.maxAbsoluteError / scale <= bound,
                "\(backend) F(\(m),\(r)×\(s)) N\(n) C\(c) K\(k) \(h)×\(w) pad \(padding): \(statistics)")
            // Outputs are not zeroed first: every element must be written.
            var poisoned = Tensor<Float>(shape: truth.shape, repeating: .nan)
            try plan.run(x, into: &poisoned)
            #expect(poisoned == y, "\(backend) N\(n) C\(c) K\(k) \(h)×\(w) pad \(padding): run(into:) ≠ run")
        }
    }

    /// Large inputs run in passes of a bounded number of tiles; any pass
    /// size (whole blocks or not) gives the same result as the reference.
    @Test(arguments: [1, 5, 16, 20, 40])
    func passesOfTiles(tilesPerPass: Int) throws {
        let filters = Tensor<Float>.random(shape: [5, 3, 3, 3], seed: 3)
        let padding = Padding(top: 1, bottom: 0, left: 2, right: 1)
        let x = Tensor<Float>.random(shape: [2, 3, 17, 23], seed: 4)
        let bias: [Float] = [0.5, -1, 0, 2, 0.25]
        let plan = try Convolution(
            filters: filters, bias: bias, padding: padding, backend: .generated, m: [4], threads: 2)
        let engine = try #require(plan.engine)
        let geometry = try ConvolutionGeometry.of(input: x.shape, filters: filters.shape, padding: padding)
        #expect(engine.tiles(geometry) > tilesPerPass)
        let workspace = engine.makeWorkspace(tiles: tilesPerPass, threads: 2)
        var y = Tensor<Float>(shape: geometry.outputShape, repeating: .nan)
        x.elements.withUnsafeBufferPointer { input in
            y.elements.withUnsafeMutableBufferPointer { output in
                engine.run(
                    input: input.baseAddress!, geometry: geometry, output: output.baseAddress!,
                    workspace: workspace, threads: 2)
            }
        }
        let truth = referenceConvolution(x, filters, bias: bias, padding: padding)
        let statistics = ErrorStatistics(y, reference: truth)
        #expect(statistics.maxAbsoluteError < 1e-4, "\(tilesPerPass) tiles per pass: \(statistics)")
    }

    /// The workspace stays within the pass budget however large the input;
    /// `auto` counts every candidate it builds.
    @Test func memoryUseIsBounded() throws {
        let filters = Tensor<Float>.random(shape: [64, 64, 3, 3], seed: 1)
        let huge = [1, 64, 4096, 4096]
        let plan = try Convolution(filters: filters, padding: Padding(1), backend: .generated, m: [4])
        let use = try plan.memoryUse(inputShape: huge)
        #expect(use.workspace <= WinogradEngine.passBudget + (64 << 10), "\(use)")
        #expect(use.plan == 36 * 64 * 64 * 4)
        let geometry = try ConvolutionGeometry.of(input: huge, filters: filters.shape, padding: Padding(1))
        let automatic = Convolution.memoryUse(backend: .auto, tile: (4, 4), geometry: geometry)
        #expect(automatic.plan == (16 + 36 + 64) * 64 * 64 * 4, "\(automatic)")
        #expect(automatic.workspace > use.workspace, "im2col's band and three tiles' passes: \(automatic)")
    }

    @Test func runIntoABufferReusesTheWorkspace() throws {
        let filters = Tensor<Float>.random(shape: [4, 3, 3, 3], seed: 1)
        let plan = try Convolution(filters: filters, padding: Padding(1), backend: .generated, m: [4], threads: 2)
        var output = Tensor<Float>(shape: [2, 4, 9, 10])
        for seed in 0..<3 {
            let x = Tensor<Float>.random(shape: [2, 3, 9, 10], seed: UInt64(seed))
            try plan.run(x, into: &output)
            let truth = referenceConvolution(x, filters, bias: nil, padding: Padding(1))
            #expect(ErrorStatistics(output, reference: truth).maxAbsoluteError < 1e-4)
        }
        var wrong = Tensor<Float>(shape: [2, 4, 9, 9])
        #expect { try plan.run(Tensor<Float>.random(shape: [2, 3, 9, 10], seed: 0), into: &wrong) } throws: {
            "\($0)".contains("the output is 2×4×9×9 but this convolution makes 2×4×9×10")
        }
    }

    @Test(arguments: [
        ([3, 3, 3, 3], [1, 2, 5, 5], "has 2 channels"),
        ([3, 3, 3, 3], [1, 3, 5], "must be 4-D"),
        ([3, 3, 3, 3], [1, 3, 1, 1], "does not fit"),
    ])
    func wrongShapesAreRejected(filterShape: [Int], inputShape: [Int], message: String) throws {
        let plan = try Convolution(filters: Tensor<Float>(shape: filterShape), backend: .generated, m: [2])
        #expect { _ = try plan.run(Tensor<Float>(shape: inputShape)) } throws: { "\($0)".contains(message) }
    }

    @Test func badPlansAreRejected() {
        let filters = Tensor<Float>(shape: [2, 1, 3, 3])
        #expect { _ = try Convolution(filters: filters, backend: .generated, m: [30]) } throws: {
            "\($0)".contains("F(30×30,3×3) has tiles of 32×32")
        }
        #expect { _ = try Convolution(filters: filters, padding: Padding(3)) } throws: {
            "\($0)".contains("outside 0…2")
        }
        #expect { _ = try Convolution(filters: filters, bias: [1]) } throws: {
            "\($0)".contains("the bias has 1 values but there are 2 filters")
        }
        #expect { _ = try Convolution(filters: filters, backend: .generic, m: [0]) } throws: {
            "\($0)".contains("not a tile size")
        }
        #expect { _ = try Convolution(filters: filters, threads: 0) } throws: { "\($0)".contains("threads = 0") }
        #expect { _ = try Convolution(filters: Tensor<Float>(shape: [2, 3]), backend: .direct) } throws: {
            "\($0)".contains("must be 4-D")
        }
    }

    /// The generic backend runs any point set and non-square tiles.
    @Test func genericWithPointsAndNonSquareTiles() throws {
        let x = Tensor<Float>.random(shape: [1, 2, 11, 13], seed: 5)
        let filters = Tensor<Float>.random(shape: [3, 2, 3, 3], seed: 6)
        let points = try [InterpolationPoint.list(parsing: "0,1,-1,1/2,-1/2")]
        for (m, p) in [([4, 2], [[InterpolationPoint]]()), ([4], points), ([6, 3], [])] {
            let plan = try Convolution(
                filters: filters, padding: Padding(1), backend: .generic, m: m, points: p, threads: 2)
            let truth = referenceConvolution(x, filters, bias: nil, padding: Padding(1))
            #expect(ErrorStatistics(try plan.run(x), reference: truth).maxAbsoluteError < 1e-4)
        }
    }
}

/// Every instruction-set path of the Winograd stages and products (AVX-512,
/// AVX2, portable C) gives the same answer within float rounding.
@Suite("Instruction-set paths")
struct InstructionSetTests {
    @Test(arguments: [Backend.generated, .generic])
    func everyPathAgrees(backend: Backend) throws {
        let x = Tensor<Float>.random(shape: [2, 5, 19, 23], seed: 8)
        let filters = Tensor<Float>.random(shape: [13, 5, 3, 3], seed: 9)
        let bias = (0..<13).map { Float($0) / 8 }
        let truth = referenceConvolution(x, filters, bias: bias, padding: Padding(1))
        var results: [Tensor<Float>] = []
        for isa in InstructionSet.allCases.reversed() {
            let plans = try [2, 4, 6].map { (m: Int) throws(TensorError) -> Convolution in
                try Convolution(
                    filters: filters, bias: bias, padding: Padding(1), backend: backend, m: [m], threads: 2,
                    instructionSet: isa)
            }
            let outputs = try plans.map { (plan: Convolution) throws(TensorError) -> Tensor<Float> in try plan.run(x) }
            for (plan, y) in zip(plans, outputs) {
                #expect(ErrorStatistics(y, reference: truth).maxAbsoluteError < 1e-4, "\(isa) m \(plan.tile!.m)")
                // The path that ran: the emitted kernels (generated) or the dense ones (generic), on this set.
                let expected = (backend == .generated ? "emitted-" : "dense-") + min(isa, .detected).rawValue
                #expect(plan.kernels == expected)
            }
            results.append(outputs[1])
        }
        // The same program on every path, differing only in rounding (FMA contraction, summation order).
        #expect(ErrorStatistics(results[0], reference: results[2]).maxAbsoluteError < 1e-4)
        #expect(
            results[0] != results[2] || backend == .generic,
            "the paths should really differ (AVX-512 fuses, portable does not)")
    }

    /// The stages gather and scatter runs of neighbouring tiles with whole
    /// vectors: runs cut by the 16-tile block, by a row or image ending, by
    /// the longest stretch a run may load, at every border, and wide tiles
    /// that the vector gather and scatter do not take. Each shape on every
    /// instruction set.
    @Test(arguments: [
        ([1, 2, 9, 150], [6], Padding(top: 1, bottom: 2, left: 2, right: 2), Backend.generated),
        ([37, 2, 3, 4], [4], Padding(top: 0, bottom: 2, left: 1, right: 0), .generated),
        ([3, 3, 11, 40], [2], Padding(top: 2, bottom: 0, left: 0, right: 2), .generated),
        ([2, 2, 13, 70], [10, 9], Padding(1), .generic),
        ([2, 2, 25, 31], [3, 7], Padding(top: 1, bottom: 1, left: 2, right: 0), .generic),
    ])
    func runsOfTiles(shape: [Int], m: [Int], padding: Padding, backend: Backend) throws {
        let x = Tensor<Float>.random(shape: shape, seed: 12)
        let filters = Tensor<Float>.random(shape: [3, shape[1], 3, 3], seed: 13)
        let bias: [Float] = [0.5, -0.25, 0]
        let truth = referenceConvolution(x, filters, bias: bias, padding: padding)
        for isa in InstructionSet.allCases.reversed() {
            let plan = try Convolution(
                filters: filters, bias: bias, padding: padding, backend: backend, m: m, threads: 2,
                instructionSet: isa)
            let y = try plan.run(x)
            #expect(y.shape == truth.shape)
            let scale = truth.elements.map(\.magnitude).max() ?? 1
            #expect(
                ErrorStatistics(y, reference: truth).maxAbsoluteError / scale < winogradBound(plan, channels: shape[1]),
                "\(isa) \(shape) m \(m)")
        }
    }
}

extension InstructionSetTests {
    /// Filters are packed in blocks of 16 rows, the last of 4, 8, 12 or 16,
    /// that tile K rounded up to 4.
    @Test func filterBlocksCoverK() {
        for k in 1...100 {
            var next = 0
            let blocks = Int(wr_filter_blocks(Int32(k)))
            for block in 0..<blocks {
                var first: Int32 = 0
                let height = Int(wr_filter_block(Int32(k), Int32(block), &first))
                let heights = block == blocks - 1 ? [4, 8, 12, 16] : [16]
                #expect(Int(first) == next && heights.contains(height), "K \(k) block \(block)")
                next += height
            }
            #expect(next >= k && next < k + 4, "K \(k) covered by \(next) rows")
        }
    }

    /// The product's kernels for every block height (K = 1…25, 64) and tile
    /// count: pairs of blocks, single blocks, last blocks of ≤ 8 tiles at
    /// half width, and (with 40 channels, where it pays) last blocks of few
    /// tiles with the filters along the vector (one 2×2 tile per image, so N
    /// is the tile count).
    @Test(arguments: [1, 4, 5, 8, 13, 20, 25, 64])
    func productBlocks(k: Int) throws {
        for c in [3, 40] {
            let filters = Tensor<Float>.random(shape: [k, c, 3, 3], seed: UInt64(k))
            for n in [1, 3, 8, 9, 13, 16, 24, 25, 41] {
                let x = Tensor<Float>.random(shape: [n, c, 2, 2], seed: UInt64(n))
                let truth = referenceConvolution(x, filters, bias: nil, padding: Padding(1))
                for isa in InstructionSet.allCases.reversed() {
                    let plan = try Convolution(
                        filters: filters, padding: Padding(1), backend: .generated, m: [2], threads: 2,
                        instructionSet: isa)
                    var y = Tensor<Float>(shape: truth.shape, repeating: .nan)
                    try plan.run(x, into: &y)
                    let scale = truth.elements.map(\.magnitude).max() ?? 1
                    #expect(
                        ErrorStatistics(y, reference: truth).maxAbsoluteError / scale
                            < winogradBound(plan, channels: c),
                        "\(isa) K \(k) C \(c) N \(n)")
                }
            }
        }
    }
}

@Suite("The committed F(4×4,3×3) with searched points")
struct SearchedKernelTests {
    /// The committed variant computes the same convolution, with less error
    /// than the default points, on its emitted kernels; other points run on
    /// dense kernels.
    @Test func matchesDirectAndLosesLess() throws {
        let x = Tensor<Float>.random(shape: [2, 6, 21, 18], seed: 31)
        let filters = Tensor<Float>.random(shape: [7, 6, 3, 3], seed: 32)
        let truth = referenceConvolution(x, filters, bias: nil, padding: Padding(1))
        let searched = [try #require(NamedPointSet.searched.points(m: 4, r: 3))]
        let searchedPlan = try Convolution(
            filters: filters, padding: Padding(1), backend: .generated, m: [4],
            points: searched, threads: 2)
        #expect(searchedPlan.emittedKernelName == "winograd_f4x4_3x3_searched_float")
        let withSearched = try searchedPlan.run(x)
        let withDefault = try Convolution(
            filters: filters, padding: Padding(1), backend: .generated, m: [4], threads: 2
        ).run(x)
        let generic = try Convolution(
            filters: filters, padding: Padding(1), backend: .generic, m: [4], points: searched,
            threads: 2
        ).run(x)
        let errorSearched = ErrorStatistics(withSearched, reference: truth)
        let errorDefault = ErrorStatistics(withDefault, reference: truth)
        #expect(errorSearched.maxAbsoluteError < 1e-4)
        #expect(errorSearched.relativeL2Error < errorDefault.relativeL2Error)
        #expect(ErrorStatistics(withSearched, reference: generic.converted(to: Double.self)).maxAbsoluteError < 1e-4)
        let other = try Convolution(
            filters: filters, padding: Padding(1), backend: .generated, m: [4],
            points: [InterpolationPoint.list(parsing: "0,1,-1,1/2,-1/2")], threads: 2)
        #expect(other.emittedKernelName == nil && other.kernels.hasPrefix("dense-"))
        #expect(ErrorStatistics(try other.run(x), reference: truth).maxAbsoluteError < 1e-4)
    }
}

@Suite("Which kernels a plan runs")
struct KernelPathTests {
    /// The generated backend runs the emitted kernels of every committed tile
    /// and dense kernels for any other (m = 3, 5, 7, non-square, other r);
    /// every result matches direct.
    static let paths: [([Int], Int, String?)] = [
        ([2], 3, "winograd_f2x2_3x3_float"), ([4], 3, "winograd_f4x4_3x3_float"), ([6], 3, "winograd_f6x6_3x3_float"),
        ([2], 5, "winograd_f2x2_5x5_float"), ([4], 5, "winograd_f4x4_5x5_float"),
        ([3], 2, "winograd_f3x3_2x2_float"),
        ([3], 3, nil), ([5], 3, nil), ([7], 3, nil), ([4, 2], 3, nil), ([2], 2, nil), ([2], 7, nil),
    ]

    @Test(arguments: paths)
    func generatedPath(m: [Int], r: Int, emitted: String?) throws {
        let x = Tensor<Float>.random(shape: [2, 5, 17, 15], seed: 3)
        let filters = Tensor<Float>.random(shape: [9, 5, r, r], seed: 4)
        let padding = Padding((r - 1) / 2)
        let plan = try Convolution(filters: filters, padding: padding, backend: .generated, m: m, threads: 2)
        #expect(plan.emittedKernelName == emitted)
        #expect(plan.kernels == (emitted == nil ? "dense-" : "emitted-") + InstructionSet.detected.rawValue)
        let truth = referenceConvolution(x, filters, bias: nil, padding: padding)
        let scale = truth.elements.map(\.magnitude).max() ?? 1
        #expect(
            ErrorStatistics(try plan.run(x), reference: truth).maxAbsoluteError / scale
                < winogradBound(plan, channels: 5))
    }

    @Test func baselinesNameTheirPath() throws {
        let filters = Tensor<Float>.random(shape: [2, 1, 3, 3], seed: 1)
        let isa = InstructionSet.detected.rawValue
        #expect(try Convolution(filters: filters, backend: .direct).kernels == "direct-" + isa)
        #expect(try Convolution(filters: filters, backend: .im2col).kernels == "im2col-" + isa)
        #expect(try Convolution(filters: filters, backend: .direct64).kernels == "reference-f64")
        #expect(
            try Convolution(filters: filters, backend: .direct, instructionSet: .portable).kernels == "direct-portable")
    }

    /// Tiles larger than the stages take are refused with a message, not run.
    @Test func oversizedTilesAreRefused() {
        let filters = Tensor<Float>.random(shape: [2, 1, 3, 3], seed: 1)
        #expect {
            _ = try Convolution(filters: filters, backend: .generated, m: [23])
        } throws: { "\($0)".contains("sides up to 24") }
    }
}

@Suite("The auto backend")
struct AutomaticBackendTests {
    /// It picks one of its candidates per input shape, keeps it for that
    /// shape, says what it picked, and computes what direct does.
    @Test func choosesPerShapeAndMatchesDirect() throws {
        let filters = Tensor<Float>.random(shape: [6, 5, 3, 3], seed: 7)
        let bias = (0..<6).map { Float($0) / 8 }
        let plan = try Convolution(filters: filters, bias: bias, padding: Padding(1), threads: 2)
        #expect(plan.backend == .auto && plan.chosen == nil && plan.kernels == "auto")
        for shape in [[1, 5, 23, 19], [2, 5, 7, 7], [1, 5, 1, 30]] {
            let x = Tensor<Float>.random(shape: shape, seed: 3)
            let y = try plan.run(x)
            let choice = try #require(plan.chosen)
            #expect([.generated, .direct, .im2col].contains(choice.backend), "\(shape): \(choice.method)")
            #expect(plan.kernels == choice.kernels && plan.method == choice.method)
            let truth = referenceConvolution(x, filters, bias: bias, padding: Padding(1))
            let scale = truth.elements.map(\.magnitude).max() ?? 1
            #expect(ErrorStatistics(y, reference: truth).maxAbsoluteError / scale < winogradBound(choice, channels: 5))
            // The same shape again: the same plan, no new choice.
            _ = try plan.run(x)
            #expect(plan.chosen === choice, "\(shape)")
        }
    }

    /// The fastest wins; within 3% of it, the most accurate (lowest rank).
    @Test func tiesGoToTheMoreAccurate() {
        // F(2×2), F(4×4), F(6×6), direct, im2col
        let ranks = [4, 16, 36, 0, 0]
        #expect(AutomaticChoice.pick(seconds: [3.0, 1.0, 0.8, 2.0, 2.5], errorRank: ranks) == 2)
        #expect(AutomaticChoice.pick(seconds: [3.0, 0.81, 0.8, 2.0, 2.5], errorRank: ranks) == 1)
        #expect(AutomaticChoice.pick(seconds: [3.0, 1.0, 0.8, 0.82, 0.81], errorRank: ranks) == 4)
        #expect(AutomaticChoice.pick(seconds: [1.0], errorRank: [0]) == 0)
    }

    /// 1×1 filters have no Winograd candidate; gradients follow the choice.
    @Test func pointwiseFiltersAndGradients() throws {
        let pointwise = try Convolution(filters: Tensor<Float>.random(shape: [4, 3, 1, 1], seed: 1), threads: 2)
        let x = Tensor<Float>.random(shape: [1, 3, 9, 9], seed: 2)
        _ = try pointwise.run(x)
        #expect([.direct, .im2col].contains(try #require(pointwise.chosen).backend))

        let filters = Tensor<Float>.random(shape: [4, 3, 3, 3], seed: 3)
        let plan = try Convolution(filters: filters, padding: Padding(1), threads: 2)
        let reference = try Convolution(filters: filters, padding: Padding(1), backend: .direct64)
        let dy = Tensor<Float>.random(shape: [1, 4, 9, 9], seed: 4)
        let dw = try plan.filterGradient(input: x, outputGradient: dy)
        let dwTruth = try reference.filterGradient(input: x, outputGradient: dy)
        #expect(ErrorStatistics(dw, reference: dwTruth.converted(to: Double.self)).maxAbsoluteError < 1e-3)
        let dx = try plan.inputGradient(outputGradient: dy)
        let dxTruth = try reference.inputGradient(outputGradient: dy)
        #expect(ErrorStatistics(dx, reference: dxTruth.converted(to: Double.self)).maxAbsoluteError < 1e-4)
    }
}

@Suite("NHWC tensors")
struct LayoutTests {
    @Test func conversionsRoundTripAndPlaceEveryValue() throws {
        let x = Tensor<Float>.random(shape: [2, 3, 4, 5], seed: 1)
        let nhwc = x.converted(from: .nchw, to: .nhwc)
        #expect(nhwc.shape == [2, 4, 5, 3])
        for n in 0..<2 {
            for c in 0..<3 {
                for h in 0..<4 { for w in 0..<5 { #expect(nhwc[n, h, w, c] == x[n, c, h, w]) } }
            }
        }
        #expect(nhwc.converted(from: .nhwc, to: .nchw) == x)
        #expect(x.converted(from: .nchw, to: .nchw) == x)
    }

    /// Every backend gives, for NHWC input, its NCHW result in NHWC.
    @Test(arguments: Backend.allCases)
    func everyBackendTakesNHWC(backend: Backend) throws {
        let x = Tensor<Float>.random(shape: [2, 5, 11, 9], seed: 2)
        let filters = Tensor<Float>.random(shape: [7, 5, 3, 3], seed: 3)
        let plan = try Convolution(
            filters: filters, bias: (0..<7).map(Float.init), padding: Padding(1),
            backend: backend, threads: 2)
        let y = try plan.run(x)
        let yNHWC = try plan.run(x.converted(from: .nchw, to: .nhwc), layout: .nhwc)
        #expect(yNHWC == y.converted(from: .nchw, to: .nhwc), "\(backend)")
        #expect { _ = try plan.run(Tensor<Float>(shape: [5, 11, 9]), layout: .nhwc) } throws: {
            "\($0)".contains("N×H×W×C")
        }
    }
}
