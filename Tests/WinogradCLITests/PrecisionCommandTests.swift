import Foundation
import TestSupport
import Testing

@Suite("precision command")
struct PrecisionCommandTests {
    /// Moduli are measured beside the points for the sizes they fit: F(4×4)
    /// with x² + 1 in place of ±2 errs well below the default points in
    /// float32 and float16; a list that fits no size is an error; the
    /// emitted modes run the emitted programs for them.
    @Test func moduliBesideThePoints() throws {
        let json = try WinogradCLI.run([
            "precision", "--m", "3,4", "--dims", "2", "--samples", "300", "--format", "float32,float16",
            "--moduli", "x,x-1,x+1,x^2+1,inf", "--output", "json",
        ])
        #expect(json.succeeded, "\(json)")
        let results = try #require(try jsonObject(json.stdout)["results"] as? [[String: Any]])
        // default at m = 3 and 4, the moduli at m = 4 only; two formats each.
        #expect(results.count == 6, "\(results)")
        for format in ["float32", "float16"] {
            func error(_ set: String) throws -> Double {
                try #require(
                    results.first {
                        $0["m"] as? Int == 4 && $0["point_set"] as? String == set && $0["format"] as? String == format
                    }?[
                        "mean_abs_error"] as? Double, "\(set) \(format)")
            }
            let ratio = try error("x,x-1,x+1,x^2+1,inf") / error("default")
            #expect(ratio < 0.5, "\(format): moduli / default = \(ratio)")
        }
        let none = try WinogradCLI.run(["precision", "--m", "2", "--moduli", "x,x-1,x+1,x^2+1,inf"])
        expectCleanError(none, mentioning: ["--moduli", "add up to n = m + r - 1 = 4"])
        // The emitted modes run the emitter's programs for moduli too: near the fma figure.
        let emitted = try WinogradCLI.run([
            "precision", "--m", "4", "--dims", "2", "--samples", "300", "--moduli", "x,x-1,x+1,x^2+1,inf",
            "--mode", "fma,emitted-fma", "--output", "json",
        ])
        try #require(emitted.succeeded, "\(emitted)")
        let rows = try #require(try jsonObject(emitted.stdout)["results"] as? [[String: Any]], "\(emitted)")
        let errors = Dictionary(
            uniqueKeysWithValues: rows.filter { $0["point_set"] as? String == "x,x-1,x+1,x^2+1,inf" }.compactMap {
                row in
                (row["mode"] as? String).flatMap { mode in (row["mean_abs_error"] as? Double).map { (mode, $0) } }
            })
        let (fma, program) = (try #require(errors["fma"]), try #require(errors["emitted-fma"]))
        #expect(program > 0.5 * fma && program < 2 * fma, "emitted-fma \(program) against fma \(fma)")
    }

