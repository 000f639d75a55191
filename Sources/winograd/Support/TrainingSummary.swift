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
    /// The plan included.
    var seconds: Double
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
            "padding": .string("\(padding)"), "threads": .integer(threads), "time_ms": .double(seconds * 1000),
            "gflops": .double(flops / seconds / 1e9),
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
        Swift.print("time \(Clock.milliseconds(seconds)) ms (\(threadCount)), plan included")
        if let statistics { Swift.print("against float64 direct: \(statistics)") }
        if let output { Swift.print("wrote \(output)") }
    }
}
