import ArgumentParser
import WinogradRuntime

/// A convolution layer of the benchmarks: N images of C×H×W, K filters of
/// 3×3, the same padding on every side.
struct BenchLayer: ExpressibleByArgument, Equatable {
    var n: Int, c: Int, k: Int, h: Int, w: Int, padding: Int
    var name: String { "(\(n),\(c),\(k),\(h)×\(w))" }

    init(n: Int, c: Int, k: Int, h: Int, w: Int, padding: Int) {
        (self.n, self.c, self.k, self.h, self.w, self.padding) = (n, c, k, h, w, padding)
    }

    /// "N,C,K,H,W,P", e.g. "1,64,64,56,56,1".
    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 6, let values = parts as? [Int] else { return nil }
        self.init(n: values[0], c: values[1], k: values[2], h: values[3], w: values[4], padding: values[5])
    }

    var defaultValueDescription: String { "\(n),\(c),\(k),\(h),\(w),\(padding)" }

    /// The problem with this layer's sizes, or nil when the benchmarks can
    /// run it: each size positive, every tensor within the runtime's element
    /// bound, the padding 0…2 (3×3 filters).
    func problem() -> String? {
        for (name, value) in [("N", n), ("C", c), ("K", k), ("H", h), ("W", w)] where value < 1 {
            return "\(name) = \(value) is not a size; give 1 or more"
        }
        if !(0...2).contains(padding) { return "the padding \(padding) must be 0 to 2 for 3×3 filters" }
        if h + 2 * padding < 3 || w + 2 * padding < 3 { return "the padded image must be at least 3×3" }
        let limit = ConvolutionGeometry.maximumElements
        for shape in [[n, c, h, w], [n, k, h, w], [k, c, 3, 3]] {
            guard let count = ConvolutionGeometry.elementCount(shape), count <= limit else {
                return "a tensor of \(shape.map(String.init).joined(separator: "×")) has more than \(limit) "
                    + "elements, the most the runtime's 32-bit geometry takes"
            }
        }
        return nil
    }

    /// The layer's geometry (its sizes checked by ``problem()``).
    func geometry() throws -> ConvolutionGeometry {
        do {
            return try ConvolutionGeometry.of(
                input: [n, c, h, w], filters: [k, c, 3, 3], padding: Padding(padding))
        } catch { throw UserInputError("layer \(defaultValueDescription): \(error)") }
    }

    /// The deep layers of a ResNet-style network at N = 1.
    static let deep = [
        BenchLayer(n: 1, c: 64, k: 64, h: 56, w: 56, padding: 1),
        BenchLayer(n: 1, c: 128, k: 128, h: 28, w: 28, padding: 1),
        BenchLayer(n: 1, c: 256, k: 256, h: 14, w: 14, padding: 1),
        BenchLayer(n: 1, c: 512, k: 512, h: 7, w: 7, padding: 1),
    ]

    /// Small layers for a smoke test of a benchmark command.
    static let quick = [
        BenchLayer(n: 1, c: 16, k: 16, h: 20, w: 20, padding: 1),
        BenchLayer(n: 2, c: 3, k: 8, h: 30, w: 30, padding: 0),
    ]

    /// Throws unless every thread count of a benchmark's --threads is 1 to
    /// the most the tool takes.
    static func checkThreads(_ threads: CommaSeparated<Int>) throws {
        guard threads.elements.allSatisfy({ (1...TensorOptions.maximumThreads).contains($0) }) else {
            throw ValidationError(
                "--threads '\(threads.defaultValueDescription)' must list thread counts of 1 to "
                    + "\(TensorOptions.maximumThreads)")
        }
    }

    /// The same layer with another batch size.
    func batch(_ count: Int) -> BenchLayer {
        BenchLayer(n: count, c: c, k: k, h: h, w: w, padding: padding)
    }
}
