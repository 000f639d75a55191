import Foundation
import TestSupport
import Testing

// `winograd conv` and `winograd bench conv`, end to end through the built
// executable: .npy tensors checked against NumPy, the JSON line, the image
// demo, random tensors, clean errors, and the quick benchmark.

/// Helpers for the conv tests: running python3 in a folder, writing `.npy`
/// files without NumPy, reading Netpbm headers and the printed error lines.
enum ConvTestSupport {
    /// `python3 -c script arguments…` in `directory`.
    static func python(_ script: String, _ arguments: [String] = [], in directory: URL) throws -> ProcessResult {
        let python3 = try #require(Tools.python3, "python3 is not installed")
        return try WinogradCLI.runProgram(
            python3, ["-c", script] + arguments, displayName: "python3",
            currentDirectory: directory, timeout: 120)
    }

    /// Writes x.npy (N×C×H×W) and w.npy (K×C×R×S), Uniform[−1, 1], of
    /// `dtype` (float32 or float64), into `directory`.
    static func writeInputs(
        in directory: URL, dtype: String = "float32", seed: Int = 0,
        input: [Int], filters: [Int]
    ) throws {
        let script = """
            import sys
            import numpy as np
            rng = np.random.default_rng(int(sys.argv[1]))
            dtype = np.dtype(sys.argv[2])
            n, c, h, w, k, r, s = map(int, sys.argv[3:10])
            np.save('x.npy', rng.uniform(-1, 1, (n, c, h, w)).astype(dtype))
            np.save('w.npy', rng.uniform(-1, 1, (k, c, r, s)).astype(dtype))
            """
        let sizes = [input[0], input[1], input[2], input[3], filters[0], filters[2], filters[3]].map(String.init)
        let result = try python(script, [String(seed), dtype] + sizes, in: directory)
        try #require(result.succeeded, "writing the inputs with numpy failed\n\(result)")
    }

    /// NumPy's reading of y.npy against a float64 direct correlation of
    /// x.npy and w.npy (explicit sums over the filter taps of the padded
    /// input): the dtype, the shape ("2x4x11x13"), and
    /// max|y − reference| / max|reference|.
    static func compareWithNumPy(
        in directory: URL, padding: [Int]
    ) throws -> (dtype: String, shape: String, relativeError: Double) {
        let script = """
            import sys
            import numpy as np
            top, bottom, left, right = map(int, sys.argv[1].split(','))
            x = np.load('x.npy').astype(np.float64)
            w = np.load('w.npy').astype(np.float64)
            y = np.load('y.npy')
            n, c, h, wi = x.shape
            k, c2, r, s = w.shape
            assert c == c2
            xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
            ho, wo = h + top + bottom - r + 1, wi + left + right - s + 1
            reference = np.zeros((n, k, ho, wo))
            for i in range(r):
                for j in range(s):
                    reference += np.einsum('nchw,kc->nkhw', xp[:, :, i:i + ho, j:j + wo], w[:, :, i, j])
            if y.shape != reference.shape:
                error = float('nan')
            else:
                error = np.abs(y.astype(np.float64) - reference).max() / np.abs(reference).max()
            print(y.dtype, 'x'.join(map(str, y.shape)), repr(float(error)))
            """
        let result = try python(script, [padding.map(String.init).joined(separator: ",")], in: directory)
        try #require(result.succeeded, "the numpy comparison failed\n\(result)")
        let fields = result.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
        try #require(fields.count == 3, "unexpected output of the numpy comparison\n\(result)")
        let error = try #require(Double(fields[2]), "\(result)")
        return (fields[0], fields[1], error)
    }

    /// A `.npy` file (format 1.0) holding `data` under the given header.
    static func npy(descr: String, shape: [Int], fortranOrder: Bool = false, data: [UInt8]) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header =
            "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = header.utf8.count
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
            + data
    }

    /// `count` deterministic float32 values in [−1, 1], little-endian.
    static func float32Data(count: Int, seed: UInt64 = 7) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        var data: [UInt8] = []
        data.reserveCapacity(4 * count)
        for _ in 0..<count {
            let value = Float.random(in: -1...1, using: &generator)
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data += $0 }
        }
        return data
    }

    /// A float32 C-order `.npy` of `shape` with deterministic values in [−1, 1].
    static func float32Npy(shape: [Int], seed: UInt64 = 7) -> [UInt8] {
        npy(descr: "<f4", shape: shape, data: float32Data(count: shape.reduce(1, *), seed: seed))
    }

    /// An int32 `.npy` of `shape` (all ones).
    static func int32Npy(shape: [Int]) -> [UInt8] {
        let count = shape.reduce(1, *)
        var data: [UInt8] = []
        for _ in 0..<count { withUnsafeBytes(of: Int32(1).littleEndian) { data += $0 } }
        return npy(descr: "<i4", shape: shape, data: data)
    }

    /// The header of a binary Netpbm file: magic, width, height, maximum
    /// value, and where the pixels start.
    struct NetpbmHeader: Equatable {
        var magic: String, width: Int, height: Int, maxValue: Int, dataOffset: Int
    }

    static func netpbmHeader(_ bytes: [UInt8]) -> NetpbmHeader? {
        var position = 0
        func skipSpaceAndComments() {
            while position < bytes.count {
                if bytes[position] == UInt8(ascii: "#") {
                    while position < bytes.count, bytes[position] != 0x0A { position += 1 }
                } else if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
                    position += 1
                } else {
                    return
                }
            }
        }
        func token() -> String? {
            skipSpaceAndComments()
            let start = position
            while position < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "#")].contains(bytes[position]) {
                position += 1
            }
            return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
        }
        guard let magic = token(), let width = token().flatMap({ Int($0) }), let height = token().flatMap({ Int($0) }),
            let maxValue = token().flatMap({ Int($0) }), position < bytes.count
        else { return nil }
        // Exactly one whitespace byte separates the header from the pixels.
        return NetpbmHeader(magic: magic, width: width, height: height, maxValue: maxValue, dataOffset: position + 1)
    }

    /// The number after "max |error| " on the "against float64 direct:" line.
    static func printedMaxError(
        _ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Double {
        let line = try #require(
            result.stdoutLines.first { $0.hasPrefix("against float64 direct: ") },
            "no 'against float64 direct:' line\n\(result)", sourceLocation: sourceLocation)
        let marker = "max |error| "
        let range = try #require(line.range(of: marker), "no '\(marker)' in \(line)", sourceLocation: sourceLocation)
        let text = line[range.upperBound...].prefix { !$0.isWhitespace && $0 != "," }
        return try #require(Double(text), "'\(text)' is not a number in \(line)", sourceLocation: sourceLocation)
    }

    /// The names in `directory`, sorted.
    static func contents(of directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    static let testCard = repositoryRoot.appendingPathComponent("Examples/images/testcard.ppm")
}

