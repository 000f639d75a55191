import ExactArithmetic
import Foundation
import TestSupport
import Testing
import Winograd

@testable import WinogradEmitter

/// The 16-lane kernels (`emit --lanes`) compiled with gcc and clang under
/// -std=c99 -Wall -Wextra -Werror -pedantic and run on 16 different tiles
/// with strides, against the transforms' matrices applied in double: 1-D,
/// 2-D in one program (up to 48 values) and 2-D pass by pass (over 48,
/// square and not); the 2-D kernels are called through a lanes registry
/// (`LanesRegistry`) included with the defaults, whose entries are checked too.
@Suite("Lanes kernels", .serialized)
struct LanesKernelTests {
    /// (m, r, prefix): F(4,3) 1-D; F(4×4,3×3) and F(3×5,2×3) in one program;
    /// F(6×6,3×3), F(4×4,5×5) and F(7×6,3×3) pass by pass.
    static let tiles: [(m: String, r: String, dims: Int?, prefix: String)] = [
        ("4", "3", 1, "l_f4_3"), ("4", "3", 2, "l_f4x4_3x3"), ("3x5", "2x3", nil, "l_f3x5_2x3"),
        ("6", "3", 2, "l_f6x6_3x3"), ("4", "5", 2, "l_f4x4_5x5"), ("7x6", "3x3", nil, "l_f7x6_3x3"),
    ]
    static let inStride = 20, outStride = 24

