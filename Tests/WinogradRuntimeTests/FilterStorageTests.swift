import CWinogradRuntime
import TestSupport
import Testing
import Winograd

@testable import WinogradRuntime

/// 16-bit storage of the transformed filters: the conversions are correctly
/// rounded and the vector ones agree with the plain C bit for bit; a plan
/// that stores its filters in 16 bits computes exactly what the float32 plan
/// computes when every transformed value is representable, and otherwise
/// stays within the rounding's bound.
@Suite("Transformed filters stored in 16 bits")
struct FilterStorageTests {
    /// Values that probe every branch: zeros, ties, the largest and
    /// smallest normals and subnormals of both formats, overflow, and
    /// random bit patterns.
    static let probes: [Float] = {
        var values: [Float] = [
            0, -0, 1, -1, 65504, 65519.996, 65520, -65520, 65536, 1e10, .infinity, -.infinity,
            0x1p-14, 0x1p-24, 0x1p-25, 0x1.8p-25, 0x1p-26, 0x1.ffcp-15, 1 + 0x1p-11, 1 + 0x1.8p-11, 1 + 0x1p-8,
            1 + 0x1.8p-8, 1 + 0x1p-7 + 0x1p-8, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 3.1415927,
        ]
        var generator = SplitMix64(seed: 7)
        for _ in 0..<4000 {
            let bits = UInt32(truncatingIfNeeded: generator.next())
            let value = Float(bitPattern: bits)
            if value.isFinite { values.append(value) }
        }
        for _ in 0..<2000 { values.append(Float(Double.random(in: -70000...70000, using: &generator))) }
        return values
    }()

    /// The bfloat16 nearest to `value`, ties to even, found by comparing
    /// the two neighbours in float64 (past the largest finite one, infinity
    /// stands where 2^128 would be, as IEEE rounding has it).
    static func referenceBFloat16(_ value: Float) -> Float {
        let down = Float(bitPattern: value.bitPattern & 0xFFFF_0000)
        let up = Float(bitPattern: (value.bitPattern & 0xFFFF_0000) &+ 0x10000)
        let upValue = up.isInfinite ? (up < 0 ? -0x1p128 : 0x1p128) : Double(up)
        let (below, above) = (abs(Double(value) - Double(down)), abs(upValue - Double(value)))
        if below < above { return down }
        if above < below { return up }
        return (down.bitPattern >> 16) & 1 == 0 ? down : up
    }

    @Test func halfIsCorrectlyRounded() {
        for value in Self.probes {
            #if arch(x86_64) || arch(arm64)
                let expected = Float(Float16(value))
                let got = FilterStorage.float16.rounded(value)
                #expect(got.bitPattern == expected.bitPattern, "float16 of \(value): \(got), not \(expected)")
            #endif
        }
    }

    @Test func bfloat16IsCorrectlyRounded() {
        for value in Self.probes {
            let got = FilterStorage.bfloat16.rounded(value)
            let expected = Self.referenceBFloat16(value)
            #expect(got.bitPattern == expected.bitPattern, "bfloat16 of \(value): \(got), not \(expected)")
        }
        #expect(FilterStorage.bfloat16.rounded(.nan).isNaN)
        #expect(FilterStorage.float16.rounded(.nan).isNaN)
    }

