import ExactArithmetic
import Foundation
import TestSupport
import Testing
import Winograd

@testable import WinogradEmitter

/// One emitted kernel file set under test.
struct KernelCase: CustomStringConvertible {
    var tile: KernelTile
    /// Names points in ℚ(√d) or moduli in the prefix.
    var variant: String = ""
    var precision: Precision
    var fused: Bool

    init(transform: NestedTransform, precision: Precision, fused: Bool) {
        self.init(tile: KernelTile(transform), precision: precision, fused: fused)
    }

    init(tile: KernelTile, variant: String = "", precision: Precision, fused: Bool) {
        (self.tile, self.variant, self.precision, self.fused) = (tile, variant, precision, fused)
    }

    var prefix: String {
        let ms = tile.axes.map { String($0.m) }.joined(separator: "x")
        let rs = tile.axes.map { String($0.r) }.joined(separator: "x")
        let named = variant.isEmpty ? "" : variant + "_"
        return "k_f\(ms)_\(rs)_\(named)\(precision.rawValue)\(fused ? "_fma" : "")"
    }

    var description: String { prefix }

    /// Sizes: m, r, n per axis (1-D: one axis), and the transformed arrays'
    /// N per axis (n for points, more with quadratic moduli).
    var ms: [Int] { tile.axes.map(\.m) }
    var rs: [Int] { tile.axes.map(\.r) }
    var ns: [Int] { tile.axes.map(\.n) }
    var transformedSizes: [Int] { tile.axes.map(\.multiplications) }

    /// The documented error bound: for inputs and filters in [−1, 1],
    ///   max |y − y_exact| ≤ γ_L · B,  γ_L = L·u / (1 − L·u),
    ///   B = Π_axes ‖ |AT| ((|G|·𝟙) ⊙ (|BT|·𝟙)) ‖∞ (`KernelReference.growth`, the
    ///   K the committed kernels' tests use),
    /// the first-order bound of y = AT·((G·g) ⊙ (BT·d)) evaluated in any
    /// order that keeps |coefficients| (sharing and factoring do), with
    /// L = 1 + Σ_axes (r + 2n + 1) roundings on the longest path and u the
    /// unit roundoff (2^-24 float, 2^-53 double). B grows steeply with the
    /// tile; that growth is the precision Winograd gives up.
    var bound: Double {
        let growth = tile.axes.reduce(1.0) { $0 * KernelReference.axisGrowth(AT: $1.AT, G: $1.G, BT: $1.BT) }
        let roundings = Double(1 + tile.axes.reduce(0) { $0 + $1.r + 2 * $1.multiplications + 1 })
        let unit = precision == .float ? 0x1p-24 : 0x1p-53
        return roundings * unit / (1 - roundings * unit) * growth
    }

    /// Expects a measured error within ``bound``; double kernels also
    /// within about 1e-12 relative (F(6×6,5×5), the largest, reaches 1.1e-12).
    func expectWithinBound(
        error: Double, reference: Double, language: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            error <= bound, "\(language) \(prefix): error \(error) above the bound \(bound)",
            sourceLocation: sourceLocation)
        if precision == .double {
            #expect(
                error / reference <= 2e-12, "\(language) \(prefix): relative error \(error / reference)",
                sourceLocation: sourceLocation)
        }
    }

    func files(_ language: Language) throws -> [EmittedFile] {
        let options = EmitOptions(
            language: language, precision: precision,
            prefix: language == .c ? prefix : "K" + prefix.dropFirst(), command: "test")
        return try KernelFiles.emit(KernelSet(tile, fusedMultiplyAdd: fused), options: options)
    }
}

/// Writes a C or Swift program that runs each kernel on random data
/// (contiguous and strided forms) and prints, per kernel,
/// `prefix relative-error strided-identical`.
enum KernelHarness {
    static func c(_ cases: [KernelCase]) -> String {
        var out = """
            #include <stdio.h>
            #include <string.h>
            #include <math.h>

            static unsigned long long state = 0x9E3779B97F4A7C15ULL;
            static double uniform(void) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                return (double)(state >> 11) * 0x1p-53 * 2.0 - 1.0;
            }

            """
        for c in cases { out += "#include \"\(c.prefix).h\"\n" }
        for c in cases { out += cFunction(c) }
        out += "\nint main(void)\n{\n"
        for c in cases { out += "    check_\(c.prefix)();\n" }
        out += "    return 0;\n}\n"
        return out
    }

