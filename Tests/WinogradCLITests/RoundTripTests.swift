import Foundation
import TestSupport
import Testing

/// `winograd derive … --format json | winograd verify -`.
@Suite("derive --format json | verify - round trips")
struct RoundTripTests {
    struct Size: Sendable, CustomTestStringConvertible {
        var m: Int, r: Int
        var testDescription: String { "F(\(m),\(r))" }
    }

    static let oneDimensionalSizes = (1...8).flatMap { m in (1...5).map { r in Size(m: m, r: r) } }

    /// Runs the pipe and checks verify's verdict; returns verify's lines.
    @discardableResult
    func roundTrip(_ deriveArguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let (derive, verify) = try WinogradCLI.pipe(
            ["derive"] + deriveArguments + ["--format", "json"], into: ["verify", "-"])
        #expect(derive.succeeded, "\(derive)", sourceLocation: sourceLocation)
        #expect(derive.stderr.isEmpty, "\(derive)", sourceLocation: sourceLocation)
        #expect(verify.succeeded, "\(verify)", sourceLocation: sourceLocation)
        #expect(verify.stderr.isEmpty, "\(verify)", sourceLocation: sourceLocation)
        #expect(verify.stdout.contains("OK"), "\(verify)", sourceLocation: sourceLocation)
        #expect(!verify.stdout.contains("FAILED"), "\(verify)", sourceLocation: sourceLocation)
        return verify.stdoutLines
    }

    @Test("1-D F(m, r) for m in 1...8, r in 1...5", arguments: oneDimensionalSizes)
    func oneDimensional(_ size: Size) throws {
        let lines = try roundTrip(["--m", "\(size.m)", "--r", "\(size.r)"])
        let n = size.m + size.r - 1
        #expect(
            lines == ["F(\(size.m),\(size.r)): OK, the identity holds exactly for all \(size.m * size.r * n) (j, k, i)"]
        )
    }

    @Test("2-D square F(m×m, 3×3)", arguments: [2, 4, 6])
    func twoDimensionalSquare(_ m: Int) throws {
        let lines = try roundTrip(["--m", "\(m)", "--r", "3", "--dims", "2"])
        let axis = "F(\(m),3): OK, the identity holds exactly for all \(m * 3 * (m + 2)) (j, k, i)"
        #expect(
            lines == [
                "axes[0]: " + axis, "axes[1]: " + axis,
                "F(\(m)×\(m),3×3): OK, nested 2-D transform is exact (each axis is)",
            ])
    }

    @Test("2-D non-square F(4×2, 3×1)")
    func twoDimensionalNonSquare() throws {
        let lines = try roundTrip(["--m", "4x2", "--r", "3x1"])
        #expect(
            lines == [
                "axes[0]: F(4,3): OK, the identity holds exactly for all 72 (j, k, i)",
                "axes[1]: F(2,1): OK, the identity holds exactly for all 4 (j, k, i)",
                "F(4×2,3×1): OK, nested 2-D transform is exact (each axis is)",
            ])
    }

    @Test("3-D F(2×2×2, 3×3×3)")
    func threeDimensional() throws {
        let lines = try roundTrip(["--m", "2", "--r", "3", "--dims", "3"])
        #expect(lines.count == 4, "\(lines)")
        #expect(
            lines.prefix(3).allSatisfy { $0.hasSuffix("F(2,3): OK, the identity holds exactly for all 24 (j, k, i)") },
            "\(lines)")
        #expect(lines.last == "F(2×2×2,3×3×3): OK, nested 3-D transform is exact (each axis is)")
    }

    struct PointsCase: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test(
        "custom points and fraction placements",
        arguments: [
            PointsCase(arguments: ["--m", "6", "--r", "3", "--points", "0,1,-1,2,-2,1/2,-1/2"]),
            PointsCase(arguments: ["--m", "4", "--r", "3", "--fractions-in", "A"]),
            PointsCase(arguments: ["--m", "4", "--r", "3", "--fractions-in", "B"]),
            PointsCase(arguments: ["--m", "6", "--r", "3", "--fractions-in", "B", "--points", "0,1,-1,2,-2,1/2,-1/2"]),
            PointsCase(arguments: ["--m", "4", "--r", "3", "--points", "0,inf,1,-1,2,-2"]),
            PointsCase(arguments: ["--m", "4", "--r", "3", "--points", "0,1,-1,2,-2,3"]),
            PointsCase(arguments: ["--m", "4", "--r", "3", "--points", "-1,0,1,2,-2"]),
            PointsCase(arguments: ["--m", "4", "--r", "3", "--points", "0, 1, -1, 0.5, -2"]),
            PointsCase(arguments: ["--m", "2", "--r", "3", "--dims", "2", "--points", "0,1,-1", "--points", "0,1,2,3"]),
        ])
    func customPoints(_ example: PointsCase) throws {
        try roundTrip(example.arguments)
    }

    @Test("the points verify reads back are the points derive used")
    func pointsSurvive() throws {
        let derived = try WinogradCLI.run([
            "derive", "--m", "4", "--r", "3", "--points", "0,inf,1,-1,2,-2", "--format", "json",
        ])
        #expect(derived.succeeded, "\(derived)")
        let object = try jsonObject(derived.stdout)
        #expect(object["points"] as? [String] == ["0", "inf", "1", "-1", "2", "-2"])
        let finite = try WinogradCLI.run([
            "derive", "--m", "4", "--r", "3", "--points", "0,1,-1,2,-2,3", "--format", "json",
        ])
        #expect(try jsonObject(finite.stdout)["points"] as? [String] == ["0", "1", "-1", "2", "-2", "3"])
        // verify also works on a file argument, not only standard input.
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("f43.json")
            try derived.stdout.write(to: file, atomically: true, encoding: .utf8)
            let verified = try WinogradCLI.run(["verify", file.path])
            #expect(verified.succeeded, "\(verified)")
            #expect(verified.stdout == "F(4,3): OK, the identity holds exactly for all 72 (j, k, i)\n", "\(verified)")
        }
    }
}
