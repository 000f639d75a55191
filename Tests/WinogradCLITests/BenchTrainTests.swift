import Foundation
import Testing

@Suite("winograd bench train")
struct BenchTrainTests {
    static let keys: Set<String> = [
        "operation", "filter_storage", "backend", "m", "n", "c", "k", "h", "w", "padding", "threads", "step_ms",
        "update_ms",
        "forward_ms", "input_gradient_ms", "filter_gradient_ms", "first_step_ms", "gflops", "error_y",
        "error_dx", "error_dw",
    ]

    @Test("--quick --json: one object per layer and thread count, every result near float64")
    func quickJSON() throws {
        let result = try WinogradCLI.run(
            ["bench", "train", "--quick", "--threads", "1,2", "--steps", "2", "--json"], timeout: 120)
        try #require(result.succeeded, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let objects = try result.stdoutLines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        #expect(objects.count == 4, "two layers × two thread counts\n\(result)")
        for object in objects {
            #expect(Set(object.keys) == Self.keys, "\(object)")
            #expect(object["backend"] as? String == "auto" && object["m"] is NSNull, "\(object)")
            for key in ["step_ms", "update_ms", "forward_ms", "input_gradient_ms", "filter_gradient_ms"] {
                #expect((object[key] as? Double ?? 0) > 0, "\(key): \(object)")
            }
            for key in ["error_y", "error_dx", "error_dw"] {
                let error = object[key] as? Double ?? .infinity
                #expect(error < 1e-4, "\(key) \(error)")
            }
        }
    }

    /// The error columns come from comparing with float64: a backend that
    /// computes less exactly (F(2×2) against direct) shows it.
    @Test("text: a header and one row per layer and thread count, for any backend")
    func text() throws {
        let result = try WinogradCLI.run(
            ["bench", "train", "--layer", "2,5,6,9,11,1", "--threads", "1", "--steps", "1", "--backend", "im2col"],
            timeout: 120)
        try #require(result.succeeded, "\(result)")
        let lines = result.stdoutLines
        #expect(lines.count == 3, "\(result)")
        #expect(lines.first == "im2col, 1 steps after the first two", "\(result)")
        #expect(lines.dropFirst().first?.hasPrefix("layer (N,C,K,H×W)") == true, "\(result)")
        let fields = try #require(lines.last).split(separator: " ").map(String.init)
        #expect(fields.first == "(2,5,6,9×11)", "\(result)")
        let errors = fields.suffix(3).compactMap(Double.init)
        #expect(errors.count == 3 && errors.allSatisfy { $0 < 1e-5 }, "\(result)")
    }

    @Test(
        "bad options are one clean line",
        arguments: [
            (["--layer", "1,2,3"], "--layer"), (["--layer", "1,0,3,8,8,1"], "C = 0"),
            (["--layer", "1,2,3,8,8,3"], "padding 3"), (["--steps", "0"], "--steps 0"),
            (["--backend", "direct-f64"], "reference"), (["--m", "1"], "--m 1"),
            (["--quick", "--layer", "1,2,3,8,8,1"], "not both"),
        ])
    func badOptions(arguments: [String], mention: String) throws {
        expectCleanError(try WinogradCLI.run(["bench", "train"] + arguments), mentioning: [mention])
    }
}
