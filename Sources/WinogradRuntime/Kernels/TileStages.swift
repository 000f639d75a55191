import CWinogradRuntime
import Winograd

/// The C stages' kernels of one tile shape (`wr_tile_kernels`): the emitted
/// lanes kernels where the kernel catalogue has the tile and its points,
/// else dense ones from the float matrices (owned here). Every Winograd
/// tile, committed or derived at run time, runs through these.
final class TileStages: @unchecked Sendable {
    // @unchecked: immutable after init.
    private let matrices: [AlignedBuffer]
    private let kernels: wr_tile_kernels
    /// The emitted kernel set's name, or nil for the dense kernels.
    let emittedName: String?
    /// The rational transforms of the two axes, when the filter stage is
    /// theirs (empty for other points and the gradient's stages).
    let exact: [WinogradTransform]
    /// The same for points in ℚ(√d) (empty otherwise).
    let algebraic: [AlgebraicTransform]
    /// Their G's reflections (``FilterReflection``), when both axes have one.
    let reflections: [FilterReflection]?

    /// Patches n₀×n₁ taken m₀×m₁ apart become t₀×t₁ transformed values
    /// (through `lanes.input`, else BT₀·d·BT₁ᵀ); filters r₀×r₁ become t₀×t₁
    /// values (`lanes.filter`, else G₀·g·G₁ᵀ); t₀×t₁ values become m₀×m₁
    /// tiles (`lanes.output`, else AT₀·x·AT₁ᵀ). Absent matrices are empty.
    private init(
        m: (Int, Int), n: (Int, Int), t: (Int, Int), r: (Int, Int), lanes: Lanes, name: String?,
        BT: ([Float], [Float]), G: ([Float], [Float]), AT: ([Float], [Float]), exact: [WinogradTransform] = [],
        algebraic: [AlgebraicTransform] = []
    ) {
        (self.exact, self.algebraic) = (exact, algebraic)
        let axes = exact.map(\.filterReflection) + algebraic.map(\.filterReflection)
        let reflections = axes.compactMap { $0 }
        self.reflections = axes.count == 2 && reflections.count == 2 ? reflections : nil
        let owned = [BT.0, BT.1, G.0, G.1, AT.0, AT.1].map { AlignedBuffer(copying: $0) }
        matrices = owned
        func matrix(_ index: Int) -> UnsafePointer<Float>? {
            owned[index].count == 0 ? nil : UnsafePointer(owned[index].pointer)
        }
        kernels = wr_tile_kernels(
            m0: Int32(m.0), m1: Int32(m.1), n0: Int32(n.0), n1: Int32(n.1), t0: Int32(t.0), t1: Int32(t.1),
            r0: Int32(r.0), r1: Int32(r.1), input: lanes.input, filter: lanes.filter, output: lanes.output,
            BT0: matrix(0), BT1: matrix(1), G0: matrix(2), G1: matrix(3), AT0: matrix(4), AT1: matrix(5))
        emittedName = name
    }

    /// A convolution's tile from its per-axis transforms: the emitted lanes
    /// kernels when `emitted` allows and the catalogue has them, else dense.
    /// Nil when a side n is larger than the stages take (WR_MAX_SIDE).
    convenience init?(rows: WinogradTransform, columns: WinogradTransform, emitted: Bool, context: KernelContext) {
        guard rows.n <= Int(WR_MAX_SIDE), columns.n <= Int(WR_MAX_SIDE) else { return nil }
        let found = emitted ? Self.committed(rows: rows, columns: columns, context: context) : nil
        let (f0, f1) = (FloatTransform(rows), FloatTransform(columns))
        self.init(
            m: (rows.m, columns.m), n: (rows.n, columns.n), t: (rows.n, columns.n), r: (rows.r, columns.r),
            lanes: found?.lanes ?? Lanes(), name: found?.name,
            BT: (f0.BT, f1.BT), G: (f0.G, f1.G), AT: (f0.AT, f1.AT), exact: [rows, columns])
    }

    /// A tile with points in ℚ(√d): the committed lanes kernels where
    /// `emitted` allows and the catalogue has the tile and its points, else
    /// dense kernels from the float matrices. Nil beyond WR_MAX_SIDE.
    convenience init?(
        rows: AlgebraicTransform, columns: AlgebraicTransform, emitted: Bool = false, context: KernelContext? = nil
    ) {
        self.init(
            exact: (FloatTransform(rows), FloatTransform(columns)),
            points: (rows.pointsDescription, columns.pointsDescription),
            emitted: emitted, context: context, algebraic: [rows, columns])
    }

