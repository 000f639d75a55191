import ArgumentParser
import Winograd

struct DeriveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "derive",
        abstract: "Derive and exactly verify the transforms AT, G, BT of F(m, r).",
        usage: "winograd derive --m <m> --r <r> [<options>]",
        discussion: """
            Examples:
              winograd derive --m 4 --r 3
              winograd derive --m 6 --r 3 --points 0,1,-1,2,-2,1/2,-1/2 --format json
              winograd derive --m 4 --r 3 --dims 2 --format c
              winograd derive --m 4x2 --r 3x1 --format latex
              winograd derive --m 4 --r 3 --points 0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2
              winograd derive --m 4 --r 3 --moduli x,x-1,x+1,x^2+1,inf

            Points: n − 1 finite points (infinity is added last), n finite points, or n points \
            naming 'inf' where it goes; n = m + r − 1. Without --points the default sequence \
            0, 1, -1, 2, -2, 1/2, -1/2, 3, -3, … is used. Points may lie in one real quadratic \
            field ℚ(√d): sqrt2/2, -sqrt(2), 1/2+sqrt3/2, 3*sqrt5/4 (1-D, every format).

            Moduli (Toom–Cook beyond linear polynomials, 1-D, text and json): polynomials \
            in x of degree 1 (x-a is the point a) or 2 (x^2+1: three multiplications where \
            two points take two) and inf, whose degrees add up to n.
            """
    )

    @OptionGroup var tile: TileOptions

    @Option(name: .long, help: ArgumentHelp("Output format.", valueName: "format"))
    var format: TransformFormat = .text

    func validate() throws {
        guard tile.m != nil, tile.r != nil else { throw ValidationError("give --m and --r (e.g. --m 4 --r 3)") }
    }

    func run() throws {
        let dims = tile.dims ?? 1
        if let modular = try tile.modularTransform(nesting: true) {
            guard let text = modular.rendered(as: format) else {
                let formats = ModularTransform.formats.map(\.rawValue).joined(separator: ", ")
                throw UserInputError("--format \(format.rawValue) does not take --moduli yet; give one of \(formats)")
            }
            print(
                try nested(
                    text, json: modular.json, m: modular.m, r: modular.r, dims: dims,
                    products: modular.multiplications),
                terminator: "")
            return
        }
        if let algebraic = try tile.algebraicTransform(nesting: true) {
            guard let text = algebraic.rendered(as: format, command: CommandLineText.current) else {
                let formats = AlgebraicTransform.formats.map(\.rawValue).joined(separator: ", ")
                throw UserInputError(
                    "--format \(format.rawValue) does not take algebraic points (sqrt) yet; give one of \(formats)")
            }
            print(
                try nested(
                    text, json: algebraic.json, m: algebraic.m, r: algebraic.r, dims: dims, products: algebraic.n),
                terminator: "")
            return
        }
        print(try tile.transform().rendered(as: format, command: CommandLineText.current), terminator: "")
    }

    /// A 1-D exact transform's rendering nested on `dims` axes: text and
    /// JSON (``NestedForm``); the other formats write 1-D transforms only.
    func nested(_ oneD: String, json: JSONValue, m: Int, r: Int, dims: Int, products: Int) throws -> String {
        guard dims > 1 else { return oneD }
        switch format {
        case .text: return NestedForm.text(oneD, m: m, r: r, dims: dims, products: products)
        case .json: return NestedForm.json(json, dims: dims)
        default:
            throw UserInputError(
                "--dims \(dims) with sqrt points or --moduli writes text and json; --format \(format.rawValue) "
                    + "writes their 1-D transform (drop --dims)")
        }
    }
}
