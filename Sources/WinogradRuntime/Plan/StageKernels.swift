import CWinogradRuntime

/// The C stages' description of a tile shape: the committed 16-tile kernels,
/// or the float matrices of the dense kernels (owned here).
final class StageKernels: @unchecked Sendable {
    // @unchecked: immutable after init.
    private let matrices: [AlignedBuffer]
    private var kernels: wr_tile_kernels

    /// Patches n₀×n₁ taken m₀×m₁ apart become t₀×t₁ transformed values
    /// (through `input`, else BT₀·d·BT₁ᵀ); t₀×t₁ values become m₀×m₁ tiles
    /// (through `output`, else AT₀·x·AT₁ᵀ).
    fileprivate init(m: (Int, Int), n: (Int, Int), t: (Int, Int), input: wr_lanes_kernel?, output: wr_lanes_kernel?,
                 dense: (BT: ([Float], [Float]), AT: ([Float], [Float]))?) {
        let owned = dense.map { [$0.BT.0, $0.BT.1, $0.AT.0, $0.AT.1].map { AlignedBuffer(copying: $0) } } ?? []
        matrices = owned
        func matrix(_ index: Int) -> UnsafePointer<Float>? { owned.isEmpty ? nil : UnsafePointer(owned[index].pointer) }
        kernels = wr_tile_kernels(m0: Int32(m.0), m1: Int32(m.1), n0: Int32(n.0), n1: Int32(n.1), t0: Int32(t.0), t1: Int32(t.1),
                                  input: input, output: output,
                                  BT0: matrix(0), BT1: matrix(1), AT0: matrix(2), AT1: matrix(3))
    }

    /// The committed lanes kernels of F(m×m, r×r) for this CPU, if any
    /// (variant 1: F(4,3) with the searched points).
    convenience init?(committedM m: Int, r: Int, variant: Int = 0) {
        guard let lanes = Self.committedLanes(m: m, r: r, variant: variant) else { return nil }
        let n = m + r - 1
        self.init(m: (m, m), n: (n, n), t: (n, n), input: lanes.input, output: lanes.output, dense: nil)
    }

    /// Dense kernels from any pair of 1-D transforms, if the tile is small
    /// enough for them (n ≤ WR_MAX_SIDE).
    convenience init?(rows: FloatTransform, columns: FloatTransform) {
        guard rows.n <= Int(WR_MAX_SIDE), columns.n <= Int(WR_MAX_SIDE) else { return nil }
        self.init(m: (rows.m, columns.m), n: (rows.n, columns.n), t: (rows.n, columns.n), input: nil, output: nil,
                  dense: ((rows.BT, columns.BT), (rows.AT, columns.AT)))
    }

    func withKernels<T>(_ body: (UnsafePointer<wr_tile_kernels>) -> T) -> T {
        var copy = kernels
        return withUnsafePointer(to: &copy) { body($0) }
    }

    private static func committedLanes(m: Int, r: Int, variant: Int)
        -> (input: wr_lanes_kernel, filter: wr_lanes_kernel, output: wr_lanes_kernel)? {
        var input: wr_lanes_kernel?, filter: wr_lanes_kernel?, output: wr_lanes_kernel?
        guard wr_committed_lanes(Int32(m), Int32(r), Int32(variant), &input, &filter, &output) != 0,
              let input, let filter, let output else { return nil }
        return (input, filter, output)
    }
}

/// The filter gradient's stages for F(R×S, m×m), where the m×m output-
/// gradient tile plays the filter: input patches (m + R − 1)×(m + S − 1),
/// m apart, through BT; gradient tiles m×m through G (the transform's
/// filter transform); and the sums through AT to R×S.
struct GradientStages: Sendable {
    let input: StageKernels, gradient: StageKernels, output: StageKernels

    /// The committed F(3, m) lanes kernels when R = S = 3 and m is 2, 4 or 6;
    /// else dense kernels from `rows` = F(R, m) and `columns` = F(S, m).
    init?(m: Int, rows: FloatTransform, columns: FloatTransform) {
        let n = (rows.n, columns.n), r = (rows.m, columns.m)
        guard n.0 <= Int(WR_MAX_SIDE), n.1 <= Int(WR_MAX_SIDE) else { return nil }
        var lanes: (input: wr_lanes_kernel?, filter: wr_lanes_kernel?, output: wr_lanes_kernel?) = (nil, nil, nil)
        if r == (3, 3) {
            _ = wr_committed_lanes(3, Int32(m), 0, &lanes.input, &lanes.filter, &lanes.output)
        }
        let dense = lanes.input == nil
        input = StageKernels(m: (m, m), n: n, t: n, input: lanes.input, output: nil,
                             dense: dense ? ((rows.BT, columns.BT), ([], [])) : nil)
        gradient = StageKernels(m: (m, m), n: (m, m), t: n, input: lanes.filter, output: nil,
                                dense: dense ? ((rows.G, columns.G), ([], [])) : nil)
        output = StageKernels(m: r, n: n, t: n, input: nil, output: lanes.output,
                              dense: dense ? (([], []), (rows.AT, columns.AT)) : nil)
    }
}

extension AlignedBuffer {
    convenience init(copying values: [Float]) {
        self.init(count: values.count)
        for (index, value) in values.enumerated() { pointer[index] = value }
    }
}