    private static func cFunction(_ c: KernelCase) -> String {
        let T = c.precision.rawValue
        let P = c.prefix
        let twoD = c.ms.count == 2
        let (m0, m1) = (c.ms[0], twoD ? c.ms[1] : 1)
        let (r0, r1) = (c.rs[0], twoD ? c.rs[1] : 1)
        let (n0, n1) = (c.ns[0], twoD ? c.ns[1] : 1)
        let n = n0 * n1
        let t = c.transformedSizes.reduce(1, *)
        let m = m0 * m1
        let r = r0 * r1
        let inputStrided =
            twoD ? "\(P)_input_transform_strided(dimg, \(n1 + 3), vs, 3)" : "\(P)_input_transform_strided(dimg, vs, 3)"
        let outputStrided =
            twoD
            ? "\(P)_output_transform_strided(xs, 3, yimg, \(m1 + 2))" : "\(P)_output_transform_strided(xs, 3, yimg)"
        let yimgIndex = twoD ? "(k / \(m1)) * \(m1 + 2) + k % \(m1)" : "k"
        let error = "fabs((double)(y[i * \(m1) + j] - sum))"
        let copyToImage =
            twoD
            ? "for (i = 0; i < \(n0); i++) for (j = 0; j < \(n1); j++) dimg[i * \(n1 + 3) + j] = d[i * \(n1) + j];"
            : "for (k = 0; k < \(n); k++) dimg[k] = d[k];"
        let filterDiffers = "memcmp(&us[3 * k], &u[k], sizeof u[k]) != 0"
        let inputDiffers = "memcmp(&vs[3 * k], &v[k], sizeof v[k]) != 0"
        return """

            static void check_\(P)(void)
            {
                \(T) g[\(r)], d[\(n)], u[\(t)], v[\(t)], x[\(t)], y[\(m)];
                \(T) dimg[\(n0 * (n1 + 3))], us[\(3 * t)], vs[\(3 * t)], xs[\(3 * t)], yimg[\(m0 * (m1 + 2))];
                double max_error = 0, max_reference = 0;
                int same = 1, trial, i, j, a, b, k;
                for (trial = 0; trial < 8; trial++) {
                    for (k = 0; k < \(r); k++) g[k] = (\(T))uniform();
                    for (k = 0; k < \(n); k++) d[k] = (\(T))uniform();
                    \(P)_filter_transform(g, u);
                    \(P)_input_transform(d, v);
                    for (k = 0; k < \(t); k++) x[k] = u[k] * v[k];
                    \(P)_output_transform(x, y);
                    for (i = 0; i < \(m0); i++) for (j = 0; j < \(m1); j++) {
                        long double sum = 0;
                        for (a = 0; a < \(r0); a++) for (b = 0; b < \(r1); b++)
                            sum += (long double)d[(i + a) * \(n1) + j + b] * (long double)g[a * \(r1) + b];
                        if (\(error) > max_error) max_error = \(error);
                        if (fabs((double)sum) > max_reference) max_reference = fabs((double)sum);
                    }
                    \(copyToImage)
                    \(P)_filter_transform_strided(g, us, 3);
                    \(inputStrided);
                    for (k = 0; k < \(t); k++) xs[3 * k] = us[3 * k] * vs[3 * k];
                    \(outputStrided);
                    for (k = 0; k < \(m); k++) if (memcmp(&yimg[\(yimgIndex)], &y[k], sizeof y[k]) != 0) same = 0;
                    for (k = 0; k < \(t); k++) if (\(filterDiffers) || \(inputDiffers)) same = 0;
                }
                printf("\(P) %.6e %.6e %d\\n", max_error, max_reference, same);
            }

            """
    }

    static func swift(_ cases: [KernelCase]) -> String {
        var out = """
            #if arch(x86_64) && !os(Windows)
            typealias Wide = Float80
            #else
            typealias Wide = Double
            #endif

            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            func uniform() -> Double {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double(state >> 11) * 0x1p-53 * 2 - 1
            }

            """
        for c in cases { out += swiftFunction(c) }
        for c in cases { out += "check_\(c.prefix)()\n" }
        return out
    }

