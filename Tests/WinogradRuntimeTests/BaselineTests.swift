import CWinogradRuntime
import TestSupport
import Testing

@testable import WinogradRuntime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The baselines every backend is measured against: direct correlation
/// (float32 and the float64 reference), im2col + SGEMM, SGEMM alone, and the
/// FMA-peak probe. Each SIMD path is run in turn by asking for its
/// instruction set (the C runtime keeps no global state, so suites run in
/// parallel).
@Suite("Baselines")
struct BaselineTests {
    /// Every instruction set the C kernels have (those this CPU lacks fall
    /// back to the best it has).
    static let sets: [InstructionSet] = [.avx512, .avx2, .portable]

    // MARK: - Direct and im2col against the naive loop

    @Test("direct f64 = naive loop; direct f32 and im2col within float32 error", arguments: sets)
    func randomShapes(isa: InstructionSet) throws {
        do {
            var generator = SplitMix64(seed: 0x5EED_0000 + UInt64(isa.level))
            for index in 0..<40 {
                let shape = BaselineShape.random(&generator, index: index)
                try check(shape, isa: isa, generator: &generator)
            }
        }
    }

    @Test("filters taller and wider than the image, reached only through padding", arguments: sets)
    func filterLargerThanImage(isa: InstructionSet) throws {
        do {
            var generator = SplitMix64(seed: 77)
            let shapes = [
                BaselineShape(
                    n: 1, c: 2, k: 3, h: 2, w: 3, r: 5, s: 4, padding: Padding(top: 2, bottom: 1, left: 1, right: 3)),
                BaselineShape(n: 2, c: 1, k: 5, h: 1, w: 1, r: 5, s: 5, padding: Padding(4)),
                BaselineShape(
                    n: 1, c: 3, k: 2, h: 3, w: 20, r: 4, s: 1, padding: Padding(top: 0, bottom: 3, left: 0, right: 0)),
                BaselineShape(n: 1, c: 1, k: 1, h: 1, w: 1, r: 1, s: 1, padding: .zero),
                BaselineShape(n: 1, c: 4, k: 9, h: 20, w: 20, r: 3, s: 3, padding: Padding(1)),
                // Wider than one AVX-512 block of 64 columns, ragged.
                BaselineShape(
                    n: 1, c: 2, k: 6, h: 3, w: 75, r: 2, s: 5, padding: Padding(top: 1, bottom: 0, left: 3, right: 2)),
            ]
            for shape in shapes { try check(shape, isa: isa, generator: &generator) }
        }
    }

