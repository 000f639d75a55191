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
        if let modular = try tile.modularTransform() {
            guard let text = modular.rendered(as: format) else {
                let formats = ModularTransform.formats.map(\.rawValue).joined(separator: ", ")
                throw UserInputError("--format \(format.rawValue) does not take --moduli yet; give one of \(formats)")
            }
            print(text, terminator: "")
            return
        }
        if let algebraic = try tile.algebraicTransform() {
            guard let text = algebraic.rendered(as: format, command: CommandLineText.current) else {
                let formats = AlgebraicTransform.formats.map(\.rawValue).joined(separator: ", ")
                throw UserInputError(
                    "--format \(format.rawValue) does not take algebraic points (sqrt) yet; give one of \(formats)")
            }
            print(text, terminator: "")
            return
        }
        print(try tile.transform().rendered(as: format, command: CommandLineText.current), terminator: "")
    }
}
