import ArgumentParser
import ExactArithmetic
import Winograd
import WinogradAnalysis
import WinogradRuntime

struct PrecisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "precision",
        abstract: "Measure how much accuracy Winograd gives up, per tile size, point set, number format "
            + "and evaluation mode.",
        discussion: """
            Random Uniform[−1, 1] tiles and filters (fixed seed) are convolved by F(m, r) (1-D) or \
            F(m×m, r×r) (--dims 2) in an emulated format and compared with float64 direct correlation \
            of the same inputs: mean absolute error per output element (the literature's metric), \
            relative L2 and max absolute error, beside direct correlation in the same format and an \
            a-priori bound.

            Examples:
              winograd precision --r 3 --m 2...8 --dims 2
              winograd precision --r 3 --m 4 --points default --points onednn --format float32,float16 \\
                --mode plain,fma,mixed
              winograd precision --r 3 --m 2...6 --points 0,1,-1,2,-2,1/2,-1/2,3,-3 --output csv
              winograd precision --r 3 --m 4 --dims 2 --moduli x,x-1,x+1,x^2+1,inf --format float32,float16
              winograd derive --m 6 --r 3 --format json > f63.json
              winograd precision --r 3 --m 6 --dims 2 --transform f63.json --mode emitted-fma
            """
    )

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Filter taps: 3, or several such as 3,5.", valueName: "r"))
    var r: String = "3"

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Tile sizes: 4, 2...12, or 2,4,6.", valueName: "m"))
    var m: String = "2...8"

    @Option(help: "1 or 2 dimensions.")
    var dims: Int = 1

    @Option(
        name: .long, parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "A point-set name (\(PointsArgument.names)) or a list of finite points "
                + "(the first m + r − 2 are used); repeat for several.", valueName: "set"))
    var points: [String] = []

    @Option(
        name: .long, parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "Toom–Cook moduli (degree 1 or 2, and inf) whose degrees add up to m + r − 1, e.g. "
                + "x,x-1,x+1,x^2+1,inf for F(4,3); measured beside the points for the sizes it fits; "
                + "repeat for several.", valueName: "list"))
    var moduli: [String] = []

    @Option(
        name: .long, parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "A 1-D transform in JSON form (as derive --format json writes and verify reads, another tool's "
                + "scaling included), checked exactly, then measured at its own F(m, r), which --m and --r must "
                + "include; - for standard input; repeat for several.", valueName: "file"))
    var transform: [String] = []

    @Option(help: ArgumentHelp("Number formats, comma-separated.", valueName: "list"))
    var format = CommaSeparated<NumberFormat>([.float32])

    @Option(help: ArgumentHelp("Evaluation modes, comma-separated.", valueName: "list"))
    var mode = CommaSeparated<EvaluationMode>([.plain])

    @Option(
        help: ArgumentHelp(
            "How the transformed filters are stored before the product, comma-separated: float32 (as computed), "
                + "bfloat16, float16 (rounded once, as conv --filter-storage does); each configuration is "
                + "measured with each.", valueName: "list"))
    var filterStorage = CommaSeparated<FilterStorage>([.float32])

    @Option(help: ArgumentHelp("Inputs and filters: uniform (Uniform[−1, 1]) or normal.", valueName: "name"))
    var distribution: Distribution = .uniform

    @Option(help: "Random tiles per configuration.")
    var samples: Int = 2000

    @Option(help: "Seed of the random data.")
    var seed: UInt64 = 1

    @Option(
        help: ArgumentHelp(
            "The report: a table, CSV, JSON or SVG (a log-scale plot of error against m).",
            valueName: "form"))
    var output: PrecisionOutput = .table

    func validate() throws {
        guard dims == 1 || dims == 2 else { throw ValidationError("--dims \(dims) is not supported; give 1 or 2") }
        try format.checkDistinct(option: "--format")
        try mode.checkDistinct(option: "--mode")
        try filterStorage.checkDistinct(option: "--filter-storage")
        guard (1...Self.maximumSamples).contains(samples) else {
            throw ValidationError("--samples \(samples); give 1 to \(Self.maximumSamples)")
        }
    }

    /// Bounds on the work: tiles per configuration, and tiles × outputs per
    /// tile (the errors of every output are kept: 24 bytes each).
    static let maximumSamples = 1_000_000
    static let maximumOutputs = 10_000_000
    /// Σ samples × n^(dims+1) over the configurations: seconds of work.
    static let maximumWork = 1e8

    func run() throws {
        let rs = r.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        guard !rs.isEmpty, rs.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw UserInputError("--r '\(r)' is not a filter size; give sizes of 1 or more, such as 3 or 3,5")
        }
        let ms = try Self.sizes(m)
        for r in rs.map({ $0! }) {
            for m in ms {
                do { try CookToom.checkSize(m: m, r: r) } catch { throw UserInputError("--m, --r: \(error)") }
            }
        }
        // The emitted modes build emit's programs for the tile: beyond emit's bound that takes minutes.
        if let emitted = mode.elements.first(where: \.isEmitted), let r = rs.map({ $0! }).max(),
            ms.max()! + r - 1 > EmitCommand.maximumSide
        {
            let largest = ms.max()!
            throw UserInputError(
                "--mode \(emitted.rawValue) runs emit's kernels, which exist for m + r − 1 ≤ "
                    + "\(EmitCommand.maximumSide); "
                    + "F(\(largest),\(r)) has \(largest + r - 1) points; give --m up to "
                    + "\(EmitCommand.maximumSide - r + 1) for r \(r), or another mode")
        }
        let outputs = ms.map { dims == 1 ? $0 : $0 * $0 }.max()!
        guard samples <= Self.maximumOutputs / outputs else {
            throw UserInputError(
                "--samples \(samples) tiles of F(\(ms.max()!)\(dims == 2 ? "×\(ms.max()!)" : ""),…) keep "
                    + "\(samples) × \(outputs) errors, beyond the bound of \(Self.maximumOutputs); "
                    + "give --samples ≤ \(Self.maximumOutputs / outputs) or smaller tiles")
        }
        let given = points.isEmpty ? ["default"] : points
        let sets = try given.filter { !AlgebraicPoints.isAlgebraic($0) }.map(Self.pointSet)
        let algebraicSets = try given.filter(AlgebraicPoints.isAlgebraic).map(Self.algebraicSet)
        let moduliSets = try moduli.map { try Self.moduliSet($0, ms: ms, rs: rs.map { $0! }) }
        let files = try transform.map { try Self.transformFile($0, ms: ms, rs: rs.map { $0! }) }
        // Each tile costs about n^(dims+1) steps per transform; bound the total.
        let configurations =
            (sets.count + algebraicSets.count + moduliSets.count + files.count) * format.elements.count
            * mode.elements.count
            * filterStorage.elements.count
        let work = rs.map { $0! }.reduce(0.0) { total, r in
            ms.reduce(total) { total, m in
                let n = Double(m + r - 1)
                return total + Double(samples) * Double(configurations) * (dims == 1 ? n * n : n * n * n)
            }
        }
        guard work <= Self.maximumWork else {
            throw UserInputError(
                "--m '\(m)' --samples \(samples): about \(ErrorStatistics.scientific(work)) arithmetic steps "
                    + "(samples × n^(dims+1) per configuration), beyond the bound of "
                    + "\(ErrorStatistics.scientific(Self.maximumWork)) that keeps a run to seconds; "
                    + "give fewer samples or smaller tiles")
        }
        var experiment = PrecisionExperiment(
            ms: ms, rs: rs.map { $0! }, dims: dims, formats: format.elements,
            modes: mode.elements, samples: samples, seed: seed, threads: Machine.cores)
        experiment.distribution = distribution
        experiment.filterStorages = filterStorage.elements
        let results: [PrecisionResult]
        do {
            results = try experiment.run(
                pointSets: sets, algebraicSets: algebraicSets, moduliSets: moduliSets, transforms: files)
        } catch {
            throw UserInputError("\(error)")
        }
        guard !results.isEmpty else {
            let (m, r) = (ms.min()!, rs.map { $0! }.min()!)
            throw UserInputError(
                "no point set defines these sizes: a --points list needs m + r − 2 finite points or more "
                    + "(F(\(m),\(r)): \(m + r - 2)), a --moduli list degrees adding up to m + r − 1, "
                    + "and onednn is F(4,3) only")
        }
        switch output {
        case .csv: print(PrecisionReport.csv(results, experiment: experiment), terminator: "")
        case .json: print(PrecisionReport.json(results, experiment: experiment), terminator: "")
        case .svg: print(PrecisionPlot.svg(results, experiment: experiment), terminator: "")
        case .table: print(PrecisionReport.table(results, experiment: experiment), terminator: "")
        }
    }

    /// "4", "2...12" (also "2…12", "2-12"), "2,4,6".
    static func sizes(_ text: String) throws -> [Int] {
        for separator in ["...", "…", "-"] {
            let parts = text.components(separatedBy: separator)
            if parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]) {
                guard low >= 1, high >= low else {
                    throw UserInputError("--m '\(text)' is not a range of sizes ≥ 1; give e.g. 2...12")
                }
                guard high <= CookToom.maximumPoints else {
                    throw UserInputError(
                        "--m '\(text)' reaches beyond the largest tile, m + r − 1 ≤ \(CookToom.maximumPoints); "
                            + "give e.g. 2...12")
                }
                return Array(low...high)
            }
        }
        let values = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw UserInputError("--m '\(text)' is not a tile size; give m ≥ 1, a range 2...12 or a list 2,4,6")
        }
        return values.map { $0! }
    }

    /// A named set, or a literal list whose first m + r − 2 points are used.
    /// A list of points in ℚ(√d) (`0,sqrt2/2,-sqrt2/2,…`): checked once,
    /// then its first m + r − 2 points serve F(m, r), infinity last.
    /// A --moduli list, for the sizes whose m + r − 1 its degrees match; an
    /// error when it fits none of them or does not parse.
    static func moduliSet(_ text: String, ms: [Int], rs: [Int]) throws -> (
        name: String, moduli: (Int, Int) -> [Modulus]?
    ) {
        let fits = rs.contains { r in ms.contains { m in (try? Modulus.list(parsing: text, m: m, r: r)) != nil } }
        guard fits else {
            // The error of the first size names what is wrong (a parse error, or the degrees).
            do {
                _ = try Modulus.list(parsing: text, m: ms[0], r: rs[0])
            } catch {
                throw UserInputError("--moduli '\(text)': \(error)")
            }
            throw UserInputError("--moduli '\(text)' fits none of the sizes given")
        }
        return (text, { m, r in try? Modulus.list(parsing: text, m: m, r: r) })
    }

    /// A --transform file: one 1-D transform whose identity holds exactly and
    /// whose F(m, r) is among the sizes; named by the file.
    static func transformFile(_ path: String, ms: [Int], rs: [Int]) throws -> (
        name: String, transform: VerifiedTransform
    ) {
        let file = try TransformFile(path)
        guard file.document.dims == nil else {
            throw UserInputError(
                "\(file.source) is a nested transform; give one 1-D transform ({\"AT\", \"G\", \"BT\"}), "
                    + "which --dims 2 nests on both axes")
        }
        let transform = try file.axes()[0]
        guard ms.contains(transform.m), rs.contains(transform.r) else {
            let (mList, rList) = (
                ms.map(String.init).joined(separator: ","), rs.map(String.init).joined(separator: ",")
            )
            throw UserInputError(
                "\(file.source) is \(transform.name), not among --m '\(mList)' and --r '\(rList)'; "
                    + "give --m \(transform.m) --r \(transform.r)")
        }
        let name = path == "-" ? "stdin" : String(path.split(separator: "/").last ?? Substring(path))
        return (name, transform)
    }

    static func algebraicSet(_ text: String) throws -> (name: String, points: (Int, Int) -> AlgebraicPoints?) {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let field: Int
        do {
            // All of them as the finite points of one transform: parsed, distinct, one field.
            field = try AlgebraicPoints(parsing: text, m: items.count, r: 2).radicand
        } catch {
            throw UserInputError("--points '\(text)': \(error)")
        }
        guard !items.contains(where: { $0.lowercased().contains("inf") }) else {
            throw UserInputError("--points '\(text)': give finite points only; infinity is added last")
        }
        return (
            "custom-sqrt\(field)",
            { m, r in
                items.count >= m + r - 2
                    ? try? AlgebraicPoints(parsing: items.prefix(m + r - 2).joined(separator: ","), m: m, r: r) : nil
            }
        )
    }

    static func pointSet(_ text: String) throws -> (name: String, points: (Int, Int) -> [InterpolationPoint]?) {
        if let named = NamedPointSet(rawValue: text.lowercased()) {
            return (named.rawValue, { named.points(m: $0, r: $1) })
        }
        guard let first = text.split(separator: ",").first,
            first.lowercased().contains("inf") || (try? Rational(parsing: String(first.filter { $0 != " " }))) != nil
        else {
            throw UserInputError(
                "--points '\(text)' is neither a point-set name (\(PointsArgument.names)) nor a list of points")
        }
        let list: [InterpolationPoint]
        do { list = try InterpolationPoint.list(parsing: text) } catch {
            throw UserInputError("--points '\(text)': \(error)")
        }
        guard !list.contains(.infinity) else {
            throw UserInputError("--points '\(text)': give finite points only; infinity is added last")
        }
        return ("custom", { m, r in list.count >= m + r - 2 ? Array(list.prefix(m + r - 2)) : nil })
    }
}

extension String {
    fileprivate func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
