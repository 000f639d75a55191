import Winograd

/// The committed kernels of Generated/ — the one list of them. `winograd emit
/// --all` writes every file from it (``KernelCatalogue/files(frames:)``),
/// registries included, so committing another tile is one line in
/// ``KernelCatalogue/committed``:
///
/// ```swift
/// .tile(m: 8, r: 3),                                        // default points
/// .tile(m: 6, r: 3, points: .searched, variant: "searched"), // named points, named files
/// ```
public struct KernelCatalogue: Hashable, Sendable {
    public var tiles: [CatalogueTile]

    public init(tiles: [CatalogueTile]) {
        self.tiles = tiles
    }

    /// The tiles in Generated/: default points; F(4,3) with the points the
    /// precision study's search found (more accurate than the default);
    /// F(7,3) with its searched points, float only (7 divides 56, 28, 14 and
    /// 7, so those images tile without waste; 4–5× F(6,3)'s error); and
    /// the filter gradient's F(3, m) for the forward tiles m = 2, 4, 6 (the
    /// m×m output-gradient tile plays the filter). Each 1-D and 2-D, float and
    /// double, C and Swift, with the 16-lane C float kernels of the 2-D tile;
    /// F(2×2,3×3), F(4×4,3×3) and F(6×6,3×3) also in float in every GPU language.
    /// Beyond rational points, the runtime's lanes kernels alone of ncnn's
    /// F(4×4,3×3) √2 points and of the moduli lists the precision study
    /// found most accurate for F(4×4) and F(6×6).
    public static let committed = KernelCatalogue(tiles: [
        .tile(m: 2, r: 3, gpu: true), .tile(m: 4, r: 3, gpu: true), .tile(m: 6, r: 3, gpu: true),
        .tile(m: 2, r: 5), .tile(m: 4, r: 5),
        .tile(m: 4, r: 3, points: .searched, variant: "searched"),
        .tile(m: 7, r: 3, points: .searched, variant: "searched", precisions: [.float]),
        .tile(m: 3, r: 2), .tile(m: 3, r: 4), .tile(m: 3, r: 6),
        .exactTile(m: 4, r: 3, .algebraic(AlgebraicPoints.sqrt2F43), variant: "sqrt2"),
        .exactTile(m: 4, r: 3, .moduli("x,x-1,x+1,x^2+1,inf"), variant: "moduli"),
        .exactTile(m: 6, r: 3, .moduli("x,x-1,x+1,x^2+x+1,x^2-x+1,inf"), variant: "moduli"),
    ])

    /// Every C and Swift kernel file set, in catalogue order (tile, dims,
    /// precision, language).
    public var kernels: [CommittedKernel] {
        tiles.flatMap { tile in
            tile.dims.flatMap { dims in
                tile.precisions.flatMap { precision in
                    tile.languages.map { CommittedKernel(tile: tile, dims: dims, precision: precision, language: $0) }
                }
            }
        }
    }

    /// The tiles whose 16-lane kernels (2-D, C, float) are committed.
    public var lanesTiles: [CatalogueTile] { tiles.filter(\.lanes) }

    /// The committed GPU kernel files: the 2-D float kernels of the tiles
    /// marked `gpu`, in every GPU language.
    public var gpuKernels: [CommittedKernel] {
        tiles.filter(\.gpu).flatMap { tile in
            Language.allCases.filter(\.isGPU).map {
                CommittedKernel(tile: tile, dims: 2, precision: .float, language: $0)
            }
        }
    }

