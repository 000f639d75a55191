import ExactArithmetic
import Foundation
import Testing
import Winograd

@Suite("JSON form")
struct JSONTests {
    @Test func statedPointsMustBeTheOnesATEvaluatesAt() throws {
        let json = try NestedTransform.derive(TileShape(m: "4", r: "3", dims: nil)).rendered(as: .json)
        let moved = json.replacingFirst(
            #"["0", "1", "-1", "2", "-2", "inf"]"#, with: #"["0", "1", "-1", "3", "-3", "inf"]"#)
        #expect(moved != json)
        // Points that do not belong to the matrices make a malformed document, not a failing identity.
        #expect(throws: TransformReadError.self) { try TransformDocument(json: moved) }
        #expect(readError(moved)?.contains("point 4 is 3 but column 3 of AT is (1, 2, 4, 8)") == true)
        let infinityFirst = json.replacingFirst(
            #"["0", "1", "-1", "2", "-2", "inf"]"#, with: #"["inf", "1", "-1", "2", "-2", "0"]"#)
        #expect(readError(infinityFirst)?.contains("point 1 is inf") == true)
    }

    /// The message of the TransformReadError reading `text` throws.
    func readError(_ text: String) -> String? {
        do {
            _ = try TransformDocument(json: text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func unknownKeysAreRefused() {
        let text = #"{"AT": [["1"]], "G": [["1"]], "BT": [["1"]], "comment": "hand-written"}"#
        #expect(readError(text)?.contains(#"unknown key "comment""#) == true)
        let nested = #"{"dims": 1, "axes": [{"AT": [["1"]], "G": [["1"]], "BT": [["1"]]}], "AT": []}"#
        #expect(readError(nested)?.contains(#"the document has the unknown key "AT""#) == true)
    }

    @Test(arguments: [("4", "3", nil as Int?), ("4", "3", 2), ("4x2", "3x1", nil), ("2", "3", 3), ("6", "3", nil)])
    func writtenJSONReadsBackIdentically(m: String, r: String, dims: Int?) throws {
        let t = try NestedTransform.derive(TileShape(m: m, r: r, dims: dims))
        let document = try TransformDocument(json: t.rendered(as: .json))
        #expect(document.allHold)
        #expect(document.dims == (t.dims == 1 ? nil : t.dims))
        let read = try #require(document.transform)
        #expect(read.axes.map(\.AT) == t.axes.map(\.AT))
        #expect(read.axes.map(\.G) == t.axes.map(\.G))
        #expect(read.axes.map(\.BT) == t.axes.map(\.BT))
        #expect(read.axes.map(\.points) == t.axes.map(\.points))
    }

    @Test func acceptsOtherToolsForms() throws {
        let text = """
            {"G": [[1, 0, 0], ["0.5", "1/2", "0.5e0"], ["1/2", "-0.5", "1/2"], [0, 0, 1]],
             "AT": [[1, 1, 1, 0], [0, 1, -1, 1]],
             "BT": [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, -1, 0, 1]]}
            """
        let document = try TransformDocument(json: text)
        #expect(document.allHold && document.entries[0].m == 2 && document.entries[0].r == 3)
    }

    @Test func corruptedEntryFailsVerification() throws {
        let json = try NestedTransform.derive(TileShape(m: "4", r: "3", dims: nil)).rendered(as: .json)
        let corrupted = json.replacingFirst("\"-5\"", with: "\"-4\"")
        #expect(corrupted != json)
        let document = try TransformDocument(json: corrupted)
        #expect(!document.allHold)
        guard case .failure(let error) = document.entries[0].outcome else {
            Issue.record("accepted")
            return
        }
        #expect("\(error)".contains("identity fails"))
    }

    @Test(arguments: [
        (#"{"AT": [[1]], "G": [[0.5]], "BT": [[1]]}"#, "G[0][0] is the JSON float 0.5, which is inexact"),
        (#"{"AT": [[1]], "G": [[1]]}"#, "BT is missing"),
        (#"{"AT": [[1, 2], [3]], "G": [[1]], "BT": [[1]]}"#, "AT[1] has 1 entries but AT[0] has 2"),
        (#"{"AT": [[1]], "G": [["x"]], "BT": [[1]]}"#, "G[0][0]: 'x' is not a rational number"),
        (#"{"AT": [[1]], "G": [[true]], "BT": [[1]]}"#, "G[0][0] is a boolean"),
        (#"{"AT": [[1]], "G": [[1]], "BT": [[1]], "m": 2}"#, "m is 2 but AT has 1 rows"),
        (#"{"dims": 3, "axes": [{"AT": [[1]], "G": [[1]], "BT": [[1]]}]}"#, "\"dims\" is 3 but \"axes\" has 1"),
        (#"{"dims": 1, "axes": [[1]]}"#, "axes[0] is an array"),
        ("{\"AT\": [[1]],\n \"G\": [[1]] \"BT\": [[1]]}", "line 2, column 13"),
        ("[1, 2]", "the document is an array"),
        ("", "unexpected end of input"),
        (#"{"AT": [[1]], "G": [[1]], "BT": [[1]]} extra"#, "unexpected text after"),
        (#"{"AT": [[1]], "G": [[1]], "BT": [[1]], "points": ["0", "0"]}"#, "points:"),
        (#"{"AT": [], "G": [[1]], "BT": [[1]]}"#, "AT is an empty array"),
    ])
    func malformedDocumentsAreRejectedClearly(text: String, message: String) {
        #expect {
            _ = try TransformDocument(json: text)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func parserHandlesStringsNumbersAndDepth() throws {
        let value = try JSONParser.parse(
            #"{"a": "x\"\\\/\n\u00e9\ud83d\ude00", "#
                + #""b": [-0, 1.5e-3, 123456789012345678901234567890], "c": null, "d": false}"#
        )
        #expect(value["a"] == .string("x\"\\/\né😀"))
        #expect(value["b"] == .array([.number("-0"), .number("1.5e-3"), .number("123456789012345678901234567890")]))
        #expect(value["c"] == .null && value["d"] == .bool(false))
        #expect(throws: JSONSyntaxError.self) { _ = try JSONParser.parse(String(repeating: "[", count: 10_000)) }
        for bad in ["{,}", "[1,]", "01", "1.", "\"\\x\"", "nul", "{\"a\" 1}", "\"\u{01}\""] {
            #expect(throws: JSONSyntaxError.self) { _ = try JSONParser.parse(bad) }
        }
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }

    @Test("a key given twice in one object is an error naming it and where")
    func duplicateKeysAreErrors() throws {
        #expect {
            _ = try TransformDocument(json: #"{"AT": [["1"]], "G": [["1"]], "BT": [["1"]], "G": [["2"]]}"#)
        } throws: { error in
            let text = "\(error)"
            return text.contains(#"the key "G" appears twice"#) && text.contains("column 46")
        }
        // The same keys in different objects (the axes of a 2-D transform) are fine.
        let json = try NestedTransform.derive(TileShape(m: "2", r: "3", dims: 2)).rendered(as: .json)
        #expect(try TransformDocument(json: json).allHold)
    }
}