/// One way to run `winograd conv` on .npy files.
struct NpyConvCase: Sendable, CustomTestStringConvertible {
    var backend: String
    var options: [String]
    var filterSize: (r: Int, s: Int) = (3, 3)
    /// top, bottom, left, right.
    var padding: [Int] = [1, 1, 1, 1]

    var paddingArgument: String {
        Set(padding).count == 1 ? String(padding[0]) : padding.map(String.init).joined(separator: ",")
    }

    var testDescription: String {
        "--backend \(backend) \(options.joined(separator: " ")) \(filterSize.r)×\(filterSize.s) filters, "
            + "--padding \(paddingArgument)"
    }
}

@Suite("winograd conv: .npy tensors agree with NumPy")
struct ConvNpyTests {
    static let cases: [NpyConvCase] = [
        NpyConvCase(backend: "generated", options: ["--m", "2"]),
        NpyConvCase(backend: "generated", options: ["--m", "4"]),
        NpyConvCase(backend: "generated", options: ["--m", "6"]),
        NpyConvCase(backend: "generated", options: ["--m", "4"], padding: [0, 2, 1, 0]),
        NpyConvCase(backend: "generated", options: ["--m", "2"], filterSize: (5, 5), padding: [2, 2, 2, 2]),
        NpyConvCase(backend: "generated", options: ["--m", "4"], filterSize: (5, 5), padding: [2, 2, 2, 2]),
        NpyConvCase(backend: "generated", options: ["--m", "3"]),
        NpyConvCase(backend: "generated", options: ["--m", "4x2"]),
        NpyConvCase(backend: "generated", options: ["--points", "0,1,-1,1/2,-1/2"]),
        NpyConvCase(backend: "generated", options: ["--m", "4", "--instruction-set", "portable"]),
        NpyConvCase(backend: "generic", options: ["--m", "4"]),
        NpyConvCase(backend: "generic", options: ["--m", "4x2"]),
        NpyConvCase(backend: "generic", options: ["--m", "3"]),
        NpyConvCase(backend: "generic", options: ["--points", "0,1,-1,1/2,-1/2"]),
        NpyConvCase(backend: "generic", options: ["--m", "4x2"], filterSize: (3, 5), padding: [1, 1, 2, 2]),
        NpyConvCase(backend: "direct", options: []),
        NpyConvCase(backend: "direct-f64", options: []),
        NpyConvCase(backend: "im2col", options: []),
        NpyConvCase(backend: "im2col", options: [], padding: [0, 0, 0, 0]),
    ]

    @Test(
        "x.npy * w.npy → y.npy matches a float64 NumPy correlation",
        .enabled(if: Tools.hasNumPy, "python3 with numpy is not installed"), arguments: cases)
    func npyEndToEnd(_ testCase: NpyConvCase) throws {
        try withTemporaryDirectory { directory in
            let (r, s) = testCase.filterSize
            try ConvTestSupport.writeInputs(in: directory, input: [2, 3, 11, 13], filters: [4, 3, r, s])
            let arguments =
                [
                    "conv", "--input", directory.appendingPathComponent("x.npy").path,
                    "--filters", directory.appendingPathComponent("w.npy").path,
                    "--padding", testCase.paddingArgument, "--backend", testCase.backend,
                ] + testCase.options
                + ["--output", directory.appendingPathComponent("y.npy").path]
            let result = try WinogradCLI.run(arguments)
            try #require(result.succeeded, "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            let p = testCase.padding
            let (hOut, wOut) = (11 + p[0] + p[1] - r + 1, 13 + p[2] + p[3] - s + 1)
            #expect(result.stdoutLines.first?.hasPrefix(testCase.backend) == true, "\(result)")
            #expect(
                result.stdout.contains(
                    "2×3×11×13 * 4×3×\(r)×\(s), padding \(testCase.paddingArgument) → 2×4×\(hOut)×\(wOut)"),
                "\(result)"
            )
            #expect(result.stdoutLines.last == "wrote \(directory.appendingPathComponent("y.npy").path)", "\(result)")

            let comparison = try ConvTestSupport.compareWithNumPy(in: directory, padding: p)
            #expect(comparison.dtype == "float32", "y.npy should hold float32")
            #expect(comparison.shape == "2x4x\(hOut)x\(wOut)")
            #expect(
                comparison.relativeError < 1e-4,
                "max|y − reference| / max|reference| = \(comparison.relativeError)\n\(result)")
            // The direct backends are float-exact up to rounding of a few sums.
            if ["direct", "direct-f64", "im2col"].contains(testCase.backend) {
                #expect(comparison.relativeError < 1e-6, "\(comparison.relativeError)")
            }
        }
    }

    /// --layout nhwc reads N×H×W×C and writes N×Hout×Wout×K: the NCHW result,
    /// transposed, on every backend.
    @Test(
        "--layout nhwc: the NCHW result in channels-last order",
        .enabled(if: Tools.hasNumPy, "python3 with numpy is not installed"),
        arguments: ["auto", "generated", "generic", "direct", "im2col"])
    func channelsLast(_ backend: String) throws {
        try withTemporaryDirectory { directory in
            try ConvTestSupport.writeInputs(in: directory, input: [2, 3, 11, 13], filters: [4, 3, 3, 3])
            let transpose = "import numpy as np; np.save('xh.npy', np.load('x.npy').transpose(0, 2, 3, 1).copy())"
            try #require(try ConvTestSupport.python(transpose, in: directory).succeeded)
            func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
            let common = ["conv", "--filters", path("w.npy"), "--padding", "1", "--backend", backend]
            let nchw = try WinogradCLI.run(common + ["--input", path("x.npy"), "--output", path("y.npy")])
            try #require(nchw.succeeded, "\(nchw)")
            let nhwc = try WinogradCLI.run(
                common + ["--input", path("xh.npy"), "--layout", "nhwc", "--output", path("yh.npy"), "--json"])
            try #require(nhwc.succeeded, "\(nhwc)")
            #expect(nhwc.stdout.contains("\"layout\": \"nhwc\""), "\(nhwc)")
            // Bit for bit with the same method; auto times its candidates in each process
            // and may take another one, so there the two agree to float32 rounding.
            let tolerance = backend == "auto" ? "1e-4" : "0"
            let compare = """
                import numpy as np
                y, yh = np.load('y.npy'), np.load('yh.npy')
                print(yh.shape, np.abs(yh.transpose(0, 3, 1, 2) - y).max() <= \(tolerance))
                """
            let result = try ConvTestSupport.python(compare, in: directory)
            #expect(result.stdout == "(2, 11, 13, 4) True\n", "\(result)")
        }
    }

    @Test(
        "float64 .npy inputs and filters are accepted (computed in float32)",
        .enabled(if: Tools.hasNumPy, "python3 with numpy is not installed"),
        arguments: ["generated", "generic", "direct-f64"])
    func float64Inputs(_ backend: String) throws {
        try withTemporaryDirectory { directory in
            try ConvTestSupport.writeInputs(
                in: directory, dtype: "float64", seed: 5, input: [1, 2, 9, 10], filters: [3, 2, 3, 3])
            let result = try WinogradCLI.run([
                "conv", "--input", directory.appendingPathComponent("x.npy").path,
                "--filters", directory.appendingPathComponent("w.npy").path, "--padding", "1", "--backend", backend,
                "--output", directory.appendingPathComponent("y.npy").path, "--check",
            ])
            try #require(result.succeeded, "\(result)")
            #expect(result.stdout.contains("1×2×9×10 * 3×2×3×3, padding 1 → 1×3×9×10"), "\(result)")
            #expect(try ConvTestSupport.printedMaxError(result) < 1e-4, "\(result)")
            let comparison = try ConvTestSupport.compareWithNumPy(in: directory, padding: [1, 1, 1, 1])
            #expect(comparison.dtype == "float32")
            #expect(comparison.shape == "1x3x9x10")
            #expect(comparison.relativeError < 1e-4, "\(comparison.relativeError)")
        }
    }
}

