import Foundation
import TestSupport
import Testing
import Winograd

@testable import WinogradEmitter

/// Emitted GPU kernels compiled by each language's own compiler and run on
/// this machine's CPU devices against direct correlation, within the bound
/// the C kernels are held to (`KernelCase.bound`): OpenCL C on PoCL, GLSL
/// through glslangValidator on Mesa's lavapipe (Vulkan), WGSL through
/// WebGPU (Python wgpu) on lavapipe. CUDA compiles to PTX for sm_80 and
/// sm_90 with every warning an error; with no CUDA device here its run is
/// skipped, and the test says so. `scripts/setup-gpu.sh` installs the
/// tools; each test prints which language ran, on what, or why not.
///
/// F(m, 3) for m = 2…8 and F(m, 5) for m = 2…6, 1-D and 2-D, and the
/// non-square F(4×2, 3×1) and F(3×5, 2×3); float, with and without FMA (r =
/// 3); double too in OpenCL; points in ℚ(√2) and moduli of degree 2 (float,
/// FMA). Every batch kernel runs on a batch in the
/// layouts of ``GPUBatch``.
@Suite("GPU kernels", .serialized)
struct GPUKernelTests {
    static let transforms: [NestedTransform] = {
        var transforms: [NestedTransform] = []
        for (m, r) in testedTiles where r <= 5 {
            for dims in [1, 2] { transforms.append(try! transform(String(m), String(r), dims: dims)) }
        }
        return transforms + [try! transform("4x2", "3x1"), try! transform("3x5", "2x3")]
    }()

    static let floatCases: [KernelCase] =
        transforms.flatMap { t in
            [KernelCase(transform: t, precision: .float, fused: false)]
                + (t.axes[0].r == 3 ? [KernelCase(transform: t, precision: .float, fused: true)] : [])
        }
        + exactTiles.map { KernelCase(tile: $0.tile, variant: $0.variant, precision: .float, fused: true) }

    static let doubleCases = transforms.map { KernelCase(transform: $0, precision: .double, fused: false) }

    /// The tools, installed by `scripts/setup-gpu.sh` once per test run.
    static let tools: Result<GPUTools, GPUSetupFailure> = GPUTools.install()

    /// The tools; nil, after a line saying so, where these tests do not run
    /// (not Linux). On Linux a failed setup fails the test.
    static func ready() throws -> GPUTools? {
        #if os(Linux)
            return try tools.get()
        #else
            print("GPU kernels: skipped: PoCL, lavapipe and the setup script are for Linux")
            return nil
        #endif
    }

    @Test func openCLKernelsRunOnPoCLAndMatchDirectCorrelation() throws {
        guard let tools = try Self.ready() else { return }
        let cases = Self.floatCases + Self.doubleCases
        try withTemporaryDirectory { directory in
            let host = try tools.buildHost("opencl_host.c", library: "-lOpenCL", in: directory)
            var sources: [String: String] = [:]
            for c in cases {
                let file = try c.emit(.opencl, into: directory)
                sources[c.prefix] = file
            }
            let results = try runBatches(cases, in: directory) { c, kind in
                (sources[c.prefix]!, "\(c.prefix)_\(kind.rawValue)_transform_batch")
            } host: { jobs in
                try ProcessRunner.run(host, [jobs], currentDirectory: directory)
            }
            check(results, cases: cases, language: "OpenCL C")
        }
    }

    /// Examples/opencl-consumer convolves a tensor with the committed
    /// F(4×4,3×3) OpenCL kernels and checks itself against direct correlation.
    @Test func openCLConsumerExampleRunsOnPoCL() throws {
        guard let tools = try Self.ready() else { return }
        try runExample("opencl-consumer", api: "OpenCL", tools: tools)
    }

    /// Examples/vulkan-consumer does the same through the committed GLSL
    /// kernels, compiled by its Makefile, on lavapipe.
    @Test func vulkanConsumerExampleRunsOnLavapipe() throws {
        guard let tools = try Self.ready() else { return }
        try runExample("vulkan-consumer", api: "Vulkan", tools: tools, ["GLSLANG=\(tools.glslang.path)"])
    }

    /// `make -C Examples/NAME O=<temporary> clean run`, which prints
    /// "OK: within 0.0001" when the example agrees with direct correlation.
    private func runExample(_ name: String, api: String, tools: GPUTools, _ variables: [String] = []) throws {
        let make = try #require(ProcessRunner.find("make"), "no make; scripts/setup.sh installs it")
        try withTemporaryDirectory { directory in
            let folder = repositoryRoot.appendingPathComponent("Examples/" + name).path
            let result = try tools.runWithRuntimeDirectory(
                make, ["-C", folder, "O=\(directory.path)"] + variables + ["clean", "run"], in: directory)
            #expect(result.succeeded, "\(result)")
            #expect(result.stdoutLines.contains("OK: within 0.0001"), "\(result)")
            let summary = result.stdoutLines.first { $0.hasPrefix("Winograd F(4x4,3x3) on \(api)") } ?? "no summary"
            print("GPU kernels: Examples/\(name): \(summary)")
        }
    }

