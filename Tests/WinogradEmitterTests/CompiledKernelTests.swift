import ExactArithmetic
import Foundation
import TestSupport
import Testing
import Winograd

@testable import WinogradEmitter

/// Emitted kernels compiled as a user would and run against direct
/// correlation: C with gcc and clang under -std=c99 -Wall -Wextra -Werror
/// -pedantic, Swift with swiftc -warnings-as-errors; 1-D and 2-D, float and
/// double, with and without FMA, m = 2…8 for r = 3, 2…6 for r = 5, 2…4 for
/// r = 7, non-square tiles, points in ℚ(√2) and moduli of degree 2.
@Suite("Compiled kernels", .serialized)
struct CompiledKernelTests {
    static let cases: [KernelCase] = {
        var cases: [KernelCase] = []
        var transforms: [NestedTransform] = []
        for (m, r) in testedTiles {
            for dims in [1, 2] { transforms.append(try! transform(String(m), String(r), dims: dims)) }
        }
        transforms += [try! transform("4x2", "3x1"), try! transform("3x5", "2x3")]
        for t in transforms {
            for precision in Precision.allCases {
                cases.append(KernelCase(transform: t, precision: precision, fused: false))
                if t.axes[0].r == 3 { cases.append(KernelCase(transform: t, precision: precision, fused: true)) }
            }
        }
        for (tile, variant) in exactTiles {
            for precision in Precision.allCases {
                for fused in [false, true] {
                    cases.append(KernelCase(tile: tile, variant: variant, precision: precision, fused: fused))
                }
            }
        }
        return cases
    }()

    @Test(arguments: ["gcc", "clang"])
    func cKernelsCompileCleanlyAndMatchDirectCorrelation(compiler: String) throws {
        guard let cc = ProcessRunner.find(compiler) else {
            Issue.record(
                "\(compiler) is not installed; scripts/setup.sh installs gcc, the Swift toolchain brings clang")
            return
        }
        try withTemporaryDirectory { directory in
            var sources: [String] = []
            for c in Self.cases {
                for file in try c.files(.c) {
                    try file.contents.write(
                        to: directory.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
                    if file.name.hasSuffix(".c") { sources.append(file.name) }
                }
            }
            try KernelHarness.c(Self.cases).write(
                to: directory.appendingPathComponent("harness.c"), atomically: true, encoding: .utf8)
            let build = try ProcessRunner.run(
                cc,
                [
                    "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-O1",
                    "-o", "harness", "harness.c",
                ] + sources + ["-lm"], currentDirectory: directory)
            try #require(build.succeeded, "\(build)")
            #expect(build.stderr.isEmpty, "compiler said something:\n\(build.stderr)")
            let run = try ProcessRunner.run(
                directory.appendingPathComponent("harness"), [], currentDirectory: directory)
            try #require(run.succeeded, "\(run)")
            check(KernelHarness.results(run.stdout), language: "C/\(compiler)", cases: Self.cases)
        }
    }

    /// FMA variants in Swift: the 1-D ones and F(4×4,3×3) (the printer is the
    /// same for every tile; the C runs cover FMA numerics for all).
    static let swiftCases = cases.filter { !$0.fused || $0.tile.dims == 1 || $0.tile.axes[0].m == 4 }

    @Test func swiftKernelsCompileWithoutWarningsAndMatchDirectCorrelation() throws {
        guard let swiftc = ProcessRunner.find("swiftc") else {
            Issue.record("swiftc is not on the PATH")
            return
        }
        try withTemporaryDirectory { directory in
            var sources: [String] = []
            for c in Self.swiftCases {
                for file in try c.files(.swift) {
                    try file.contents.write(
                        to: directory.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
                    sources.append(file.name)
                }
            }
            try KernelHarness.swift(Self.swiftCases).write(
                to: directory.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
            let build = try ProcessRunner.run(
                swiftc, ["-warnings-as-errors", "-Onone", "-j", "2", "-o", "harness", "main.swift"] + sources,
                currentDirectory: directory)
            try #require(build.succeeded, "\(build)")
            #expect(!build.stderr.contains("warning"), "swiftc warned:\n\(build.stderr)")
            let run = try ProcessRunner.run(
                directory.appendingPathComponent("harness"), [], currentDirectory: directory)
            try #require(run.succeeded, "\(run)")
            check(KernelHarness.results(run.stdout), language: "Swift", cases: Self.swiftCases)
        }
    }

    private func check(
        _ results: [String: (error: Double, reference: Double, stridedIdentical: Bool)], language: String,
        cases: [KernelCase]
    ) {
        for c in cases {
            guard let result = results[c.prefix] else {
                Issue.record("\(language): no result for \(c.prefix)")
                continue
            }
            c.expectWithinBound(error: result.error, reference: result.reference, language: language)
            #expect(result.stridedIdentical, "\(language) \(c.prefix): strided forms differ from contiguous ones")
            let relative = result.error / result.reference
            print("\(language) \(c.prefix) error \(result.error) bound \(c.bound) relative \(relative)")
        }
    }
}
