import Foundation
import TestSupport
import Testing
import Winograd
import WinogradEmitter
import WinogradKernelRegistry

/// A derive command line whose generated code is run.
struct CodeCase: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var testDescription: String { arguments.joined(separator: " ") }

    init(_ arguments: String...) { self.arguments = arguments }
}

@Suite("derive --format numpy: the Python runs and computes correlations")
struct NumPyOutputTests {
    /// Appended to the generated module: checks the float64 arrays against
    /// the exact Fractions, y = AT·((G·g) ⊙ (BT·d)) against np.correlate on
    /// random data to 1e-12, and the same identity in exact Fraction
    /// arithmetic on random integers. 2-D tiles are checked as nested
    /// correlations. Prints "OK" only when everything holds.
    static let checker = #"""

        import sys
        rng = np.random.default_rng(20240611)

        def same_as_exact(array, exact, name):
            assert array.dtype == np.float64, name + " is not float64"
            assert array.shape == (len(exact), len(exact[0])), name + " shape " + str(array.shape)
            for i, row in enumerate(exact):
                for j, value in enumerate(row):
                    assert isinstance(value, Fraction), name + " entry is not a Fraction"
                    assert array[i, j] == float(value), "%s[%d][%d] = %r, expected %r" % (
                        name, i, j, array[i, j], float(value))

        def check_1d(AT, G, BT, ATe, Ge, BTe):
            m, n = AT.shape
            r = G.shape[1]
            assert n == m + r - 1 and G.shape == (n, r) and BT.shape == (n, n), (AT.shape, G.shape, BT.shape)
            worst = 0.0
            for _ in range(25):
                d = rng.uniform(-1.0, 1.0, n)
                g = rng.uniform(-1.0, 1.0, r)
                y = AT @ ((G @ g) * (BT @ d))
                direct = np.correlate(d, g, mode="valid")
                assert direct.shape == (m,)
                worst = max(worst, float(np.max(np.abs(y - direct))))
            for _ in range(5):
                d = [Fraction(int(x)) for x in rng.integers(-9, 10, n)]
                g = [Fraction(int(x)) for x in rng.integers(-9, 10, r)]
                Gg = [sum(Ge[t][k] * g[k] for k in range(r)) for t in range(n)]
                Bd = [sum(BTe[t][i] * d[i] for i in range(n)) for t in range(n)]
                y = [sum(ATe[j][t] * Gg[t] * Bd[t] for t in range(n)) for j in range(m)]
                direct = [sum(d[j + k] * g[k] for k in range(r)) for j in range(m)]
                assert y == direct, ("exact", y, direct)
            return worst

        def check_2d(A0, G0, B0, A1, G1, B1):
            m0, m1 = A0.shape[0], A1.shape[0]
            r0, r1 = G0.shape[1], G1.shape[1]
            n0, n1 = B0.shape[0], B1.shape[0]
            worst = 0.0
            for _ in range(10):
                d = rng.uniform(-1.0, 1.0, (n0, n1))
                g = rng.uniform(-1.0, 1.0, (r0, r1))
                Y = A0 @ ((G0 @ g @ G1.T) * (B0 @ d @ B1.T)) @ A1.T
                direct = np.array([[np.sum(d[i:i + r0, j:j + r1] * g) for j in range(m1)] for i in range(m0)])
                assert Y.shape == direct.shape == (m0, m1), (Y.shape, direct.shape)
                worst = max(worst, float(np.max(np.abs(Y - direct))))
            return worst