    /// Every context's conversions (AVX-512 where the CPU has it) against
    /// the plain C ones, over lengths that leave every tail.
    @Test(arguments: [FilterStorage.bfloat16, .float16])
    func vectorConversionsMatch(storage: FilterStorage) {
        let portable = KernelContext(.portable)
        for set in InstructionSet.allCases {
            let context = KernelContext(set)
            for count in [0, 1, 15, 16, 17, 33, Self.probes.count] {
                let values = Array(Self.probes.prefix(count))
                let narrowed = Self.narrow(values, storage, context)
                #expect(narrowed == Self.narrow(values, storage, portable), "\(set) \(storage) narrow, \(count) values")
                let widened = Self.widen(narrowed, storage, context)
                let reference = Self.widen(narrowed, storage, portable)
                #expect(
                    widened.map(\.bitPattern) == reference.map(\.bitPattern), "\(set) \(storage) widen, \(count)")
                #expect(widened.map(\.bitPattern) == values.map { storage.rounded($0).bitPattern })
            }
        }
    }

    /// The strided form the filter stage stores with: rows of 16 (the
    /// inline path) and of other lengths, each row as `narrow` gives it and
    /// nothing between the rows written.
    @Test(arguments: [FilterStorage.bfloat16, .float16])
    func rowConversionsMatch(storage: FilterStorage) {
        let (inStride, outStride, rows) = (20, 24, 5)
        let values = (0..<(rows * inStride)).map { Self.probes[$0 % Self.probes.count] }
        for set in InstructionSet.allCases {
            let context = KernelContext(set)
            for count in [1, 15, 16, 17, 20] {
                var out = [UInt16](repeating: 0xABCD, count: rows * outStride)
                context.withPointer { ctx in
                    values.withUnsafeBufferPointer { v in
                        out.withUnsafeMutableBufferPointer { o in
                            ctx.pointee.narrow_rows(
                                v.baseAddress, inStride, o.baseAddress, outStride, rows, count, storage.format)
                        }
                    }
                }
                for r in 0..<rows {
                    let row = Array(values[(r * inStride)..<(r * inStride + count)])
                    let got = Array(out[(r * outStride)..<(r * outStride + outStride)])
                    #expect(
                        got.prefix(count).elementsEqual(Self.narrow(row, storage, KernelContext(.portable))),
                        "\(set) \(storage), row \(r) of \(count)")
                    #expect(got.dropFirst(count).allSatisfy { $0 == 0xABCD }, "\(set): written past row \(r)")
                }
            }
        }
    }

    static func narrow(_ values: [Float], _ storage: FilterStorage, _ context: KernelContext) -> [UInt16] {
        var out = [UInt16](repeating: 0xFFFF, count: values.count)
        context.withPointer { ctx in
            values.withUnsafeBufferPointer { v in
                out.withUnsafeMutableBufferPointer { o in
                    ctx.pointee.narrow(v.baseAddress, o.baseAddress, values.count, storage.format)
                }
            }
        }
        return out
    }

    static func widen(_ values: [UInt16], _ storage: FilterStorage, _ context: KernelContext) -> [Float] {
        var out = [Float](repeating: .nan, count: values.count)
        context.withPointer { ctx in
            values.withUnsafeBufferPointer { v in
                out.withUnsafeMutableBufferPointer { o in
                    ctx.pointee.widen(v.baseAddress, o.baseAddress, values.count, storage.format)
                }
            }
        }
        return out
    }

    /// Integer filters in −3…3 through F(2×2,3×3): every transformed value
    /// is a multiple of 1/4 below 64, exact in both 16-bit formats, so the
    /// 16-bit plans must give the float32 plan's outputs bit for bit — any
    /// slip in packing, widening or the scratch shows. Shapes cover ragged
    /// filter blocks, several tile blocks and passes, 1 and 2 threads, the
    /// input gradient's transposed plan and an update.
    @Test(arguments: [FilterStorage.bfloat16, .float16])
    func exactFiltersGiveFloat32Results(storage: FilterStorage) throws {
        let shapes: [(n: Int, c: Int, k: Int, h: Int, w: Int)] = [
            (1, 3, 5, 9, 7), (2, 17, 29, 13, 11), (1, 40, 70, 30, 30), (3, 16, 16, 5, 19),
        ]
        var generator = SplitMix64(seed: 11)
        for (index, shape) in shapes.enumerated() {
            let integers = { (count: Int) in (0..<count).map { _ in Float(generator.int(in: -3...3)) } }
            let filterShape = [shape.k, shape.c, 3, 3]
            let filters = try Tensor(shape: filterShape, elements: integers(filterShape.reduce(1, *)))
            let later = try Tensor(shape: filterShape, elements: integers(filterShape.reduce(1, *)))
            let x = Tensor<Float>.random(shape: [shape.n, shape.c, shape.h, shape.w], seed: UInt64(index))
            for set in [InstructionSet.portable, .avx512] {
                let threads = 1 + index % 2
                let plans = try [FilterStorage.float32, storage].map { storage in
                    try Convolution(
                        filters: filters, padding: Padding(1), backend: .generated, m: [2], threads: threads,
                        instructionSet: set, filterStorage: storage)
                }
                let what = "\(storage) \(set) \(shape) threads \(threads)"
                #expect(try plans[1].run(x).elements == plans[0].run(x).elements, "forward, \(what)")
                let dy = Tensor<Float>.random(shape: [shape.n, shape.k, shape.h, shape.w], seed: 99)
                #expect(
                    try plans[1].inputGradient(outputGradient: dy).elements
                        == plans[0].inputGradient(outputGradient: dy).elements, "input gradient, \(what)")
                for plan in plans { try plan.update(filters: later) }
                #expect(try plans[1].run(x).elements == plans[0].run(x).elements, "after an update, \(what)")
                #expect(
                    try plans[1].inputGradient(outputGradient: dy).elements
                        == plans[0].inputGradient(outputGradient: dy).elements,
                    "input gradient after an update, \(what)")
            }
        }
    }

    /// Random filters: the 16-bit plans differ from float32 (the values are
    /// rounded) but stay within the bound the rounding allows: the
    /// float32 bound plus the format's unit roundoff times the tile's growth
    /// and √(C·taps).
    @Test(arguments: [FilterStorage.bfloat16, .float16])
    func roundedFiltersStayWithinTheirBound(storage: FilterStorage) throws {
        let unit = storage == .bfloat16 ? 0x1p-9 : 0x1p-12
        for m in [2, 4, 6] {
            let (n, c, k, h, w) = (1, 24, 20, 14, 15)
            let filters = Tensor<Float>.random(shape: [k, c, 3, 3], seed: UInt64(m))
            let x = Tensor<Float>.random(shape: [n, c, h, w], seed: UInt64(m + 10))
            let plan = try Convolution(
                filters: filters, padding: Padding(1), backend: .generated, m: [m], threads: 2, filterStorage: storage)
            let y = try plan.run(x)
            let float32 = try Convolution(filters: filters, padding: Padding(1), backend: .generated, m: [m]).run(x)
            let truth = referenceConvolution(x, filters, bias: nil, padding: Padding(1))
            let scale = truth.elements.map(\.magnitude).max() ?? 1
            let error = ErrorStatistics(y, reference: truth).maxAbsoluteError / scale
            let growth = plan.transform!.axes.reduce(1.0) { $0 * $1.growth }
            let bound = winogradBound(plan, channels: c) + 4 * unit * growth * Double(c * 9).squareRoot()
            #expect(error <= bound, "\(storage) F(\(m)×\(m)): \(error) > \(bound)")
            #expect(y.elements != float32.elements, "\(storage) F(\(m)×\(m)) gave float32's results: not rounded?")
        }
    }

    /// The plan's memory shrinks by half, and its estimate says so.
    @Test func planBytesHalve() throws {
        let filters = Tensor<Float>.random(shape: [64, 64, 3, 3], seed: 1)
        let geometry = try ConvolutionGeometry.of(input: [1, 64, 28, 28], filters: filters.shape, padding: Padding(1))
        let float32 = Convolution.memoryUse(backend: .generated, tile: (4, 4), geometry: geometry)
        let half = Convolution.memoryUse(
            backend: .generated, tile: (4, 4), geometry: geometry, filterStorage: .bfloat16, threads: 2)
        #expect(half.plan * 2 == float32.plan)
        #expect(half.workspace > float32.workspace)
        let plan = try Convolution(
            filters: filters, padding: Padding(1), backend: .generated, m: [4], threads: 2, filterStorage: .float16)
        #expect(try plan.memoryUse(inputShape: [1, 64, 28, 28]) == half)
    }
}
