import TestSupport
import Testing
import WinogradEmitter

/// nil when `a` and `b` hold the same bits element for element (so +0 and
/// −0 differ), else where and how they first differ.
func bitDifference<T: KernelScalar>(_ a: [T], _ b: [T]) -> String? {
    guard a.count == b.count else { return "\(a.count) elements against \(b.count)" }
    guard let k = a.indices.first(where: { a[$0].bits != b[$0].bits }) else { return nil }
    let count = a.indices.filter { a[$0].bits != b[$0].bits }.count
    return "\(count) of \(a.count) elements differ, first [\(k)]: \(a[k]) against \(b[k])"
}

@Suite("Strided and contiguous forms, C and Swift kernels, agree bit for bit")
struct KernelConsistencyTests {
    /// Non-trivial layouts: element strides 3 and 37 (an interleaved batch),
    /// tiles inside images 3 and 7 columns wider, at different offsets; and
    /// stride 1 with no padding, where the strided form sees the contiguous layout.
    static let layouts = [
        StridedLayout(),
        StridedLayout(elementStride: 37, leadingOffset: 5, extraColumns: 7, rowOffset: 2, columnOffset: 1),
        StridedLayout(elementStride: 1, leadingOffset: 0, extraColumns: 0, rowOffset: 0, columnOffset: 0),
    ]

    func checkStrided<T: KernelScalar>(_ kernel: Kernel<T>) {
        var generator = SplitMix64(seed: kernelSeed(kernel) ^ 0xB175)
        for trial in 0..<4 {
            let inputs = TileInputs(for: kernel, using: &generator)
            let contiguous = kernel.runContiguous(inputs)
            for layout in Self.layouts {
                let (strided, stray) = kernel.runStrided(inputs, layout)
                let context = "\(kernel), trial \(trial), \(layout)"
                #expect(bitDifference(strided.u, contiguous.u) == nil, "filter transform: \(context)")
                #expect(bitDifference(strided.v, contiguous.v) == nil, "input transform: \(context)")
                #expect(bitDifference(strided.y, contiguous.y) == nil, "output transform: \(context)")
                #expect(stray.isEmpty, "wrote outside its elements at \(stray.prefix(8)): \(context)")
            }
        }
    }

    @Test("float: strided forms equal the contiguous ones and write only their elements", arguments: Kernels.float)
    func stridedFloat(_ kernel: Kernel<Float>) { checkStrided(kernel) }

    @Test("double: strided forms equal the contiguous ones and write only their elements", arguments: Kernels.double)
    func stridedDouble(_ kernel: Kernel<Double>) { checkStrided(kernel) }

    func checkPair<T: KernelScalar>(_ pair: KernelPair<T>) {
        #expect(pair.c.language == .c && pair.swift.language == .swift)
        #expect(pair.c.tileName == pair.swift.tileName && pair.c.dims == pair.swift.dims)
        var generator = SplitMix64(seed: kernelSeed(pair.c) ^ 0xC5)
        for trial in 0..<8 {
            let inputs = TileInputs(for: pair.c, using: &generator)
            let c = pair.c.runContiguous(inputs)
            let swift = pair.swift.runContiguous(inputs)
            #expect(bitDifference(c.u, swift.u) == nil, "\(pair) filter transform, trial \(trial) (C against Swift)")
            #expect(bitDifference(c.v, swift.v) == nil, "\(pair) input transform, trial \(trial) (C against Swift)")
            #expect(bitDifference(c.y, swift.y) == nil, "\(pair) output transform, trial \(trial) (C against Swift)")
            let layout = StridedLayout(
                elementStride: 5, leadingOffset: 1, extraColumns: 2, rowOffset: 1, columnOffset: 3)
            let (cStrided, _) = pair.c.runStrided(inputs, layout)
            let (swiftStrided, _) = pair.swift.runStrided(inputs, layout)
            #expect(
                bitDifference(cStrided.u, swiftStrided.u) == nil, "\(pair) strided filter transform, trial \(trial)")
            #expect(bitDifference(cStrided.v, swiftStrided.v) == nil, "\(pair) strided input transform, trial \(trial)")
            #expect(
                bitDifference(cStrided.y, swiftStrided.y) == nil, "\(pair) strided output transform, trial \(trial)")
        }
    }

    @Test("float: C and Swift kernels of a tile compute the same bits", arguments: Kernels.floatPairs)
    func cAndSwiftFloat(_ pair: KernelPair<Float>) { checkPair(pair) }

    @Test("double: C and Swift kernels of a tile compute the same bits", arguments: Kernels.doublePairs)
    func cAndSwiftDouble(_ pair: KernelPair<Double>) { checkPair(pair) }

    @Test("the registry holds every kernel of the catalogue once, C and Swift paired")
    func catalogue() {
        let committed = KernelCatalogue.committed.kernels
        let registered = [(Precision.float, Kernels.float.map(\.name)), (.double, Kernels.double.map(\.name))]
        for (precision, names) in registered {
            #expect(names == committed.filter { $0.precision == precision }.map(\.prefix), "\(precision)")
        }
        #expect(Set(Kernels.float.map(\.name) + Kernels.double.map(\.name)).count == committed.count)
        #expect(Kernels.floatPairs.count * 2 == Kernels.float.count)
        #expect(Kernels.doublePairs.count * 2 == Kernels.double.count)
        // Today's set: 9 tiles (F(4,3) twice), 1-D and 2-D, float and double, C and Swift; and F(7,3)
        // with the searched points, float only.
        #expect(committed.count == 72 + 4)
        #expect(Kernels.float.contains { $0.name == "winograd_f4x4_3x3_searched_float" && $0.points.contains("5/8") })
    }
}