@Suite("winograd conv --json")
struct ConvJSONTests {
    static let keys: Set<String> = [
        "backend", "method", "kernels", "m", "r", "n", "c", "k", "h", "w", "padding", "layout", "threads",
        "filter_storage", "time_ms", "gflops", "plan_bytes", "workspace_bytes", "peak_rss_bytes", "added_rss_bytes",
        "mean_abs_error", "rel_l2_error", "max_abs_error",
    ]
    static let layer = [
        "conv", "--n", "1", "--c", "4", "--k", "5", "--h", "13", "--w", "15", "--seed", "2", "--threads", "1", "--json",
    ]

    static let stageKeys: Set<String> = [
        "input_busy_ms", "input_waiting_ms", "product_busy_ms", "product_waiting_ms", "output_busy_ms",
        "output_waiting_ms", "end_waiting_ms", "stages_wall_ms", "product_gflops_per_thread",
        "fma_peak_per_core_gflops",
    ]

    /// The single line of stdout, parsed; with --breakdown, the stage fields too.
    func run(_ arguments: [String]) throws -> [String: Any] {
        let result = try WinogradCLI.run(arguments)
        try #require(result.succeeded, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(result.stdoutLines.count == 1, "--json should print exactly one line\n\(result)")
        let object = try jsonObject(result.stdoutLines.last ?? "")
        let keys = arguments.contains("--breakdown") ? Self.keys.union(Self.stageKeys) : Self.keys
        #expect(Set(object.keys) == keys, "\(object.keys.sorted())")
        return object
    }

    @Test("with --check: sizes, a numeric m and small errors for F(4x4,3x3)")
    func checked() throws {
        let object = try run(Self.layer + ["--padding", "1", "--m", "4", "--check"])
        #expect(object["backend"] as? String == "generated")
        #expect((object["kernels"] as? String)?.hasPrefix("emitted-") == true, "\(object)")
        #expect(object["m"] as? String == nil, "m should be a number for a square tile")
        #expect(object["m"] as? Int == 4)
        #expect(object["r"] as? Int == 3)
        for (key, value) in [("n", 1), ("c", 4), ("k", 5), ("h", 13), ("w", 15), ("padding", 1), ("threads", 1)] {
            #expect(object[key] as? Int == value, "\(key): \(String(describing: object[key]))")
        }
        let time = try #require(object["time_ms"] as? Double)
        let gflops = try #require(object["gflops"] as? Double)
        #expect(time > 0 && gflops > 0)
        let mean = try #require(object["mean_abs_error"] as? Double, "\(object)")
        let l2 = try #require(object["rel_l2_error"] as? Double, "\(object)")
        let max = try #require(object["max_abs_error"] as? Double, "\(object)")
        #expect(max < 1e-4, "\(object)")
        #expect(max > 0, "float32 Winograd should not be exact on random data: \(object)")
        #expect(mean <= max, "\(object)")
        #expect(l2 < 1e-5, "\(object)")
    }

    /// The path that ran: emitted kernels for a committed tile, dense ones
    /// for any other, on the instruction set asked for.
    @Test(
        "kernels names the path",
        arguments: [
            (["--m", "4"], "emitted-"), (["--m", "3"], "dense-"),
            (["--m", "4", "--points", "0,1,-1,1/2,-1/2"], "dense-"),
            (["--m", "4", "--points", "0,5/8,-5/8,7/4,-7/4"], "emitted-"),
            (["--m", "4", "--points", "searched"], "emitted-"), (["--m", "4", "--points", "barabasz"], "dense-"),
            (["--m", "4", "--points", "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2"], "emitted-"),
            (["--m", "2", "--points", "0,sqrt2,-sqrt2"], "dense-"),
            (["--m", "4", "--moduli", "x,x-1,x+1,x^2+1,inf"], "emitted-"),
            (["--m", "4", "--moduli", "x,x-1,x+1,x^2+2,inf"], "dense-"),
            (["--m", "2", "--instruction-set", "portable"], "emitted-portable"),
            (["--backend", "direct", "--instruction-set", "portable"], "direct-portable"),
        ])
    func kernelsField(options: [String], prefix: String) throws {
        let object = try run(Self.layer + ["--padding", "1"] + options)
        #expect((object["kernels"] as? String)?.hasPrefix(prefix) == true, "\(options): \(object)")
    }

    /// A set's name in --points runs that set's points for the tile: the
    /// same method and output as the list written out; a name without a set
    /// for the size is one Error line.
    @Test func namedPoints() throws {
        let named = try run(Self.layer + ["--padding", "1", "--m", "4", "--points", "searched", "--check"])
        let listed = try run(Self.layer + ["--padding", "1", "--m", "4", "--points", "0,5/8,-5/8,7/4,-7/4", "--check"])
        #expect(named["method"] as? String == listed["method"] as? String, "\(named)\n\(listed)")
        let defaults = try run(Self.layer + ["--padding", "1", "--m", "4", "--check"])
        #expect(named["mean_abs_error"] as? Double != defaults["mean_abs_error"] as? Double, "\(named)\n\(defaults)")
        #expect(named["max_abs_error"] as? Double == listed["max_abs_error"] as? Double, "\(named)\n\(listed)")
        let none = try WinogradCLI.run(
            ["conv", "--n", "1", "--c", "2", "--k", "2", "--h", "9", "--w", "9", "--m", "6", "--points", "onednn"])
        expectCleanError(none, mentioning: ["--points onednn", "F(6,3)"])
    }