    @Test func tableCsvAndJson() throws {
        let table = try WinogradCLI.run([
            "precision", "--r", "3", "--m", "2...4", "--dims", "2", "--samples", "100",
            "--points", "default", "--points", "onednn", "--format", "float32,float16", "--mode", "plain,fma",
        ])
        #expect(table.succeeded, "\(table)")
        #expect(table.stdout.contains("seed 1, 100 tiles per configuration"))
        #expect(table.stdout.contains("F(4×4,3×3)  onednn"), "\(table)")
        #expect(table.stdoutLines.filter { $0.hasPrefix("F(") }.count == 3 * 2 * 2 + 2 * 2)
        let csv = try WinogradCLI.run(["precision", "--m", "2,3", "--samples", "50", "--output", "csv"])
        #expect(csv.succeeded && csv.stdoutLines.count == 3, "\(csv)")
        #expect(
            csv.stdoutLines.first?.hasPrefix(
                "dims,m,r,point_set,points,format,mode,distribution,seed,samples,mean_abs_error") == true)
        let json = try WinogradCLI.run([
            "precision", "--m", "4", "--samples", "50", "--output", "json",
            "--points", "0,1,-1,1/2,-1/2,2,-2",
        ])
        #expect(json.succeeded, "\(json)")
        let object = try jsonObject(json.stdout)
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == 1 && results[0]["point_set"] as? String == "custom")
        #expect(results[0]["points"] as? String == "0, 1, -1, 1/2, -1/2, inf")
    }

    @Test("overflow in float32 is reported as overflow, never as nan beside finite numbers")
    func overflowIsSaid() throws {
        // F(50,3)'s transforms overflow float32 (NaN outputs); F(4,3) stays finite.
        let table = try WinogradCLI.run(["precision", "--m", "4,50", "--samples", "20"])
        #expect(table.succeeded, "\(table)")
        let row = try #require(table.stdoutLines.first { $0.hasPrefix("F(50,3)") }, "\(table)")
        #expect(row.components(separatedBy: "overflow").count == 4, "mean, rel L2 and max\n\(table)")
        #expect(!table.stdout.contains("nan"), "\(table)")
        #expect(table.stdoutLines.first { $0.hasPrefix("F(4,3)") }?.contains("overflow") == false, "\(table)")
        let csv = try WinogradCLI.run(["precision", "--m", "50", "--samples", "20", "--output", "csv"])
        #expect(csv.stdoutLines.last?.contains(",overflow,overflow,overflow,") == true, "\(csv)")
        #expect(!csv.stdout.contains("nan"), "\(csv)")
        let json = try WinogradCLI.run(["precision", "--m", "4,50", "--samples", "20", "--output", "json"])
        let results = try #require(try jsonObject(json.stdout)["results"] as? [[String: Any]], "\(json)")
        #expect(results.map { $0["overflow"] as? Bool } == [false, true], "\(json)")
        #expect(results[1]["max_abs_error"] is NSNull && results[1]["mean_abs_error"] is NSNull, "\(json)")
        #expect(results[0]["max_abs_error"] is Double, "\(json)")
    }

    @Test func severalFilterSizes() throws {
        let result = try WinogradCLI.run(["precision", "--r", "3,5", "--m", "2,4", "--samples", "50"])
        #expect(result.succeeded, "\(result)")
        for tile in ["F(2,3)", "F(4,3)", "F(2,5)", "F(4,5)"] {
            #expect(result.stdout.contains(tile + " "), "\(tile)\n\(result)")
        }
        let svg = try WinogradCLI.run(["precision", "--r", "3,5", "--m", "2,4", "--samples", "50", "--output", "svg"])
        #expect(svg.stdout.contains(">default float32 plain r=5</text>"), "\(svg)")
    }

    @Test func svgPlot() throws {
        let svg = try WinogradCLI.run([
            "precision", "--m", "2...5", "--dims", "2", "--samples", "50", "--points", "default",
            "--points", "barabasz", "--output", "svg",
        ])
        #expect(svg.succeeded, "\(svg)")
        #expect(svg.stdout.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.stdout.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(
            svg.stdout.contains(">default float32 plain</text>")
                && svg.stdout.contains(">barabasz float32 plain</text>"))
        #expect(svg.stdout.contains("tile size m") && svg.stdout.contains("mean |error| (log scale)"))
        #expect(svg.stdout.hasSuffix("</svg>\n"))
    }

    @Test func normalDistributionAndSearchWithoutInfinity() throws {
        let normal = try WinogradCLI.run([
            "precision", "--m", "2,4", "--samples", "100", "--distribution", "normal", "--output", "json",
        ])
        #expect(normal.succeeded, "\(normal)")
        #expect(normal.stdout.contains("\"distribution\": \"normal(0,1)\""))
        let uniform = try WinogradCLI.run(["precision", "--m", "2,4", "--samples", "100", "--output", "json"])
        #expect(uniform.stdout != normal.stdout)
        let search = try WinogradCLI.run([
            "points", "search", "--m", "2", "--budget", "2", "--samples", "100", "--infinity", "both",
        ])
        #expect(search.succeeded, "\(search)")
        expectCleanError(
            try WinogradCLI.run(["precision", "--distribution", "cauchy"]),
            mentioning: ["'cauchy'", "--distribution", "'uniform' and 'normal'"])
        expectCleanError(
            try WinogradCLI.run(["points", "search", "--m", "3", "--infinity", "never"]),
            mentioning: ["'never'", "--infinity", "'with' and 'both'"])
    }

    @Test func pointsSearch() throws {
        let result = try WinogradCLI.run([
            "points", "search", "--m", "3", "--r", "3", "--budget", "2", "--samples", "100",
        ])
        #expect(result.succeeded, "\(result)")
        let last = try #require(result.stdoutLines.last)
        #expect(last.hasPrefix("--points "))
        // The printed set is usable as it is.
        let points = String(last.dropFirst("--points ".count))
        let derive = try WinogradCLI.run(["derive", "--m", "3", "--r", "3", "--points", points])
        #expect(derive.succeeded, "\(derive)")
        let ranked = try WinogradCLI.run([
            "points", "search", "--m", "4", "--budget", "1", "--samples", "100", "--pairs", "--show", "2",
        ])
        #expect(ranked.succeeded, "\(ranked)")
        #expect(
            ranked.stdoutLines.contains { $0.hasPrefix("  1. ") }
                && ranked.stdoutLines.contains { $0.hasPrefix("  2. ") }, "\(ranked)")
        #expect(!ranked.stdoutLines.contains { $0.hasPrefix("  3. ") }, "\(ranked)")
        // With --surd the printed set may hold surds; derive and verify read it as it is.
        let surds = try WinogradCLI.run([
            "points", "search", "--m", "4", "--dims", "1", "--budget", "2", "--samples", "100", "--surd", "2",
            "--show", "40",
        ])
        #expect(surds.succeeded, "\(surds)")
        #expect(surds.stdoutLines.contains { $0.hasPrefix("  ") && $0.contains("sqrt(2)") }, "\(surds)")
        let surdSet = try #require(
            surds.stdoutLines.first { $0.hasPrefix("  ") && $0.contains("sqrt(2)") }?.split(separator: " ")
                .dropFirst().first)
        let algebraic = try WinogradCLI.run(["derive", "--m", "4", "--r", "3", "--points", String(surdSet)])
        #expect(algebraic.succeeded, "\(algebraic)")
        for arguments in [
            ["--m", "0"], ["--m", "3", "--format", "float8"], ["--m", "3", "--budget", "0"],
            ["--m", "3", "--dims", "4"], ["--m", "3", "--show", "0"], ["--m", "3", "--surd", "4"],
            ["--m", "3", "--surd", "1"],
        ] {
            expectCleanError(
                try WinogradCLI.run(["points", "search"] + arguments), mentioning: [arguments[arguments.count - 2]])
        }
    }

    @Test(
        "bad precision arguments",
        arguments: [
            (["--m", "0"], ["--m '0'"]), (["--r", "3,x"], ["--r '3,x'"]), (["--m", "5...2"], ["--m '5...2'"]),
            (["--points", "nosuch"], ["--points 'nosuch'"]),
            (["--format", "float8"], ["'float8'", "--format", "float32"]),
            (["--format", "float32,x"], ["'float32,x'", "--format"]),
            (["--mode", "huffman2"], ["'huffman2'", "--mode", "huffman"]),
            (["--dims", "3"], ["--dims 3"]), (["--samples", "0"], ["--samples 0"]),
            (["--output", "svg2"], ["'svg2'", "--output", "'table', 'csv', 'json' or 'svg'"]),
            (["--points", "searched", "--m", "13"], ["no point set defines"]),
            (["--points", "0,1,1"], ["given twice"]), (["--points", "onednn", "--m", "2"], ["onednn is F(4,3) only"]),
        ])
    func badArguments(arguments: [String], mentions: [String]) throws {
        expectCleanError(try WinogradCLI.run(["precision"] + arguments), mentioning: mentions)
    }

    /// The CSV form reads back into the header's columns: the distribution
    /// ("uniform[-1,1]") and the points ("0, 1, -1, inf") hold commas.
    @Test func csvReadsBackIntoTheHeadersColumns() throws {
        let result = try WinogradCLI.run([
            "precision", "--m", "2,4", "--samples", "50", "--points", "default",
            "--points", "0,1,-1,2,-2,1/2,-1/2", "--output", "csv",
        ])
        #expect(result.succeeded, "\(result)")
        let records = CSVText.records(result.stdout)
        let header = try #require(records.first)
        #expect(header.first == "dims" && header.contains("distribution") && header.contains("points"))
        #expect(records.count == 5, "\(result)")
        for record in records.dropFirst() {
            #expect(record.count == header.count, "\(record)")
            let row = Dictionary(uniqueKeysWithValues: zip(header, record))
            #expect(row["distribution"] == "uniform[-1,1]", "\(row)")
            #expect(row["format"] == "float32", "\(row)")
        }
        guard let python3 = Tools.python3 else {
            print("skipping the python3 csv check: python3 is not on PATH")
            return
        }
        let script = """
            import csv, sys
            rows = list(csv.reader(sys.stdin))
            header, data = rows[0], rows[1:]
            assert all(len(row) == len(header) for row in data), [len(row) for row in rows]
            records = [dict(zip(header, row)) for row in data]
            assert {r["distribution"] for r in records} == {"uniform[-1,1]"}, records
            assert records[0]["points"] == "0, 1, -1, inf", records[0]
            float(records[0]["mean_abs_error"])
            print(len(data), "rows of", len(header), "fields")
            """
        let read = try WinogradCLI.runProgram(python3, ["-c", script], stdin: result.stdout)
        #expect(read.succeeded, "\(read)")
        #expect(read.stdout == "4 rows of \(header.count) fields\n", "\(read)")
    }
}