    @Test func glslKernelsRunOnVulkanLavapipeAndMatchDirectCorrelation() throws {
        guard let tools = try Self.ready() else { return }
        let cases = Self.floatCases
        try withTemporaryDirectory { directory in
            let host = try tools.buildHost("vulkan_host.c", library: "-lvulkan", in: directory)
            for c in cases {
                let file = try c.emit(.glsl, into: directory)
                for kind in KernelKind.allCases {
                    try tools.compileGLSL(file, kind: kind, into: "\(c.prefix)_\(kind.rawValue).spv", in: directory)
                }
            }
            // The committed ones (Generated/GPU/glsl) compile too.
            for file in try Self.committedFiles(.glsl) {
                for kind in KernelKind.allCases {
                    try tools.compileGLSL(file.path, kind: kind, into: "committed.spv", in: directory)
                }
            }
            let results = try runBatches(cases, in: directory) { c, kind in
                (directory.appendingPathComponent("\(c.prefix)_\(kind.rawValue).spv").path, "main")
            } host: { jobs in
                try tools.runWithRuntimeDirectory(host, [jobs], in: directory)
            }
            check(results, cases: cases, language: "GLSL")
        }
    }

    @Test func wgslKernelsRunThroughWebGPUAndMatchDirectCorrelation() throws {
        guard let tools = try Self.ready() else { return }
        let cases = Self.floatCases
        try withTemporaryDirectory { directory in
            var sources: [String: String] = [:]
            for c in cases { sources[c.prefix] = try c.emit(.wgsl, into: directory) }
            let script = repositoryRoot.appendingPathComponent("Tests/GPUHosts/webgpu_host.py").path
            let results = try runBatches(cases, in: directory) { c, kind in
                (sources[c.prefix]!, "\(c.prefix)_\(kind.rawValue)_transform_batch")
            } host: { jobs in
                try tools.runWithRuntimeDirectory(tools.python, [script, jobs], in: directory)
            }
            check(results, cases: cases, language: "WGSL")
        }
    }