    /// --moduli: a Winograd plan (the committed lanes kernels of this list)
    /// with N ≥ n products per
    /// axis (7×7 for one quadratic modulus in F(4,3)), checked against
    /// float64; its plan holds 49 positions of filters, not 36; the input
    /// gradient takes the same moduli. Bad lists and combinations are one
    /// Error line each.
    @Test func moduli() throws {
        let list = "x,x-1,x+1,x^2+1,inf"
        let object = try run(Self.layer + ["--padding", "1", "--m", "4", "--moduli", list, "--check"])
        #expect((object["kernels"] as? String)?.hasPrefix("emitted-") == true, "\(object)")
        #expect(object["method"] as? String == "generated F(4×4,3×3) moduli \(list)", "\(object)")
        #expect(try #require(object["max_abs_error"] as? Double) < 1e-4, "\(object)")
        let points = try run(Self.layer + ["--padding", "1", "--m", "4"])
        let (ours, theirs) = (try #require(object["plan_bytes"] as? Int), try #require(points["plan_bytes"] as? Int))
        #expect(ours * 36 == theirs * 49, "plan bytes \(ours) with moduli, \(theirs) with points")
        let transposed = try WinogradCLI.run([
            "conv", "--transpose", "--n", "1", "--c", "6", "--k", "5", "--h", "9", "--w", "11", "--moduli", list,
            "--check",
        ])
        #expect(transposed.succeeded, "\(transposed)")
        let grad = ["grad", "--n", "1", "--c", "6", "--k", "5", "--h", "9", "--w", "11", "--moduli", list]
        let input = try WinogradCLI.run(grad + ["--wrt", "input", "--check"])
        #expect(input.succeeded, "\(input)")
        // The filter gradient's own tile would ignore the moduli (and points): refused.
        expectCleanError(try WinogradCLI.run(grad + ["--wrt", "filter"]), mentioning: ["--wrt filter", "--moduli"])
        for (arguments, mentions) in [
            (["--moduli", "x,x-1,x^2+1,inf"], ["--moduli 'x,x-1,x^2+1,inf'", "add up to"]),
            (["--moduli", list, "--points", "0,1,-1,2,-2"], ["--moduli replaces --points"]),
            (["--moduli", list, "--backend", "direct"], ["--moduli", "Winograd"]),
            (["--moduli", "x,x^2+1,inf", "--moduli", list, "--m", "2x4"], []),
            (["--moduli", "x,x+1,x^2+2,y"], ["--moduli 'x,x+1,x^2+2,y'"]),
        ] {
            let result = try WinogradCLI.run(Self.layer + arguments)
            if mentions.isEmpty {
                #expect(result.succeeded, "\(arguments): \(result)")
            } else {
                expectCleanError(result, mentioning: mentions)
            }
        }
    }

    /// Without --backend, --m or --points: auto, with the choice in method,
    /// m and kernels.
    @Test("auto reports its choice")
    func automatic() throws {
        let object = try run(Self.layer + ["--padding", "1", "--check"])
        #expect(object["backend"] as? String == "auto")
        let method = try #require(object["method"] as? String)
        let kernels = try #require(object["kernels"] as? String)
        #expect(method.hasPrefix("generated F(") || method == "direct" || method == "im2col", "\(object)")
        #expect(kernels != "auto", "\(object)")
        #expect((object["m"] is NSNull) == !method.hasPrefix("generated"), "\(object)")
        #expect(try #require(object["max_abs_error"] as? Double) < 1e-4)
    }

    @Test("without --check the errors are null")
    func unchecked() throws {
        let object = try run(Self.layer + ["--m", "2"])
        #expect(object["m"] as? Int == 2)
        #expect(object["padding"] as? Int == 0)
        #expect(object["h"] as? Int == 13)
        for key in ["mean_abs_error", "rel_l2_error", "max_abs_error"] {
            #expect(object[key] is NSNull, "\(key) should be null: \(String(describing: object[key]))")
        }
    }

    @Test("a non-square tile is \"4x2\"; four paddings are a list")
    func nonSquare() throws {
        let object = try run(Self.layer + ["--backend", "generic", "--m", "4x2", "--padding", "0,1,2,0", "--check"])
        #expect(object["backend"] as? String == "generic")
        #expect((object["kernels"] as? String)?.hasPrefix("dense-") == true, "\(object)")
        #expect(object["m"] as? String == "4x2", "\(String(describing: object["m"]))")
        #expect(object["padding"] as? [Int] == [0, 1, 2, 0], "\(String(describing: object["padding"]))")
        #expect(try #require(object["max_abs_error"] as? Double) < 1e-4)
    }

    /// --filter-storage: named in the JSON, half the plan's bytes, the
    /// error it costs reported by --check (larger than float32's, within
    /// the 16-bit bound).
    @Test("--filter-storage halves the plan and shows its error", arguments: ["bfloat16", "float16"])
    func filterStorage(storage: String) throws {
        let base = Self.layer + ["--padding", "1", "--m", "4", "--check"]
        let float32 = try run(base)
        let half = try run(base + ["--filter-storage", storage])
        #expect(float32["filter_storage"] as? String == "float32")
        #expect(half["filter_storage"] as? String == storage)
        #expect(half["plan_bytes"] as? Int == 36 * 8 * 4 * 2, "\(half)")
        let (exact, rounded) = (
            try #require(float32["rel_l2_error"] as? Double), try #require(half["rel_l2_error"] as? Double)
        )
        #expect(rounded > 10 * exact, "\(storage): \(rounded) vs float32's \(exact)")
        #expect(rounded < (storage == "bfloat16" ? 0.1 : 0.01), "\(storage): \(rounded)")
        let refused = try WinogradCLI.run(Self.layer + ["--filter-storage", "float8"])
        #expect(!refused.succeeded && refused.stderrLines.count == 1, "\(refused)")
        #expect(refused.stderr.hasPrefix("Error:") && refused.stderr.contains("float8"), "\(refused)")
    }

    /// F(4×4,3×3) on 13×15 with padding 1: 4×4 tiles of 36 positions, 4
    /// channels in, 5 out; the packed filters round K up to 8 rows.
    @Test("the memory fields count the transformed filters and the workspace")
    func memoryFields() throws {
        let object = try run(Self.layer + ["--padding", "1", "--m", "4"])
        #expect(object["plan_bytes"] as? Int == 36 * 8 * 4 * 4, "\(object)")
        // V and M for 16 tiles (one block): 36 positions × (4 + 5) channels × 16 lanes.
        #expect(object["workspace_bytes"] as? Int == 36 * 9 * 16 * 4, "\(object)")
        let direct = try run(Self.layer + ["--padding", "1", "--backend", "direct"])
        #expect(direct["plan_bytes"] as? Int == 0 && direct["workspace_bytes"] as? Int == 0, "\(direct)")
    }

    /// --breakdown: every stage's busy and waiting time, the product's rate
    /// and the peak it is compared with; no stages for a backend without.
    @Test("--breakdown times the stages of a Winograd run; other backends have none")
    func breakdown() throws {
        let object = try run(Self.layer + ["--padding", "1", "--m", "4", "--repeat", "3", "--breakdown"])
        for key in Self.stageKeys {
            let value = try #require(object[key] as? Double, "\(key): \(object)")
            #expect(value >= 0 && value.isFinite, "\(key)")
        }
        #expect((object["product_busy_ms"] as? Double ?? 0) > 0, "\(object)")
        let direct = try run(Self.layer + ["--padding", "1", "--backend", "direct", "--breakdown"])
        #expect(Self.stageKeys.allSatisfy { direct[$0] is NSNull }, "\(direct)")
        let text = try WinogradCLI.run(
            ["conv", "--c", "4", "--k", "5", "--h", "13", "--w", "15", "--threads", "2", "--m", "4", "--breakdown"])
        try #require(text.succeeded, "\(text)")
        #expect(text.stdoutLines.contains { $0.hasPrefix("stages per run (ms, summed over 2 threads; wall ") })
        #expect(text.stdoutLines.contains { $0.hasPrefix("product: ") && $0.contains("of one core's FMA peak") })
        expectCleanError(
            try WinogradCLI.run(["conv", "--transpose", "--breakdown"]), mentioning: ["--breakdown", "--transpose"])
    }

    /// The measured fields: the transformed filters (2.25 MiB here) are
    /// written whole, so what the plan adds to the loaded data is at least
    /// their size; the peak includes it.
    @Test("the measured memory covers at least the transformed filters (Linux)")
    func measuredMemory() throws {
        #if os(Linux)
            let object = try run([
                "conv", "--c", "128", "--k", "128", "--h", "8", "--w", "8", "--padding", "1", "--m", "4",
                "--threads", "1", "--json",
            ])
            let plan = try #require(object["plan_bytes"] as? Int)
            let added = try #require(object["added_rss_bytes"] as? Int, "\(object)")
            let peak = try #require(object["peak_rss_bytes"] as? Int, "\(object)")
            #expect(plan == 36 * 128 * 128 * 4)
            #expect(added >= plan && peak > added, "\(object)")
        #else
            print("SKIP measured memory: /proc/self/status is Linux's")
        #endif
    }

    @Test(
        "a run that would need more memory than allowed is refused before it allocates",
        arguments: [
            ["--c", "64", "--k", "64", "--h", "56", "--w", "56", "--max-memory", "1M"],
            ["--c", "64", "--k", "64", "--h", "4000", "--w", "4000", "--max-memory", "1G"],
            ["--c", "64", "--k", "64", "--h", "5000", "--w", "5000", "--check", "--max-memory", "16G"],
        ])
    func memoryLimit(_ options: [String]) throws {
        let result = try WinogradCLI.run(["conv"] + options, timeout: 20)
        #expect(result.exitedNormally && result.status == 1, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("Error: this run needs"), "\(result)")
        #expect(lines.first?.contains("--max-memory") == true, "\(result)")
    }

    @Test("backends without a tile have m null", arguments: ["direct", "direct-f64", "im2col"])
    func noTile(_ backend: String) throws {
        // (--m beside these backends is an error: HostileInputTests.ignoredOptions.)
        let object = try run(Self.layer + ["--backend", backend, "--check"])
        #expect(object["backend"] as? String == backend)
        #expect(object["m"] is NSNull, "\(String(describing: object["m"]))")
        #expect(try #require(object["max_abs_error"] as? Double) < 1e-5)
    }
}

@Suite("winograd conv on images")
struct ConvImageTests {
    @Test("the test card through Sobel-x: a checked 256×192 P5 image")
    func sobelDemo() throws {
        try withTemporaryDirectory { directory in
            let output = directory.appendingPathComponent("edges.pgm")
            let result = try WinogradCLI.run([
                "conv", "--input", ConvTestSupport.testCard.path, "--filter", "sobel-x",
                "--output", output.path, "--check",
            ])
            try #require(result.succeeded, "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            // No backend given: auto times its candidates and says which it took.
            #expect(result.stdout.hasPrefix("auto → "), "\(result)")
            #expect(result.stdout.contains(": 1×3×192×256 * 3×3×3×3, padding 1 → 1×3×192×256"), "\(result)")
            #expect(result.stdout.contains("against float64 direct"), "\(result)")
            #expect(try ConvTestSupport.printedMaxError(result) < 1e-4, "\(result)")
            #expect(result.stdoutLines.last == "wrote \(output.path)", "\(result)")

            let bytes = try [UInt8](Data(contentsOf: output))
            let header = try #require(ConvTestSupport.netpbmHeader(bytes), "not a Netpbm file")
            #expect(header.magic == "P5")
            #expect(header.width == 256 && header.height == 192, "\(header)")
            #expect(header.maxValue == 255)
            #expect(bytes.count == header.dataOffset + 256 * 192, "\(bytes.count) bytes for \(header)")
            // Edges of a test card: many grey levels, not one flat value.
            #expect(Set(bytes[header.dataOffset...]).count > 16)
            #expect(try ConvTestSupport.contents(of: directory) == ["edges.pgm"], "no temporary files should be left")
        }
    }

