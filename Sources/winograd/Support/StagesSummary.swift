import Winograd
import WinogradRuntime

/// `conv --breakdown`: a Winograd run's stages, timed on every thread, and
/// the product's rate against one core's FMA peak.
struct StagesSummary {
    var breakdown: StageBreakdown?
    /// One core's FMA peak (GFLOP/s), measured in the same process.
    var peak: Double

    init(_ convolution: Convolution, input: Tensor<Float>, runs: Int) throws {
        do {
            breakdown = try convolution.stageBreakdown(of: input, runs: runs)
        } catch {
            throw UserInputError("\(error)")
        }
        peak = breakdown == nil ? 0 : FMAPeak.measure(threads: 1, seconds: 0.3)
    }

    /// The product's GFLOP/s per busy thread.
    var productRate: Double { (breakdown?.productRate ?? 0) / 1e9 }

    var lines: [String] {
        guard let breakdown else { return ["stages: none (only the Winograd backends run in stages)"] }
        let threads = "\(breakdown.threads) thread\(breakdown.threads == 1 ? "" : "s")"
        let stages = breakdown.stages.map { stage in
            stage.name == "end"
                ? "end \(Clock.milliseconds(stage.waiting)) waiting"
                : "\(stage.name) \(Clock.milliseconds(stage.busy)) busy + \(Clock.milliseconds(stage.waiting)) waiting"
        }
        return [
            "stages per run (ms, summed over \(threads); wall \(Clock.milliseconds(breakdown.wall))): "
                + stages.joined(separator: ", "),
            "product: \(Clock.fixed(productRate, decimals: 1)) GFLOP/s per busy thread, "
                + "\(Clock.fixed(100 * productRate / peak, decimals: 0))% of one core's FMA peak "
                + "(\(Clock.fixed(peak, decimals: 1)) GFLOP/s, \(FMAPeak.instructionSet))",
        ]
    }

    /// Flat fields (one line of JSON), null where there are no stages.
    var json: JSONValue {
        var fields: [(key: String, value: JSONValue)] = []
        for name in ["input", "product", "output", "end"] {
            let stage = breakdown?.stages.first { $0.name == name }
            if name != "end" { fields.append((name + "_busy_ms", .double(stage.map { $0.busy * 1000 }))) }
            fields.append((name + "_waiting_ms", .double(stage.map { $0.waiting * 1000 })))
        }
        fields.append(("stages_wall_ms", .double(breakdown.map { $0.wall * 1000 })))
        fields.append(("product_gflops_per_thread", .double(breakdown.map { _ in productRate })))
        fields.append(("fma_peak_per_core_gflops", .double(breakdown.map { _ in peak })))
        return .object(fields)
    }
}