    @Test func cudaKernelsCompileToPTXForSm80AndSm90() throws {
        guard let tools = try Self.ready() else { return }
        let cases = Self.floatCases + Self.doubleCases
        try withTemporaryDirectory { directory in
            // One translation unit holding every file: each file's names carry its prefix.
            var unit = ""
            for c in cases { unit += "#include \"\(try c.emit(.cuda, into: directory))\"\n" }
            // And the committed ones (Generated/GPU/cuda).
            let committed = try Self.committedFiles(.cuda)
            for file in committed { unit += "#include \"\(file.path)\"\n" }
            try unit.write(to: directory.appendingPathComponent("all.cu"), atomically: true, encoding: .utf8)
            for architecture in ["sm_80", "sm_90"] {
                let build = try ProcessRunner.run(
                    tools.nvcc,
                    [
                        "-ptx", "-arch=\(architecture)", "-std=c++17", "--Werror", "all-warnings",
                        "-o", "all_\(architecture).ptx", "all.cu",
                    ], currentDirectory: directory)
                try #require(build.succeeded, "\(build)")
                #expect(build.stderr.isEmpty, "nvcc said something:\n\(build.stderr)")
                let ptx = try String(
                    contentsOf: directory.appendingPathComponent("all_\(architecture).ptx"), encoding: .utf8)
                for c in cases {
                    for kind in KernelKind.allCases {
                        #expect(
                            ptx.contains(".entry \(c.prefix)_\(kind.rawValue)_transform_batch("),
                            "\(architecture): no entry for \(c.prefix)'s \(kind) kernel")
                    }
                }
            }
            print(
                "GPU kernels: CUDA compiled \(cases.count) files and the \(committed.count) committed ones to PTX "
                    + "for sm_80 and sm_90, warnings as errors")
            let device = FileManager.default.fileExists(atPath: "/dev/nvidia0")
            print(
                "GPU kernels: CUDA run skipped: "
                    + (device
                        ? "a CUDA device is present, but running CUDA kernels is not part of these tests yet"
                        : "no CUDA device on this machine (no /dev/nvidia0)"))
        }
    }

    /// The committed files of a GPU language, from the catalogue.
    static func committedFiles(_ language: Language) throws -> [URL] {
        let files = KernelCatalogue.committed.gpuKernels.filter { $0.language == language }
        let folder = repositoryRoot.appendingPathComponent("Generated/" + KernelCatalogue.Folder.gpu(language))
        let urls = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        #expect(urls.count == files.count, "Generated/GPU/\(language.rawValue) is not what the catalogue names")
        return urls.sorted { $0.path < $1.path }
    }

    // MARK: - Running batches

    /// Runs every case's three batch kernels (``GPUBatch``) through `host`,
    /// which takes a jobs file (Tests/GPUHosts/README.md), in two rounds:
    /// the filter and input kernels, then the output kernel on their product.
    private func runBatches(
        _ cases: [KernelCase], in directory: URL, source: (KernelCase, KernelKind) -> (file: String, entry: String),
        host: (String) throws -> ToolResult
    ) throws -> [String: (error: Double, reference: Double)] {
        func path(_ c: KernelCase, _ name: String) -> String {
            directory.appendingPathComponent("\(c.prefix)_\(name).bin").path
        }
        func job(
            _ c: KernelCase, _ kind: KernelKind, from: String, _ count: Int, to: String, _ outCount: Int,
            _ fields: [Int]
        ) -> String {
            let (file, entry) = source(c, kind)
            let element = c.precision == .float ? 4 : 8
            let batch = GPUBatch(kernelCase: c)
            return
                ([
                    file, entry, String(element), path(c, from), String(count), path(c, to), String(outCount),
                    String(batch.workItems),
                ] + fields.map(String.init)).joined(separator: " ")
        }
        func run(_ jobs: [String], round: String) throws {
            let file = directory.appendingPathComponent("jobs_\(round).txt")
            try (jobs.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            let result = try host(file.path)
            try #require(result.succeeded, "\(result)")
            if round == "1", let device = result.stdoutLines.first { print("GPU kernels: \(device)") }
        }
        var inputs: [String: (g: [Double], d: [Double])] = [:]
        var jobs: [String] = []
        for c in cases {
            let batch = GPUBatch(kernelCase: c)
            let (g, d) = batch.inputs()
            inputs[c.prefix] = (g, d)
            try batch.bytes(g).write(to: URL(fileURLWithPath: path(c, "g")))
            try batch.bytes(d).write(to: URL(fileURLWithPath: path(c, "d")))
            let n = batch.ns.0 * batch.ns.1 * batch.tiles
            jobs.append(
                job(c, .filter, from: "g", g.count, to: "u", n, batch.fields(batch.filterLayout, batch.tileMajor)))
            jobs.append(
                job(c, .input, from: "d", d.count, to: "v", n, batch.fields(batch.imageLayout, batch.positionMajor)))
        }
        try run(jobs, round: "1")
        jobs = []
        for c in cases {
            let batch = GPUBatch(kernelCase: c)
            let u = batch.values(try Data(contentsOf: URL(fileURLWithPath: path(c, "u"))))
            let v = batch.values(try Data(contentsOf: URL(fileURLWithPath: path(c, "v"))))
            let x = batch.product(u: u, v: v)
            try batch.bytes(x).write(to: URL(fileURLWithPath: path(c, "x")))
            jobs.append(
                job(
                    c, .output, from: "x", x.count, to: "y", batch.images * batch.outputHeight * batch.outputWidth,
                    batch.fields(batch.positionMajor, batch.outputLayout)))
        }
        try run(jobs, round: "2")
        var results: [String: (Double, Double)] = [:]
        for c in cases {
            let batch = GPUBatch(kernelCase: c)
            let y = batch.values(try Data(contentsOf: URL(fileURLWithPath: path(c, "y"))))
            let (g, d) = inputs[c.prefix]!
            results[c.prefix] = batch.error(y: y, g: g, d: d)
        }
        return results
    }

    private func check(_ results: [String: (error: Double, reference: Double)], cases: [KernelCase], language: String) {
        for c in cases {
            guard let result = results[c.prefix] else {
                Issue.record("\(language): no result for \(c.prefix)")
                continue
            }
            #expect(result.reference > 0, "\(language) \(c.prefix): the output is all zeros")
            c.expectWithinBound(error: result.error, reference: result.reference, language: language)
        }
        let worst = cases.map { results[$0.prefix].map { $0.error } ?? .infinity }.max() ?? 0
        print("GPU kernels: \(language) ran \(cases.count) tiles × 3 batch kernels; largest error \(worst)")
    }
}

extension KernelCase {
    /// Emits the case's file in `language` into `directory`; its path.
    func emit(_ language: Language, into directory: URL) throws -> String {
        let options = EmitOptions(language: language, precision: precision, prefix: prefix, command: "test")
        let files = try KernelFiles.emit(KernelSet(tile, fusedMultiplyAdd: fused), options: options)
        let url = directory.appendingPathComponent(files[0].name)
        try files[0].contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