    /// A tile from Toom–Cook moduli, N₀×N₁ transformed values per tile (N =
    /// n plus one per quadratic modulus): committed lanes kernels or dense
    /// ones, as above. Nil when n or N is beyond WR_MAX_SIDE.
    convenience init?(
        rows: ModularTransform, columns: ModularTransform, emitted: Bool = false, context: KernelContext? = nil
    ) {
        self.init(
            exact: (FloatTransform(rows), FloatTransform(columns)),
            points: (rows.pointsDescription, columns.pointsDescription),
            emitted: emitted, context: context)
    }

    /// The tile of two exact transforms beyond rational points, named by
    /// their points (as the lanes registry names them).
    private convenience init?(
        exact f: (FloatTransform, FloatTransform), points: (String, String), emitted: Bool, context: KernelContext?,
        algebraic: [AlgebraicTransform] = []
    ) {
        let (f0, f1) = f
        guard [f0.n, f1.n, f0.products, f1.products].allSatisfy({ $0 <= Int(WR_MAX_SIDE) }) else { return nil }
        let found =
            emitted
            ? context.flatMap {
                Self.committed(m: (f0.m, f1.m), r: (f0.r, f1.r), points: points, context: $0)
            } : nil
        self.init(
            m: (f0.m, f1.m), n: (f0.n, f1.n), t: (f0.products, f1.products), r: (f0.r, f1.r),
            lanes: found?.lanes ?? Lanes(), name: found?.name, BT: (f0.BT, f1.BT), G: (f0.G, f1.G),
            AT: (f0.AT, f1.AT), algebraic: algebraic)
    }

    /// Transformed values per tile, t₀·t₁: the positions of the product.
    var positions: Int { Int(kernels.t0) * Int(kernels.t1) }

    /// How the tile runs on `instructionSet`: "emitted-avx512", "dense-avx2", …
    func path(_ instructionSet: InstructionSet) -> String {
        (emittedName == nil ? "dense-" : "emitted-") + instructionSet.rawValue
    }

    func withKernels<T>(_ body: (UnsafePointer<wr_tile_kernels>) -> T) -> T {
        withUnsafePointer(to: kernels) { body($0) }
    }

    struct Lanes {
        var input: wr_lanes_kernel?, filter: wr_lanes_kernel?, output: wr_lanes_kernel?
    }

    /// The committed lanes kernels of the tile with these points, if any.
    private static func committed(rows: WinogradTransform, columns: WinogradTransform, context: KernelContext)
        -> (lanes: Lanes, name: String)?
    {
        guard let points0 = rows.points?.description, let points1 = columns.points?.description else { return nil }
        return committed(m: (rows.m, columns.m), r: (rows.r, columns.r), points: (points0, points1), context: context)
    }

    /// The same by sizes and each axis's points as the registry names them.
    private static func committed(
        m: (Int, Int), r: (Int, Int), points: (String, String), context: KernelContext
    ) -> (lanes: Lanes, name: String)? {
        var lanes = Lanes()
        var name: UnsafePointer<CChar>?
        let found = context.withPointer { ctx in
            wr_find_lanes(
                ctx, Int32(m.0), Int32(m.1), Int32(r.0), Int32(r.1), points.0, points.1,
                &lanes.input, &lanes.filter, &lanes.output, &name)
        }
        guard found != 0, let name else { return nil }
        return (lanes, String(cString: name))
    }

    /// The filter gradient's stages for F(R×S, m×m), where the m×m output-
    /// gradient tile plays the filter: input patches (m + R − 1)×(m + S − 1),
    /// m apart, through BT; gradient tiles m×m through G (as the input
    /// transform of m×m patches m apart); and the sums through AT to R×S.
    /// `rows` is F(R, m), `columns` F(S, m). Nil when a side is too large.
    static func gradient(m: Int, rows: WinogradTransform, columns: WinogradTransform, context: KernelContext)
        -> (input: TileStages, gradient: TileStages, output: TileStages)?
    {
        guard rows.n <= Int(WR_MAX_SIDE), columns.n <= Int(WR_MAX_SIDE) else { return nil }
        let n = (rows.n, columns.n)
        let r = (rows.m, columns.m)
        let found = committed(rows: rows, columns: columns, context: context)
        let lanes = found?.lanes ?? Lanes()
        let (f0, f1) = (FloatTransform(rows), FloatTransform(columns))
        let none: ([Float], [Float]) = ([], [])
        return (
            input: TileStages(
                m: (m, m), n: n, t: n, r: (m, m), lanes: Lanes(input: lanes.input), name: found?.name,
                BT: (f0.BT, f1.BT), G: none, AT: none),
            gradient: TileStages(
                m: (m, m), n: (m, m), t: n, r: (m, m), lanes: Lanes(input: lanes.filter),
                name: found?.name, BT: (f0.G, f1.G), G: none, AT: none),
            output: TileStages(
                m: r, n: n, t: n, r: (m, m), lanes: Lanes(output: lanes.output), name: found?.name,
                BT: none, G: none, AT: (f0.AT, f1.AT))
        )
    }
}
