import Foundation
import Testing
import Winograd

@Suite("JSON writer")
struct JSONSerializationTests {
    @Test func keysKeepTheirOrderAndScalarsStayOnOneLine() {
        let value: JSONValue = ["z": 1, "a": "x", "m": [3, 5], "ok": true, "none": .null]
        #expect(value.serialized() == #"{"z": 1, "a": "x", "m": [3, 5], "ok": true, "none": null}"#)
    }

    @Test func deeperValuesPutOneMemberPerLine() {
        let value: JSONValue = ["AT": [["1", "1"], ["0", "1"]], "empty": [], "object": [:]]
        #expect(
            value.serialized() == """
                {
                  "AT": [
                    ["1", "1"],
                    ["0", "1"]
                  ],
                  "empty": [],
                  "object": {}
                }
                """)
    }

    @Test func numbers() {
        #expect(JSONValue.integer(UInt64.max).serialized() == "18446744073709551615")
        #expect(JSONValue.integer(-7).serialized() == "-7")
        #expect(JSONValue.double(0.1).serialized() == "0.1")
        #expect(JSONValue.double(1e-7).serialized() == "1e-07")
        #expect(JSONValue.double(2.0).serialized() == "2.0")
        for value in [Double.infinity, -.infinity, .nan] { #expect(JSONValue.double(value).serialized() == "null") }
        #expect(JSONValue.double(nil as Double?).serialized() == "null")
        // Shortest round trip: the text reads back as the same double.
        let third = 1.0 / 3.0
        #expect(Double(JSONValue.double(third).serialized()) == third)
    }

    @Test func stringsAreEscapedPerRFC8259() throws {
        let text = "quote \" backslash \\ newline \n tab \t bell \u{07} é ✓"
        let written = JSONValue.string(text).serialized()
        #expect(written == #""quote \" backslash \\ newline \n tab \t bell \u0007 é ✓""#)
        #expect(try JSONParser.parse(written) == .string(text))
        let decoded = try JSONSerialization.jsonObject(with: Data(written.utf8), options: .fragmentsAllowed)
        #expect(decoded as? String == text)
    }

    @Test func whatItWritesParsesBackToTheSameValue() throws {
        let value: JSONValue = [
            "method": ["dims": 2, "r": [3], "name": "a,b"],
            "results": [["m": 2, "error": .double(1.5e-8)], ["m": 4, "error": .double(.infinity)]],
        ]
        #expect(try JSONParser.parse(value.serialized()) == value)
    }
}