    @Test("threads split the work without changing a bit", arguments: sets)
    func threadsAgree(isa: InstructionSet) throws {
        do {
            let x = Tensor<Float>.random(shape: [2, 5, 13, 17], seed: 3)
            let w = Tensor<Float>.random(shape: [9, 5, 3, 2], seed: 4)
            let bias = (0..<9).map { Float($0) / 4 - 1 }
            let padding = Padding(top: 1, bottom: 2, left: 0, right: 1)
            let one = try DirectConvolution.run(
                input: x, filters: w, bias: bias, padding: padding, threads: 1, instructionSet: isa)
            for threads in [2, 3, 16] {
                #expect(
                    try DirectConvolution.run(
                        input: x, filters: w, bias: bias, padding: padding, threads: threads,
                        instructionSet: isa) == one)
                let im2col = try Im2colConvolution.run(
                    input: x, filters: w, bias: bias, padding: padding, threads: threads,
                    instructionSet: isa)
                let reference = try DirectConvolution.run(
                    input: x.converted(to: Double.self), filters: w.converted(to: Double.self),
                    bias: bias.map(Double.init), padding: padding, threads: threads)
                expectClose(im2col, reference, depth: 5 * 3 * 2, "im2col, \(threads) threads")
            }
            // Deep columns, a wide image.
            let deep = Tensor<Float>.random(shape: [2, 64, 20, 60], seed: 7)
            let deepFilters = Tensor<Float>.random(shape: [5, 64, 5, 3], seed: 8)
            let deepPadding = Padding(top: 3, bottom: 1, left: 2, right: 0)
            let deepReference = try DirectConvolution.run(
                input: deep.converted(to: Double.self), filters: deepFilters.converted(to: Double.self),
                bias: [1, 2, 3, 4, 5], padding: deepPadding)
            for threads in [1, 2, 5] {
                let y = try Im2colConvolution.run(
                    input: deep, filters: deepFilters, bias: [1, 2, 3, 4, 5], padding: deepPadding,
                    threads: threads, instructionSet: isa)
                expectClose(y, deepReference, depth: 64 * 15, "im2col, deep columns, \(threads) threads")
            }
            // Many filters (the product splits by filters) and a small image.
            let wide = Tensor<Float>.random(shape: [40, 3, 2, 2], seed: 5)
            let small = Tensor<Float>.random(shape: [1, 3, 4, 4], seed: 6)
            let reference = try DirectConvolution.run(
                input: small.converted(to: Double.self), filters: wide.converted(to: Double.self),
                padding: Padding(1))
            for threads in [1, 2] {
                let y = try Im2colConvolution.run(
                    input: small, filters: wide, padding: Padding(1), threads: threads,
                    instructionSet: isa)
                expectClose(y, reference, depth: 12, "im2col split by filters, \(threads) threads")
            }
        }
    }

    /// Runs every baseline on one shape and compares.
    private func check(_ shape: BaselineShape, isa: InstructionSet, generator: inout SplitMix64) throws {
        let x = Tensor<Float>.random(shape: [shape.n, shape.c, shape.h, shape.w], seed: generator.next())
        let w = Tensor<Float>.random(shape: [shape.k, shape.c, shape.r, shape.s], seed: generator.next())
        let bias: [Float]? =
            generator.next() % 2 == 0 ? nil : (0..<shape.k).map { _ in Float(generator.int(in: -100...100)) / 64 }
        let naive = referenceConvolution(x, w, bias: bias, padding: shape.padding)
        let depth = shape.c * shape.r * shape.s
        for threads in [1, 2] {
            let reference = try DirectConvolution.run(
                input: x.converted(to: Double.self), filters: w.converted(to: Double.self),
                bias: bias?.map(Double.init), padding: shape.padding, threads: threads)
            #expect(reference.shape == naive.shape, "\(shape)")
            let referenceError = ErrorStatistics(reference, reference: naive).maxAbsoluteError
            #expect(
                referenceError <= 1e-12 * Double(depth) * max(1, maxMagnitude(naive)),
                "direct f64 \(shape): \(referenceError)")

            let direct = try DirectConvolution.run(
                input: x, filters: w, bias: bias, padding: shape.padding, threads: threads,
                instructionSet: isa)
            expectClose(direct, reference, depth: depth, "direct f32 \(shape), \(threads) threads")
            let im2col = try Im2colConvolution.run(
                input: x, filters: w, bias: bias, padding: shape.padding, threads: threads,
                instructionSet: isa)
            expectClose(im2col, reference, depth: depth, "im2col \(shape), \(threads) threads")
            let bands = try im2colInBands(x, w, bias: bias, padding: shape.padding, threads: threads, isa: isa)
            expectClose(bands, reference, depth: depth, "im2col one output row at a time \(shape), \(threads) threads")
        }
    }

    /// im2col is exact copying: every element equals its definition, for
    /// outputs as wide as the input (one copy per plane, edge columns
    /// zeroed after) and not, any padding on each side, filters wider or
    /// taller than the image, and bands of rows (pad_top past the filter).
    @Test("im2col = its definition for every padding, width and band")
    func im2colDefinition() {
        var generator = SplitMix64(seed: 11)
        for trial in 0..<300 {
            let (c, r, s) = (generator.int(in: 1...3), generator.int(in: 1...5), generator.int(in: 1...5))
            let (h, w) = (generator.int(in: 1...9), generator.int(in: 1...9))
            // Half the trials 'same' in width (left + right = S − 1), the copy of a whole plane.
            let left = generator.int(in: 0...(s + 1))
            let right = trial % 2 == 0 ? max(0, s - 1 - left) : generator.int(in: 0...(s + 1))
            let top = generator.int(in: 0...(r + 2))
            let (hOut, wOut) = (generator.int(in: 1...(h + 2 * r)), w + left + right - s + 1)
            guard wOut >= 1 else { continue }
            var g = wr_geometry(
                N: 1, C: Int32(c), H: Int32(h), W: Int32(w), K: 1, R: Int32(r), S: Int32(s), pad_top: Int32(top),
                pad_left: Int32(left), H_out: Int32(hOut), W_out: Int32(wOut))
            let image = (0..<c * h * w).map { Float($0 + 1) }
            var columns = [Float](repeating: .nan, count: c * r * s * hOut * wOut)
            wr_im2col(&g, image, &columns)
            var wrong = 0
            for ci in 0..<c {
                for ri in 0..<r {
                    for si in 0..<s {
                        for y in 0..<hOut {
                            for x in 0..<wOut {
                                let (iy, ix) = (y + ri - top, x + si - left)
                                let expected =
                                    iy >= 0 && iy < h && ix >= 0 && ix < w ? image[(ci * h + iy) * w + ix] : 0
                                let index = (((ci * r + ri) * s + si) * hOut + y) * wOut + x
                                if columns[index] != expected { wrong += 1 }
                            }
                        }
                    }
                }
            }
            #expect(
                wrong == 0,
                "C\(c) \(h)×\(w) filter \(r)×\(s) pad top \(top) left \(left), out \(hOut)×\(wOut): \(wrong) wrong")
        }
    }

    // MARK: - SGEMM

    /// (M, N, K): odd sizes, one row or column, K past one cache block (384),
    /// N past one (2048) and past the panels for which A is read in place
    /// (32), more rows than B is read in place for (144).
    static let productSizes: [(Int, Int, Int)] = [
        (1, 1, 1), (17, 33, 5), (100, 37, 129), (13, 1, 400), (1, 100, 3), (12, 32, 16), (25, 64, 64),
        (37, 129, 513), (150, 70, 40), (30, 50, 800), (3, 2100, 5), (7, 31, 2),
    ]

    @Test("SGEMM = naive product for odd sizes, leading dimensions and row ranges", arguments: sets)
    func sgemm(isa: InstructionSet) {
        do {
            var generator = SplitMix64(seed: 99)
            for (m, n, k) in Self.productSizes {
                // Tight, padded, and (for the in-place A and B paths' exceptions) 2048-wide rows.
                let leading: [(Int, Int, Int)] = [
                    (k, n, n), (k + 3, n + 5, n + 1), (k, max(n, 2048), n + 16), (max(k, 2048), n, n),
                ]
                let rows = [0..<m, m / 3..<max(m / 3 + 1, 2 * m / 3), (m - 1)..<m]
                for (lda, ldb, ldc) in leading {
                    for range in rows {
                        checkProduct(
                            m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, rows: range, isa: isa,
                            generator: &generator)
                    }
                    // Bᵀ given (N×K, rows ldbᵀ apart), Aᵀ given (K×M), and C += A·B.
                    for flags in [
                        WR_SGEMM_TRANSPOSED_B, WR_SGEMM_ACCUMULATE, WR_SGEMM_TRANSPOSED_B | WR_SGEMM_ACCUMULATE,
                        WR_SGEMM_TRANSPOSED_A, WR_SGEMM_TRANSPOSED_A | WR_SGEMM_TRANSPOSED_B | WR_SGEMM_ACCUMULATE,
                    ] {
                        checkProduct(
                            m: m, n: n, k: k, lda: flags & WR_SGEMM_TRANSPOSED_A != 0 ? m + 3 : lda,
                            ldb: flags & WR_SGEMM_TRANSPOSED_B != 0 ? k + 2 : ldb, ldc: ldc,
                            rows: rows[1], isa: isa, flags: Int32(flags), generator: &generator)
                    }
                }
            }
        }
    }

    /// A result written once and larger than the streaming threshold
    /// (stream_bytes: twice the L2) takes streaming stores on AVX-512, from
    /// its first 64-byte-aligned column; C placed 0…15 floats past an
    /// aligned address, every instruction set, against the naive product.
    @Test("SGEMM streams a large result from its first aligned column", arguments: sets)
    func sgemmStreams(isa: InstructionSet) throws {
        let threshold = KernelContext(isa).withPointer { Int($0.pointee.sgemm.stream_bytes) }
        let (k, n) = (8, 2064)
        // Rows enough that the columns after the first aligned one still reach the threshold.
        let m = max(16, max(threshold, 1 << 21) / ((n - 16) * 4) + 1)
        var generator = SplitMix64(seed: 5)
        let a = (0..<m * k).map { _ in Float(Int(generator.next() % 17) - 8) }
        let b = (0..<k * n).map { _ in Float(Int(generator.next() % 13) - 6) }
        let storage = UnsafeMutableRawPointer.allocate(byteCount: (m * n + 16) * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: m * n + 16)
        defer { storage.deallocate() }
        for offset in [0, 3, 8, 15] {
            let c = storage + offset
            c.initialize(repeating: -1, count: m * n)
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    KernelContext(isa).withPointer { ctx in
                        wr_sgemm(
                            ctx, Int32(m), Int32(n), Int32(k), a.baseAddress, Int32(k), b.baseAddress, Int32(n),
                            c, Int32(n), 0, Int32(m), 0)
                    }
                }
            }
            var wrong = 0
            for i in 0..<m {
                for j in 0..<n {
                    var sum: Float = 0
                    for p in 0..<k { sum += a[i * k + p] * b[p * n + j] }
                    if c[i * n + j] != sum { wrong += 1 }
                }
            }
            #expect(wrong == 0, "\(isa), C \(offset) floats past a 64-byte boundary: \(wrong) wrong")
        }
    }

    private func checkProduct(
        m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int, rows: Range<Int>, isa: InstructionSet,
        flags: Int32 = 0, generator: inout SplitMix64
    ) {
        let sentinel: Float = 12345
        let transposed = flags & Int32(WR_SGEMM_TRANSPOSED_B) != 0
        let transposedA = flags & Int32(WR_SGEMM_TRANSPOSED_A) != 0
        let accumulate = flags & Int32(WR_SGEMM_ACCUMULATE) != 0
        let a = (0..<(transposedA ? k : m) * lda).map { _ in Float(Int(generator.next() % 2001) - 1000) / 1000 }
        let b = (0..<(transposed ? n : k) * ldb).map { _ in Float(Int(generator.next() % 2001) - 1000) / 1000 }
        // Accumulating: C starts as small integers inside the product's rows and columns.
        var c = (0..<m * ldc).map { index in
            accumulate && rows.contains(index / ldc) && index % ldc < n ? Float(index % 7) : sentinel
        }
        let start = c
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    KernelContext(isa).withPointer { ctx in
                        wr_sgemm(
                            ctx, Int32(m), Int32(n), Int32(k), a.baseAddress, Int32(lda), b.baseAddress, Int32(ldb),
                            c.baseAddress, Int32(ldc), Int32(rows.lowerBound), Int32(rows.upperBound), flags)
                    }
                }
            }
        }
        var worst = 0.0
        var largest = 0.0
        var untouched = true
        for i in 0..<m {
            for j in 0..<ldc {
                let value = c[i * ldc + j]
                guard rows.contains(i), j < n else {
                    if value != sentinel { untouched = false }
                    continue
                }
                var sum = accumulate ? Double(start[i * ldc + j]) : 0.0
                for p in 0..<k {
                    let left = transposedA ? a[p * lda + i] : a[i * lda + p]
                    sum += Double(left) * Double(transposed ? b[j * ldb + p] : b[p * ldb + j])
                }
                worst = max(worst, abs(Double(value) - sum))
                largest = max(largest, abs(sum))
            }
        }
        let tolerance = 1e-5 * Double(k).squareRoot() * max(largest, 1e-3)
        let context =
            "\(m)×\(n)×\(k), lda \(lda), ldb \(ldb), ldc \(ldc), rows \(rows), flags \(flags), "
            + "\(KernelContext(isa).instructionSet)"
        #expect(worst <= tolerance, "\(context): max error \(worst)")
        #expect(untouched, "\(context): wrote outside its rows and columns")
    }

    // MARK: - Errors

    @Test("shape mismatches and a wrong bias are errors that name the sizes")
    func errors() {
        let x = Tensor<Float>.random(shape: [1, 3, 8, 8], seed: 1)
        let w = Tensor<Float>.random(shape: [4, 3, 3, 3], seed: 2)
        let mismatch = Tensor<Float>.random(shape: [4, 2, 3, 3], seed: 3)
        let flat = Tensor<Float>.random(shape: [3, 8, 8], seed: 4)
        let huge = Tensor<Float>.random(shape: [4, 3, 11, 3], seed: 5)

        func expectError(_ fragment: String, _ body: () throws(TensorError) -> Void) {
            do {
                try body()
                Issue.record("no error; expected one mentioning '\(fragment)'")
            } catch {
                #expect(error.description.contains(fragment), "\(error.description)")
            }
        }
        typealias Run = (Tensor<Float>, Tensor<Float>, [Float]?, Padding) throws(TensorError) -> Void
        let runs: [(String, Run)] = [
            (
                "direct",
                { x, w, b, p throws(TensorError) in
                    _ = try DirectConvolution.run(input: x, filters: w, bias: b, padding: p)
                }
            ),
            (
                "direct-f64",
                { x, w, b, p throws(TensorError) in
                    _ = try DirectConvolution.run(
                        input: x.converted(to: Double.self), filters: w.converted(to: Double.self),
                        bias: b?.map(Double.init), padding: p)
                }
            ),
            (
                "im2col",
                { x, w, b, p throws(TensorError) in
                    _ = try Im2colConvolution.run(input: x, filters: w, bias: b, padding: p, threads: 2)
                }
            ),
        ]
        for (_, run) in runs {
            expectError("channels") { () throws(TensorError) in try run(x, mismatch, nil, .zero) }
            expectError("4-D") { () throws(TensorError) in try run(flat, w, nil, .zero) }
            expectError("4-D") { () throws(TensorError) in try run(x, flat, nil, .zero) }
            expectError("bias has 3 values") { () throws(TensorError) in try run(x, w, [1, 2, 3], .zero) }
            expectError("bias has 0 values") { () throws(TensorError) in try run(x, w, [], .zero) }
            expectError("does not fit") { () throws(TensorError) in try run(x, huge, nil, Padding(1)) }
            expectError("negative") { () throws(TensorError) in
                try run(x, w, nil, Padding(top: 0, bottom: 0, left: -1, right: 0))
            }
        }
        // A tensor whose elements were changed behind its shape's back.
        var short = x
        short.elements.removeLast()
        expectError("elements") { () throws(TensorError) in
            _ = try DirectConvolution.run(input: short, filters: w, padding: .zero)
        }
    }

    // MARK: - FMA peak and threads

    @Test("the FMA probe measures something on one and two threads")
    func fmaPeak() {
        #expect(["avx512", "avx2", "portable"].contains(FMAPeak.instructionSet))
        let one = FMAPeak.measure(threads: 1, seconds: 0.01)
        let two = FMAPeak.measure(threads: 2, seconds: 0.01)
        #expect(one > 0 && one.isFinite)
        #expect(two > 0 && two.isFinite)
        let portable = KernelContext(.portable)
        #expect(portable.instructionSet == .portable)
        #expect(portable.withPointer { wr_fma_peak_gflops($0, 0.005) } > 0)
    }

    @Test("Parallel.forEachChunk covers every index once", arguments: [1, 2, 3, 7])
    func chunksCoverOnce(threads: Int) {
        for count in [0, 1, 2, 5, 31, 1000] {
            let seen = UnsafeMutablePointer<CLong>.allocate(capacity: max(1, count))
            seen.initialize(repeating: 0, count: max(1, count))
            defer { seen.deallocate() }
            let shared = SharedPointer(seen)
            Parallel.forEachChunk(count: count, threads: threads) { range in
                for index in range { _ = wr_fetch_add(shared.mutable + index, 1) }
            }
            #expect((0..<count).allSatisfy { seen[$0] == 1 }, "count \(count), threads \(threads)")
        }
    }

    /// Phased runs (the engine's one dispatch of three stages) cover every
    /// item of every phase once, in the default chunks and in even ones;
    /// even chunks are equal and as many for every worker where such a
    /// split exists (36 products on 2 workers: 6 of 6, not 8 of 4 or 5),
    /// else one item each.
    @Test("Parallel.run covers every item once; even chunks split evenly", arguments: [1, 2, 3])
    func phasesCoverOnce(threads: Int) {
        for count in [0, 1, 5, 36, 64, 37, 1000] {
            for even in [false, true] {
                let seen = UnsafeMutablePointer<CLong>.allocate(capacity: 2 * max(1, count))
                seen.initialize(repeating: 0, count: 2 * max(1, count))
                defer { seen.deallocate() }
                let shared = SharedPointer(seen)
                let phases = (0..<2).map { phase in
                    Parallel.Phase(count: count, even: even) { range, worker in
                        #expect(worker >= 0 && worker < threads)
                        for index in range { _ = wr_fetch_add(shared.mutable + phase * count + index, 1) }
                    }
                }
                Parallel.run(phases, threads: threads)
                #expect((0..<(2 * count)).allSatisfy { seen[$0] == 1 }, "count \(count), threads \(threads)")
            }
        }
        for (count, workers, chunks) in [(36, 2, 6), (64, 2, 8), (16, 2, 8), (5, 2, 5), (37, 2, 37), (36, 3, 12)] {
            #expect(Parallel.evenChunks(count: count, workers: workers) == chunks, "\(count) on \(workers)")
        }
    }

    @Test("The worker pool runs every worker once and at once, wakes sleeping threads, and refuses nested runs")
    func workerPool() {
        for workers in [1, 2, 3, 5] {
            for round in 0..<3 {
                // [0] workers, [1] arrived, [2] saw all arrive, [3] nested runs the pool took, then one per worker.
                let counts = UnsafeMutablePointer<CLong>.allocate(capacity: 4 + workers)
                counts.initialize(repeating: 0, count: 4 + workers)
                defer { counts.deallocate() }
                counts[0] = workers
                let ran = runOnPool(workers, counts) { context, worker in
                    let counts = context!.assumingMemoryBound(to: CLong.self)
                    let workers = counts[0]
                    _ = wr_fetch_add(counts + 4 + Int(worker), 1)
                    // A barrier with a deadline: every worker sees the others arrive.
                    _ = wr_fetch_add(counts + 1, 1)
                    let deadline = PhaseTiming.now() + 5
                    while wr_atomic_load(counts + 1) < workers && PhaseTiming.now() < deadline { sched_yield() }
                    if wr_atomic_load(counts + 1) == workers { _ = wr_fetch_add(counts + 2, 1) }
                    // The pool is busy with this run: a nested one is refused.
                    if worker == 0 && wr_pool_run(2, { _, _ in }, nil) != 0 { _ = wr_fetch_add(counts + 3, 1) }
                }
                #expect(ran, "\(workers) workers: the pool stayed busy with other tests' runs")
                guard ran else { return }
                #expect((0..<workers).allSatisfy { counts[4 + $0] == 1 }, "\(workers) workers")
                #expect(counts[2] == workers, "\(workers) workers at once")
                #expect(counts[3] == 0, "a nested run on the pool")
                // Past the pool's spin, so the next run wakes sleeping threads.
                if round == 1 { usleep(2_000) }
            }
        }
    }

    @Test("The pool's threads block asynchronous signals (they reach the application's threads) but not faults")
    func workerPoolSignals() {
        // [0] SIGINT or SIGTERM blocked on worker 1, [1] SIGSEGV or SIGABRT blocked there.
        let flags = UnsafeMutablePointer<CLong>.allocate(capacity: 2)
        flags.initialize(repeating: -1, count: 2)
        defer { flags.deallocate() }
        let ran = runOnPool(2, flags) { context, worker in
            guard worker == 1 else { return }
            let flags = context!.assumingMemoryBound(to: CLong.self)
            var mask = sigset_t()
            pthread_sigmask(SIG_BLOCK, nil, &mask)
            flags[0] = sigismember(&mask, SIGINT) == 1 && sigismember(&mask, SIGTERM) == 1 ? 1 : 0
            flags[1] = sigismember(&mask, SIGSEGV) == 1 || sigismember(&mask, SIGABRT) == 1 ? 1 : 0
        }
        #expect(ran, "the pool stayed busy with other tests' runs")
        #expect(flags[0] == 1, "SIGINT and SIGTERM blocked on a pool thread")
        #expect(flags[1] == 0, "SIGSEGV and SIGABRT open on a pool thread")
    }

    #if os(Linux)
        @Test(
            "After fork the child's pool starts threads of its own instead of waiting for the parent's",
            .disabled(
                if: dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") != nil,
                "ThreadSanitizer ends a child that starts threads after a multithreaded fork"))
        func workerPoolAfterFork() {
            // The pool's threads exist in this process before the fork.
            #expect(runOnPool(2, nil) { _, _ in }, "the pool stayed busy with other tests' runs")
            let counts = UnsafeMutablePointer<CLong>.allocate(capacity: 2)
            counts.initialize(repeating: 0, count: 2)
            defer { counts.deallocate() }
            let child = fork()
            if child == 0 {
                // Only C from here: the forking thread is the child's only thread.
                // A hang ends the child with SIGALRM (unblocked: test threads may block it).
                var alarmSignal = sigset_t()
                sigemptyset(&alarmSignal)
                sigaddset(&alarmSignal, SIGALRM)
                pthread_sigmask(SIG_UNBLOCK, &alarmSignal, nil)
                signal(SIGALRM, SIG_DFL)
                alarm(20)
                let ran = wr_pool_run(
                    2,
                    { context, worker in _ = wr_fetch_add(context!.assumingMemoryBound(to: CLong.self) + Int(worker), 1)
                    },
                    counts)
                _exit(ran == 1 && counts[0] == 1 && counts[1] == 1 ? 0 : 1)
            }
            #expect(child > 0, "fork failed")
            guard child > 0 else { return }
            // Waits at most 30 s, whatever the child does with its alarm.
            var status: Int32 = 0
            let deadline = PhaseTiming.now() + 30
            while waitpid(child, &status, WNOHANG) == 0 {
                if PhaseTiming.now() > deadline {
                    kill(child, SIGKILL)
                    waitpid(child, &status, 0)
                    break
                }
                usleep(1_000)
            }
            // Exited (low 7 bits zero) with status 0.
            #expect(status & 0x7f == 0 && (status >> 8) & 0xff == 0, "child status \(status)")
        }
    #endif
}

