import Foundation
import Testing

/// The exact F(4,3) of the default points 0, 1, -1, 2, -2, inf (wincnn's).
enum F43 {
    static let AT: [[String]] = [
        ["1", "1", "1", "1", "1", "0"],
        ["0", "1", "-1", "2", "-2", "0"],
        ["0", "1", "1", "4", "4", "0"],
        ["0", "1", "-1", "8", "-8", "1"],
    ]
    static let G: [[String]] = [
        ["1/4", "0", "0"],
        ["-1/6", "-1/6", "-1/6"],
        ["-1/6", "1/6", "-1/6"],
        ["1/24", "1/12", "1/6"],
        ["1/24", "-1/12", "1/6"],
        ["0", "0", "1"],
    ]
    static let BT: [[String]] = [
        ["4", "0", "-5", "0", "1", "0"],
        ["0", "-4", "-4", "1", "1", "0"],
        ["0", "4", "-4", "-1", "1", "0"],
        ["0", "-2", "-1", "2", "1", "0"],
        ["0", "2", "-1", "-2", "1", "0"],
        ["0", "4", "0", "-5", "0", "1"],
    ]
    static let arguments = ["derive", "--m", "4", "--r", "3"]
}

@Suite("derive: text, JSON and LaTeX output")
struct DeriveFormatsTests {
    /// The rows printed under `header` in the text format, as tokens.
    func textBlock(_ output: String, header: String) -> [[String]] {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: header) else { return [] }
        var rows: [[String]] = []
        for line in lines[(start + 1)...] {
            guard line.hasPrefix("  ") else { break }
            rows.append(line.split(separator: " ").map(String.init))
        }
        return rows
    }

    @Test("text shows the exact matrices of F(4,3) and its facts")
    func textF43() throws {
        let result = try WinogradCLI.run(F43.arguments)
        #expect(result.succeeded, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let out = result.stdout
        #expect(out.hasPrefix("F(4,3), points 0, 1, -1, 2, -2, inf, fractions in G\n"), "\(result)")
        #expect(textBlock(out, header: "AT (4×6) =") == F43.AT, "\(result)")
        #expect(textBlock(out, header: "G (6×3) =") == F43.G, "\(result)")
        #expect(textBlock(out, header: "BT (6×6) =") == F43.BT, "\(result)")
        // Right-aligned columns, two spaces apart.
        #expect(out.contains("\n   1/4      0     0\n  -1/6   -1/6  -1/6\n"), "\(result)")
        #expect(out.contains("\nmultiplications per tile: 6 (direct: 12), reduction 2.00×\n"), "\(result)")
        #expect(out.contains("\nlargest |entry|: AT 8, G 1, BT 5\n"), "\(result)")
        #expect(out.contains("identity: verified exactly"), "\(result)")
        #expect(out.contains("for all 4·3·6 (j, k, i)"), "\(result)")
    }

    struct FactsCase: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var facts: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test(
        "text facts line for 1-D and nested tiles",
        arguments: [
            FactsCase(
                arguments: ["--m", "2", "--r", "3"],
                facts: "multiplications per tile: 4 (direct: 6), reduction 1.50×"),
            FactsCase(
                arguments: ["--m", "6", "--r", "3"],
                facts: "multiplications per tile: 8 (direct: 18), reduction 2.25×"),
            FactsCase(
                arguments: ["--m", "4", "--r", "3", "--dims", "2"],
                facts: "multiplications per tile: 36 (direct: 144), reduction 4.00×"),
            FactsCase(
                arguments: ["--m", "4x2", "--r", "3x1"],
                facts: "multiplications per tile: 12 (direct: 24), reduction 2.00×"),
            FactsCase(
                arguments: ["--m", "2", "--r", "3", "--dims", "3"],
                facts: "multiplications per tile: 64 (direct: 216), reduction 3.38×"),
            FactsCase(
                arguments: ["--m", "1", "--r", "1"],
                facts: "multiplications per tile: 1 (direct: 1), reduction 1.00×"),
        ])
    func textFacts(_ example: FactsCase) throws {
        let result = try WinogradCLI.run(["derive"] + example.arguments)
        #expect(result.succeeded, "\(result)")
        #expect(result.stdoutLines.contains(example.facts), "\(result)")
    }

    /// --points takes a set's name as precision does, resolved per axis for
    /// its F(m, r): the same transform as the list written out.
    @Test func namedPointSets() throws {
        let named = try WinogradCLI.run(["derive", "--m", "6", "--r", "3", "--points", "barabasz", "--format", "json"])
        let listed = try WinogradCLI.run([
            "derive", "--m", "6", "--r", "3", "--points", "0,-1,1,1/2,-1/2,2,-2", "--format", "json",
        ])
        #expect(named.succeeded && named.stdout == listed.stdout, "\(named)\n\(listed)")
        let axes = try WinogradCLI.run(["derive", "--m", "4x2", "--r", "3", "--points", "searched"])
        #expect(axes.stdout.hasPrefix("F(4×2,3×3), axis 0 points 0, 5/8, -5/8, 7/4, -7/4, inf, axis 1"), "\(axes)")
        let none = try WinogradCLI.run(["derive", "--m", "6", "--r", "3", "--points", "onednn"])
        expectCleanError(none, mentioning: ["--points onednn", "F(6,3)"])
    }

    @Test("text of a non-square 2-D tile shows both axes")
    func textNonSquare() throws {
        let result = try WinogradCLI.run(["derive", "--m", "4x2", "--r", "3x1"])
        #expect(result.succeeded, "\(result)")
        let out = result.stdout
        #expect(out.hasPrefix("F(4×2,3×1)"), "\(result)")
        #expect(out.contains("nested 2-D: one 1-D transform per axis, axis 0 down the rows"), "\(result)")
        #expect(out.contains("axis 0: F(4,3), points 0, 1, -1, 2, -2, inf"), "\(result)")
        #expect(out.contains("axis 1: F(2,1), points 0, inf"), "\(result)")
        #expect(textBlock(out, header: "G (6×3) =") == F43.G, "\(result)")
    }

    @Test("moduli: text shows the 7 multiplications and the proof, json the moduli and N×n BT")
    func moduli() throws {
        let arguments = ["derive", "--m", "4", "--r", "3", "--moduli", "x, x-1, x+1, x^2+1, inf"]
        let text = try WinogradCLI.run(arguments)
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("F(4,3), moduli x,x-1,x+1,x^2+1,inf"))
        #expect(text.stdout.contains("BT (7×6) ="))
        #expect(text.stdout.contains("multiplications per tile: 7 (direct: 12; points alone: 6)"))
        #expect(text.stdout.contains("identity: verified exactly"))
        let json = try WinogradCLI.run(arguments + ["--format", "json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json)")
        #expect(object["moduli"] as? [String] == ["x", "x-1", "x+1", "x^2+1", "inf"])
        #expect(object["multiplications"] as? Int == 7)
        let bt = try #require(object["BT"] as? [[String]])
        #expect(bt.count == 7 && bt.allSatisfy { $0.count == 6 })
        let emit = try WinogradCLI.run([
            "emit", "--m", "2", "--r", "3", "--moduli", "x,x^2+1,inf", "--points", "0,1,-1", "--output", "/tmp",
        ])
        expectCleanError(emit, mentioning: ["--moduli replaces --points"])
    }

    /// Points in ℚ(√2) and moduli nest like rational points: the text names
    /// the 2-D tile and its products, the JSON is {"dims", "axes"} and
    /// verifies axis by axis and as a whole; formats that write 1-D
    /// transforms only refuse --dims.
    @Test(arguments: [
        (["--moduli", "x,x-1,x+1,x^2+1,inf"], "F(4×4,3×3), moduli x,x-1,x+1,x^2+1,inf", 49),
        (["--points", "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2"], "F(4×4,3×3), points 0, sqrt(2)/2", 36),
    ])
    func nestedExactTransforms(options: [String], header: String, products: Int) throws {
        let arguments = ["derive", "--m", "4", "--r", "3", "--dims", "2"] + options
        let text = try WinogradCLI.run(arguments)
        #expect(text.succeeded, "\(text)")
        #expect(text.stdout.hasPrefix(header), "\(text)")
        #expect(text.stdout.contains("multiplications per 2-D tile: \(products) (direct: 144)"), "\(text)")
        let json = try WinogradCLI.run(arguments + ["--format", "json"])
        let object = try jsonObject(json.stdout)
        #expect(object["dims"] as? Int == 2 && (object["axes"] as? [Any])?.count == 2, "\(json)")
        let verified = try WinogradCLI.run(["verify", "-"], stdin: json.stdout)
        #expect(verified.succeeded, "\(verified)")
        #expect(verified.stdout.contains("F(4×4,3×3): OK, nested 2-D transform is exact"), "\(verified)")
        // C: 1-D only with sqrt points, not at all with moduli (yet).
        expectCleanError(try WinogradCLI.run(arguments + ["--format", "c"]), mentioning: ["--format c"])
    }

    @Test("json parses and has F(4,3)'s fields, shapes and entries")
    func jsonF43() throws {
        let result = try WinogradCLI.run(F43.arguments + ["--format", "json"])
        #expect(result.succeeded, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let object = try jsonObject(result.stdout)
        #expect(object["m"] as? Int == 4)
        #expect(object["r"] as? Int == 3)
        #expect(object["points"] as? [String] == ["0", "1", "-1", "2", "-2", "inf"])
        let AT = try stringMatrix(object["AT"])
        let G = try stringMatrix(object["G"])
        let BT = try stringMatrix(object["BT"])
        #expect(AT.count == 4 && AT.allSatisfy { $0.count == 6 }, "AT should be 4×6: \(AT)")
        #expect(G.count == 6 && G.allSatisfy { $0.count == 3 }, "G should be 6×3: \(G)")
        #expect(BT.count == 6 && BT.allSatisfy { $0.count == 6 }, "BT should be 6×6: \(BT)")
        #expect(G.first?.first == "1/4")
        #expect(AT == F43.AT)
        #expect(G == F43.G)
        #expect(BT == F43.BT)
    }

    @Test("json of a nested tile lists one object per axis")
    func jsonNested() throws {
        let result = try WinogradCLI.run(["derive", "--m", "4x2", "--r", "3x1", "--format", "json"])
        #expect(result.succeeded, "\(result)")
        let object = try jsonObject(result.stdout)
        #expect(object["dims"] as? Int == 2)
        let axes = try #require(object["axes"] as? [[String: Any]])
        try #require(axes.count == 2)
        #expect(axes[0]["m"] as? Int == 4 && axes[0]["r"] as? Int == 3)
        #expect(axes[1]["m"] as? Int == 2 && axes[1]["r"] as? Int == 1)
        #expect(try stringMatrix(axes[0]["G"]) == F43.G)
        #expect(try stringMatrix(axes[1]["AT"]) == [["1", "0"], ["0", "1"]])
        #expect(try stringMatrix(axes[1]["BT"]) == [["1", "0"], ["0", "1"]])
    }

    @Test("--fractions-in moves the denominators out of G", arguments: ["A", "B", "a"])
    func jsonFractionsIn(_ matrix: String) throws {
        let result = try WinogradCLI.run(F43.arguments + ["--format", "json", "--fractions-in", matrix])
        #expect(result.succeeded, "\(result)")
        let object = try jsonObject(result.stdout)
        let G = try stringMatrix(object["G"])
        #expect(G.joined().allSatisfy { !$0.contains("/") }, "G should hold integers only: \(G)")
        let carrier = try stringMatrix(object[matrix.uppercased() == "A" ? "AT" : "BT"])
        #expect(
            carrier.joined().contains { $0.contains("/") },
            "\(matrix.uppercased()) should hold the fractions: \(carrier)")
    }

    @Test("--format is case-insensitive")
    func formatCase() throws {
        let result = try WinogradCLI.run(F43.arguments + ["--format", "JSON"])
        #expect(result.succeeded, "\(result)")
        #expect(try stringMatrix(jsonObject(result.stdout)["G"]) == F43.G)
    }

    @Test("latex writes bmatrix blocks with \\frac entries")
    func latexF43() throws {
        let result = try WinogradCLI.run(F43.arguments + ["--format", "latex"])
        #expect(result.succeeded, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let out = result.stdout
        #expect(out.hasPrefix("% F(4,3), points 0, 1, -1, 2, -2, inf, fractions in G\n"), "\(result)")
        #expect(out.contains("% generated by: winograd derive --m 4 --r 3 --format latex\n"), "\(result)")
        #expect(out.components(separatedBy: "\\begin{bmatrix}").count - 1 == 3, "\(result)")
        #expect(out.components(separatedBy: "\\end{bmatrix}").count - 1 == 3, "\(result)")
        #expect(out.contains("A^T = \\begin{bmatrix}"), "\(result)")
        #expect(out.contains("G = \\begin{bmatrix}"), "\(result)")
        #expect(out.contains("B^T = \\begin{bmatrix}"), "\(result)")
        #expect(out.contains("\\frac{1}{4}"), "\(result)")
        #expect(out.contains("\n  \\frac{1}{4} & 0 & 0 \\\\\n"), "\(result)")
        #expect(out.contains("\n  -\\frac{1}{6} & \\frac{1}{6} & -\\frac{1}{6} \\\\\n"), "\(result)")
        #expect(out.contains("\n  4 & 0 & -5 & 0 & 1 & 0 \\\\\n"), "\(result)")
        #expect(!out.contains("1/4"), "LaTeX should use \\frac, not a slash\n\(result)")
    }

    @Test("latex of a non-square tile subscripts the axes")
    func latexNonSquare() throws {
        let result = try WinogradCLI.run(["derive", "--m", "4x2", "--r", "3x1", "--format", "latex"])
        #expect(result.succeeded, "\(result)")
        #expect(result.stdout.contains("A^T_{0} = \\begin{bmatrix}"), "\(result)")
        #expect(result.stdout.contains("B^T_{1} = \\begin{bmatrix}"), "\(result)")
        #expect(result.stdout.components(separatedBy: "\\begin{bmatrix}").count - 1 == 6, "\(result)")
    }
}