        names = globals()
        if "AT0" in names:
            suffixes = ["0", "1"]
        else:
            suffixes = [""]
        for s in suffixes:
            for base in ["AT", "G", "BT"]:
                same_as_exact(names[base + s], names[base + s + "_exact"], base + s)
        worst = 0.0
        for s in suffixes:
            worst = max(worst, check_1d(*(names[b + s] for b in ["AT", "G", "BT"]),
                                        *(names[b + s + "_exact"] for b in ["AT", "G", "BT"])))
        if MODE == "2d":
            a, b = (suffixes[0], suffixes[-1])
            worst = max(worst, check_2d(names["AT" + a], names["G" + a], names["BT" + a],
                                        names["AT" + b], names["G" + b], names["BT" + b]))
        if not worst < 1e-12:
            print("FAIL: largest error %r" % worst)
            sys.exit(1)
        print("OK largest error %r" % worst)
        """#

    @Test(
        "the generated module computes correlation",
        .enabled(if: Tools.hasNumPy, "python3 with numpy is not installed (python3 -c \"import numpy\" failed)"),
        arguments: [
            CodeCase("--m", "4", "--r", "3"),
            CodeCase("--m", "2", "--r", "3"),
            CodeCase("--m", "6", "--r", "3", "--points", "0,1,-1,2,-2,1/2,-1/2"),
            CodeCase("--m", "4", "--r", "3", "--points", "0,1,-1,2,-2,3"),
            CodeCase("--m", "4", "--r", "3", "--points", "0,inf,1,-1,2,-2"),
            CodeCase("--m", "4", "--r", "3", "--fractions-in", "A"),
            CodeCase("--m", "4", "--r", "3", "--fractions-in", "B"),
            CodeCase("--m", "3", "--r", "5"),
            CodeCase("--m", "4", "--r", "3", "--dims", "2"),
            CodeCase("--m", "4x2", "--r", "3x1"),
        ])
    func numpyComputesCorrelation(_ example: CodeCase) throws {
        let python3 = try #require(Tools.python3)
        let derived = try WinogradCLI.run(["derive"] + example.arguments + ["--format", "numpy"])
        #expect(derived.succeeded, "\(derived)")
        #expect(derived.stderr.isEmpty, "\(derived)")
        let module = derived.stdout
        #expect(module.contains("from fractions import Fraction\n"), "\(derived)")
        #expect(module.contains("import numpy as np\n"), "\(derived)")
        #expect(
            module.contains(
                "# generated by: winograd derive " + example.arguments.joined(separator: " ") + " --format numpy\n"),
            "\(derived)")
        let mode = example.arguments.contains("--dims") || example.arguments.contains("4x2") ? "2d" : "1d"
        let script = module + "\nMODE = \"\(mode)\"\n" + Self.checker
        let run = try WinogradCLI.runProgram(python3, ["-c", script], displayName: "python3")
        #expect(run.succeeded, "\(run)")
        #expect(run.stdout.hasPrefix("OK largest error"), "\(run)")
    }

    @Test("F(4,3)'s NumPy G is the float64 of the exact fractions")
    func numpyEntries() throws {
        let derived = try WinogradCLI.run(F43.arguments + ["--format", "numpy"])
        #expect(derived.succeeded, "\(derived)")
        #expect(derived.stdout.contains("    [Fraction(1, 4), Fraction(0), Fraction(0)],\n"), "\(derived)")
        #expect(derived.stdout.contains("    [Fraction(-1, 6), Fraction(-1, 6), Fraction(-1, 6)],\n"), "\(derived)")
        #expect(derived.stdout.contains("G = np.array(G_exact, dtype=np.float64)\n"), "\(derived)")
        #expect(derived.stdout.contains("# y = AT @ ((G @ g) * (BT @ d))\n"), "\(derived)")
    }
}

@Suite("derive --format c: the C compiles warning-free and holds correctly rounded constants")
struct COutputTests {
    /// One set of arrays in the C output: `<base>_<AT|G|BT>_<float|double>`.
    struct ArraySet {
        var base: String
        var matrices: [String: [[String]]]
    }

    /// The array sets the C output should hold, from derive's JSON.
    static func expectedArrays(json: String) throws -> [ArraySet] {
        let object = try jsonObject(json)
        var axes: [[String: Any]] = [object]
        if let nested = object["axes"] as? [[String: Any]] { axes = nested }
        func matrices(_ axis: [String: Any]) throws -> [String: [[String]]] {
            ["AT": try stringMatrix(axis["AT"]), "G": try stringMatrix(axis["G"]), "BT": try stringMatrix(axis["BT"])]
        }
        let all = try axes.map(matrices)
        let square = all.allSatisfy { $0 == all[0] }
        func base(_ axis: [String: Any]) -> String {
            "winograd_f\(axis["m"] as? Int ?? -1)_\(axis["r"] as? Int ?? -1)"
        }
        if square { return [ArraySet(base: base(axes[0]), matrices: all[0])] }
        return axes.indices.map { ArraySet(base: base(axes[$0]) + "_axis\($0)", matrices: all[$0]) }
    }

    /// A main() that prints the shape and every entry of every array (as
    /// %a, exact) and their sum.
    static func mainProgram(_ sets: [ArraySet]) -> String {
        var out = """

