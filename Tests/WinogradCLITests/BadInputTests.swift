import Testing

/// A bad `derive` command line and what its error line must mention.
struct BadInput: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var mentions: [String]
    var testDescription: String { arguments.map { $0.isEmpty ? "''" : $0 }.joined(separator: " ") }

    init(_ arguments: [String], mentions: [String]) {
        self.arguments = arguments
        self.mentions = mentions
    }
}

@Suite("derive: bad input gives one clear error line")
struct BadInputTests {
    static let f43 = ["--m", "4", "--r", "3"]

    static let badInputs: [BadInput] = [
        BadInput(["--m", "0", "--r", "3"], mentions: ["m = 0"]),
        BadInput(["--m", "-2", "--r", "3"], mentions: ["-2"]),
        BadInput(["--m", "4", "--r", "0"], mentions: ["r = 0"]),
        BadInput(["--m", "4", "--r", "-1"], mentions: ["-1"]),
        BadInput(["--m", "abc", "--r", "3"], mentions: ["'abc'"]),
        BadInput(["--m", "4x", "--r", "3x1"], mentions: ["'4x'"]),
        BadInput(f43 + ["--points", "0,1,1,2,-2"], mentions: ["point 1", "twice"]),
        BadInput(f43 + ["--points", "0,1,-1"], mentions: ["5 finite points", "got 3"]),
        BadInput(f43 + ["--points", "0,1,-1,2,-2,1/2,-1/2"], mentions: ["6 points", "got 7"]),
        BadInput(f43 + ["--points", "0,1,x,2,-2"], mentions: ["'x'"]),
        BadInput(f43 + ["--points", "0,inf,1,inf,2,-2"], mentions: ["'inf' is given twice"]),
        BadInput(f43 + ["--points", "1/0,1,-1,2,-2"], mentions: ["1/0", "zero"]),
        BadInput(f43 + ["--points", ""], mentions: ["--points", "empty"]),
        BadInput(f43 + ["--points", "0,1,-1,2,-2,"], mentions: ["--points", "''"]),
        BadInput(f43 + ["--points", "0,1,-1,2,-2", "--points", "0,1,-1,2,-2"], mentions: ["2 point lists"]),
        BadInput(
            f43 + ["--format", "yaml"], mentions: ["'yaml'", "--format", "'text', 'json', 'numpy', 'latex' or 'c'"]),
        BadInput(f43 + ["--fractions-in", "Q"], mentions: ["'Q'", "--fractions-in", "'G', 'A' or 'B'"]),
        BadInput(["--m", "4x2", "--r", "3x1x1"], mentions: ["'3x1x1'"]),
        BadInput(["--m", "4x2", "--r", "3", "--dims", "3"], mentions: ["--dims 3"]),
        BadInput(f43 + ["--dims", "0"], mentions: ["--dims 0"]),
        BadInput(f43 + ["--dims", "9"], mentions: ["--dims 9"]),
    ]

    @Test("bad derive arguments", arguments: badInputs)
    func badInput(_ input: BadInput) throws {
        let result = try WinogradCLI.run(["derive"] + input.arguments)
        expectCleanError(result, mentioning: input.mentions)
        #expect(result.stdout.isEmpty, "nothing should be printed on stdout\n\(result)")
    }

    @Test(
        "negative points work without '='",
        arguments: [
            ["--points", "-1,0,1,2,-2"],
            ["--points=-1,0,1,2,-2"],
        ])
    func negativePoints(_ points: [String]) throws {
        let result = try WinogradCLI.run(["derive"] + Self.f43 + points)
        #expect(result.succeeded, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(result.stdout.hasPrefix("F(4,3), points -1, 0, 1, 2, -2, inf, fractions in G\n"), "\(result)")
        #expect(result.stdout.contains("\n  -1  0  1  2  -2  0\n"), "AT's second row holds the points\n\(result)")
    }

    @Test("a float array whose entries overflow float is omitted, not written as infinity")
    func overflowingCConstants() throws {
        // F(39,3)'s AT holds 11^38 ≈ 2^131, beyond float's range (2^128).
        let result = try WinogradCLI.run(["derive", "--m", "39", "--r", "3", "--format", "c"])
        // The float AT cannot exist; it is omitted with a note, the rest is printed.
        #expect(result.exitedNormally && result.status == 0, "\(result)")
        #expect(
            result.stdout.contains("winograd_f39_3_AT_float omitted: its largest |entry| is beyond float's range"),
            "\(result)")
        #expect(!result.stdout.contains("static const float winograd_f39_3_AT_float"), "\(result)")
        #expect(result.stdout.contains("static const double winograd_f39_3_AT_double[39][41]"), "\(result)")
        #expect(result.stdout.contains("static const float winograd_f39_3_G_float[41][3]"), "\(result)")
    }
}
