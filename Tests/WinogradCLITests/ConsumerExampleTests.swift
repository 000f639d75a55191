import Foundation
import TestSupport
import Testing

/// Examples/c-consumer builds against the committed F(4×4,3×3) float kernels
/// with the project's strict flags and agrees with direct correlation.
@Suite("Examples/c-consumer")
struct ConsumerExampleTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // WinogradCLITests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()
    static let exampleFolder = repositoryRoot.appendingPathComponent("Examples/c-consumer")

    static let make = Tools.find("make")
    static let gcc = Tools.find("gcc")

    /// `make -C Examples/c-consumer O=<temporary> clean run CC=<compiler>`: the
    /// binary goes to a folder of its own, so runs with different compilers
    /// (and the example folder itself) never share it.
    func buildAndRun(compiler: String) throws {
        let make = try #require(Self.make)
        try withTemporaryDirectory { directory in
            let result = try WinogradCLI.runProgram(
                make, ["-C", Self.exampleFolder.path, "O=\(directory.path)", "clean", "run", "CC=\(compiler)"],
                displayName: "make", timeout: 120)
            #expect(result.succeeded, "\(result)")
            #expect(
                result.stdout.contains("Winograd F(4x4,3x3) float: 10x10 input (*) 3x3 Sobel-x = 8x8 output\n"),
                "\(result)")

            // Eight rows of eight numbers, the Sobel-x response of the bright rectangle.
            let rows = result.stdoutLines.filter { line in
                let fields = line.split(separator: " ")
                return fields.count == 8 && fields.allSatisfy { Double($0) != nil }
            }
            #expect(rows.count == 8, "\(result)")
            #expect(rows.first?.split(separator: " ") == Array(repeating: "1.000", count: 8), "\(result)")

            let prefix = "max |winograd - direct| = "
            let line = try #require(
                result.stdoutLines.first { $0.hasPrefix(prefix) }, "no '\(prefix)…' line\n\(result)")
            let difference = try #require(Double(line.dropFirst(prefix.count)), "\(line)")
            #expect(difference <= 1e-4, "\(result)")
            #expect(result.stdoutLines.contains("OK: within 0.0001"), "\(result)")
            #expect(
                FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("c-consumer").path),
                "\(result)")
        }
    }

    @Test("make clean run CC=gcc", .enabled(if: make != nil && gcc != nil, "make or gcc is not installed"))
    func withGCC() throws { try buildAndRun(compiler: "gcc") }

    @Test("make clean run CC=clang", .enabled(if: make != nil && Tools.clang != nil, "make or clang is not installed"))
    func withClang() throws { try buildAndRun(compiler: "clang") }
}