    private static func swiftFunction(_ c: KernelCase) -> String {
        let T = c.precision == .float ? "Float" : "Double"
        let P = "K" + c.prefix.dropFirst()
        let twoD = c.ms.count == 2
        let (m0, m1) = (c.ms[0], twoD ? c.ms[1] : 1)
        let (r0, r1) = (c.rs[0], twoD ? c.rs[1] : 1)
        let (n0, n1) = (c.ns[0], twoD ? c.ns[1] : 1)
        let n = n0 * n1
        let t = c.transformedSizes.reduce(1, *)
        let m = m0 * m1
        let r = r0 * r1
        let inputStrided =
            twoD
            ? "\(P).inputTransform(dimg, rowStride: \(n1 + 3), vs, stride: 3)"
            : "\(P).inputTransform(dimg, vs, stride: 3)"
        let outputStrided =
            twoD
            ? "\(P).outputTransform(xs, stride: 3, yimg, rowStride: \(m1 + 2))"
            : "\(P).outputTransform(xs, stride: 3, yimg)"
        let yimgIndex = twoD ? "(k / \(m1)) * \(m1 + 2) + k % \(m1)" : "k"
        let allocate = "UnsafeMutablePointer<\(T)>.allocate"
        let product = "Wide(d[(i + a) * \(n1) + j + b]) * Wide(g[a * \(r1) + b])"
        let copyToImage =
            twoD
            ? "for i in 0..<\(n0) { for j in 0..<\(n1) { dimg[i * \(n1 + 3) + j] = d[i * \(n1) + j] } }"
            : "for k in 0..<\(n) { dimg[k] = d[k] }"
        let filterDiffers = "us[3 * k].bitPattern != u[k].bitPattern"
        let inputDiffers = "vs[3 * k].bitPattern != v[k].bitPattern"
        return """

            func check_\(c.prefix)() {
                let g = \(allocate)(capacity: \(r)), d = \(allocate)(capacity: \(n))
                let u = \(allocate)(capacity: \(t)), v = \(allocate)(capacity: \(t))
                let x = \(allocate)(capacity: \(t)), y = \(allocate)(capacity: \(m))
                let dimg = \(allocate)(capacity: \(n0 * (n1 + 3))), yimg = \(allocate)(capacity: \(m0 * (m1 + 2)))
                let us = \(allocate)(capacity: \(3 * t)), vs = \(allocate)(capacity: \(3 * t))
                let xs = \(allocate)(capacity: \(3 * t))
                var maxError = 0.0, maxReference = 0.0, same = true
                for _ in 0..<8 {
                    for k in 0..<\(r) { g[k] = \(T)(uniform()) }
                    for k in 0..<\(n) { d[k] = \(T)(uniform()) }
                    \(P).filterTransform(g, u)
                    \(P).inputTransform(d, v)
                    for k in 0..<\(t) { x[k] = u[k] * v[k] }
                    \(P).outputTransform(x, y)
                    for i in 0..<\(m0) {
                        for j in 0..<\(m1) {
                            var sum: Wide = 0
                            for a in 0..<\(r0) { for b in 0..<\(r1) { sum += \(product) } }
                            maxError = max(maxError, Double(abs(Wide(y[i * \(m1) + j]) - sum)))
                            maxReference = max(maxReference, Double(abs(sum)))
                        }
                    }
                    \(copyToImage)
                    \(P).filterTransform(g, us, stride: 3)
                    \(inputStrided)
                    for k in 0..<\(t) { xs[3 * k] = us[3 * k] * vs[3 * k] }
                    \(outputStrided)
                    for k in 0..<\(m) where yimg[\(yimgIndex)].bitPattern != y[k].bitPattern { same = false }
                    for k in 0..<\(t) where \(filterDiffers) || \(inputDiffers) { same = false }
                }
                print("\(c.prefix) \\(maxError) \\(maxReference) \\(same ? 1 : 0)")
                for p in [g, d, u, v, x, y, dimg, yimg, us, vs, xs] { p.deallocate() }
            }

            """
    }

    /// Parses the harness output: prefix → (max absolute error, max |reference|, strided identical).
    static func results(_ output: String) -> [String: (error: Double, reference: Double, stridedIdentical: Bool)] {
        var results: [String: (Double, Double, Bool)] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 4, let error = Double(fields[1]), let reference = Double(fields[2]) else { continue }
            results[String(fields[0])] = (error, reference, fields[3] == "1")
        }
        return results
    }
}