    @Test("--output edges.ppm gives a 256×192 P6 colour image")
    func colourOutput() throws {
        try withTemporaryDirectory { directory in
            let output = directory.appendingPathComponent("edges.ppm")
            let result = try WinogradCLI.run([
                "conv", "--input", ConvTestSupport.testCard.path, "--filter", "sobel-x",
                "--output", output.path,
            ])
            try #require(result.succeeded, "\(result)")
            let bytes = try [UInt8](Data(contentsOf: output))
            let header = try #require(ConvTestSupport.netpbmHeader(bytes), "not a Netpbm file")
            #expect(
                header == .init(magic: "P6", width: 256, height: 192, maxValue: 255, dataOffset: header.dataOffset),
                "\(header)")
            #expect(bytes.count == header.dataOffset + 3 * 256 * 192, "\(bytes.count) bytes for \(header)")
        }
    }

    @Test(
        "every named filter runs on the generated kernels",
        arguments: [
            ("sobel-x", 3), ("sobel-y", 3), ("laplacian", 3), ("gaussian", 3), ("gaussian5", 5), ("sharpen", 3),
        ])
    func namedFilter(_ name: String, _ size: Int) throws {
        try withTemporaryDirectory { directory in
            let output = directory.appendingPathComponent("\(name).ppm")
            let result = try WinogradCLI.run([
                "conv", "--input", ConvTestSupport.testCard.path, "--filter", name,
                "--backend", "generated", "--check", "--output", output.path,
            ])
            try #require(result.succeeded, "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            #expect(
                result.stdout.contains(
                    "generated F(4×4,\(size)×\(size)): 1×3×192×256 * 3×3×\(size)×\(size), "
                        + "padding \((size - 1) / 2) → 1×3×192×256"
                ),
                "\(result)")
            #expect(try ConvTestSupport.printedMaxError(result) < 1e-4, "\(result)")
            let bytes = try [UInt8](Data(contentsOf: output))
            let header = try #require(ConvTestSupport.netpbmHeader(bytes), "not a Netpbm file")
            #expect(header.magic == "P6" && header.width == 256 && header.height == 192, "\(header)")
            #expect(bytes.count == header.dataOffset + 3 * 256 * 192)

            // The named filter is the textbook kernel on each channel: the
            // same float64 direct correlation with the filters spelled out
            // in a .npy gives the same bytes.
            let kernel = try #require(Self.kernels[name])
            var data: [UInt8] = []
            for k in 0..<3 {
                for c in 0..<3 {
                    for value in kernel {
                        withUnsafeBytes(of: (k == c ? value : 0).bitPattern.littleEndian) { data += $0 }
                    }
                }
            }
            let filters = directory.appendingPathComponent("filters.npy")
            try Data(ConvTestSupport.npy(descr: "<f4", shape: [3, 3, size, size], data: data)).write(to: filters)
            let named = directory.appendingPathComponent("named.npy")
            let spelled = directory.appendingPathComponent("spelled.npy")
            let first = try WinogradCLI.run([
                "conv", "--input", ConvTestSupport.testCard.path, "--filter", name,
                "--backend", "direct-f64", "--output", named.path,
            ])
            let second = try WinogradCLI.run([
                "conv", "--input", ConvTestSupport.testCard.path, "--filters", filters.path,
                "--padding", String((size - 1) / 2), "--backend", "direct-f64", "--output", spelled.path,
            ])
            try #require(first.succeeded, "\(first)")
            try #require(second.succeeded, "\(second)")
            #expect(
                try Data(contentsOf: named) == Data(contentsOf: spelled), "--filter \(name) is not the kernel \(kernel)"
            )
        }
    }

    /// The textbook kernels, row-major.
    static let kernels: [String: [Float]] = [
        "sobel-x": [-1, 0, 1, -2, 0, 2, -1, 0, 1],
        "sobel-y": [-1, -2, -1, 0, 0, 0, 1, 2, 1],
        "laplacian": [0, 1, 0, 1, -4, 1, 0, 1, 0],
        "gaussian": [1, 2, 1, 2, 4, 2, 1, 2, 1].map { $0 / 16 },
        "gaussian5": [1, 4, 6, 4, 1].flatMap { a in [1, 4, 6, 4, 1].map { b in Float(a * b) / 256 } },
        "sharpen": [0, -1, 0, -1, 5, -1, 0, -1, 0],
    ]
}