    /// "F(2,3), F(4,3), …, F(4,3) with the searched points, …; 1-D and 2-D,
    /// float and double, C and Swift; 16-lane C float kernels of the 2-D
    /// tiles" — for help texts, from the tiles themselves.
    public var summary: String {
        // Exact tiles commit lanes kernels only: named after the rest.
        let rational = tiles.filter { $0.exact == nil }
        let exact = tiles.filter { $0.exact != nil }
        let names = rational.map(\.summary).joined(separator: ", ")
        func words<T>(_ values: [T], _ word: (T) -> String) -> String {
            let list = values.map(word)
            return list.count <= 1 ? list.joined() : list.dropLast().joined(separator: ", ") + " and " + list.last!
        }
        let lanesOnly = exact.isEmpty ? "" : "; the 16-lane C float kernels alone of " + words(exact, \.summary)
        guard let first = rational.first,
            rational.allSatisfy({
                $0.dims == first.dims && $0.precisions == first.precisions
                    && $0.languages == first.languages
            })
        else { return names + lanesOnly }
        var text = names + "; " + words(first.dims) { "\($0)-D" } + ", " + words(first.precisions, \.rawValue)
        text += ", " + words(first.languages, \.name)
        if rational.allSatisfy(\.lanes) { text += "; 16-lane C float kernels of the 2-D tiles" }
        let gpu = rational.filter(\.gpu)
        if !gpu.isEmpty {
            text +=
                "; the 2-D float kernels of " + words(gpu, \.summary) + " in "
                + words(Language.allCases.filter(\.isGPU), \.name)
        }
        return text + lanesOnly
    }
}

/// One line of the catalogue: a tile, its points, and which of its kernels
/// are committed.
public struct CatalogueTile: Hashable, Sendable {
    /// Outputs per axis of the 2-D tile, rows axis first; a 1-D kernel is
    /// the rows axis alone.
    public var m: [Int]
    /// Filter taps per axis, rows axis first.
    public var r: [Int]
    /// The named set the points come from, or nil for the default points.
    public var points: NamedPointSet?
    /// The name's variant ("searched": winograd_f4x4_3x3_searched_float,
    /// WinogradF4x4_3x3SearchedFloat), or nil for none.
    public var variant: String?
    /// 1, 2 or both.
    public var dims: [Int]
    public var precisions: [Precision]
    public var languages: [Language]
    /// Whether the 16-lane C float kernels of the 2-D tile are committed
    /// (Generated/Lanes, for the runtime).
    public var lanes: Bool
    /// Whether the 2-D float kernels are committed in every GPU language
    /// (Generated/GPU/<language>/).
    public var gpu: Bool
    /// Points in ℚ(√d) or Toom–Cook moduli, the same on both axes, for a
    /// tile beyond rational points (``exactTile(m:r:_:variant:)``).
    public var exact: ExactPoints?

    /// What an exact tile is derived from (the text `--points` or
    /// `--moduli` takes).
    public enum ExactPoints: Hashable, Sendable {
        case algebraic(String)
        case moduli(String)
    }

    public init(
        m: [Int], r: [Int], points: NamedPointSet? = nil, variant: String? = nil, dims: [Int] = [1, 2],
        precisions: [Precision] = Precision.allCases, languages: [Language] = Language.host,
        lanes: Bool = true, gpu: Bool = false
    ) {
        self.m = m
        self.r = r
        self.points = points
        self.variant = variant
        self.dims = dims
        self.precisions = precisions
        self.languages = languages
        self.lanes = lanes
        self.gpu = gpu
    }

    /// A square tile F(m×m, r×r) (and its 1-D F(m, r)).
    public static func tile(
        m: Int, r: Int, points: NamedPointSet? = nil, variant: String? = nil,
        dims: [Int] = [1, 2], precisions: [Precision] = Precision.allCases,
        languages: [Language] = Language.host, lanes: Bool = true, gpu: Bool = false
    ) -> CatalogueTile {
        CatalogueTile(
            m: [m, m], r: [r, r], points: points, variant: variant, dims: dims,
            precisions: precisions, languages: languages, lanes: lanes, gpu: gpu)
    }

