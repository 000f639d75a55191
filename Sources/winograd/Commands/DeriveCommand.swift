import ArgumentParser
import Winograd

struct DeriveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "derive",
        abstract: "Derive and exactly verify the transforms AT, G, BT of F(m, r).",
        discussion: """
            Examples:
              winograd derive --m 4 --r 3
              winograd derive --m 6 --r 3 --points 0,1,-1,2,-2,1/2,-1/2 --format json
              winograd derive --m 4 --r 3 --dims 2 --format c
              winograd derive --m 4x2 --r 3x1 --format latex

            Points: n − 1 finite points (infinity is added last), n finite points, or n points \
            naming 'inf' where it goes; n = m + r − 1. Without --points the default sequence \
            0, 1, -1, 2, -2, 1/2, -1/2, 3, -3, … is used.
            """
    )

    // .unconditional so that a negative size reaches our own check.
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Outputs per tile: one size, or one per axis such as 4x2.", valueName: "m"))
    var m: String

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Filter taps: one size, or one per axis such as 3x1.", valueName: "r"))
    var r: String

    @Option(name: .long, help: "Dimensions of a square tile (default: 1, or the number of sizes in --m/--r).")
    var dims: Int?

    @Option(name: .long, parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Comma-separated interpolation points, e.g. 0,1,-1,2,-2,1/2 or 0,inf,1,-1; repeat once per axis for different lists.",
                               valueName: "list"))
    var points: [String] = []

    @Option(name: .long, help: ArgumentHelp("Which matrix carries the Lagrange denominators: G (default, as wincnn), A or B.", valueName: "G|A|B"))
    var fractionsIn: String = "G"

    @Option(name: .long, help: ArgumentHelp("Output format: text, json, numpy, latex or c.", valueName: "format"))
    var format: String = "text"

    func run() throws {
        guard let placement = FractionPlacement(name: fractionsIn) else {
            throw UserInputError("--fractions-in '\(fractionsIn)' is not a matrix; give G, A or B")
        }
        guard let outputFormat = TransformFormat(rawValue: format.lowercased()) else {
            throw UserInputError("--format '\(format)' is not known; give one of \(TransformFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let transform = try Self.derive(m: m, r: r, dims: dims, points: points, fractionsIn: placement)
        print(transform.rendered(as: outputFormat, command: CommandLineText.current), terminator: "")
    }

    /// The shared path from command-line text to a verified transform.
    static func derive(m: String, r: String, dims: Int?, points: [String], fractionsIn: FractionPlacement) throws -> NestedTransform {
        do {
            let shape = try TileShape(m: m, r: r, dims: dims)
            let lists = try points.map { list throws(PointsError) in try InterpolationPoint.list(parsing: list) }
            return try NestedTransform.derive(shape, points: lists, fractionsIn: fractionsIn)
        } catch TransformError.points(let error) {
            throw UserInputError("--points '\(points.joined(separator: "' '"))': \(error)")
        } catch TransformError.axisPoints(let axis, let error) {
            throw UserInputError("--points '\(points.joined(separator: "' '"))': axis \(axis): \(error)")
        } catch let error as TransformError {
            throw UserInputError(error.description)
        } catch let error as PointsError {
            throw UserInputError("--points '\(points.joined(separator: "' '"))': \(error)")
        }
    }
}
