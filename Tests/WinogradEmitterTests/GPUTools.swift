import Foundation
import TestSupport
import Testing

@testable import WinogradEmitter

/// Why the GPU tools could not be installed.
struct GPUSetupFailure: Error, CustomStringConvertible {
    var description: String
}

/// The tools `scripts/setup-gpu.sh` installs: glslangValidator, nvcc and a
/// Python with wgpu; the OpenCL and Vulkan headers and loaders for the C
/// hosts in Tests/GPUHosts.
struct GPUTools {
    var glslang: URL
    var nvcc: URL
    var python: URL

    static func install() -> Result<GPUTools, GPUSetupFailure> {
        #if os(Linux)
            let script = repositoryRoot.appendingPathComponent("scripts/setup-gpu.sh")
            guard let bash = ProcessRunner.find("bash") else { return .failure(.init(description: "no bash")) }
            let result: ToolResult
            do {
                result = try ProcessRunner.run(bash, [script.path], timeout: 1800)
            } catch {
                return .failure(GPUSetupFailure(description: "scripts/setup-gpu.sh: \(error)"))
            }
            guard result.succeeded else {
                return .failure(GPUSetupFailure(description: "scripts/setup-gpu.sh failed:\n\(result)"))
            }
            var paths: [String: String] = [:]
            for line in result.stdoutLines {
                guard let equals = line.firstIndex(of: "=") else { continue }
                paths[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            guard let venv = paths["venv"], let nvcc = paths["nvcc"],
                let glslang = ProcessRunner.find("glslangValidator")
            else {
                return .failure(GPUSetupFailure(description: "scripts/setup-gpu.sh did not say where:\n\(result)"))
            }
            return .success(
                GPUTools(
                    glslang: glslang, nvcc: URL(fileURLWithPath: nvcc),
                    python: URL(fileURLWithPath: venv + "/bin/python")))
        #else
            return .failure(GPUSetupFailure(description: "the GPU kernel tests run on Linux (PoCL, lavapipe)"))
        #endif
    }

    /// Compiles a C host of Tests/GPUHosts into `directory`.
    func buildHost(_ name: String, library: String, in directory: URL) throws -> URL {
        let cc = try #require(ProcessRunner.find("cc"), "no C compiler; scripts/setup.sh installs gcc")
        let source = repositoryRoot.appendingPathComponent("Tests/GPUHosts/" + name).path
        let output = directory.appendingPathComponent((name as NSString).deletingPathExtension)
        let build = try ProcessRunner.run(
            cc, ["-std=c99", "-O1", "-Wall", "-Wextra", "-Werror", "-o", output.path, source, library])
        try #require(build.succeeded, "\(build)")
        return output
    }

    /// Compiles one batch kernel of a GLSL file to SPIR-V, expecting no warning.
    func compileGLSL(_ file: String, kind: KernelKind, into output: String, in directory: URL) throws {
        let build = try ProcessRunner.run(
            glslang,
            ["-V", "--target-env", "vulkan1.1", "-D\(GPUKernelFiles.macro(kind))", "-o", output, file],
            currentDirectory: directory)
        try #require(build.succeeded, "\(build)")
        #expect(!build.stdout.contains("WARNING"), "glslangValidator warned:\n\(build.stdout)")
    }

    /// Runs a program that uses Vulkan with XDG_RUNTIME_DIR set to a fresh
    /// folder (Mesa wants one to be writable).
    func runWithRuntimeDirectory(_ program: URL, _ arguments: [String], in directory: URL) throws -> ToolResult {
        let runtime = directory.appendingPathComponent("runtime")
        try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true)
        let env = try #require(ProcessRunner.find("env"))
        return try ProcessRunner.run(
            env, ["XDG_RUNTIME_DIR=\(runtime.path)", program.path] + arguments, currentDirectory: directory)
    }
}
