import Foundation
import TestSupport
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
        BadInput(f43 + ["--moduli", "x,x-1,x+1,x^3+1"], mentions: ["--moduli", "'x^3+1' has degree 3"]),
        BadInput(f43 + ["--moduli", "x,x-1,x+1,inf"], mentions: ["add up to n = m + r - 1 = 6", "add up to 4"]),
        BadInput(f43 + ["--moduli", "x,x-1,x^2-1,x+2,inf"], mentions: ["x-1 (position 2)", "share a root"]),
        BadInput(f43 + ["--moduli", "x,x-1,x+1,x^2+y,inf"], mentions: ["'x^2+y'", "not a polynomial"]),
        BadInput(
            f43 + ["--moduli", "x,x-1,x+1,x^2+1,inf", "--points", "0,1,-1,2,-2"], mentions: ["--moduli", "--points"]),
        BadInput(f43 + ["--moduli", "x,x-1,x+1,x^2+1,inf", "--format", "c"], mentions: ["--format c", "text, json"]),
        BadInput(
            ["--m", "4x4", "--r", "3", "--moduli", "x,x-1,x+1,x^2+1,inf"],
            mentions: ["--moduli", "one size each"]),
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

/// One hostile command line of any command: the files it needs (created in
/// a fresh folder, its working directory) and what its one error line must
/// mention.
struct HostileInput: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var files: [String: [UInt8]]
    var folders: [String]
    /// Named pipes (mkfifo) with no writer: reading one would block forever.
    var fifos: [String]
    var mentions: [String]
    var testDescription: String {
        arguments.map { $0.count > 40 ? String($0.prefix(40)) + "…" : $0 }.joined(separator: " ")
    }

    init(
        _ arguments: [String], files: [String: [UInt8]] = [:], folders: [String] = [], fifos: [String] = [],
        mentions: [String]
    ) {
        self.arguments = arguments
        self.files = files
        self.folders = folders
        self.fifos = fifos
        self.mentions = mentions
    }
}

/// Files for the table: .npy files with any header and data, frames.
enum HostileFiles {
    /// A .npy file (format 2.0, so any header length) with `header` and `data`.
    static func npy(header: String, data: [UInt8]) -> [UInt8] {
        var text = header
        let unpadded = 12 + text.utf8.count + 1
        text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = UInt32(text.utf8.count)
        let lengthBytes = (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        return [0x93] + Array("NUMPY".utf8) + [2, 0] + lengthBytes + Array(text.utf8) + data
    }

    static func npy(shape: [Int], float64 values: [Double]) -> [UInt8] {
        let shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ",)"
        let data = values.flatMap { value in (0..<8).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
        return npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText), }", data: data)
    }

    static func npy(shape: [Int], float32 values: [Float]) -> [UInt8] {
        let shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ",)"
        let data = values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
        return npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }", data: data)
    }

    /// A header whose shape is 20 000 parentheses deep.
    static let deepHeader = npy(
        header: "{'descr': '<f4', 'fortran_order': False, 'shape': "
            + String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000) + ", }",
        data: [0, 0, 0, 0])

    /// A JSON transform with n×n BT, n×1 G and 1×n AT, every entry `entry`.
    static func transform(n: Int, entry: String) -> [UInt8] {
        func matrix(_ rows: Int, _ columns: Int) -> String {
            "["
                + Array(
                    repeating: "[" + Array(repeating: "\"\(entry)\"", count: columns).joined(separator: ", ") + "]",
                    count: rows
                )
                .joined(separator: ", ") + "]"
        }
        return Array(#"{"AT": \#(matrix(1, n)), "G": \#(matrix(n, 1)), "BT": \#(matrix(n, n))}"#.utf8)
    }

    /// `depth` sections of the function list, one inside the other.
    static func nested(_ depth: Int) -> String {
        String(repeating: "{{#functions}}", count: depth) + "x" + String(repeating: "{{/functions}}", count: depth)
    }

    static func frame(_ text: String) -> [String: [UInt8]] { ["frames/c/source.c.mustache": Array(text.utf8)] }
}

