import Foundation
import TestSupport
import Testing

@Suite("verify: rejecting wrong transforms and accepting other tools' files")
struct VerifyTests {
    /// derive's JSON for `arguments`.
    func derivedJSON(_ arguments: [String] = ["--m", "4", "--r", "3"]) throws -> String {
        let result = try WinogradCLI.run(["derive"] + arguments + ["--format", "json"])
        try #require(result.succeeded, "\(result)")
        return result.stdout
    }

    /// `winograd verify FILE` on `text` written to a temporary file.
    func verify(_ text: String, fileName: String = "transform.json") throws -> (result: ProcessResult, path: String) {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent(fileName)
            try text.write(to: file, atomically: true, encoding: .utf8)
            return (try WinogradCLI.run(["verify", file.path]), file.path)
        }
    }

    /// Re-serialises a JSON object after `change`.
    func edited(_ json: String, _ change: (inout [String: Any]) throws -> Void) throws -> String {
        var object = try jsonObject(json)
        try change(&object)
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// derive --moduli's JSON verifies over its N products; a changed entry
    /// fails the identity; a bad list, a wrong count, moduli beside points,
    /// or "multiplications" without moduli are read errors.
    @Test("moduli: derive's JSON verifies, changes fail")
    func moduli() throws {
        let json = try derivedJSON(["--m", "4", "--r", "3", "--moduli", "x,x-1,x+1,x^2+1,inf"])
        let ok = try WinogradCLI.run(["verify", "-"], stdin: json)
        #expect(ok.succeeded, "\(ok)")
        #expect(
            ok.stdout.contains(
                "F(4,3): OK, the identity holds exactly over 7 products (moduli x,x-1,x+1,x^2+1,inf) for all 72"),
            "\(ok)")
        let changed = try edited(json) { object in
            var G = try stringMatrix(object["G"])
            G[4][0] = G[4][0] == "1" ? "2" : "1"
            object["G"] = G
        }
        let failed = try WinogradCLI.run(["verify", "-"], stdin: changed)
        #expect(failed.exitedNormally && failed.status == 1 && failed.stdout.contains("FAILED"), "\(failed)")
        for (change, mention) in [
            ({ (o: inout [String: Any]) in o["moduli"] = ["x", "x-1", "x^2+1", "inf"] }, "add up to"),
            ({ (o: inout [String: Any]) in o["multiplications"] = 6 }, "multiplications is 6 but G has 7 rows"),
            ({ (o: inout [String: Any]) in o["points"] = ["0", "1"] }, "not both"),
            ({ (o: inout [String: Any]) in o["moduli"] = "x,x^2+1" }, "moduli is"),
            (
                { (o: inout [String: Any]) in o.removeValue(forKey: "moduli") },
                "multiplications goes with \"moduli\""
            ),
        ] {
            let result = try WinogradCLI.run(["verify", "-"], stdin: try edited(json, change))
            expectCleanError(result, mentioning: [mention])
        }
    }

    @Test("a corrupted entry of BT prints FAILED and exits non-zero")
    func corruptedEntry() throws {
        let original = try derivedJSON()
        let target = "[\"4\", \"0\", \"-5\", \"0\", \"1\", \"0\"]"
        try #require(original.contains(target))
        let corrupted = original.replacingOccurrences(of: target, with: "[\"4\", \"0\", \"-4\", \"0\", \"1\", \"0\"]")
        try #require(corrupted != original)
        let (result, _) = try verify(corrupted)
        #expect(result.exitedNormally && result.status != 0, "\(result)")
        #expect(result.stdout.contains("FAILED"), "\(result)")
        #expect(result.stdout.contains("identity fails"), "\(result)")
        #expect(result.stdout.contains("(j=0, k=0, i=2) sums to 1/4, expected 0"), "\(result)")
        #expect(!result.stdout.contains("OK"), "\(result)")
    }

    @Test("the same corruption through standard input also fails")
    func corruptedEntryOnStandardInput() throws {
        let corrupted = try edited(derivedJSON()) { object in
            var G = try stringMatrix(object["G"])
            G[3][1] = "1/13"
            object["G"] = G
        }
        let result = try WinogradCLI.run(["verify", "-"], stdin: corrupted)
        #expect(result.exitedNormally && result.status == 1, "\(result)")
        #expect(result.stdout.hasPrefix("F(4,3): FAILED"), "\(result)")
    }

    @Test("one bad axis of a nested document fails the whole document")
    func corruptedAxis() throws {
        let corrupted = try edited(derivedJSON(["--m", "2", "--r", "3", "--dims", "2"])) { object in
            var axes = try #require(object["axes"] as? [[String: Any]])
            var AT = try stringMatrix(axes[1]["AT"])
            AT[0][0] = "2"
            axes[1]["AT"] = AT
            object["axes"] = axes
        }
        let (result, _) = try verify(corrupted)
        #expect(result.exitedNormally && result.status != 0, "\(result)")
        #expect(result.stdout.contains("axes[0]: F(2,3): OK"), "\(result)")
        #expect(result.stdout.contains("axes[1]: F(2,3): FAILED"), "\(result)")
        #expect(!result.stdout.contains("nested 2-D transform is exact"), "\(result)")
    }

    @Test("a wrong shape (a row of BT dropped) is rejected naming BT")
    func wrongShape() throws {
        let shortened = try edited(derivedJSON()) { object in
            var BT = try stringMatrix(object["BT"])
            BT.removeLast()
            object["BT"] = BT
        }
        let (result, _) = try verify(shortened)
        #expect(result.exitedNormally && result.status != 0, "\(result)")
        let message = result.stdout + result.stderr
        #expect(message.contains("BT"), "\(result)")
        #expect(message.contains("5×6"), "\(result)")
        #expect(message.contains("6×6"), "\(result)")
        #expect(!result.stdout.contains(": OK"), "\(result)")
    }

    @Test("a JSON float entry is rejected as inexact")
    func floatEntry() throws {
        let floating = try edited(derivedJSON()) { object in
            var G = try #require(object["G"] as? [[Any]])
            G[0][0] = 0.25
            object["G"] = G
        }
        try #require(floating.contains("0.25"))
        let (result, path) = try verify(floating)
        expectCleanError(result, mentioning: ["G[0][0]", "0.25", path])
        let message = result.stderr.lowercased()
        #expect(message.contains("float") || message.contains("inexact"), "\(result)")
    }

    @Test("malformed JSON is reported with its line and column")
    func malformedJSON() throws {
        let (result, path) = try verify("{\n  \"AT\": [[\"1\" \"2\"]]\n}\n")
        expectCleanError(result, mentioning: ["line 2, column 15", path])
        let trailingComma = try WinogradCLI.run(["verify", "-"], stdin: "{\"AT\": [[\"1\", \"2\"]],}")
        expectCleanError(trailingComma, mentioning: ["standard input", "line 1, column 21"])
        let empty = try WinogradCLI.run(["verify", "-"], stdin: "")
        expectCleanError(empty, mentioning: ["line 1, column 1"])
    }

    @Test("a missing file is named in the message")
    func missingFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "no-such-transform-\(UUID().uuidString).json"
        ).path
        let result = try WinogradCLI.run(["verify", path])
        expectCleanError(result, mentioning: [path])
    }

    @Test("a directory instead of a file is named in the message")
    func directory() throws {
        try withTemporaryDirectory { directory in
            let result = try WinogradCLI.run(["verify", directory.path])
            expectCleanError(result, mentioning: [directory.path])
        }
    }

    @Test("\"dims\" disagreeing with the number of axes is rejected")
    func dimsDisagree() throws {
        let nested = try edited(derivedJSON(["--m", "2", "--r", "3", "--dims", "2"])) { object in
            object["dims"] = 3
        }
        let (result, _) = try verify(nested)
        expectCleanError(result, mentioning: ["\"dims\" is 3", "\"axes\" has 2"])
    }

    @Test("a stated m or r that disagrees with the shapes is rejected")
    func statedSizeDisagrees() throws {
        let wrong = try edited(derivedJSON()) { object in object["r"] = 2 }
        let (result, _) = try verify(wrong)
        expectCleanError(result, mentioning: ["r is 2", "G has 3 columns"])
    }

    @Test("a missing matrix is named")
    func missingMatrix() throws {
        let missing = try edited(derivedJSON()) { object in object["G"] = nil }
        let (result, _) = try verify(missing)
        expectCleanError(result, mentioning: ["G is missing"])
    }

    /// F(2,3) as another tool would write it: integers and decimal strings,
    /// no "m", "r" or "points".
    static let handWrittenF23 = """
        {"AT": [[1, 1, 1, 0], [0, 1, -1, -1]],
         "G": [[1, 0, 0], ["0.5", "0.5", "0.5"], ["0.5", "-0.5", "0.5"], [0, 0, 1]],
         "BT": [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]}
        """

    @Test("a hand-written F(2,3) with integers and decimal strings is accepted")
    func handWritten() throws {
        let (result, _) = try verify(Self.handWrittenF23)
        #expect(result.succeeded, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(result.stdout == "F(2,3): OK, the identity holds exactly for all 24 (j, k, i)\n", "\(result)")
    }

    @Test("the hand-written F(2,3) with one sign flipped is rejected")
    func handWrittenBroken() throws {
        let broken = Self.handWrittenF23.replacingOccurrences(of: "[0, 1, 0, -1]", with: "[0, 1, 0, 1]")
        try #require(broken != Self.handWrittenF23)
        let (result, _) = try verify(broken)
        #expect(result.exitedNormally && result.status != 0, "\(result)")
        #expect(result.stdout.contains("F(2,3): FAILED"), "\(result)")
    }
}
