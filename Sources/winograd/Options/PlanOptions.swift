import ArgumentParser
import Winograd
import WinogradRuntime

/// How a convolution is computed (`conv`, `grad`): the backend, the Winograd
/// output tile and its points.
struct PlanOptions: ParsableArguments {
    @Option(
        name: .customLong("backend"),
        help: ArgumentHelp(
            "The backend (default: auto, the fastest for the shape, timed once; generated when --m or --points "
                + "is given).", valueName: "name"))
    var backendOption: Backend?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Winograd output tile: 4, or rows x columns (4x2) (default: 4).", valueName: "m"))
    var m: String?

    @Option(
        name: .long, parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "Interpolation points, or a set's name (\(PointsArgument.names)); repeat once per axis. "
                + "The emitted kernels run where the catalogue has the tile with these points, dense kernels "
                + "otherwise.",
            valueName: "list"))
    var points: [String] = []

    @Option(
        name: .long, parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "Toom–Cook moduli instead of points (degree 1 or 2, and inf; e.g. x,x-1,x+1,x^2+1,inf); "
                + "repeat once per axis. Dense kernels, N ≥ m + r − 1 products per axis.",
            valueName: "list"))
    var moduli: [String] = []

    @Option(help: ArgumentHelp("Vector instructions (default: the best this CPU has).", valueName: "set"))
    var instructionSet: InstructionSet?

    @Option(
        help: ArgumentHelp(
            "How Winograd plans store the transformed filters: float32, or bfloat16 / float16 (half the bytes, "
                + "rounded once; the arithmetic stays float32).", valueName: "format"))
    var filterStorage: FilterStorage = .float32

    func validate() throws {
        _ = try tile()
        if let backend = backendOption, !backend.isWinograd, m != nil || !points.isEmpty || !moduli.isEmpty {
            throw ValidationError(Self.tileWithoutWinograd(backend, options: "--m, --points, --moduli"))
        }
        if !moduli.isEmpty && !points.isEmpty {
            throw ValidationError("--moduli replaces --points; give one or the other")
        }
        if moduli.count > 2 { throw ValidationError("--moduli: give one list, or one per axis (2)") }
    }

    /// The error for a tile (--m, --points) beside a backend that runs no
    /// Winograd tile of the user's choosing (auto picks its own).
    static func tileWithoutWinograd(_ backend: Backend, options: String = "--m, --points") -> String {
        let winograd = Backend.allCases.filter(\.isWinograd).map(\.rawValue).joined(separator: " or ")
        return "the Winograd tile (\(options)) applies only to the Winograd backends (\(winograd)); "
            + "--backend \(backend.rawValue) would ignore it; drop \(options) or give --backend \(winograd)"
    }

    /// The backend asked for; without one, `auto`, unless a tile or points
    /// say which Winograd algorithm to run.
    var backend: Backend {
        backendOption ?? (m != nil || !points.isEmpty || !moduli.isEmpty ? .generated : .auto)
    }

    /// --m as one size or rows × columns.
    func tile() throws -> [Int] {
        let m = self.m ?? "4"
        let parts = m.split(omittingEmptySubsequences: false) { $0 == "x" || $0 == "×" }.map { Int($0) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--m '\(m)' is not a tile; give a size such as 4, or rows x columns such as 4x2")
        }
        let side = TileAccuracy.maximumSide
        guard parts.allSatisfy({ $0! <= side }) else {
            throw ValidationError(
                "--m '\(m)' is larger than the runtime's tiles take (m + r − 1 ≤ \(side)); "
                    + "give m ≤ \(side - 2) for 3×3 filters"
            )
        }
        return parts.map { $0! }
    }

    /// Refuses a Winograd tile that would lose float32's accuracy
    /// (``TileAccuracy``), before any work: F(m, R×S) for the convolution
    /// and its input gradient, F(R×S, m) for the filter gradient.
    func checkAccuracy(filterShape: [Int], filterGradient: Bool = false) throws {
        guard backend.isWinograd, filterShape.count == 4 else { return }
        let tile = try tile()
        let (rows, columns) = (tile[0], tile.count == 2 ? tile[1] : tile[0])
        let (r, s) = (filterShape[2], filterShape[3])
        do {
            if filterGradient {
                try TileAccuracy.checkFilterGradient(m: rows, r: r, s: s)
            } else if !isAlgebraic && moduli.isEmpty {
                // (The plan checks an algebraic or modular tile's growth itself.)
                try TileAccuracy.check(
                    rows: rows, columns: columns, r: r, s: s, points: try pointLists(filterShape: filterShape))
            }
        } catch let error as TensorError {
            throw UserInputError("--m \(m ?? "4"): \(error)")
        }
    }

    /// Whether --points names square roots: points in a field ℚ(√d).
    var isAlgebraic: Bool { points.contains(where: AlgebraicPoints.isAlgebraic) }

    /// F(m, r) of each axis: the tile's rows with the filters' R, its columns with S.
    func axisSizes(filterShape: [Int]) throws -> [(m: Int, r: Int)] {
        let tile = try tile()
        return [(tile[0], filterShape[2]), (tile.count == 2 ? tile[1] : tile[0], filterShape[3])]
    }

    /// --points in ℚ(√d) for the tile and R×S filters of `filterShape` (one
    /// list for both axes, or one per axis); empty for rational points.
    func algebraicPoints(filterShape: [Int]) throws -> [AlgebraicPoints] {
        guard isAlgebraic, filterShape.count == 4 else { return [] }
        guard points.count <= 2 else { throw UserInputError("--points: give one list, or one per axis (2)") }
        let sizes = try axisSizes(filterShape: filterShape)
        do {
            return try points.enumerated().map { axis, list throws(PointsError) in
                try AlgebraicPoints(parsing: list, m: sizes[axis].m, r: sizes[axis].r)
            }
        } catch {
            throw UserInputError("--points: \(error)")
        }
    }

    /// --moduli for the tile and R×S filters of `filterShape` (one list for
    /// both axes, or one per axis), checked against each axis's F(m, r).
    func moduliLists(filterShape: [Int]) throws -> [[Modulus]] {
        guard !moduli.isEmpty, filterShape.count == 4 else { return [] }
        let sizes = try axisSizes(filterShape: filterShape)
        return try moduli.enumerated().map { axis, list in
            do {
                return try Modulus.list(parsing: list, m: sizes[axis].m, r: sizes[axis].r)
            } catch {
                throw UserInputError("--moduli '\(list)': \(error)")
            }
        }
    }

    /// The products per axis of a tile from --moduli (N = m + r − 1 plus one
    /// per quadratic modulus), or nil for points.
    func products(filterShape: [Int]) throws -> (Int, Int)? {
        let lists = try moduliLists(filterShape: filterShape)
        guard !lists.isEmpty else { return nil }
        let counts = lists.map { $0.reduce(0) { $0 + $1.multiplications } }
        return (counts[0], counts[counts.count - 1])
    }

    /// --points, parsed, a set's name resolved for the tile and R×S filters
    /// of `filterShape` (none when they are algebraic: ``algebraicPoints(filterShape:)``).
    func pointLists(filterShape: [Int]) throws -> [[InterpolationPoint]] {
        guard !isAlgebraic, filterShape.count == 4 else { return [] }
        let sizes = try axisSizes(filterShape: filterShape)
        do {
            return try PointsArgument.lists(points, sizes: sizes)
        } catch let error as PointsError {
            throw UserInputError("--points: \(error)")
        }
    }
}
