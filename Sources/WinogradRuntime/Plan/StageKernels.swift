import CWinogradRuntime

/// The C stages' description of a tile: the committed 16-tile kernels, or
/// the float matrices of the dense generic kernels (owned here).
final class StageKernels: @unchecked Sendable {
    // @unchecked: immutable after init.
    private let matrices: [AlignedBuffer]
    private var kernels: wr_tile_kernels

    /// The committed lanes kernels of F(m×m, r×r) for this CPU, if any
    /// (variant 1: F(4,3) with the searched points).
    init?(committedM m: Int, r: Int, variant: Int = 0) {
        var input: wr_lanes_kernel?, filter: wr_lanes_kernel?, output: wr_lanes_kernel?
        guard wr_committed_lanes(Int32(m), Int32(r), Int32(variant), &input, &filter, &output) != 0 else { return nil }
        matrices = []
        kernels = wr_tile_kernels(m0: Int32(m), m1: Int32(m), n0: Int32(m + r - 1), n1: Int32(m + r - 1),
                                  input: input, output: output, BT0: nil, BT1: nil, AT0: nil, AT1: nil)
    }

    /// Dense kernels from any pair of 1-D transforms, if the tile is small
    /// enough for them (n ≤ WR_MAX_SIDE).
    init?(rows: FloatTransform, columns: FloatTransform) {
        guard rows.n <= Int(WR_MAX_SIDE), columns.n <= Int(WR_MAX_SIDE) else { return nil }
        let owned = [rows.BT, columns.BT, rows.AT, columns.AT].map { AlignedBuffer(copying: $0) }
        matrices = owned
        kernels = wr_tile_kernels(m0: Int32(rows.m), m1: Int32(columns.m), n0: Int32(rows.n), n1: Int32(columns.n),
                                  input: nil, output: nil,
                                  BT0: UnsafePointer(owned[0].pointer), BT1: UnsafePointer(owned[1].pointer),
                                  AT0: UnsafePointer(owned[2].pointer), AT1: UnsafePointer(owned[3].pointer))
    }

    func withKernels<T>(_ body: (UnsafePointer<wr_tile_kernels>) -> T) -> T {
        var copy = kernels
        return withUnsafePointer(to: &copy) { body($0) }
    }
}

extension AlignedBuffer {
    convenience init(copying values: [Float]) {
        self.init(count: values.count)
        for (index, value) in values.enumerated() { pointer[index] = value }
    }
}
