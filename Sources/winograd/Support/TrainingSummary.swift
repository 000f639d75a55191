import Winograd
import WinogradRuntime

/// What `conv --transpose` and `grad` report: the same lines, or the same
/// JSON fields.
struct TrainingSummary {
    /// "transpose", "grad-input" or "grad-filter".
    var operation: String
    /// "transposed convolution", "gradient with respect to the input", …
    var what: String
    var backend: Backend
    var tile: [Int]
    var inputShape: [Int]
    var filterShape: [Int]
    var resultShape: [Int]
    var padding: Padding
    var threads: Int
    var timings: TrainingTimings
    var flops: Double
    var statistics: ErrorStatistics?
    var output: String?

    var json: JSONValue {
        let fields: JSONValue = [
            "operation": .string(operation), "backend": .string(backend.rawValue),
            "m": backend.isWinograd ? .string(tile.map(String.init).joined(separator: "x")) : .null,
            "r": .integer(filterShape[2]),
            "n": .integer(inputShape[0]), "c": .integer(filterShape[1]), "k": .integer(filterShape[0]),
            "h": .integer(inputShape[2]), "w": .integer(inputShape[3]),
            "padding": .string("\(padding)"), "threads": .integer(threads),
            "time_ms": .double(timings.steady * 1000), "gflops": .double(flops / timings.steady / 1e9),
            "plan_ms": .double(timings.plan * 1000), "first_ms": .double(timings.first * 1000),
            "update_ms": .double(timings.update * 1000), "repeat": .integer(timings.runs),
        ]
        return JSONSummary.joined(fields, JSONSummary.errors(statistics))
    }

    func print(asJSON: Bool) {
        if asJSON {
            Swift.print(json.serialized())
            return
        }
        let shapes = "\(Tensor<Float>.describe(inputShape)) with \(Tensor<Float>.describe(filterShape))"
        let result = Tensor<Float>.describe(resultShape)
        Swift.print("\(backend.rawValue) \(what): \(shapes), padding \(padding) → \(result)")
        let threadCount = "\(threads) thread\(threads == 1 ? "" : "s")"
        Swift.print(
            "time \(Clock.milliseconds(timings.steady)) ms "
                + "(\(threadCount), median of \(timings.runs) after the first), "
                + "\(Clock.fixed(flops / timings.steady / 1e9, decimals: 1)) GFLOP/s effective")
        Swift.print(
            "plan \(Clock.milliseconds(timings.plan)) ms, first call \(Clock.milliseconds(timings.first)) ms, "
                + "update(filters:) \(Clock.milliseconds(timings.update)) ms")
        if let statistics { Swift.print("against float64 direct: \(statistics)") }
        if let output { Swift.print("wrote \(output)") }
    }
}

/// The times of a training-direction operation, in seconds: making the plan,
/// its first call (which makes what the operation needs once: the
/// transposed plan, workspaces), the median of `runs` calls after it, and
/// `update(filters:)` with new filters (median of as many).
struct TrainingTimings {
    var plan: Double, first: Double, steady: Double, update: Double
    var runs: Int

    /// Times `makePlan`, then `call` once and `runs` more times, and
    /// `update` `runs` times; returns the last result.
    static func measure<Plan, Result>(
        runs: Int, makePlan: () throws -> Plan, call: (Plan) throws -> Result, update: (Plan) throws -> Void
    ) throws -> (timings: TrainingTimings, result: Result) {
        var start = Clock.now()
        let plan = try makePlan()
        let planSeconds = Clock.now() - start
        start = Clock.now()
        var result = try call(plan)
        let first = Clock.now() - start
        var steady: [Double] = []
        var updates: [Double] = []
        for _ in 0..<runs {
            start = Clock.now()
            try update(plan)
            updates.append(Clock.now() - start)
            start = Clock.now()
            result = try call(plan)
            steady.append(Clock.now() - start)
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        return (
            TrainingTimings(
                plan: planSeconds, first: first, steady: median(steady), update: median(updates), runs: runs),
            result
        )
    }
}