    @Test(arguments: ["gcc", "clang"])
    func lanesKernelsCompileCleanlyAndMatchTheMatrices(compiler: String) throws {
        guard let cc = ProcessRunner.find(compiler) else {
            Issue.record(
                "\(compiler) is not installed; scripts/setup.sh installs gcc, the Swift toolchain brings clang")
            return
        }
        let transforms = try Self.tiles.map { try transform($0.m, $0.r, dims: $0.dims) }
        #expect(
            transforms.map { LanesBody.usesPasses(KernelSet($0, fusedMultiplyAdd: false).input) } == [
                false, false, false, true, true, true,
            ],
            "the cases should cover both forms")
        try withTemporaryDirectory { directory in
            var harness = "#include <stdio.h>\n"
            var calls: [String] = []
            // The 2-D kernels run through a registry (as the runtime finds them), the 1-D one directly.
            var registry: [LanesRegistry.Entry] = []
            for (tile, nested) in zip(Self.tiles, transforms) {
                let options = EmitOptions(language: .c, precision: .float, prefix: tile.prefix, command: "test")
                let file = try KernelFiles.emitLanes(KernelSet(nested, fusedMultiplyAdd: false), options: options)
                try file.contents.write(
                    to: directory.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
                if nested.dims == 2 {
                    registry.append(LanesRegistry.Entry(prefix: tile.prefix, header: file.name, transform: nested))
                } else {
                    harness += "#include \"\(file.name)\"\n"
                }
                for kind in KernelKind.allCases {
                    let kernel =
                        nested.dims == 2
                        ? "winograd_lanes_registry[\(registry.count - 1)].\(kind)"
                        : "\(tile.prefix)_\(kind)_transform_lanes"
                    let (count, output) = Self.shape(nested, kind)
                    calls.append("run(\(kernel), \"\(tile.prefix) \(kind)\", \(count), \(output));")
                }
            }
            try LanesRegistry.header(registry, command: "test")
                .write(to: directory.appendingPathComponent(LanesRegistry.fileName), atomically: true, encoding: .utf8)
            harness += "#include \"\(LanesRegistry.fileName)\"\n"
            calls.append(
                """
                for (i = 0; i < WINOGRAD_LANES_REGISTRY_COUNT; i++) {
                        const winograd_lanes_entry *e = &winograd_lanes_registry[i];
                        printf("entry %s %d %d %d %d %s|%s\\n", e->name, e->m0, e->m1, e->r0, e->r1,
                               e->points0, e->points1);
                    }
                """)
            let laneInput = "(float)((i * 16 + l) * 7919 % 1000) / 500.0f - 1.0f"
            harness += """

                typedef void (*kernel)(const float *, size_t, float *, size_t);
                /* Element i of lane l is ((i·16 + l)·7919 mod 1000) / 500 − 1; prints every result. */
                static void run(kernel k, const char *name, int inputs, int outputs)
                {
                    static float in[1024 * \(Self.inStride)], out[1024 * \(Self.outStride)];
                    int i, l;
                    for (i = 0; i < inputs; i++)
                        for (l = 0; l < 16; l++) in[i * \(Self.inStride) + l] = \(laneInput);
                    k(in, \(Self.inStride), out, \(Self.outStride));
                    for (i = 0; i < outputs; i++)
                        for (l = 0; l < 16; l++) printf("%s %d %d %.9g\\n", name, i, l, out[i * \(Self.outStride) + l]);
                }

                int main(void)
                {
                    int i;
                    \(calls.joined(separator: "\n    "))
                    return 0;
                }

                """
            try harness.write(to: directory.appendingPathComponent("harness.c"), atomically: true, encoding: .utf8)
            let build = try ProcessRunner.run(
                cc,
                [
                    "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-O2",
                    "-o", "harness", "harness.c",
                ], currentDirectory: directory)
            try #require(build.succeeded, "\(build)")
            #expect(build.stderr.isEmpty, "compiler said something:\n\(build.stderr)")
            let run = try ProcessRunner.run(
                directory.appendingPathComponent("harness"), [], currentDirectory: directory)
            try #require(run.succeeded, "\(run)")
            let entries = run.stdout.split(separator: "\n").filter { $0.hasPrefix("entry ") }.map(String.init)
            #expect(
                entries
                    == registry.map { entry in
                        let axes = entry.tile.axes
                        return "entry \(entry.prefix) \(axes[0].m) \(axes[1].m) \(axes[0].r) \(axes[1].r) "
                            + entry.points.joined(separator: "|")
                    }, "the registry's entries")
            var got: [String: Double] = [:]
            for line in run.stdout.split(separator: "\n") where !line.hasPrefix("entry ") {
                let fields = line.split(separator: " ")
                got["\(fields[0]) \(fields[1]) \(fields[2]) \(fields[3])"] = Double(fields[4])
            }
            var checked = 0
            for (tile, nested) in zip(Self.tiles, transforms) {
                for kind in KernelKind.allCases {
                    let expected = Self.reference(nested, kind)
                    for (i, lanes) in expected.enumerated() {
                        for (l, value) in lanes.enumerated() {
                            let key = "\(tile.prefix) \(kind) \(i) \(l)"
                            guard let result = got[key] else {
                                Issue.record("no result for \(key)")
                                continue
                            }
                            #expect(
                                abs(result - value) <= 1e-5 * max(1, abs(value)), "\(key): \(result) against \(value)")
                            checked += 1
                        }
                    }
                }
            }
            #expect(checked == got.count && checked > 0)
        }
    }

    /// Values a kernel reads and writes.
    static func shape(_ nested: NestedTransform, _ kind: KernelKind) -> (count: Int, output: Int) {
        let matrices = nested.axes.map(kind.matrix(of:))
        return (matrices.map(\.columnCount).reduce(1, *), matrices.map(\.rowCount).reduce(1, *))
    }

    /// The kernel's results per lane: the axis matrices applied to the
    /// harness's inputs in double, row-major.
    static func reference(_ nested: NestedTransform, _ kind: KernelKind) -> [[Double]] {
        let matrices = nested.axes.map { kind.matrix(of: $0) }
        let inputShape = matrices.map(\.columnCount)
        let outputShape = matrices.map(\.rowCount)
        let inputs = inputShape.reduce(1, *)
        let outputs = outputShape.reduce(1, *)
        return (0..<outputs).map { o in
            (0..<16).map { l in
                var sum = 0.0
                for i in 0..<inputs {
                    // Coefficient: the product over axes of matrix[axis][out index][in index].
                    var coefficient = 1.0
                    var restOut = o
                    var restIn = i
                    for axis in matrices.indices.reversed() {
                        let a = restOut % outputShape[axis]
                        let b = restIn % inputShape[axis]
                        restOut /= outputShape[axis]
                        restIn /= inputShape[axis]
                        coefficient *= matrices[axis][a, b].doubleValue
                    }
                    let x = Double(Float((i * 16 + l) * 7919 % 1000) / 500 - 1)
                    sum += coefficient * x
                }
                return sum
            }
        }
    }
}
