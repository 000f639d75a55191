import ArgumentParser
import Winograd

/// The tile of a transform: sizes, dimensions, points and where the
/// fractions go (`derive`, `emit`).
struct TileOptions: ParsableArguments {
    // .unconditional so that a negative size reaches our own check.
    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Outputs per tile: one size, or one per axis such as 4x2.", valueName: "m"))
    var m: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Filter taps: one size, or one per axis such as 3x1.", valueName: "r"))
    var r: String?

    @Option(name: .long, help: "Dimensions of a square tile (default: 1, or the number of sizes in --m/--r).")
    var dims: Int?

    @Option(
        name: .long, parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "Comma-separated interpolation points, e.g. 0,1,-1,2,-2,1/2 or 0,inf,1,-1, or a set's name "
                + "(\(PointsArgument.names)); repeat once per axis for different lists.", valueName: "list"))
    var points: [String] = []

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Toom–Cook moduli instead of points: polynomials of degree 1 or 2 and inf, "
                + "e.g. x,x-1,x+1,x^2+1,inf; their degrees add up to m + r − 1 (derive: 1-D; "
                + "emit nests them on --dims axes).", valueName: "list"))
    var moduli: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Which matrix carries the Lagrange denominators (G as wincnn).",
            valueName: FractionPlacement.choices))
    var fractionsIn: FractionPlacement = .g

    static let dimensionRange = 1...8

    func validate() throws {
        if let dims, !Self.dimensionRange.contains(dims) {
            throw ValidationError("--dims \(dims) is not supported; give 1 to \(Self.dimensionRange.upperBound)")
        }
    }

    /// `--m` and `--r`, or an error naming them.
    func sizes() throws -> (m: String, r: String) {
        guard let m, let r else { throw UserInputError("give --m and --r (e.g. --m 4 --r 3)") }
        return (m, r)
    }

    /// The verified 1-D transform on --moduli, when given (one size each,
    /// no --points), else nil. `nesting`: the caller nests it on --dims
    /// axes (emit), so --dims may be given.
    func modularTransform(nesting: Bool = false) throws -> ModularTransform? {
        guard let moduli else { return nil }
        let (m, r) = try sizes()
        let flags = "--m '\(m)' --r '\(r)'" + (dims.map { " --dims \($0)" } ?? "")
        guard points.isEmpty else {
            throw UserInputError("--moduli replaces --points; give one or the other")
        }
        guard let mSize = Int(m), let rSize = Int(r), nesting || (dims ?? 1) == 1 else {
            throw UserInputError(
                "\(flags): --moduli "
                    + (nesting
                        ? "takes one size each (a square tile), e.g. --m 4 --r 3 --dims 2"
                        : "derives 1-D transforms here; give one size each and no --dims"))
        }
        do {
            try CookToom.checkSize(m: mSize, r: rSize)
        } catch {
            throw UserInputError("\(flags): \(error)")
        }
        do {
            let list = try Modulus.list(parsing: moduli, m: mSize, r: rSize)
            return try ToomCookModuli.derive(m: mSize, r: rSize, moduli: list, fractionsIn: fractionsIn)
        } catch {
            throw UserInputError("--moduli '\(moduli)': \(error)")
        }
    }

    /// The verified 1-D transform over ℚ(√d) when --points names a square
    /// root (one size each, one list), else nil. `nesting`: the caller nests
    /// it on --dims axes (emit), so --dims may be given.
    func algebraicTransform(nesting: Bool = false) throws -> AlgebraicTransform? {
        guard points.contains(where: AlgebraicPoints.isAlgebraic) else { return nil }
        let (m, r) = try sizes()
        let flags = "--m '\(m)' --r '\(r)'" + (dims.map { " --dims \($0)" } ?? "")
        guard let mSize = Int(m), let rSize = Int(r), nesting || (dims ?? 1) == 1, points.count == 1 else {
            throw UserInputError(
                "\(flags): algebraic points (sqrt) "
                    + (nesting
                        ? "take one size each and one --points list (a square tile), e.g. --m 4 --r 3 --dims 2"
                        : "derive 1-D transforms here; give one size each, no --dims and one --points list"))
        }
        let pointsText = "--points '\(points[0])'"
        do {
            try CookToom.checkSize(m: mSize, r: rSize)
        } catch {
            throw UserInputError("\(flags): \(error)")
        }
        do {
            let parsed = try AlgebraicPoints(parsing: points[0], m: mSize, r: rSize)
            return try AlgebraicTransform.derive(m: mSize, r: rSize, points: parsed, fractionsIn: fractionsIn)
        } catch let error as PointsError {
            throw UserInputError("\(pointsText): \(error)")
        } catch TransformError.points(let error) {
            throw UserInputError("\(pointsText): \(error)")
        } catch {
            throw UserInputError("\(flags): \(error)")
        }
    }

    /// The verified transform these options name.
    func transform() throws -> NestedTransform {
        let (m, r) = try sizes()
        if moduli != nil {
            throw UserInputError(
                "--moduli does not apply to this transform of points; give --points, or no --moduli")
        }
        let pointsText = "--points '\(points.joined(separator: "' '"))'"
        do {
            let shape = try TileShape(m: m, r: r, dims: dims)
            let lists = try PointsArgument.lists(points, sizes: Array(zip(shape.ms, shape.rs)).map { (m: $0, r: $1) })
            return try NestedTransform.derive(shape, points: lists, fractionsIn: fractionsIn)
        } catch TransformError.points(let error) {
            throw UserInputError("\(pointsText): \(error)")
        } catch TransformError.axisPoints(let axis, let error) {
            throw UserInputError("\(pointsText): axis \(axis): \(error)")
        } catch let error as PointsError {
            throw UserInputError("\(pointsText): \(error)")
        } catch let error as TransformError {
            let flags = "--m '\(m)' --r '\(r)'" + (dims.map { " --dims \($0)" } ?? "")
            throw UserInputError("\(flags): \(error)")
        }
    }
}
