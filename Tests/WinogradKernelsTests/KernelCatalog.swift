import Testing
import WinogradKernelRegistry

/// The element types of the committed kernels.
protocol KernelScalar: BinaryFloatingPoint, Sendable {
    /// The bits, for bit-for-bit comparisons.
    var bits: UInt64 { get }
    /// "float" or "double", as in the kernel names.
    static var precisionName: String { get }
}

extension Float: KernelScalar {
    var bits: UInt64 { UInt64(bitPattern) }
    static var precisionName: String { "float" }
}

extension Double: KernelScalar {
    var bits: UInt64 { bitPattern }
    static var precisionName: String { "double" }
}

/// One committed kernel file set, C or Swift, from the generated registry
/// (`WinogradKernelRegistry`, written by `winograd emit --all` from
/// `KernelCatalogue.committed`).
///
/// The strided closures take the 2-D signature; a 1-D kernel ignores the
/// input's row stride (its d is contiguous) and the output's row stride (its
/// y is contiguous), as its C and Swift APIs do.
struct Kernel<T: KernelScalar>: Sendable, CustomTestStringConvertible {
    enum Language: String, Sendable {
        case c = "C"
        case swift = "Swift"
    }

    let entry: WinogradKernelEntry<T>
    let language: Language

    init(_ entry: WinogradKernelEntry<T>) {
        self.entry = entry
        language = entry.language == "c" ? .c : .swift
    }

    var name: String { entry.name }
    /// A square tile's m and r (the catalogue's tiles are square).
    var m: Int { entry.m[0] }
    var r: Int { entry.r[0] }
    var dims: Int { entry.dims }
    var n: Int { m + r - 1 }
    /// The points of the rows axis, as `PointSet.description`.
    var points: String { entry.points[0] }

    var filter: WinogradKernelEntry<T>.Contiguous { entry.filterTransform }
    /// (g, u, uStride)
    var filterStrided: WinogradKernelEntry<T>.FilterStrided { entry.filterTransformStrided }
    var input: WinogradKernelEntry<T>.Contiguous { entry.inputTransform }
    /// (d, dRowStride, v, vStride)
    var inputStrided: WinogradKernelEntry<T>.Strided { entry.inputTransformStrided }
    var output: WinogradKernelEntry<T>.Contiguous { entry.outputTransform }
    /// (x, xStride, y, yRowStride)
    var outputStrided: WinogradKernelEntry<T>.Strided { entry.outputTransformStrided }

    /// "F(4×4,3×3)" or "F(4,3)".
    var tileName: String { dims == 2 ? "F(\(m)×\(m),\(r)×\(r))" : "F(\(m),\(r))" }
    var testDescription: String { "\(name) (\(language.rawValue))" }

    /// Elements of the filter g, the input tile d and the output tile y.
    var filterCount: Int { dims == 2 ? r * r : r }
    var tileCount: Int { dims == 2 ? n * n : n }
    var outputCount: Int { dims == 2 ? m * m : m }
}

// MARK: - The committed set

/// Every committed kernel of Generated/, from the generated registry.
enum Kernels {
    static let float: [Kernel<Float>] = WinogradKernelRegistry.float.map(Kernel.init)
    static let double: [Kernel<Double>] = WinogradKernelRegistry.double.map(Kernel.init)

    static var cFloat: [Kernel<Float>] { float.filter { $0.language == .c } }
    static var cDouble: [Kernel<Double>] { double.filter { $0.language == .c } }

    /// C and Swift kernels of the same tile, points and precision, side by side.
    static var floatPairs: [KernelPair<Float>] { pairs(float) }
    static var doublePairs: [KernelPair<Double>] { pairs(double) }

    static func pairs<T>(_ kernels: [Kernel<T>]) -> [KernelPair<T>] {
        let swift = kernels.filter { $0.language == .swift }
        return kernels.filter { $0.language == .c }.compactMap { c in
            swift.first { $0.entry.m == c.entry.m && $0.entry.r == c.entry.r && $0.entry.points == c.entry.points }
                .map { KernelPair(c: c, swift: $0) }
        }
    }
}

struct KernelPair<T: KernelScalar>: Sendable, CustomTestStringConvertible {
    var c: Kernel<T>
    var swift: Kernel<T>
    var testDescription: String { "\(c.name) and \(swift.name)" }
}