@Suite("winograd conv: output files")
struct ConvOutputFileTests {
    /// The result replaces a link at the output path; the file it pointed to
    /// is left as it was (the CLI writes through the library's one writer: a
    /// new temporary opened exclusively, then renamed).
    @Test func aLinkAtTheOutputIsReplacedNotFollowed() throws {
        try withTemporaryDirectory { directory in
            let victim = directory.appendingPathComponent("victim.txt")
            let output = directory.appendingPathComponent("y.npy")
            try Data("keep me\n".utf8).write(to: victim)
            try FileManager.default.createSymbolicLink(at: output, withDestinationURL: victim)
            let result = try WinogradCLI.run([
                "conv", "--n", "1", "--c", "2", "--h", "8", "--w", "8", "--output", output.path,
            ])
            try #require(result.succeeded, "\(result)")
            #expect(try String(contentsOf: victim, encoding: .utf8) == "keep me\n")
            let attributes = try FileManager.default.attributesOfItem(atPath: output.path)
            #expect(attributes[.type] as? FileAttributeType == .typeRegular)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(Set(leftovers) == ["victim.txt", "y.npy"], "\(leftovers)")
        }
    }
}

@Suite("winograd conv on random tensors")
struct ConvRandomTests {
    /// Backend options and the largest max |error| allowed against float64.
    static let cases: [([String], Double)] = [
        (["--backend", "generated", "--m", "2"], 1e-4),
        (["--backend", "generated", "--m", "4"], 1e-4),
        (["--backend", "generated", "--m", "6"], 1e-4),
        (["--backend", "generated", "--m", "5"], 1e-4),
        (["--backend", "generated", "--m", "4", "--instruction-set", "avx2"], 1e-4),
        (["--backend", "generic", "--m", "4"], 1e-4),
        (["--backend", "generic", "--m", "4x2"], 1e-4),
        (["--backend", "direct"], 1e-5),
        (["--backend", "direct-f64"], 1e-6),
        (["--backend", "im2col"], 1e-5),
    ]

    @Test("--n 2 --c 5 --k 7 --h 17 --w 9 --seed 3 --check", arguments: cases)
    func random(_ options: [String], _ bound: Double) throws {
        let result = try WinogradCLI.run(
            ["conv", "--n", "2", "--c", "5", "--k", "7", "--h", "17", "--w", "9", "--seed", "3", "--check"] + options)
        try #require(result.succeeded, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(result.stdoutLines.first?.hasPrefix(options[1]) == true, "\(result)")
        #expect(result.stdout.contains("2×5×17×9 * 7×5×3×3, padding 0 → 2×7×15×7"), "\(result)")
        #expect(result.stdoutLines.contains { $0.hasPrefix("time ") && $0.contains("GFLOP/s effective") }, "\(result)")
        let error = try ConvTestSupport.printedMaxError(result)
        #expect(error < bound, "max |error| \(error) is not below \(bound)\n\(result)")
    }

    @Test("the same seed gives the same result; another seed does not")
    func seeds() throws {
        func run(_ seed: String) throws -> [UInt8] {
            try withTemporaryDirectory { directory in
                let output = directory.appendingPathComponent("y.npy")
                let result = try WinogradCLI.run([
                    "conv", "--n", "1", "--c", "2", "--k", "3", "--h", "8", "--w", "8",
                    "--seed", seed, "--backend", "direct", "--output", output.path,
                ])
                try #require(result.succeeded, "\(result)")
                return try [UInt8](Data(contentsOf: output))
            }
        }
        let first = try run("3")
        let again = try run("3")
        let other = try run("4")
        #expect(first == again)
        #expect(first != other)
        #expect(first.starts(with: [0x93] + Array("NUMPY".utf8)))
    }
}

/// A bad `conv` command line, what its error must mention, and the files to
/// put in the folder first (name → bytes).
struct ConvBadInput: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    var mentions: [String]
    var files: [String: [UInt8]] = [:]
    /// The file name passed to --output (inside the folder).
    var output = "y.npy"
    var testDescription: String { name }
}

@Suite("winograd conv: bad input gives one clean error and no output file")
struct ConvBadInputTests {
    static let x = ConvTestSupport.float32Npy(shape: [2, 3, 11, 13])
    static let w = ConvTestSupport.float32Npy(shape: [4, 3, 3, 3], seed: 8)
    static let inputs: [String: [UInt8]] = ["x.npy": x, "w.npy": w]
    static let npyArguments = ["--input", "x.npy", "--filters", "w.npy"]