// MARK: - Helpers

/// Runs `task` on the worker pool itself (not Dispatch's fallback), trying
/// again while other tests' runs hold it, for up to a minute.
private func runOnPool(_ workers: Int, _ context: UnsafeMutableRawPointer?, _ task: wr_pool_task) -> Bool {
    let deadline = PhaseTiming.now() + 60
    while wr_pool_run(Int32(workers), task, context) == 0 {
        if PhaseTiming.now() > deadline { return false }
        usleep(200)
    }
    return true
}

/// One convolution's sizes.
private struct BaselineShape: CustomStringConvertible {
    var n, c, k, h, w, r, s: Int
    var padding: Padding

    var description: String { "N\(n) C\(c) K\(k) H\(h) W\(w) R\(r) S\(s) pad \(padding)" }

    /// N 1–3, C 1–7, K 1–9, H, W 1–20, R, S 1–5, padding 0–3 per side
    /// (asymmetric), with a non-empty output. Every fourth shape has a
    /// filter taller than the image.
    static func random(_ generator: inout SplitMix64, index: Int) -> BaselineShape {
        while true {
            var shape = BaselineShape(
                n: generator.int(in: 1...3), c: generator.int(in: 1...7), k: generator.int(in: 1...9),
                h: generator.int(in: 1...20), w: generator.int(in: 1...20),
                r: generator.int(in: 1...5), s: generator.int(in: 1...5),
                padding: Padding(
                    top: generator.int(in: 0...3), bottom: generator.int(in: 0...3),
                    left: generator.int(in: 0...3), right: generator.int(in: 0...3)))
            if index % 4 == 0 {
                shape.h = generator.int(in: 1...3)
                shape.r = generator.int(in: shape.h + 1...5)
            }
            if shape.h + shape.padding.top + shape.padding.bottom >= shape.r,
                shape.w + shape.padding.left + shape.padding.right >= shape.s
            {
                return shape
            }
        }
    }
}