@Suite("every command: hostile input gives one error line, a non-zero exit and no file")
struct HostileInputTests {
    static let frames = ["--output", "out", "--templates", "frames"]

    static let crashes: [HostileInput] = [
        HostileInput(["derive", "--m", "9223372036854775807", "--r", "2"], mentions: ["bound of 64"]),
        HostileInput(
            ["derive", "--m", "4", "--r", "9223372036854775807", "--dims", "2"], mentions: ["m + r − 1 ≤ 64"]),
        HostileInput(
            ["conv", "--n", "4294967296", "--c", "4294967296", "--h", "1", "--w", "1"], mentions: ["2147483647"]),
        HostileInput(["conv", "--h", "1000000", "--w", "1000000"], mentions: ["--h", "2147483647"]),
        // A named filter is a C×C bank: 50 000 channels would allocate 90 GB.
        HostileInput(
            ["conv", "--filter", "sobel-x", "--c", "50000", "--h", "4", "--w", "4"],
            mentions: ["--filter sobel-x", "50000 channels", "15446"]),
        HostileInput(["grad", "--wrt", "input", "--padding", "9223372036854775807"], mentions: ["padding"]),
        HostileInput(["precision", "--m", "4", "--samples", "9223372036854775807"], mentions: ["--samples"]),
        HostileInput(["points", "search", "--m", "2", "--budget", "inf"], mentions: ["--budget inf", "86400"]),
        HostileInput(["points", "search", "--m", "2", "--budget", "1e300"], mentions: ["--budget"]),
        HostileInput(["points", "search", "--m", "9223372036854775807"], mentions: ["m + r − 1 ≤ 24"]),
        HostileInput(
            ["conv", "--input", "deep.npy"], files: ["deep.npy": HostileFiles.deepHeader],
            mentions: ["deep.npy", "nested deeper than 32"]),
        HostileInput(
            ["emit", "--m", "2", "--r", "3"] + frames,
            files: HostileFiles.frame(HostileFiles.nested(50_000)),
            mentions: ["source.c.mustache", "deeper than 16"]),
    ]