            #include <stdio.h>

            #define SHOW(array) do { \\
                unsigned long rows_ = (unsigned long)(sizeof(array) / sizeof((array)[0])); \\
                unsigned long cols_ = (unsigned long)(sizeof((array)[0]) / sizeof((array)[0][0])); \\
                unsigned long i_, j_; \\
                printf("shape %s %lu %lu\\n", #array, rows_, cols_); \\
                for (i_ = 0; i_ < rows_; i_++) { \\
                    for (j_ = 0; j_ < cols_; j_++) { \\
                        double value_ = (double)(array)[i_][j_]; \\
                        sum += value_; \\
                        printf("entry %s %lu %lu %a\\n", #array, i_, j_, value_); \\
                    } \\
                } \\
            } while (0)

            int main(void) {
                double sum = 0.0;

            """
        for set in sets {
            for name in ["AT", "G", "BT"] {
                for type in ["float", "double"] {
                    out += "    SHOW(\(set.base)_\(name)_\(type));\n"
                }
            }
        }
        out += """
                printf("sum %a\\n", sum);
                return 0;
            }

            """
        return out
    }

    /// "-1/6" → (-1, 6).
    static func fraction(_ text: String) -> (numerator: Int, denominator: Int)? {
        let parts = text.split(separator: "/")
        guard let numerator = parts.first.flatMap({ Int($0) }) else { return nil }
        if parts.count == 1 { return (numerator, 1) }
        guard parts.count == 2, let denominator = Int(parts[1]), denominator > 0 else { return nil }
        return (numerator, denominator)
    }

    func compileAndCheck(compiler: URL, _ example: CodeCase) throws {
        let derived = try WinogradCLI.run(["derive"] + example.arguments + ["--format", "c"])
        #expect(derived.succeeded, "\(derived)")
        #expect(derived.stderr.isEmpty, "\(derived)")
        #expect(derived.stdout.hasPrefix("/* F("), "\(derived)")
        #expect(
            derived.stdout.contains(
                " * generated by: winograd derive " + example.arguments.joined(separator: " ") + " --format c\n"),
            "\(derived)")
        let json = try WinogradCLI.run(["derive"] + example.arguments + ["--format", "json"])
        try #require(json.succeeded, "\(json)")
        let sets = try Self.expectedArrays(json: json.stdout)

        try withTemporaryDirectory { directory in
            let source = directory.appendingPathComponent("transform.c")
            let program = directory.appendingPathComponent("transform")
            try (derived.stdout + Self.mainProgram(sets)).write(to: source, atomically: true, encoding: .utf8)
            let compiled = try WinogradCLI.runProgram(
                compiler, ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-o", program.path, source.path],
                displayName: compiler.lastPathComponent, currentDirectory: directory)
            try #require(compiled.succeeded, "\(compiled)")
            #expect(compiled.stderr.isEmpty, "the compiler printed diagnostics\n\(compiled)")
            let ran = try WinogradCLI.runProgram(program, [], displayName: "transform")
            try #require(ran.succeeded, "\(ran)")

            var values: [String: Double] = [:]
            var shapes: [String: [Int]] = [:]
            for line in ran.stdoutLines {
                let fields = line.split(separator: " ").map(String.init)
                if fields.first == "entry", fields.count == 5 {
                    let value = try #require(Double(fields[4]), "cannot read the printed value \(fields[4])")
                    values["\(fields[1])[\(fields[2])][\(fields[3])]"] = value
                } else if fields.first == "shape", fields.count == 4 {
                    shapes[fields[1]] = [Int(fields[2]) ?? -1, Int(fields[3]) ?? -1]
                }
            }
            var checked = 0
            for set in sets {
                for (name, matrix) in set.matrices {
                    for type in ["float", "double"] {
                        let array = "\(set.base)_\(name)_\(type)"
                        #expect(shapes[array] == [matrix.count, matrix[0].count], "shape of \(array)")
                        for (i, row) in matrix.enumerated() {
                            for (j, entry) in row.enumerated() {
                                let exact = try #require(Self.fraction(entry), "entry \(entry) is not a small fraction")
                                try #require(abs(exact.numerator) < 1 << 24 && exact.denominator < 1 << 24)
                                // IEEE division of exactly representable integers is correctly rounded.
                                let expected =
                                    type == "float"
                                    ? Double(Float(exact.numerator) / Float(exact.denominator))
                                    : Double(exact.numerator) / Double(exact.denominator)
                                let key = "\(array)[\(i)][\(j)]"
                                let actual = try #require(values[key], "\(key) was not printed")
                                #expect(
                                    actual.bitPattern == expected.bitPattern,
                                    "\(key) is \(actual) but \(entry) rounds to \(expected)")
                                checked += 1
                            }
                        }
                    }
                }
            }
            #expect(checked == values.count, "every printed entry should have been checked")
            #expect(ran.stdoutLines.last?.hasPrefix("sum ") == true, "\(ran)")
        }
    }

    static let cases = [
        CodeCase("--m", "4", "--r", "3"),
        CodeCase("--m", "6", "--r", "3"),
        CodeCase("--m", "4", "--r", "3", "--fractions-in", "B"),
        CodeCase("--m", "3", "--r", "2", "--dims", "2"),
        CodeCase("--m", "4x2", "--r", "3x1"),
    ]

    @Test(
        "cc compiles the C and its constants are correctly rounded",
        .enabled(if: Tools.cc != nil, "cc is not installed"), arguments: cases)
    func withCC(_ example: CodeCase) throws {
        try compileAndCheck(compiler: #require(Tools.cc), example)
    }

    @Test(
        "clang compiles the C and its constants are correctly rounded",
        .enabled(if: Tools.clang != nil, "clang is not installed"), arguments: cases)
    func withClang(_ example: CodeCase) throws {
        try compileAndCheck(compiler: #require(Tools.clang), example)
    }

    @Test("F(4,3): G[1][0] is -1/6 correctly rounded, as an exact hex literal")
    func f43HexLiterals() throws {
        let result = try WinogradCLI.run(F43.arguments + ["--format", "c"])
        #expect(result.succeeded, "\(result)")
        let out = result.stdout
        #expect(out.contains("static const float winograd_f4_3_G_float[6][3] = {\n"), "\(result)")
        #expect(out.contains("static const double winograd_f4_3_G_double[6][3] = {\n"), "\(result)")
        // -1/6 = -0x1.5555…p-3: double rounds down at bit 52, float rounds up at bit 23.
        #expect(
            out.contains("    { -0x1.5555555555555p-3, -0x1.5555555555555p-3, -0x1.5555555555555p-3 },\n"), "\(result)")
        #expect(out.contains("    { -0x1.555556p-3f, -0x1.555556p-3f, -0x1.555556p-3f },\n"), "\(result)")
        #expect(out.contains("    /* -1/6, -1/6, -1/6 */\n"), "\(result)")
        #expect(Double("-0x1.5555555555555p-3") == -1.0 / 6.0)
        #expect(Float("-0x1.555556p-3") == Float(-1) / Float(6))
    }
}

// MARK: - The committed set and its registries

@Suite("Generated/: the committed set and its registries agree with the catalogue")
struct GeneratedCodeTests {
    static let generated = repositoryRoot.appendingPathComponent("Generated")

    /// Generated/ is exactly what `winograd emit --all` writes, registries
    /// included, and exactly the files the catalogue names.
    @Test func generatedFolderIsReproducibleByteForByte() throws {
        try withTemporaryDirectory { directory in
            let result = try WinogradCLI.run(["emit", "--all", "--output", directory.path])
            try #require(result.succeeded, "\(result)")
            let fresh = try Self.files(under: directory)
            let expected = try Self.files(under: Self.generated)
            #expect(fresh.keys.sorted() == expected.keys.sorted())
            for (name, contents) in expected {
                #expect(fresh[name] == contents, "Generated/\(name) differs from a fresh emit --all")
            }
            let catalogued = try KernelCatalogue.committed.files().map(\.path)
            #expect(catalogued.sorted() == expected.keys.sorted())
            #expect(Set(catalogued).count == catalogued.count, "two files of the catalogue share a path")
            #expect(expected.keys.contains("Lanes/winograd_lanes_registry.h"))
            #expect(expected.keys.contains("Registry/WinogradKernelRegistry.swift"))
            #expect(result.stdout == "wrote \(catalogued.count) files into \(directory.path)\n", "\(result)")
        }
    }

    /// What the lanes registry should hold: one 2-D entry per catalogue tile
    /// with lanes, as "name m0 m1 r0 r1 points0|points1".
    static func expectedLanesEntries() throws -> [String] {
        try KernelCatalogue.committed.lanesTiles.map { tile in
            let kernel = CommittedKernel(tile: tile, dims: 2, precision: .float, language: .c)
            let axes = try tile.kernelTile(dims: 2).axes
            return "\(kernel.prefix) \(axes[0].m) \(axes[1].m) \(axes[0].r) \(axes[1].r) "
                + axes.map { $0.points! }.joined(separator: "|")
        }
    }

    /// Includes the registry three times (three instruction sets' names) or
    /// once with the defaults, prints every entry and runs every kernel.
    static func lanesProgram(instances: [String]) -> String {
        var out = "#include <stdio.h>\n"
        for instance in instances {
            if instance.isEmpty {
                out += "#include \"winograd_lanes_registry.h\"\n"
            } else {
                out += """
                    #undef WINOGRAD_LANES_NAME
                    #define WINOGRAD_LANES_NAME(name) name##_\(instance)
                    #include "winograd_lanes_registry.h"

                    """
            }
        }
        out += """

            static float in[256 * 16], out[256 * 16];

            static void show(const char *instance, const winograd_lanes_entry *entries)
            {
                int i;
                for (i = 0; i < WINOGRAD_LANES_REGISTRY_COUNT; i++) {
                    const winograd_lanes_entry *e = &entries[i];
                    e->input(in, 16, out, 16);
                    e->filter(in, 16, out, 16);
                    e->output(in, 16, out, 16);
                    printf("%s %s %d %d %d %d %s|%s\\n", instance, e->name, e->m0, e->m1, e->r0, e->r1,
                           e->points0, e->points1);
                }
            }

            int main(void)
            {

            """
        for instance in instances {
            let table = instance.isEmpty ? "winograd_lanes_registry" : "winograd_lanes_registry_\(instance)"
            out += "    show(\"\(instance.isEmpty ? "default" : instance)\", \(table));\n"
        }
        out += "    return 0;\n}\n"
        return out
    }

    @Test(
        "the lanes registry compiles under -Werror -pedantic, once and three times in a file; holds the tiles",
        arguments: ["cc", "clang"])
    func lanesRegistry(compiler: String) throws {
        let cc = try #require(compiler == "cc" ? Tools.cc : Tools.clang, "\(compiler) is not installed")
        let expected = try Self.expectedLanesEntries()
        let header = try String(
            contentsOf: Self.generated.appendingPathComponent("Lanes/winograd_lanes_registry.h"),
            encoding: .utf8)
        #expect(header.contains("#define WINOGRAD_LANES_REGISTRY_COUNT \(expected.count)\n"))
        let includes = header.split(separator: "\n").filter { $0.hasPrefix("#include \"") }
        #expect(includes == expected.map { "#include \"\($0.split(separator: " ")[0])_lanes.h\"" })
        for instances in [[""], ["avx512", "avx2", "portable"]] {
            try withTemporaryDirectory { directory in
                let source = directory.appendingPathComponent("registry.c")
                let program = directory.appendingPathComponent("registry")
                try Self.lanesProgram(instances: instances).write(to: source, atomically: true, encoding: .utf8)
                let compiled = try WinogradCLI.runProgram(
                    cc,
                    [
                        "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic",
                        "-I", Self.generated.appendingPathComponent("Lanes").path, "-o", program.path, source.path,
                    ],
                    displayName: compiler, currentDirectory: directory)
                try #require(compiled.succeeded, "\(compiled)")
                #expect(compiled.stderr.isEmpty, "the compiler printed diagnostics\n\(compiled)")
                let ran = try WinogradCLI.runProgram(program, [], displayName: "registry")
                try #require(ran.succeeded, "\(ran)")
                let names = instances.map { $0.isEmpty ? "default" : $0 }
                #expect(ran.stdoutLines == names.flatMap { name in expected.map { name + " " + $0 } }, "\(ran)")
            }
        }
    }

    /// "name language m r points precision" of the catalogue's C and Swift kernels.
    static func expectedKernels(_ precision: Precision) throws -> [String] {
        try KernelCatalogue.committed.kernels.filter { $0.precision == precision }.map { kernel in
            let axes = try kernel.tile.transform(dims: kernel.dims).axes
            return "\(kernel.prefix) \(kernel.language.rawValue) \(axes.map(\.m)) \(axes.map(\.r)) "
                + "\(axes.map { $0.points!.description }) \(precision.rawValue)"
        }
    }

    static func describe<T>(_ entries: [WinogradKernelEntry<T>]) -> [String] {
        entries.map { "\($0.name) \($0.language) \($0.m) \($0.r) \($0.points) \($0.precision)" }
    }

    @Test("the Swift registry holds every C and Swift kernel of the catalogue, in its order")
    func kernelRegistry() throws {
        #expect(Self.describe(WinogradKernelRegistry.float) == (try Self.expectedKernels(.float)))
        #expect(Self.describe(WinogradKernelRegistry.double) == (try Self.expectedKernels(.double)))
        // Every entry is callable and reaches its own kernel: F(2,3)'s filter transform of (1, 0, 0).
        let f23 = try #require(WinogradKernelRegistry.double.first { $0.name == "winograd_f2_3_double" })
        var u = [Double](repeating: 0, count: 4)
        [1.0, 0, 0].withUnsafeBufferPointer { g in
            u.withUnsafeMutableBufferPointer { f23.filterTransform(g.baseAddress!, $0.baseAddress!) }
        }
        #expect(u == [1, 0.5, 0.5, 0])
    }

    @Test("the catalogue: unique names, defined points, square tiles where 1-D kernels are asked")
    func catalogueIsConsistent() throws {
        let catalogue = KernelCatalogue.committed
        let names = catalogue.kernels.map(\.prefix)
        #expect(Set(names).count == names.count)
        for tile in catalogue.tiles {
            #expect(tile.m.count == 2 && tile.r.count == 2, "\(tile.summary)")
            if tile.dims.contains(1) { #expect(tile.m[0] == tile.m[1] && tile.r[0] == tile.r[1], "\(tile.summary)") }
            if tile.points != nil { #expect(tile.variant != nil, "\(tile.summary) needs a variant name") }
            for dims in tile.dims { _ = try tile.kernelTile(dims: dims) }
            if tile.exact != nil {
                #expect(tile.languages.isEmpty && tile.lanes && tile.variant != nil, "\(tile.summary): lanes only")
            }
        }
        #expect(catalogue.summary.hasPrefix("F(2,3), F(4,3), F(6,3), F(2,5), F(4,5), F(4,3) with the searched points"))
    }

    @Test("emit --help describes --all from the catalogue")
    func helpNamesTheCatalogue() throws {
        let help = try WinogradCLI.run(["emit", "--help"])
        #expect(help.succeeded, "\(help)")
        let flat = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains(KernelCatalogue.committed.summary), "\(help)")
    }

    static func files(under root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            files[relative] = try Data(contentsOf: url)
        }
        return files
    }
}