    static let cases: [ConvBadInput] = [
        ConvBadInput(
            name: "a malformed .npy (garbage bytes)", arguments: ["--input", "garbage.npy", "--filters", "w.npy"],
            mentions: ["garbage.npy", "not a NumPy .npy file"],
            files: ["garbage.npy": Array("this is not a numpy file at all, just text\n".utf8), "w.npy": w]),
        ConvBadInput(
            name: "a truncated .npy", arguments: ["--input", "short.npy", "--filters", "w.npy"],
            mentions: ["short.npy", "truncated"], files: ["short.npy": Array(x.prefix(300)), "w.npy": w]),
        ConvBadInput(
            name: "a Fortran-order .npy header", arguments: ["--input", "f.npy", "--filters", "w.npy"],
            mentions: ["f.npy", "Fortran order"],
            files: [
                "f.npy": ConvTestSupport.npy(
                    descr: "<f4", shape: [2, 3, 11, 13], fortranOrder: true,
                    data: ConvTestSupport.float32Data(count: 2 * 3 * 11 * 13)),
                "w.npy": w,
            ]),
        ConvBadInput(
            name: "an int32 .npy", arguments: ["--input", "i.npy", "--filters", "w.npy"],
            mentions: ["i.npy", "'<i4'", "float32"],
            files: ["i.npy": ConvTestSupport.int32Npy(shape: [2, 3, 11, 13]), "w.npy": w]),
        ConvBadInput(
            name: "a 3-D input", arguments: ["--input", "x3.npy", "--filters", "w.npy"],
            mentions: ["x3.npy", "3×11×13", "4-D"],
            files: ["x3.npy": ConvTestSupport.float32Npy(shape: [3, 11, 13]), "w.npy": w]),
        ConvBadInput(
            name: "3-D filters", arguments: ["--input", "x.npy", "--filters", "w3.npy"],
            mentions: ["w3.npy", "4-D"],
            files: ["x.npy": x, "w3.npy": ConvTestSupport.float32Npy(shape: [4, 3, 3])]),
        ConvBadInput(
            name: "filters with the wrong channel count", arguments: ["--input", "x.npy", "--filters", "w2.npy"],
            mentions: ["3 channels", "expect 2"],
            files: ["x.npy": x, "w2.npy": ConvTestSupport.float32Npy(shape: [4, 2, 3, 3])]),
        ConvBadInput(
            name: "a missing input file", arguments: ["--input", "nosuch.npy", "--filters", "w.npy"],
            mentions: ["nosuch.npy", "No such file"], files: ["w.npy": w]),
        ConvBadInput(
            name: "a missing filters file", arguments: ["--input", "x.npy", "--filters", "nosuch.npy"],
            mentions: ["nosuch.npy", "No such file"], files: ["x.npy": x]),
        ConvBadInput(
            name: "an input that is neither .npy nor an image", arguments: ["--input", "x.txt", "--filters", "w.npy"],
            mentions: ["x.txt", ".npy"], files: ["x.txt": x, "w.npy": w]),
        ConvBadInput(
            name: "--filter nosuch", arguments: ["--input", "x.npy", "--filter", "nosuch"],
            mentions: ["'nosuch'", "--filter <name>", "sobel-x, sobel-y"], files: ["x.npy": x]),
        ConvBadInput(
            name: "--backend nosuch", arguments: npyArguments + ["--backend", "nosuch"],
            mentions: ["'nosuch'", "--backend <name>", "generic", "im2col"], files: inputs),
        ConvBadInput(name: "--m 0", arguments: npyArguments + ["--m", "0"], mentions: ["--m '0'"], files: inputs),
        ConvBadInput(name: "--m 4x", arguments: npyArguments + ["--m", "4x"], mentions: ["--m '4x'"], files: inputs),
        ConvBadInput(
            name: "--m 30 (tiles larger than the stages take)",
            arguments: npyArguments + ["--m", "30", "--backend", "generated"],
            mentions: ["--m '30'", "m + r − 1 ≤ 24"], files: inputs),
        ConvBadInput(
            name: "--instruction-set nosuch", arguments: npyArguments + ["--instruction-set", "nosuch"],
            mentions: ["'nosuch'", "avx512", "portable"], files: inputs),
        ConvBadInput(
            name: "--padding 5 with 3×3 filters", arguments: npyArguments + ["--padding", "5"],
            mentions: ["padding", "5", "0…2", "3×3"], files: inputs),
        ConvBadInput(
            name: "--padding 1,2", arguments: npyArguments + ["--padding", "1,2"], mentions: ["--padding", "'1,2'"],
            files: inputs),
        ConvBadInput(
            name: "--padding -1", arguments: npyArguments + ["--padding=-1"], mentions: ["--padding", "'-1'"],
            files: inputs),
        ConvBadInput(
            name: "--threads 0", arguments: npyArguments + ["--threads", "0"], mentions: ["--threads 0"],
            files: inputs),
        ConvBadInput(
            name: "--output y.txt", arguments: npyArguments, mentions: ["y.txt", ".npy"], files: inputs, output: "y.txt"
        ),
        ConvBadInput(
            name: "--output y.pgm for a 4-channel result",
            arguments: ["--n", "1", "--c", "3", "--k", "4", "--h", "8", "--w", "8"],
            mentions: ["1 image of 4 channels", ".pgm"], output: "y.pgm"),
        ConvBadInput(
            name: "--output y.ppm for a batch of two", arguments: npyArguments + ["--padding", "1"],
            mentions: ["2 images of 4 channels", ".ppm"], files: inputs, output: "y.ppm"),
        ConvBadInput(
            name: "both --filters and --filter", arguments: npyArguments + ["--filter", "sobel-x"],
            mentions: ["--filters", "--filter", "not both"], files: inputs),
        ConvBadInput(
            name: "--points that are not points",
            arguments: npyArguments + ["--backend", "generic", "--points", "0,1,x"],
            mentions: ["--points", "'x'"], files: inputs),
        ConvBadInput(
            name: "a filter larger than the image",
            arguments: ["--n", "1", "--c", "1", "--h", "2", "--w", "2", "--r", "3"],
            mentions: ["3×3", "2×2", "empty"]),
        ConvBadInput(
            name: "--image-scaling nosuch", arguments: npyArguments + ["--image-scaling", "nosuch"],
            mentions: ["'nosuch'", "--image-scaling <mode>", "'clamp', 'absolute', 'range' or 'auto'"], files: inputs),
    ]