    static let hangs: [HostileInput] = [
        HostileInput(["derive", "--m", "200", "--r", "3"], mentions: ["F(200,3)", "bound of 64"]),
        HostileInput(["emit", "--m", "100", "--r", "3", "--output", "out"], mentions: ["bound of 64"]),
        HostileInput(["emit", "--m", "30", "--r", "3", "--output", "out"], mentions: ["F(30,3)", "up to 24"]),
        HostileInput(["precision", "--m", "1000"], mentions: ["F(1000,3)", "bound of 64"]),
        HostileInput(["precision", "--m", "2...1000000000000"], mentions: ["m + r − 1 ≤ 64"]),
        HostileInput(["precision", "--m", "62", "--dims", "2"], mentions: ["--samples 2000", "bound of"]),
        // The emitted modes build emit's programs for the tile: minutes beyond emit's own bound.
        HostileInput(
            ["precision", "--m", "62", "--mode", "emitted"], mentions: ["--mode emitted", "m + r − 1 ≤ 24"]),
        HostileInput(
            ["precision", "--m", "40", "--dims", "2", "--mode", "plain,emitted-fma"],
            mentions: ["--mode emitted-fma", "F(40,3)", "--m up to 22"]),
        HostileInput(["conv", "--m", "100"], mentions: ["--m '100'", "≤ 24"]),
        HostileInput(["conv", "--threads", "100000"], mentions: ["--threads 100000", "1024"]),
        HostileInput(["conv", "--repeat", "1000000000"], mentions: ["--repeat"]),
        // Powers of a 100 000-digit point: exact arithmetic that would run for minutes.
        HostileInput(
            [
                "derive", "--m", "60", "--r", "3", "--points",
                (["1e99999"] + (1...60).map(String.init)).joined(separator: ","),
            ],
            mentions: ["'1e99999'", "more than 40 digits"]),
        HostileInput(["bench", "derive", "--max-m3", "9223372036854775807"], mentions: ["--max-m3", "≤ 62"]),
        HostileInput(["precision", "--points", "1e99999"], mentions: ["'1e99999'", "more than 40 digits"]),
        // verify's identity check costs m·r·n² products: bounded sides, entries and axes.
        HostileInput(
            ["verify", "t.json"], files: ["t.json": HostileFiles.transform(n: 100, entry: "1")],
            mentions: ["t.json", "100 entries", "up to 64 points"]),
        HostileInput(
            ["verify", "t.json"], files: ["t.json": HostileFiles.transform(n: 2, entry: "1e99999")],
            mentions: ["t.json", "more than 1000 digits"]),
        HostileInput(
            ["verify", "t.json"],
            files: [
                "t.json": Array(
                    (#"{"axes": ["#
                        + Array(repeating: #"{"AT": [["1"]], "G": [["1"]], "BT": [["1"]]}"#, count: 9)
                        .joined(separator: ", ") + "]}").utf8)
            ],
            mentions: ["t.json", "9 entries", "1 to 8 dimensions"]),
        // A device reads forever: only regular files are read.
        HostileInput(["conv", "--input", "/dev/zero"], mentions: ["'/dev/zero' is not a regular file"]),
        HostileInput(["verify", "/dev/zero"], mentions: ["'/dev/zero' is not a regular file"]),
        // A named pipe with no writer blocks in open(2) unless opened with O_NONBLOCK.
        HostileInput(["verify", "t.json"], fifos: ["t.json"], mentions: ["'t.json' is not a regular file"]),
        HostileInput(
            ["emit", "--m", "2", "--r", "3"] + frames, fifos: ["frames/c/source.c.mustache"],
            mentions: ["'frames/c/source.c.mustache' is not a regular file"]),
        HostileInput(["conv", "--input", "x.npy"], fifos: ["x.npy"], mentions: ["'x.npy' is not a regular file"]),
        HostileInput(["conv", "--filters", "w.npy"], fifos: ["w.npy"], mentions: ["'w.npy' is not a regular file"]),
        HostileInput(
            ["grad", "--wrt", "input", "--output-gradient", "dy.npy"], fifos: ["dy.npy"],
            mentions: ["'dy.npy' is not a regular file"]),
        HostileInput(
            ["templates", "--embed", "--from", "t", "--into", "out.swift"], fifos: ["t/c/header.h.mustache"],
            mentions: ["'t/c/header.h.mustache' is not a regular file"]),
        HostileInput(
            ["emit", "--m", "2", "--r", "3"] + frames,
            files: HostileFiles.frame(HostileFiles.nested(15)),
            mentions: ["source.c.mustache", "1000000 steps"]),
    ]

    static let silentWrongAnswers: [HostileInput] = [
        HostileInput(
            ["conv", "--backend", "generic", "--m", "16", "--h", "64", "--w", "64", "--output", "y.npy"],
            mentions: ["F(16×16,3×3)", "F(10×10,3×3)"]),
        HostileInput(["conv", "--m", "12", "--output", "y.npy"], mentions: ["F(12×12,3×3)", "F(10×10,3×3)"]),
        HostileInput(["grad", "--wrt", "filter", "--m", "12"], mentions: ["F(3×3,12×12)", "m up to 10"]),
        HostileInput(
            ["conv", "--input", "x.npy", "--output", "y.npy"],
            files: ["x.npy": HostileFiles.npy(shape: [1, 1, 4, 4], float64: Array(repeating: 1e300, count: 16))],
            mentions: ["x.npy", "1e+300", "float32"]),
        HostileInput(
            ["conv", "--input", "x.npy", "--filters", "w.npy", "--output", "y.npy"],
            files: [
                "x.npy": HostileFiles.npy(shape: [1, 1, 8, 8], float32: Array(repeating: 1e38, count: 64)),
                "w.npy": HostileFiles.npy(shape: [1, 1, 3, 3], float32: Array(repeating: 1e38, count: 9)),
            ],
            mentions: ["overflowed float32"]),
        HostileInput(
            ["emit", "--m", "2", "--r", "3"] + frames,
            files: ["frames/c/source.c.mustache": [0x61, 0xFF, 0xFE, 0x0A]],
            mentions: ["frames/c/source.c.mustache", "UTF-8"]),
        HostileInput(
            ["verify", "t.json"],
            files: ["t.json": Array(#"{"m": 2, "r": 3, "m": 4, "AT": [["1"]], "G": [["1"]], "BT": [["1"]]}"#.utf8)],
            mentions: ["t.json", #"the key "m" appears twice"#]),
        HostileInput(["grad", "--wrt", "filter", "--transpose"], mentions: ["--transpose"]),
        // Non-finite data would spread NaN over the result, written with exit 0.
        HostileInput(
            ["conv", "--input", "x.npy", "--filter", "sobel-x", "--check", "--output", "y.npy"],
            files: ["x.npy": HostileFiles.npy(shape: [1, 1, 4, 4], float32: (0..<16).map { $0 == 6 ? .nan : 1 })],
            mentions: ["x.npy", "nan at element 6", "[0, 0, 1, 2]", "finite"]),
        HostileInput(
            ["conv", "--filters", "w.npy", "--c", "1", "--output", "y.npy"],
            files: ["w.npy": HostileFiles.npy(shape: [1, 1, 3, 3], float64: (0..<9).map { $0 == 8 ? .infinity : 1 })],
            mentions: ["w.npy", "inf at element 8", "[0, 0, 2, 2]"]),
        HostileInput(
            ["grad", "--wrt", "input", "--output-gradient", "dy.npy", "--c", "1", "--k", "1", "--h", "4", "--w", "4"],
            files: ["dy.npy": HostileFiles.npy(shape: [1, 1, 2, 2], float32: [1, 1, -.infinity, 1])],
            mentions: ["dy.npy", "-inf at element 2"]),
        // A Swift prefix names the enum itself: a keyword or a type the kernels use would not compile.
        HostileInput(
            ["emit", "--m", "2", "--r", "3", "--language", "swift", "--prefix", "class", "--output", "out"],
            mentions: ["--prefix 'class'", "Swift keyword"]),
        HostileInput(
            ["emit", "--m", "2", "--r", "3", "--language", "swift", "--prefix", "Float", "--output", "out"],
            mentions: ["--prefix 'Float'", "hide the Swift type"]),
        // A misspelt key would go unchecked; a wrong shape is a malformed document, not a FAILED verdict.
        HostileInput(
            ["verify", "t.json"],
            files: ["t.json": Array(#"{"AT": [["1"]], "G": [["1"]], "BT": [["1"]], "pionts": ["0"]}"#.utf8)],
            mentions: ["t.json", #"unknown key "pionts""#, #""points""#]),
        HostileInput(
            ["verify", "t.json"],
            files: [
                "t.json": Array(
                    (#"{"AT": [["1", "1", "1"], ["0", "1", "-1"]], "BT": [["1"]], "#
                        + #""G": [["1", "0", "0"], ["1", "1", "1"], ["1", "-1", "1"], ["0", "0", "1"]]}"#)
                        .utf8)
            ],
            mentions: ["t.json", "G is 4×3 but AT is 2×3"]),
        // Sizes of random data beside the files that replace it are conflicts, not ignored.
        HostileInput(
            ["conv", "--input", "x.npy", "--c", "5", "--output", "y.npy"],
            files: ["x.npy": HostileFiles.npy(shape: [1, 1, 4, 4], float32: Array(repeating: 1, count: 16))],
            mentions: ["--c 5", "--input x.npy"]),
        HostileInput(["conv", "--filter", "sobel-x", "--r", "5"], mentions: ["--r 5", "--filter sobel-x"]),
        HostileInput(["conv", "--transpose", "--filter", "sobel-x", "--k", "2", "--r", "5"], mentions: ["--r 5"]),
        HostileInput(["grad", "--wrt", "input", "--input", "x.npy", "--h", "9"], mentions: ["--h 9"]),
    ]

    static let partialAndLateOutputs: [HostileInput] = [
        // k.c is a folder: nothing (not even k.h) may be written.
        HostileInput(
            ["emit", "--m", "2", "--r", "3", "--output", "out", "--prefix", "k"], folders: ["out/k.c"],
            mentions: ["k.c"]),
        HostileInput(["conv", "--output", "y.txt"], mentions: ["--output 'y.txt'", ".npy"]),
        // A file where emit's folder should be: refused before the kernels are made.
        HostileInput(
            ["emit", "--m", "2", "--r", "3", "--output", "file/out"], files: ["file": [0x31]],
            mentions: ["--output 'file/out'", "'file' is a file"]),
        HostileInput(["conv", "--output", "missing/y.npy"], mentions: ["--output 'missing/y.npy'", "'missing'"]),
        // 8 output channels are no image: refused before computing.
        HostileInput(
            ["conv", "--k", "8", "--output", "y.pgm"], mentions: ["--output y.pgm", "1 image of 8 channels"]),
        HostileInput(["grad", "--wrt", "input", "--output", "missing/y.npy"], mentions: ["'missing'"]),
        // Folders a failed write created are removed again: out/c is made, then out/swift is a file.
        HostileInput(
            ["templates", "--export", "out"], files: ["out/swift": [0x31]], mentions: ["'out/swift' is a file"]),
        // An empty folder name would put the files into the root folder.
        HostileInput(["emit", "--m", "2", "--r", "3", "--output", ""], mentions: ["--output ''", "names no folder"]),
        HostileInput(["templates", "--export", ""], mentions: ["--export ''", "names no folder"]),
        // A prefix too long for the temporary's name: new/deeper is made, then the write fails.
        HostileInput(
            ["emit", "--m", "2", "--r", "3", "--output", "new/deeper", "--prefix", String(repeating: "k", count: 250)],
            mentions: ["new/deeper/kkk"]),
    ]

    static let argumentErrors: [HostileInput] = [
        HostileInput(["conv", "--threads", "-2"], mentions: ["--threads -2", "give 1"]),
        HostileInput(["conv", "--h", "-5"], mentions: ["--h -5"]),
        HostileInput(["precision", "--samples", "-1"], mentions: ["--samples -1"]),
        HostileInput(["points", "search", "--m", "4", "--budget", "-inf"], mentions: ["--budget -inf"]),
        HostileInput(["conv", "--bogus"], mentions: ["'--bogus'", "usage: winograd conv"]),
        HostileInput(["derive", "--m", "4", "--r", "3", "--bogus", "1"], mentions: ["'--bogus'", "usage:"]),
        HostileInput(["conv", "--threads"], mentions: ["--threads", "usage:"]),
        HostileInput(["verify"], mentions: ["<file>", "usage: winograd verify"]),
        HostileInput(["precision", "--output", "y.txt"], mentions: ["'y.txt'", "'table', 'csv', 'json' or 'svg'"]),
        // Values not of the option's type name the kind of value to give (ArgumentParser's own check).
        HostileInput(
            ["conv", "--seed", "-1"], mentions: ["--seed '-1' is out of range", "0 to 18446744073709551615"]),
        HostileInput(
            ["precision", "--seed=x"], mentions: ["--seed 'x' is not a whole number", "18446744073709551615"]),
        HostileInput(["conv", "--threads", "x"], mentions: ["--threads 'x' is not a whole number"]),
        HostileInput(["conv", "--n", ""], mentions: ["--n '' is not a whole number"]),
        HostileInput(["points", "search", "--m", "1.5"], mentions: ["--m '1.5' is not a whole number"]),
        HostileInput(["precision", "--samples", "99999999999999999999"], mentions: ["--samples", "out of range"]),
        HostileInput(["points", "search", "--m", "4", "--budget", "soon"], mentions: ["--budget 'soon'", "a number"]),
        HostileInput(["grad", "--wrt", "input", "--max-memory", "lots"], mentions: ["--max-memory 'lots'", "64G"]),
    ]

    /// Options the command would ignore, or values it would take silently
    /// in another sense: each an error naming it.
    static let ignoredOptions: [HostileInput] =
        [
            ["--language", "swift"], ["--fma"], ["--precision", "double"], ["--fractions-in", "A"], ["--lanes"],
            ["--stats"],
        ].map { option in
            HostileInput(["emit", "--all", "--output", "out"] + option, mentions: ["--all", option[0]])
        } + [
            HostileInput(["conv", "--backend", "direct", "--m", "6"], mentions: ["--backend direct", "Winograd"]),
            HostileInput(["conv", "--backend", "im2col", "--points", "0,1,-1"], mentions: ["--backend im2col"]),
            HostileInput(["conv", "--backend", "direct-f64", "--m", "2"], mentions: ["--backend direct-f64"]),
            HostileInput(
                ["grad", "--wrt", "input", "--backend", "direct", "--m", "6"], mentions: ["--backend direct"]),
            HostileInput(
                ["bench", "train", "--quick", "--backend", "direct", "--m", "6"],
                mentions: ["--backend direct", "--m"]),
            // --m alone means the generated backend, with its accuracy bound, as in conv.
            HostileInput(["bench", "train", "--quick", "--m", "12"], mentions: ["--m 12", "F(10×10,3×3)"]),
            HostileInput(
                ["conv", "--input", "x.npy", "--filters", "w.npy", "--seed", "7", "--output", "y.npy"],
                files: [
                    "x.npy": HostileFiles.npy(shape: [1, 1, 4, 4], float32: Array(repeating: 1, count: 16)),
                    "w.npy": HostileFiles.npy(shape: [1, 1, 3, 3], float32: Array(repeating: 1, count: 9)),
                ],
                mentions: ["--seed 7", "no data is random"]),
            HostileInput(
                ["conv", "--image-scaling", "range", "--output", "y.npy"], mentions: ["--image-scaling", "y.npy"]),
            HostileInput(
                ["conv", "--layout", "nhwc", "--input", "i.pgm", "--filter", "sobel-x"],
                files: ["i.pgm": Array("P2\n2 2\n255\n0 1 2 3\n".utf8)], mentions: ["--layout nhwc", "i.pgm"]),
            HostileInput(["derive", "--m", "4", "--m", "6", "--r", "3"], mentions: ["--m is given more than once"]),
            HostileInput(["precision", "--m", "2,,4"], mentions: ["--m '2,,4'"]),
            HostileInput(["precision", "--format", "float32,float32"], mentions: ["--format", "float32 twice"]),
        ]

    @Test("crashes: huge sizes, infinite budgets, deep nesting", arguments: crashes)
    func crash(_ input: HostileInput) throws { try check(input) }

    @Test("hangs: work beyond the documented bounds", arguments: hangs)
    func hang(_ input: HostileInput) throws { try check(input) }

    @Test(
        "silent wrong answers: inaccurate tiles, overflow, unreadable frames, ambiguous JSON",
        arguments: silentWrongAnswers)
    func silentWrongAnswer(_ input: HostileInput) throws { try check(input) }

    @Test("partial and late outputs", arguments: partialAndLateOutputs)
    func partialOutput(_ input: HostileInput) throws { try check(input) }

    @Test("ignored options and values taken silently", arguments: ignoredOptions)
    func ignoredOption(_ input: HostileInput) throws { try check(input) }

    @Test("argument errors in one line", arguments: argumentErrors)
    func argumentError(_ input: HostileInput) throws { try check(input) }

    /// Runs `input` in a fresh folder: one clean error line, nothing on
    /// standard output, and the folder exactly as it was.
    func check(_ input: HostileInput) throws {
        try withTemporaryDirectory { directory in
            let manager = FileManager.default
            for folder in input.folders {
                try manager.createDirectory(
                    at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            for (path, bytes) in input.files {
                let url = directory.appendingPathComponent(path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
            }
            for path in input.fifos {
                let url = directory.appendingPathComponent(path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                #expect(mkfifo(url.path, 0o600) == 0, "mkfifo \(path)")
            }
            let before = try Self.listing(directory)
            let result = try WinogradCLI.runProgram(
                try WinogradCLI.executable(), input.arguments, displayName: "winograd", currentDirectory: directory)
            expectCleanError(result, mentioning: input.mentions)
            #expect(result.stdout.isEmpty, "nothing should be printed on stdout\n\(result)")
            #expect(try Self.listing(directory) == before, "the command wrote into its folder\n\(result)")
        }
    }

    /// Every path under `directory`, sorted.
    static func listing(_ directory: URL) throws -> [String] {
        let paths = FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? []
        return paths.sorted()
    }
}
