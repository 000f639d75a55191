import Foundation
import TestSupport
import Testing

/// `emit --language cuda|opencl|glsl|wgsl`: one file each, the same
/// simplified program as C (the same operation counts), the frames
/// replaceable, bad combinations one error line. Compiling and running the
/// files: GPUKernelTests (WinogradEmitterTests).
@Suite("emit: GPU languages")
struct GPUEmitTests {
    static let languages: [(language: String, file: String, signature: String)] = [
        ("cuda", "k.cu", "__device__ __forceinline__ void k_input_transform(const float *d, float *v)"),
        ("opencl", "k.cl", "__kernel void k_input_transform_batch("),
        ("glsl", "k.comp", "void k_input_transform(const in float d[36], out float v[36])"),
        ("wgsl", "k.wgsl", "fn k_input_transform(d: array<f32, 36>) -> array<f32, 36> {"),
    ]

    @Test(arguments: languages.map(\.language))
    func emitsOneFileWithTheSameOperationsAsC(language: String) throws {
        let expected = try #require(Self.languages.first { $0.language == language })
        try withTemporaryDirectory { directory in
            func emit(_ language: String) throws -> ProcessResult {
                try WinogradCLI.run([
                    "emit", "--m", "4", "--r", "3", "--dims", "2", "--language", language, "--prefix", "k",
                    "--fma", "--output", directory.appendingPathComponent(language).path,
                ])
            }
            let c = try emit("c")
            try #require(c.succeeded, "\(c)")
            let result = try emit(language)
            try #require(result.succeeded, "\(result)")
            let folder = directory.appendingPathComponent(language)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [expected.file])
            let text = try String(contentsOf: folder.appendingPathComponent(expected.file), encoding: .utf8)
            #expect(text.contains(expected.signature), "\(expected.signature) missing from\n\(text)")
            for kind in ["filter", "input", "output"] {
                #expect(text.contains("k_\(kind)_transform_batch") || language == "glsl")
            }
            // The same simplified program: the header's operation counts are C's.
            let header = try String(
                contentsOf: directory.appendingPathComponent("c/k.h"), encoding: .utf8)
            let counts = header.split(separator: "\n").filter { $0.contains(" transform: ") }
                .map { $0.drop { $0 != "t" && $0 != "f" && $0 != "i" && $0 != "o" } }
            #expect(counts.count == 3)
            for line in counts { #expect(text.contains(line), "\(language): '\(line)' missing") }
            let again = try emit(language)
            try #require(again.succeeded, "\(again)")
            #expect(
                try String(contentsOf: folder.appendingPathComponent(expected.file), encoding: .utf8) == text,
                "output differs between two runs")
        }
    }

    @Test func glslConstantsAreDecimalsThatReadBackAsTheFloat() throws {
        try withTemporaryDirectory { directory in
            let result = try WinogradCLI.run([
                "emit", "--m", "6", "--r", "3", "--dims", "2", "--language", "glsl", "--prefix", "k",
                "--output", directory.path,
            ])
            try #require(result.succeeded, "\(result)")
            let text = try String(contentsOf: directory.appendingPathComponent("k.comp"), encoding: .utf8)
            #expect(!text.contains("0x"), "GLSL has no hex floats")
            // "0.16666667 /* 1/6 */": every rounded constant carries its exact value.
            var checked = 0
            for line in text.split(separator: "\n") {
                guard let comment = line.range(of: " /* ") else { continue }
                let literal = line[..<comment.lowerBound].split(separator: " ").last.map(String.init) ?? ""
                let exact = line[comment.upperBound...].prefix { $0 != " " }
                let parts = exact.split(separator: "/").compactMap { Double($0) }
                guard parts.count == 2, let float = Float(literal) else { continue }
                let nearest = Float(parts[0] / parts[1])
                #expect(float == nearest, "\(literal) is not the float nearest \(exact)")
                #expect(Float(Double(literal)!) == nearest, "\(literal) read through double is not \(exact)")
                checked += 1
            }
            #expect(checked > 0, "no rounded constants in\n\(text)")
        }
    }

    @Test(arguments: [("cuda", "cu"), ("opencl", "cl"), ("glsl", "comp"), ("wgsl", "wgsl")])
    func framesAreReplaceable(language: String, suffix: String) throws {
        try withTemporaryDirectory { directory in
            let frames = directory.appendingPathComponent("frames/" + language)
            try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
            try "// mine: {{prefix}} {{type}}\n{{#kernels}}\n// {{name}}\n{{/kernels}}\n".write(
                to: frames.appendingPathComponent("source.\(suffix).mustache"), atomically: true, encoding: .utf8)
            let result = try WinogradCLI.run([
                "emit", "--m", "2", "--r", "3", "--language", language, "--prefix", "k",
                "--output", directory.appendingPathComponent("out").path,
                "--templates", directory.appendingPathComponent("frames").path,
            ])
            try #require(result.succeeded, "\(result)")
            let text = try String(
                contentsOf: directory.appendingPathComponent("out/k.\(suffix)"), encoding: .utf8)
            #expect(
                text
                    == "// mine: k \(language == "wgsl" ? "f32" : "float")\n// k_filter_transform_batch\n"
                    + "// k_input_transform_batch\n// k_output_transform_batch\n")
        }
    }

    @Test(
        "bad GPU emit arguments give one clear error and write nothing",
        arguments: [
            (["--language", "glsl", "--precision", "double"], ["--language glsl", "float"]),
            (["--language", "wgsl", "--precision", "double"], ["--language wgsl", "float"]),
            (["--language", "glsl", "--prefix", "gl_k"], ["--prefix 'gl_k'", "reserved"]),
            (["--language", "wgsl", "--prefix", "k__a"], ["--prefix 'k__a'", "reserved"]),
            (["--language", "cuda", "--lanes"], ["--lanes"]),
        ])
    func badArguments(arguments: [String], mentions: [String]) throws {
        try withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("out")
            let result = try WinogradCLI.run(["emit", "--m", "4", "--r", "3"] + arguments + ["--output", out.path])
            expectCleanError(result, mentioning: mentions)
            #expect(!FileManager.default.fileExists(atPath: out.path), "output written despite the error")
        }
    }
}