@Suite("derive with algebraic points")
struct DeriveAlgebraicTests {
    /// ncnn's F(4,3) points: exact entries in ℚ(√2), the identity verified,
    /// and C arrays with √2's correctly rounded float.
    @Test func ncnnPoints() throws {
        let base = ["derive", "--m", "4", "--r", "3", "--points", "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2"]
        let text = try WinogradCLI.run(base)
        #expect(text.succeeded && text.stderr.isEmpty, "\(text)")
        #expect(text.stdout.contains("over ℚ(√2)"))
        #expect(text.stdout.contains("-sqrt(2)/3"))
        #expect(text.stdout.contains("identity: verified exactly over ℚ(√2)"))
        let json = try WinogradCLI.run(base + ["--format", "json"])
        #expect(json.succeeded && json.stdout.contains("\"radicand\": 2"), "\(json)")
        let verified = try WinogradCLI.run(["verify", "-"], stdin: json.stdout)
        #expect(verified.succeeded, "\(verified)")
        #expect(verified.stdout.contains("OK, the identity holds exactly over ℚ(√2)"), "\(verified)")
        let c = try WinogradCLI.run(base + ["--format", "c"])
        #expect(c.succeeded && c.stdout.contains("0x1.6a09e6p+0f"), "\(c)")
        for (extra, message) in [(["--points", "0,1,-1,2,-2"], "one --points list")] {
            let refused = try WinogradCLI.run(base + extra)
            #expect(!refused.succeeded && refused.stderrLines.count == 1, "\(refused)")
            #expect(refused.stderr.hasPrefix("Error:") && refused.stderr.contains(message), "\(refused)")
        }
        let mixed = try WinogradCLI.run(["derive", "--m", "4", "--r", "3", "--points", "0,sqrt2,sqrt3,1,-1"])
        #expect(!mixed.succeeded && mixed.stderr.contains("different fields"), "\(mixed)")
    }
}