    /// A square tile with points in ℚ(√d) or from moduli: its 2-D lanes
    /// kernels only, which the runtime finds by the tile's points; the C
    /// and Swift registries, and the tests that enumerate them, hold
    /// rational tiles.
    public static func exactTile(m: Int, r: Int, _ points: ExactPoints, variant: String) -> CatalogueTile {
        var tile = CatalogueTile(
            m: [m, m], r: [r, r], variant: variant, dims: [2], precisions: [.float], languages: [], lanes: true)
        tile.exact = points
        return tile
    }

    /// "F(4,3)", "F(4×2,3×1)", "F(4,3) with the searched points".
    public var summary: String {
        let square = m.allSatisfy { $0 == m[0] } && r.allSatisfy { $0 == r[0] }
        let name =
            square
            ? "F(\(m[0]),\(r[0]))"
            : "F(\(m.map(String.init).joined(separator: "×")),\(r.map(String.init).joined(separator: "×")))"
        switch exact {
        case .algebraic(let list): return name + " with the points \(list)"
        case .moduli(let list): return name + " with the moduli \(list)"
        case nil: break
        }
        guard let points else { return name }
        return name + " with the \(points.rawValue) points"
    }

    /// The shape of the `dims`-D kernel: the first `dims` axes.
    public func shape(dims: Int) throws -> TileShape {
        try TileShape(ms: Array(m.prefix(dims)), rs: Array(r.prefix(dims)))
    }

    /// The finite points of each axis as `--points` takes them: none for the
    /// default points, one list when every axis has the same, else one per
    /// axis.
    public func pointLists(dims: Int) throws -> [String] {
        if case .algebraic(let list) = exact { return [list] }
        guard let points else { return [] }
        let lists = try (0..<dims).map { axis in
            guard let list = points.list(m: m[axis], r: r[axis]) else {
                throw EmitError(
                    description: "the \(points.rawValue) point set has no points for F(\(m[axis]),\(r[axis]))")
            }
            return list
        }
        return Set(lists).count == 1 ? [lists[0]] : lists
    }

    /// The moduli as `--moduli` takes them, for a tile from moduli.
    public var moduliList: String? {
        if case .moduli(let list) = exact { return list }
        return nil
    }

    /// What the emitter takes of the `dims`-D kernel (derived and verified).
    public func kernelTile(dims: Int) throws -> KernelTile {
        switch exact {
        case .algebraic(let list):
            let points = try AlgebraicPoints(parsing: list, m: m[0], r: r[0])
            return KernelTile(try AlgebraicTransform.derive(m: m[0], r: r[0], points: points), dims: dims)
        case .moduli(let list):
            let moduli = try Modulus.list(parsing: list, m: m[0], r: r[0])
            return KernelTile(try ToomCookModuli.derive(m: m[0], r: r[0], moduli: moduli), dims: dims)
        case nil:
            return KernelTile(try transform(dims: dims))
        }
    }

    /// The exact transform of the `dims`-D kernel (derived and verified);
    /// an exact tile has none over ℚ (``kernelTile(dims:)`` has its own).
    public func transform(dims: Int) throws -> NestedTransform {
        guard exact == nil else { throw EmitError(description: "\(summary) has no transform over ℚ") }
        let lists = try pointLists(dims: dims).map { try InterpolationPoint.list(parsing: $0) }
        return try NestedTransform.derive(try shape(dims: dims), points: lists)
    }
}

/// One committed C or Swift kernel file set: a tile's `dims`-D kernels in one
/// precision and language.
public struct CommittedKernel: Hashable, Sendable {
    public var tile: CatalogueTile
    public var dims: Int
    public var precision: Precision
    public var language: Language

    public init(tile: CatalogueTile, dims: Int, precision: Precision, language: Language) {
        self.tile = tile
        self.dims = dims
        self.precision = precision
        self.language = language
    }

    /// winograd_f4x4_3x3_searched_float, WinogradF4x4_3x3SearchedFloat.
    public var prefix: String {
        KernelNaming.prefix(
            ms: Array(tile.m.prefix(dims)), rs: Array(tile.r.prefix(dims)), language: language,
            precision: precision, variant: tile.variant)
    }
}
