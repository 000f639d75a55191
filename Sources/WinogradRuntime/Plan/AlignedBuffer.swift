/// Floats in 64-byte-aligned memory (a cache line, an AVX-512 vector), owned.
final class AlignedBuffer: @unchecked Sendable {
    // @unchecked: threads write disjoint ranges, coordinated by the plan.
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        self.count = count
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: max(1, count))
        pointer.initialize(repeating: 0, count: count)
    }

    /// A copy of `values`.
    convenience init(copying values: [Float]) {
        self.init(count: values.count)
        for (index, value) in values.enumerated() { pointer[index] = value }
    }

    deinit { pointer.deallocate() }
}