    /// Runs `winograd conv arguments… --output <folder>/output` in a folder
    /// holding `files`, and checks the error and that the folder still
    /// holds exactly those files.
    static func check(_ input: ConvBadInput, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessResult
    {
        try withTemporaryDirectory { directory in
            for (name, bytes) in input.files { try Data(bytes).write(to: directory.appendingPathComponent(name)) }
            let output = directory.appendingPathComponent(input.output)
            // File arguments are given as full paths into the folder.
            let arguments = input.arguments.map {
                input.files[$0] != nil || $0.hasPrefix("nosuch.") ? directory.appendingPathComponent($0).path : $0
            }
            let result = try WinogradCLI.run(["conv"] + arguments + ["--output", output.path])
            expectCleanError(result, mentioning: input.mentions, sourceLocation: sourceLocation)
            #expect(
                result.stdout.isEmpty, "nothing should be printed on stdout\n\(result)", sourceLocation: sourceLocation)
            #expect(
                !FileManager.default.fileExists(atPath: output.path),
                "\(input.output) should not be written\n\(result)",
                sourceLocation: sourceLocation)
            #expect(
                try ConvTestSupport.contents(of: directory) == input.files.keys.sorted(),
                "the folder should hold only the inputs (no output, no temporary file)", sourceLocation: sourceLocation)
            return result
        }
    }

    @Test("bad conv arguments", arguments: cases)
    func badInput(_ input: ConvBadInput) throws {
        let result = try Self.check(input)
        if input.name == "a missing input file" || input.name == "a missing filters file" {
            // The hint names what conv reads, not verify's JSON.
            #expect(!(result.stderrLines.first ?? "").contains("JSON"), "\(result)")
            #expect((result.stderrLines.first ?? "").contains(".npy"), "\(result)")
        }
    }

    /// Files made by NumPy itself.
    static let numpyCases: [(name: String, script: String, mentions: [String])] = [
        (
            "a Fortran-order array", "np.save('bad.npy', np.asfortranarray(np.ones((2, 3, 11, 13), dtype=np.float32)))",
            ["bad.npy", "Fortran order", "ascontiguousarray"]
        ),
        (
            "an int32 array", "np.save('bad.npy', np.ones((2, 3, 11, 13), dtype=np.int32))",
            ["bad.npy", "int32", "astype"]
        ),
        ("a 3-D array", "np.save('bad.npy', np.ones((3, 11, 13), dtype=np.float32))", ["bad.npy", "3×11×13", "4-D"]),
        ("a big-endian array", "np.save('bad.npy', np.ones((2, 3, 11, 13), dtype='>f4'))", ["bad.npy", ">f4"]),
        (
            "an .npz archive",
            "np.savez('bad.npy', a=np.ones((2, 3, 11, 13), dtype=np.float32)); "
                + "import os; os.rename('bad.npy.npz', 'bad.npy')",
            ["bad.npy", "zip"]
        ),
    ]

    @Test(
        "bad .npy inputs written by NumPy", .enabled(if: Tools.hasNumPy, "python3 with numpy is not installed"),
        arguments: numpyCases.map(\.name))
    func numpyMadeInput(_ name: String) throws {
        let testCase = try #require(Self.numpyCases.first { $0.name == name })
        try withTemporaryDirectory { directory in
            let made = try ConvTestSupport.python("import numpy as np\n" + testCase.script, in: directory)
            try #require(made.succeeded, "\(made)")
            try Data(Self.w).write(to: directory.appendingPathComponent("w.npy"))
            let output = directory.appendingPathComponent("y.npy")
            let result = try WinogradCLI.run([
                "conv", "--input", directory.appendingPathComponent("bad.npy").path,
                "--filters", directory.appendingPathComponent("w.npy").path, "--output", output.path,
            ])
            expectCleanError(result, mentioning: testCase.mentions)
            #expect(result.stdout.isEmpty, "\(result)")
            #expect(!FileManager.default.fileExists(atPath: output.path))
            #expect(try ConvTestSupport.contents(of: directory) == ["bad.npy", "w.npy"])
        }
    }

    @Test("a failed write leaves no file behind (output folder missing)")
    func unwritableOutput() throws {
        try withTemporaryDirectory { directory in
            let output = directory.appendingPathComponent("no/such/folder/y.npy")
            let result = try WinogradCLI.run([
                "conv", "--n", "1", "--c", "1", "--k", "1", "--h", "4", "--w", "4", "--output", output.path,
            ])
            expectCleanError(result, mentioning: ["y.npy"])
            #expect(try ConvTestSupport.contents(of: directory).isEmpty)
        }
    }
}

@Suite("winograd bench conv")
struct BenchConvTests {
    static let methods = [
        "F(2x2,3x3)", "F(4x4,3x3)", "F(4x4) searched", "F(6x6,3x3)", "generic F(4x4)", "im2col", "direct", "auto → ",
        "transpose F(4x4)", "transpose col2im", "grad filter F(4x4)", "grad filter im2col", "grad filter direct",
    ]
    static let quickLayers = ["(1,16,16,20×20)", "(2,3,8,30×30)"]

    @Test("--quick --threads 1 --repetitions 1: the FMA peak and every method on each layer")
    func quick() throws {
        let result = try WinogradCLI.run(
            ["bench", "conv", "--quick", "--threads", "1", "--repetitions", "1"], timeout: 120)
        try #require(result.succeeded, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let lines = result.stdoutLines
        let peak = try #require(lines.first, "\(result)")
        #expect(peak.hasPrefix("FMA peak ("), "\(result)")
        #expect(peak.contains("single precision): 1 thread ") && peak.hasSuffix(" GFLOP/s"), "\(result)")
        #expect(["avx512", "avx2", "portable"].contains { peak.contains("(\($0),") }, "\(result)")
        #expect(
            lines.contains {
                $0.hasPrefix("layer (N,C,K,H×W)") && $0.contains("method") && $0.contains("of peak")
                    && $0.contains("error")
            },
            "\(result)")

        var rows = 0
        for layer in Self.quickLayers {
            for method in Self.methods {
                // "<layer>  <threads>  <method>  ms  GFLOP/s  % of peak  ×  error"
                let row = lines.first { line in
                    let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                    return fields.first == layer && fields.count >= 2 && fields[1] == "1"
                        && line.contains("  \(method)")
                }
                guard let row else {
                    Issue.record("no row for \(method) on \(layer)\n\(result)")
                    continue
                }
                rows += 1
                let fields = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                let error = try #require(fields.last.flatMap(Double.init), "\(row)")
                #expect(error < 1e-4, "relative error \(error) for \(method) on \(layer)")
                #expect(fields.contains { $0.hasSuffix("%") } && fields.contains { $0.hasSuffix("×") }, "\(row)")
                if ["im2col", "transpose col2im", "grad filter im2col"].contains(method) {
                    #expect(row.contains(" 1.00× "), "against itself: \(row)")
                }
            }
        }
        #expect(rows == Self.quickLayers.count * Self.methods.count)
        #expect(lines.count == 2 + rows, "one peak line, one header and one row per layer and method\n\(result)")
    }

    @Test("--threads 0 is a clean error")
    func badThreads() throws {
        expectCleanError(
            try WinogradCLI.run(["bench", "conv", "--quick", "--threads", "0"]), mentioning: ["--threads '0'"])
    }
}
