import ArgumentParser
import ExactArithmetic
import WinogradAnalysis
import WinogradRuntime

struct PointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "points",
        abstract: "Work with interpolation points.",
        subcommands: [PointsSearchCommand.self]
    )
}

struct PointsSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search for points with a smaller error than the best known set; prints the best sets, "
            + "the best ready to pass to --points.",
        discussion: """
            Local search from the best published set (Barabasz et al.'s, oneDNN's or the default \
            points): each round replaces one point by a small rational (±p/q, p, q ≤ 8, at most 8 \
            in magnitude) — with --surd d also by ±(p/q)·√d, points of ℚ(√d) — ranks the neighbours \
            by the a-priori bound, measures the most promising ones on the same random tiles and keeps \
            the best improvement. The budget is turned into a fixed number of rounds (about one round \
            per second on 2 cores for mid-sized tiles), so a seed and a budget always give the same result.

            Example: winograd points search --m 4 --mode emitted-fma --surd 2 --budget 20
            """
    )

    @Option(name: .long, parsing: .unconditional, help: "Outputs per tile m.")
    var m: Int

    @Option(name: .long, parsing: .unconditional, help: "Filter taps r.")
    var r: Int = 3

    @Option(help: "1 or 2 dimensions.")
    var dims: Int = 2

    @Option(help: ArgumentHelp("The number format.", valueName: "format"))
    var format: NumberFormat = .float32

    @Option(help: ArgumentHelp("The evaluation mode.", valueName: "mode"))
    var mode: EvaluationMode = .huffman

    @Option(
        help: ArgumentHelp(
            "Sets to explore: with (n − 1 finite points and infinity) or both (also n finite "
                + "points, infinity dropped).", valueName: InfinityChoice.choices))
    var infinity: InfinityChoice = .with

    @Flag(help: "Also move symmetric pairs (x, −x) and reciprocal pairs (x, 1/x) together.")
    var pairs = false

    @Option(
        help: ArgumentHelp(
            "Also try the points ±(p/q)·√d of ℚ(√d) (d a square-free integer ≥ 2, e.g. 2).", valueName: "d"))
    var surd: Int?

    @Option(help: "How many of the best sets to print.")
    var show: Int = 3

    @Option(help: "Budget in seconds (turned into rounds: deterministic).")
    var budget: Double = 10

    @Option(help: "Random tiles per measurement.")
    var samples: Int = 600

    @Option(help: "Seed of the random tiles.")
    var seed: UInt64 = 1

    func validate() throws {
        guard m >= 1 else { throw ValidationError("--m \(m) is not a tile size; give 1 or more") }
        guard r >= 2 else { throw ValidationError("--r \(r): searching points needs r ≥ 2") }
        let side = Self.maximumSide
        guard m <= side, r <= side, m + r - 1 <= side else {
            throw ValidationError(
                "F(\(m),\(r)): the search takes tiles of m + r − 1 ≤ \(side) points "
                    + "(the largest the runtime runs); give a smaller --m or --r")
        }
        guard m + r - 2 >= 2 else {
            throw ValidationError("F(\(m),\(r)) has fewer than 2 finite points; nothing to search")
        }
        guard dims == 1 || dims == 2 else { throw ValidationError("--dims \(dims) is not supported; give 1 or 2") }
        guard budget > 0, budget <= Self.maximumBudget else {
            throw ValidationError(
                "--budget \(budget); give a positive number of seconds, at most \(Int(Self.maximumBudget)) (a day)")
        }
        guard (10...Self.maximumSamples).contains(samples) else {
            throw ValidationError("--samples \(samples); give 10 to \(Self.maximumSamples)")
        }
        guard show >= 1 else { throw ValidationError("--show \(show); give 1 or more") }
        if let surd, !QuadraticNumber.isSquareFree(surd) {
            throw ValidationError(
                "--surd \(surd) is not a square-free integer from 2 to \(QuadraticNumber.maximumRadicand); "
                    + "give one such as 2, 3 or 5")
        }
    }

    /// Bounds: the tile (the runtime's largest side), the budget (a day of
    /// rounds) and the tiles per measurement.
    static let maximumSide = TileAccuracy.maximumSide
    static let maximumBudget = 86_400.0
    static let maximumSamples = 100_000

    func run() throws {
        let rounds = max(1, Int(budget.rounded()))
        var search = PointSearch(
            m: m, r: r, dims: dims, format: format, mode: mode, samples: samples, seed: seed,
            rounds: rounds)
        search.withoutInfinity = infinity == .both
        search.pairMoves = pairs
        search.radicand = surd ?? 0
        let outcome: PointSearch.Outcome
        do { outcome = try search.run() } catch { throw UserInputError("\(error)") }
        let tile = dims == 2 ? "F(\(m)×\(m),\(r)×\(r))" : "F(\(m),\(r))"
        let roundsRun = "\(outcome.roundsRun) round\(outcome.roundsRun == 1 ? "" : "s")"
        print("\(tile), \(format.rawValue), \(mode.rawValue) mode, \(samples) tiles (seed \(seed)), \(roundsRun)")
        let start = outcome.start.map(\.description).joined(separator: ",")
        print("start: \(start) mean |e| \(Self.format(outcome.startError))")
        print("best sets measured:")
        for (rank, entry) in outcome.ranked.prefix(show).enumerated() {
            let points = entry.points.map(\.description).joined(separator: ",")
            print("  \(rank + 1). \(points) mean |e| \(Self.format(entry.error))")
        }
        // n − 1 points: infinity is added last; n points: no infinity.
        print("--points \(outcome.points.map(\.description).joined(separator: ","))")
    }

    static func format(_ value: Double) -> String {
        var text = "\(value)"
        if let e = text.firstIndex(of: "e") {
            let mantissa = Double(text[..<e]) ?? 0
            text = "\((mantissa * 1000).rounded() / 1000)" + text[e...]
        }
        return text
    }
}
