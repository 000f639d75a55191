import Foundation
import TestSupport
import Testing

@Suite("emit: files and frames (the committed set: GeneratedCodeTests)")
struct EmitCommandTests {
    @Test func emitsCAndSwiftWithStats() throws {
        try withTemporaryDirectory { directory in
            let c = try WinogradCLI.run([
                "emit", "--m", "6", "--r", "3", "--language", "c", "--precision", "double",
                "--prefix", "f63", "--output", directory.path, "--stats", "--fma",
            ])
            try #require(c.succeeded, "\(c)")
            #expect(c.stdout.contains("input        24"), "\(c)")
            #expect(c.stdout.contains("output       20"), "\(c)")
            let header = try String(contentsOf: directory.appendingPathComponent("f63.h"), encoding: .utf8)
            for name in [
                "f63_filter_transform(const double *g, double *u)", "f63_input_transform(const double *d, double *v)",
                "f63_output_transform(const double *x, double *y)",
                "f63_input_transform_strided(const double *d, double *v, size_t v_stride)",
            ] {
                #expect(header.contains(name), "\(name) missing from\n\(header)")
            }
            #expect(header.contains("winograd emit --m 6 --r 3 --language c --precision double --prefix f63 --fma"))
            let source = try String(contentsOf: directory.appendingPathComponent("f63.c"), encoding: .utf8)
            #expect(source.contains("fma("))
            let swift = try WinogradCLI.run([
                "emit", "--m", "4x2", "--r", "3x1", "--language", "swift", "--prefix", "Tile42",
                "--output", directory.path,
            ])
            try #require(swift.succeeded, "\(swift)")
            let text = try String(contentsOf: directory.appendingPathComponent("Tile42.swift"), encoding: .utf8)
            #expect(text.contains("public enum Tile42 {"))
            #expect(
                text.contains(
                    "public static func inputTransform(_ d: UnsafePointer<Float>, rowStride dRowStride: Int, "
                        + "_ v: UnsafeMutablePointer<Float>, stride vStride: Int)"
                ))
        }
    }

    /// Points in ℚ(√2) and moduli of degree 2 emit as rational points do:
    /// default names that say which, the command that reproduces them, the
    /// points or moduli in the header, irrational constants as hex literals
    /// with their exact value beside them, and 7 products per axis for one
    /// quadratic modulus. (CompiledKernelTests runs such kernels.)
    @Test func emitsAlgebraicPointsAndModuli() throws {
        try withTemporaryDirectory { directory in
            let sqrt2 = try WinogradCLI.run([
                "emit", "--m", "4", "--r", "3", "--dims", "2", "--points", "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2",
                "--output", directory.path, "--fma", "--stats",
            ])
            try #require(sqrt2.succeeded, "\(sqrt2)")
            #expect(sqrt2.stdout.contains("F(4×4,3×3), with FMA"), "\(sqrt2)")
            let source = try String(
                contentsOf: directory.appendingPathComponent("winograd_f4x4_3x3_sqrt2_float.c"), encoding: .utf8)
            #expect(
                source.contains(
                    "winograd emit --m 4 --r 3 --dims 2 --points 0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2 --language c "
                        + "--precision float --prefix winograd_f4x4_3x3_sqrt2_float --fma"), "\(source.prefix(400))")
            #expect(source.contains("0x1.e2b7dep-2f /* sqrt(2)/3 */"), "√2/3 rounded once, named exactly")
            let header = try String(
                contentsOf: directory.appendingPathComponent("winograd_f4x4_3x3_sqrt2_float.h"), encoding: .utf8)
            #expect(header.contains("Points: 0, sqrt(2)/2, -sqrt(2)/2, sqrt(2), -sqrt(2), inf"))

            let moduli = try WinogradCLI.run([
                "emit", "--m", "4", "--r", "3", "--moduli", "x,x-1,x+1,x^2+1,inf", "--language", "swift",
                "--output", directory.path,
            ])
            try #require(moduli.succeeded, "\(moduli)")
            let swift = try String(
                contentsOf: directory.appendingPathComponent("WinogradF4_3ModuliFloat.swift"), encoding: .utf8)
            #expect(swift.contains("Points: moduli x,x-1,x+1,x^2+1,inf"))
            #expect(swift.contains("--moduli 'x,x-1,x+1,x^2+1,inf'"))
            #expect(swift.contains("v[6] = "), "7 products")
            #expect(!swift.contains("v[7] = "), "7 products, not 8")
        }
    }

    /// emit --transform: a derived transform read back from JSON emits the
    /// very kernels emit --m writes (only the regenerate line differs), 1-D
    /// nested on --dims axes or a nested document as it is; a moduli file
    /// names its kernels as --moduli does. Conflicting options, a nested
    /// document against --dims, and a broken identity are one Error line.
    @Test func emitsATransformFile() throws {
        try withTemporaryDirectory { directory in
            let json = try WinogradCLI.run(["derive", "--m", "4", "--r", "3", "--format", "json"])
            let nested = try WinogradCLI.run(["derive", "--m", "4", "--r", "3", "--dims", "2", "--format", "json"])
            let moduli = try WinogradCLI.run([
                "derive", "--m", "6", "--r", "3", "--moduli", "x,x+1/2,x-1/2,x+2,x-2,x^2+1,inf", "--format", "json",
            ])
            try #require(json.succeeded && nested.succeeded && moduli.succeeded)
            let file = directory.appendingPathComponent("f43.json")
            let nestedFile = directory.appendingPathComponent("f4x4.json")
            let moduliFile = directory.appendingPathComponent("f63.json")
            try json.stdout.write(to: file, atomically: true, encoding: .utf8)
            try nested.stdout.write(to: nestedFile, atomically: true, encoding: .utf8)
            try moduli.stdout.write(to: moduliFile, atomically: true, encoding: .utf8)
            func source(_ arguments: [String], _ folder: String) throws -> [String] {
                let out = directory.appendingPathComponent(folder)
                let run = try WinogradCLI.run(["emit"] + arguments + ["--fma", "--output", out.path])
                try #require(run.succeeded, "\(run)")
                let text = try String(
                    contentsOf: out.appendingPathComponent("winograd_f4x4_3x3_float.c"), encoding: .utf8)
                return text.split(separator: "\n").map(String.init)
            }
            let derived = try source(["--m", "4", "--r", "3", "--dims", "2"], "derived")
            for (arguments, folder) in [
                (["--transform", file.path, "--dims", "2"], "file"), (["--transform", nestedFile.path], "nested"),
            ] {
                let read = try source(arguments, folder)
                #expect(read.count == derived.count, "\(arguments)")
                let differing = zip(read, derived).filter { $0 != $1 }
                #expect(differing.count == 1, "\(arguments): \(differing)")
                #expect(differing.first?.0.contains("winograd emit --transform") == true, "\(differing)")
            }
            let run = try WinogradCLI.run([
                "emit", "--transform", moduliFile.path, "--language", "swift", "--output", directory.path,
            ])
            try #require(run.succeeded, "\(run)")
            let swift = try String(
                contentsOf: directory.appendingPathComponent("WinogradF6_3ModuliFloat.swift"), encoding: .utf8)
            #expect(swift.contains("Points: moduli x,x+1/2,x-1/2,x+2,x-2,x^2+1,inf"), "\(swift.prefix(400))")

            let both = try WinogradCLI.run(["emit", "--transform", file.path, "--m", "4", "--output", directory.path])
            expectCleanError(both, mentioning: ["--transform", "--m"])
            let dims = try WinogradCLI.run([
                "emit", "--transform", nestedFile.path, "--dims", "1", "--output", directory.path,
            ])
            expectCleanError(dims, mentioning: [nestedFile.path, "2-D", "--dims 1"])
            var broken = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            var G = try #require(broken["G"] as? [[String]])
            G[0][0] = "1/3"
            broken["G"] = G
            let brokenFile = directory.appendingPathComponent("broken.json")
            try JSONSerialization.data(withJSONObject: broken).write(to: brokenFile)
            let inexact = try WinogradCLI.run(["emit", "--transform", brokenFile.path, "--output", directory.path])
            expectCleanError(inexact, mentioning: [brokenFile.path, "not exact"])
        }
    }

    /// A frame that makes every function static inline, as a header-only
    /// library would, compiles when the source is included.
    @Test func customFramesStaticInline() throws {
        guard let cc = Tools.cc else {
            Issue.record("no C compiler")
            return
        }
        try withTemporaryDirectory { directory in
            let frames = directory.appendingPathComponent("frames")
            let export = try WinogradCLI.run(["templates", "--export", frames.path])
            try #require(export.succeeded, "\(export)")
            let sourceFrame = frames.appendingPathComponent("c/source.c.mustache")
            let edited = try String(contentsOf: sourceFrame, encoding: .utf8)
                .replacingOccurrences(of: "\nvoid {{name}}", with: "\nstatic inline void {{name}}")
                .replacingOccurrences(of: "#include \"{{prefix}}.h\"", with: "#include <stddef.h>")
            try edited.write(to: sourceFrame, atomically: true, encoding: .utf8)
            let out = directory.appendingPathComponent("out")
            let emit = try WinogradCLI.run([
                "emit", "--m", "2", "--r", "3", "--dims", "2", "--prefix", "k", "--output", out.path,
                "--templates", frames.path,
            ])
            try #require(emit.succeeded, "\(emit)")
            let source = try String(contentsOf: out.appendingPathComponent("k.c"), encoding: .utf8)
            #expect(source.components(separatedBy: "static inline void k_").count - 1 == 6)
            let main = """
                #include <stdio.h>
                #include "k.c"
                int main(void) {
                    float g[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, d[16], u[16], v[16], x[16], y[4];
                    float us[48], vs[48], xs[48], ys[8];
                    int k;
                    for (k = 0; k < 16; k++) d[k] = (float)k;
                    k_filter_transform(g, u); k_input_transform(d, v);
                    for (k = 0; k < 16; k++) x[k] = u[k] * v[k];
                    k_output_transform(x, y);
                    k_filter_transform_strided(g, us, 3); k_input_transform_strided(d, 4, vs, 3);
                    for (k = 0; k < 16; k++) xs[3 * k] = us[3 * k] * vs[3 * k];
                    k_output_transform_strided(xs, 3, ys, 4);
                    printf("%g %g %g %g %g\\n", y[0], y[1], y[2], y[3], ys[5]);
                    return 0;
                }
                """
            try main.write(to: out.appendingPathComponent("main.c"), atomically: true, encoding: .utf8)
            let build = try WinogradCLI.runProgram(
                cc, ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-o", "main", "main.c"],
                currentDirectory: out)
            try #require(build.succeeded, "\(build)")
            let run = try WinogradCLI.runProgram(out.appendingPathComponent("main"), [])
            // d[i][j] = 4i + j, g = 1…9: y[0][0] = Σ (4a + b)·g[a][b] = 303;
            // a step right adds Σg = 45, a step down 4·45.
            #expect(run.stdout == "303 348 483 528 528\n", "\(run)")
        }
    }

    /// The tool carries its frames: a binary copied alone still emits.
    @Test func binaryCopiedAloneStillEmits() throws {
        try withTemporaryDirectory { directory in
            let copy = directory.appendingPathComponent("winograd")
            try FileManager.default.copyItem(at: try WinogradCLI.executable(), to: copy)
            let result = try WinogradCLI.runProgram(
                copy, ["emit", "--m", "4", "--r", "3", "--output", "out"], currentDirectory: directory)
            #expect(result.succeeded, "\(result)")
            #expect(
                FileManager.default.fileExists(
                    atPath: directory.appendingPathComponent("out/winograd_f4_3_float.c").path))
        }
    }

    @Test(
        "bad emit arguments give one clear error and write nothing",
        arguments: [
            (["--m", "4", "--r", "3", "--language", "rust"], ["'rust'", "--language", "glsl, wgsl"]),
            (["--m", "4", "--r", "3", "--precision", "half"], ["'half'", "--precision", "'float' and 'double'"]),
            (["--m", "4", "--r", "3", "--prefix", "9lives"], ["--prefix '9lives'"]),
            (["--m", "4", "--r", "3", "--prefix", "a-b"], ["--prefix 'a-b'"]),
            (["--m", "0", "--r", "3"], ["m = 0"]),
            (["--m", "4", "--r", "3", "--dims", "3"], ["--dims 3"]),
            (["--m", "4", "--r", "3", "--points", "0,1,1,2,-2"], ["given twice"]),
            (["--m", "4", "--r", "3", "--templates", "/nonexistent-frames"], ["--templates '/nonexistent-frames'"]),
            (["--all", "--m", "4"], ["--all"]),
            (["--r", "3"], ["--m"]),
        ])
    func badArguments(arguments: [String], mentions: [String]) throws {
        try withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("out")
            let result = try WinogradCLI.run(["emit"] + arguments + ["--output", out.path])
            expectCleanError(result, mentioning: mentions)
            #expect(!FileManager.default.fileExists(atPath: out.path), "output written despite the error")
        }
    }

    @Test func badFrameIsReportedWithItsLine() throws {
        try withTemporaryDirectory { directory in
            let frames = directory.appendingPathComponent("frames/c")
            try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
            try "/* {{prefix}} */\n{{#functions}}\n{{nme}}\n{{/functions}}\n".write(
                to: frames.appendingPathComponent("source.c.mustache"), atomically: true, encoding: .utf8)
            let result = try WinogradCLI.run([
                "emit", "--m", "2", "--r", "3", "--output", directory.appendingPathComponent("out").path,
                "--templates", directory.appendingPathComponent("frames").path,
            ])
            expectCleanError(result, mentioning: ["source.c.mustache, line 3", "unknown name 'nme'"])
        }
    }
}
