import CWinogradRuntime
import Winograd

/// The input gradient's transformed filters read from the forward plan's:
/// when both engines run the same tile and its G reflects
/// (``FilterReflection``: row x of G·J is d(x) times row p(x) of G), the
/// transposed convolution's filters at position (x, y) are the forward ones
/// at (p₀(x), p₁(y)), transposed (C←K) and scaled by d₀(x)·d₁(y), a power of
/// two. The input gradient's product reads them so (`wr_product_shape`'s
/// `filter_position` and `filter_scale`), and scales its products: it keeps
/// no filters of its own, and an update transforms and writes them once.
final class ReflectedFilters: @unchecked Sendable {
    // @unchecked: immutable after init.
    /// The forward engine, whose packed filters are read.
    let forward: WinogradEngine
    /// By position of the transposed engine: the forward position, the scale.
    let positions: UnsafeMutablePointer<Int32>, scales: UnsafeMutablePointer<Float>

    /// Nil unless an engine of `stages` with `k` rows (the forward channels)
    /// and `c` channels (the forward filters), storing float32, can read
    /// `forward`'s filters: float32 too, the same tile with a reflecting G,
    /// the forward filters a multiple of 16 and its channels of 4 (whole
    /// blocks of packed rows, read across).
    init?(forward: WinogradEngine, stages: TileStages, k: Int, c: Int, storage: FilterStorage) {
        guard Self.possible(from: forward), storage == .float32, forward.c == k, forward.k == c,
            stages.exact == forward.stages.exact, stages.algebraic == forward.stages.algebraic,
            let reflections = stages.reflections
        else { return nil }
        let (rows, columns) = (reflections[0], reflections[1])
        let (t0, t1) = (rows.row.count, columns.row.count)
        self.forward = forward
        positions = .allocate(capacity: t0 * t1)
        scales = .allocate(capacity: t0 * t1)
        for x in 0..<t0 {
            for y in 0..<t1 {
                positions[x * t1 + y] = Int32(rows.row[x] * t1 + columns.row[y])
                scales[x * t1 + y] = Float(rows.scale[x] * columns.scale[y])
            }
        }
    }

    /// Whether an input gradient's engine of the same tile could read
    /// `forward`'s filters.
    static func possible(from forward: WinogradEngine) -> Bool {
        forward.storage == .float32 && forward.k % Int(WR_FILTER_ROWS) == 0 && forward.c % 4 == 0
            && forward.stages.reflections != nil
    }

    deinit {
        positions.deallocate()
        scales.deallocate()
    }
}