@Suite("precision with algebraic points")
struct PrecisionAlgebraicTests {
    @Test func sqrtPointsAreMeasured() throws {
        let result = try WinogradCLI.run([
            "precision", "--m", "4", "--dims", "2", "--samples", "200", "--points", "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2",
            "--output", "csv",
        ])
        #expect(result.succeeded, "\(result)")
        #expect(
            result.stdout.contains("custom-sqrt2,\"0, sqrt(2)/2, -sqrt(2)/2, sqrt(2), -sqrt(2), inf\""), "\(result)")
        let emitted = try WinogradCLI.run([
            "precision", "--m", "4", "--points", "0,sqrt2,-sqrt2,1,-1", "--mode", "emitted", "--samples", "200",
        ])
        #expect(emitted.succeeded, "\(emitted)")
        #expect(emitted.stdout.contains("custom-sqrt2") && emitted.stdout.contains("emitted"), "\(emitted)")
        let short = try WinogradCLI.run(["precision", "--m", "4", "--points", "0,sqrt2,-sqrt2,1"])
        expectCleanError(short, mentioning: ["m + r − 2 finite points", "F(4,3): 5"])
        let mixed = try WinogradCLI.run(["precision", "--m", "4", "--points", "0,sqrt2,-sqrt3,1"])
        #expect(!mixed.succeeded && mixed.stderr.hasPrefix("Error:") && mixed.stderr.contains("different fields"))
    }
}