/// Im2colConvolution with its workspace capped at one output row.
private func im2colInBands(
    _ x: Tensor<Float>, _ w: Tensor<Float>, bias: [Float]?, padding: Padding,
    threads: Int, isa: InstructionSet
) throws -> Tensor<Float> {
    typealias Shared = SharedPointer<Float>
    let geometry = try ConvolutionGeometry.of(input: x.shape, filters: w.shape, padding: padding)
    var y = Tensor<Float>(shape: geometry.outputShape)
    x.elements.withUnsafeBufferPointer { xp in
        w.elements.withUnsafeBufferPointer { wp in
            y.elements.withUnsafeMutableBufferPointer { yp in
                let (xs, ws, ys) = (Shared(xp.baseAddress!), Shared(wp.baseAddress!), Shared(yp.baseAddress!))
                let run = { (b: Shared?) in
                    Im2colConvolution.run(
                        x: xs, w: ws, b: b, y: ys, geometry, threads: threads, bandLimit: 1,
                        context: KernelContext(isa))
                }
                if let bias { bias.withUnsafeBufferPointer { run(Shared($0.baseAddress!)) } } else { run(nil) }
            }
        }
    }
    return y
}

/// The largest |value|.
private func maxMagnitude(_ tensor: Tensor<Double>) -> Double { tensor.elements.map(\.magnitude).max() ?? 0 }

/// float32 against the float64 reference: within 1e-5·√(C·R·S) of the
/// largest magnitude (an absolute floor of the same size for all-zero
/// outputs).
private func expectClose(
    _ value: Tensor<Float>, _ reference: Tensor<Double>, depth: Int, _ context: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(value.shape == reference.shape, "\(context)", sourceLocation: sourceLocation)
    guard value.shape == reference.shape else { return }
    let bound = 1e-5 * Double(depth).squareRoot() * max(maxMagnitude(reference), 1e-3)
    let error = ErrorStatistics(value, reference: reference).maxAbsoluteError
    #expect(error <= bound, "\(context): max error \(error), bound \(bound)", sourceLocation: sourceLocation)
}