@Suite("precision of a transform given as JSON")
struct PrecisionTransformFileTests {
    /// `x·p/q` for an exact entry as `derive --format json` writes it ("-3/2", "4").
    static func scaled(_ entry: String, by numerator: Int, over denominator: Int) -> String {
        let parts = entry.split(separator: "/").map { Int($0)! }
        return "\(parts[0] * numerator)/\((parts.count == 2 ? parts[1] : 1) * denominator)"
    }

    /// A transform file is measured as derived: F(6,3) from moduli, as written
    /// by derive, gives the --moduli figure bit for bit; moved to another
    /// scaling (product t's G row times ±2^(t mod 3), its BT row divided by
    /// it, as another tool may place the Lagrange denominators) it still
    /// verifies, and in `fma` mode gives the same errors bit for bit, since
    /// scaling by powers of two commutes with rounding. The emitted mode runs
    /// the emitter's program for the rescaled matrices.
    @Test func derivedAndRescaledFilesMeasureAsDerived() throws {
        let moduli = "x,x+1/2,x-1/2,x+2,x-2,x^2+1,inf"
        let derived = try WinogradCLI.run(["derive", "--m", "6", "--r", "3", "--moduli", moduli, "--format", "json"])
        try #require(derived.succeeded, "\(derived)")
        var object = try jsonObject(derived.stdout)
        var G = try #require(object["G"] as? [[String]])
        var BT = try #require(object["BT"] as? [[String]])
        for t in G.indices {
            let factor = (t % 2 == 0 ? 1 : -1) << (t % 3)
            G[t] = G[t].map { Self.scaled($0, by: factor, over: 1) }
            BT[t] = BT[t].map { Self.scaled($0, by: factor.signum(), over: abs(factor)) }
        }
        object["G"] = G
        object["BT"] = BT
        try withTemporaryDirectory { directory in
            let original = directory.appendingPathComponent("derived.json")
            let rescaled = directory.appendingPathComponent("rescaled.json")
            try derived.stdout.write(to: original, atomically: true, encoding: .utf8)
            try JSONSerialization.data(withJSONObject: object).write(to: rescaled)
            let verified = try WinogradCLI.run(["verify", rescaled.path])
            #expect(verified.succeeded && verified.stdout.contains("over 9 products"), "\(verified)")
            let run = try WinogradCLI.run([
                "precision", "--m", "6", "--dims", "2", "--samples", "300", "--moduli", moduli,
                "--transform", original.path, "--transform", rescaled.path, "--mode", "fma,emitted-fma",
                "--output", "json",
            ])
            try #require(run.succeeded, "\(run)")
            let rows = try #require(try jsonObject(run.stdout)["results"] as? [[String: Any]], "\(run)")
            func error(_ set: String, _ mode: String) throws -> Double {
                try #require(
                    rows.first { $0["point_set"] as? String == set && $0["mode"] as? String == mode }?[
                        "mean_abs_error"] as? Double, "\(set) \(mode): \(run.stdout)")
            }
            // Points default, the moduli and the two files, two modes each.
            #expect(rows.count == 8, "\(run.stdout)")
            let fma = try error(moduli, "fma")
            #expect(try error("derived.json", "fma") == fma)
            #expect(try error("rescaled.json", "fma") == fma)
            #expect(try error("derived.json", "emitted-fma") == error(moduli, "emitted-fma"))
            let program = try error("rescaled.json", "emitted-fma")
            #expect(program > 0.5 * fma && program < 2 * fma, "emitted-fma \(program) against fma \(fma)")
            // ... and well below the default points (about 3.5× in float32).
            #expect(try fma < 0.5 * error("default", "fma"))
        }
    }

    @Test func badFilesAreOneErrorLine() throws {
        let derived = try WinogradCLI.run(["derive", "--m", "4", "--r", "3", "--format", "json"])
        try #require(derived.succeeded, "\(derived)")
        var broken = try jsonObject(derived.stdout)
        var G = try #require(broken["G"] as? [[String]])
        G[1][0] = "7/3"
        broken["G"] = G
        let nested = try WinogradCLI.run(["derive", "--m", "4", "--r", "3", "--dims", "2", "--format", "json"])
        try withTemporaryDirectory { directory in
            let good = directory.appendingPathComponent("f43.json")
            let wrong = directory.appendingPathComponent("broken.json")
            let twoD = directory.appendingPathComponent("nested.json")
            try derived.stdout.write(to: good, atomically: true, encoding: .utf8)
            try JSONSerialization.data(withJSONObject: broken).write(to: wrong)
            try nested.stdout.write(to: twoD, atomically: true, encoding: .utf8)
            let size = try WinogradCLI.run(["precision", "--m", "6", "--transform", good.path])
            expectCleanError(size, mentioning: [good.path, "F(4,3)", "--m 4 --r 3"])
            let inexact = try WinogradCLI.run(["precision", "--m", "4", "--transform", wrong.path])
            expectCleanError(inexact, mentioning: [wrong.path, "not exact"])
            let nestedRun = try WinogradCLI.run(["precision", "--m", "4", "--transform", twoD.path])
            expectCleanError(nestedRun, mentioning: [twoD.path, "nested", "--dims 2"])
            let garbage = try WinogradCLI.run(["precision", "--m", "4", "--transform", "-"], stdin: "{\"AT\": 1")
            expectCleanError(garbage, mentioning: ["standard input", "not valid JSON"])
            let missing = try WinogradCLI.run([
                "precision", "--transform", directory.appendingPathComponent("none").path,
            ])
            expectCleanError(missing, mentioning: ["none"])
        }
    }
}
