import Testing
import WinogradKernels
import WinogradKernelsC

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

/// One committed kernel file, C or Swift, behind one set of closures.
///
/// The strided closures take the 2-D signature; a 1-D kernel ignores the
/// input's row stride (its d is contiguous) and the output's row stride (its
/// y is contiguous), as its C and Swift APIs do.
struct Kernel<T: KernelScalar>: Sendable, CustomTestStringConvertible {
    enum Language: String, Sendable { case c = "C", swift = "Swift" }

    let language: Language
    let m: Int
    let r: Int
    let dims: Int
    var n: Int { m + r - 1 }

    let filter: @Sendable (UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void
    /// (g, u, uStride)
    let filterStrided: @Sendable (UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void
    let input: @Sendable (UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void
    /// (d, dRowStride, v, vStride)
    let inputStrided: @Sendable (UnsafePointer<T>, Int, UnsafeMutablePointer<T>, Int) -> Void
    let output: @Sendable (UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void
    /// (x, xStride, y, yRowStride)
    let outputStrided: @Sendable (UnsafePointer<T>, Int, UnsafeMutablePointer<T>, Int) -> Void

    /// "F(4×4,3×3)" or "F(4,3)".
    var tileName: String { dims == 2 ? "F(\(m)×\(m),\(r)×\(r))" : "F(\(m),\(r))" }
    var testDescription: String { "\(tileName) \(T.precisionName) \(language.rawValue)" }

    /// Elements of the filter g, the input tile d and the output tile y.
    var filterCount: Int { dims == 2 ? r * r : r }
    var tileCount: Int { dims == 2 ? n * n : n }
    var outputCount: Int { dims == 2 ? m * m : m }
}

// MARK: - C kernels

extension Kernel {
    /// A 1-D C kernel, from its six functions.
    init(
        c1D m: Int, _ r: Int,
        _ filter: @escaping @Sendable (UnsafePointer<T>?, UnsafeMutablePointer<T>?) -> Void,
        _ filterStrided: @escaping @Sendable (UnsafePointer<T>?, UnsafeMutablePointer<T>?, Int) -> Void,
        _ input: @escaping @Sendable (UnsafePointer<T>?, UnsafeMutablePointer<T>?) -> Void,
        _ inputStrided: @escaping @Sendable (UnsafePointer<T>?, UnsafeMutablePointer<T>?, Int) -> Void,
        _ output: @escaping @Sendable (UnsafePointer<T>?, UnsafeMutablePointer<T>?) -> Void,
        _ outputStrided: @escaping @Sendable (UnsafePointer<T>?, Int, UnsafeMutablePointer<T>?) -> Void
    ) {
        self.init(
            language: .c, m: m, r: r, dims: 1,
            filter: { filter($0, $1) }, filterStrided: { filterStrided($0, $1, $2) },
            input: { input($0, $1) }, inputStrided: { d, _, v, vStride in inputStrided(d, v, vStride) },
            output: { output($0, $1) }, outputStrided: { x, xStride, y, _ in outputStrided(x, xStride, y) })
    }

    /// A 2-D C kernel, from its six functions.
    init(
        c2D m: Int, _ r: Int,
        _ filter: @escaping @Sendable (UnsafePointer<T>?, UnsafeMutablePointer<T>?) -> Void,
        _ filterStrided: @escaping @Sendable (UnsafePointer<T>?, UnsafeMutablePointer<T>?, Int) -> Void,
        _ input: @escaping @Sendable (UnsafePointer<T>?, UnsafeMutablePointer<T>?) -> Void,
        _ inputStrided: @escaping @Sendable (UnsafePointer<T>?, Int, UnsafeMutablePointer<T>?, Int) -> Void,
        _ output: @escaping @Sendable (UnsafePointer<T>?, UnsafeMutablePointer<T>?) -> Void,
        _ outputStrided: @escaping @Sendable (UnsafePointer<T>?, Int, UnsafeMutablePointer<T>?, Int) -> Void
    ) {
        self.init(
            language: .c, m: m, r: r, dims: 2,
            filter: { filter($0, $1) }, filterStrided: { filterStrided($0, $1, $2) },
            input: { input($0, $1) }, inputStrided: { inputStrided($0, $1, $2, $3) },
            output: { output($0, $1) }, outputStrided: { outputStrided($0, $1, $2, $3) })
    }
}

// MARK: - Swift kernels

/// A generated kernel enum, whose metatype the closures below capture.
#if compiler(>=6.2)
protocol GeneratedKernelEnum: SendableMetatype {}
#else
protocol GeneratedKernelEnum {}
#endif

/// The API of a 1-D Swift kernel enum; conforming the generated enums below
/// also checks that they have exactly this shape.
protocol SwiftKernel1D: GeneratedKernelEnum {
    associatedtype Scalar: KernelScalar
    static func filterTransform(_ g: UnsafePointer<Scalar>, _ u: UnsafeMutablePointer<Scalar>)
    static func filterTransform(_ g: UnsafePointer<Scalar>, _ u: UnsafeMutablePointer<Scalar>, stride: Int)
    static func inputTransform(_ d: UnsafePointer<Scalar>, _ v: UnsafeMutablePointer<Scalar>)
    static func inputTransform(_ d: UnsafePointer<Scalar>, _ v: UnsafeMutablePointer<Scalar>, stride: Int)
    static func outputTransform(_ x: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>)
    static func outputTransform(_ x: UnsafePointer<Scalar>, stride: Int, _ y: UnsafeMutablePointer<Scalar>)
}

/// The API of a 2-D Swift kernel enum.
protocol SwiftKernel2D: GeneratedKernelEnum {
    associatedtype Scalar: KernelScalar
    static func filterTransform(_ g: UnsafePointer<Scalar>, _ u: UnsafeMutablePointer<Scalar>)
    static func filterTransform(_ g: UnsafePointer<Scalar>, _ u: UnsafeMutablePointer<Scalar>, stride: Int)
    static func inputTransform(_ d: UnsafePointer<Scalar>, _ v: UnsafeMutablePointer<Scalar>)
    static func inputTransform(_ d: UnsafePointer<Scalar>, rowStride: Int, _ v: UnsafeMutablePointer<Scalar>, stride: Int)
    static func outputTransform(_ x: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>)
    static func outputTransform(_ x: UnsafePointer<Scalar>, stride: Int, _ y: UnsafeMutablePointer<Scalar>, rowStride: Int)
}

extension WinogradF2_3Float: SwiftKernel1D {}
extension WinogradF2_3Double: SwiftKernel1D {}
extension WinogradF4_3Float: SwiftKernel1D {}
extension WinogradF4_3Double: SwiftKernel1D {}
extension WinogradF6_3Float: SwiftKernel1D {}
extension WinogradF6_3Double: SwiftKernel1D {}
extension WinogradF2_5Float: SwiftKernel1D {}
extension WinogradF2_5Double: SwiftKernel1D {}
extension WinogradF4_5Float: SwiftKernel1D {}
extension WinogradF4_5Double: SwiftKernel1D {}
extension WinogradF2x2_3x3Float: SwiftKernel2D {}
extension WinogradF2x2_3x3Double: SwiftKernel2D {}
extension WinogradF4x4_3x3Float: SwiftKernel2D {}
extension WinogradF4x4_3x3Double: SwiftKernel2D {}
extension WinogradF6x6_3x3Float: SwiftKernel2D {}
extension WinogradF6x6_3x3Double: SwiftKernel2D {}
extension WinogradF2x2_5x5Float: SwiftKernel2D {}
extension WinogradF2x2_5x5Double: SwiftKernel2D {}
extension WinogradF4x4_5x5Float: SwiftKernel2D {}
extension WinogradF4x4_5x5Double: SwiftKernel2D {}
extension WinogradF3_2Float: SwiftKernel1D {}
extension WinogradF3_2Double: SwiftKernel1D {}
extension WinogradF3_4Float: SwiftKernel1D {}
extension WinogradF3_4Double: SwiftKernel1D {}
extension WinogradF3_6Float: SwiftKernel1D {}
extension WinogradF3_6Double: SwiftKernel1D {}
extension WinogradF3x3_2x2Float: SwiftKernel2D {}
extension WinogradF3x3_2x2Double: SwiftKernel2D {}
extension WinogradF3x3_4x4Float: SwiftKernel2D {}
extension WinogradF3x3_4x4Double: SwiftKernel2D {}
extension WinogradF3x3_6x6Float: SwiftKernel2D {}
extension WinogradF3x3_6x6Double: SwiftKernel2D {}

extension Kernel {
    init<K: SwiftKernel1D>(swift kernel: K.Type, m: Int, r: Int) where K.Scalar == T {
        self.init(
            language: .swift, m: m, r: r, dims: 1,
            filter: { K.filterTransform($0, $1) }, filterStrided: { K.filterTransform($0, $1, stride: $2) },
            input: { K.inputTransform($0, $1) }, inputStrided: { d, _, v, vStride in K.inputTransform(d, v, stride: vStride) },
            output: { K.outputTransform($0, $1) }, outputStrided: { x, xStride, y, _ in K.outputTransform(x, stride: xStride, y) })
    }

    init<K: SwiftKernel2D>(swift kernel: K.Type, m: Int, r: Int) where K.Scalar == T {
        self.init(
            language: .swift, m: m, r: r, dims: 2,
            filter: { K.filterTransform($0, $1) }, filterStrided: { K.filterTransform($0, $1, stride: $2) },
            input: { K.inputTransform($0, $1) }, inputStrided: { K.inputTransform($0, rowStride: $1, $2, stride: $3) },
            output: { K.outputTransform($0, $1) }, outputStrided: { K.outputTransform($0, stride: $1, $2, rowStride: $3) })
    }
}

// MARK: - The committed set

/// Every committed kernel of Generated/ (`winograd emit --all`): F(2,3),
/// F(4,3), F(6,3), F(2,5), F(4,5), and the filter gradient's F(3,2), F(3,4),
/// F(3,6), 1-D and 2-D, in C and in Swift.
enum Kernels {
    static let cFloat: [Kernel<Float>] = [
        Kernel(c1D: 2, 3, winograd_f2_3_float_filter_transform, winograd_f2_3_float_filter_transform_strided,
               winograd_f2_3_float_input_transform, winograd_f2_3_float_input_transform_strided,
               winograd_f2_3_float_output_transform, winograd_f2_3_float_output_transform_strided),
        Kernel(c1D: 4, 3, winograd_f4_3_float_filter_transform, winograd_f4_3_float_filter_transform_strided,
               winograd_f4_3_float_input_transform, winograd_f4_3_float_input_transform_strided,
               winograd_f4_3_float_output_transform, winograd_f4_3_float_output_transform_strided),
        Kernel(c1D: 6, 3, winograd_f6_3_float_filter_transform, winograd_f6_3_float_filter_transform_strided,
               winograd_f6_3_float_input_transform, winograd_f6_3_float_input_transform_strided,
               winograd_f6_3_float_output_transform, winograd_f6_3_float_output_transform_strided),
        Kernel(c1D: 2, 5, winograd_f2_5_float_filter_transform, winograd_f2_5_float_filter_transform_strided,
               winograd_f2_5_float_input_transform, winograd_f2_5_float_input_transform_strided,
               winograd_f2_5_float_output_transform, winograd_f2_5_float_output_transform_strided),
        Kernel(c1D: 4, 5, winograd_f4_5_float_filter_transform, winograd_f4_5_float_filter_transform_strided,
               winograd_f4_5_float_input_transform, winograd_f4_5_float_input_transform_strided,
               winograd_f4_5_float_output_transform, winograd_f4_5_float_output_transform_strided),
        Kernel(c2D: 2, 3, winograd_f2x2_3x3_float_filter_transform, winograd_f2x2_3x3_float_filter_transform_strided,
               winograd_f2x2_3x3_float_input_transform, winograd_f2x2_3x3_float_input_transform_strided,
               winograd_f2x2_3x3_float_output_transform, winograd_f2x2_3x3_float_output_transform_strided),
        Kernel(c2D: 4, 3, winograd_f4x4_3x3_float_filter_transform, winograd_f4x4_3x3_float_filter_transform_strided,
               winograd_f4x4_3x3_float_input_transform, winograd_f4x4_3x3_float_input_transform_strided,
               winograd_f4x4_3x3_float_output_transform, winograd_f4x4_3x3_float_output_transform_strided),
        Kernel(c2D: 6, 3, winograd_f6x6_3x3_float_filter_transform, winograd_f6x6_3x3_float_filter_transform_strided,
               winograd_f6x6_3x3_float_input_transform, winograd_f6x6_3x3_float_input_transform_strided,
               winograd_f6x6_3x3_float_output_transform, winograd_f6x6_3x3_float_output_transform_strided),
        Kernel(c2D: 2, 5, winograd_f2x2_5x5_float_filter_transform, winograd_f2x2_5x5_float_filter_transform_strided,
               winograd_f2x2_5x5_float_input_transform, winograd_f2x2_5x5_float_input_transform_strided,
               winograd_f2x2_5x5_float_output_transform, winograd_f2x2_5x5_float_output_transform_strided),
        Kernel(c2D: 4, 5, winograd_f4x4_5x5_float_filter_transform, winograd_f4x4_5x5_float_filter_transform_strided,
               winograd_f4x4_5x5_float_input_transform, winograd_f4x4_5x5_float_input_transform_strided,
               winograd_f4x4_5x5_float_output_transform, winograd_f4x4_5x5_float_output_transform_strided),
        Kernel(c1D: 3, 2, winograd_f3_2_float_filter_transform, winograd_f3_2_float_filter_transform_strided,
               winograd_f3_2_float_input_transform, winograd_f3_2_float_input_transform_strided,
               winograd_f3_2_float_output_transform, winograd_f3_2_float_output_transform_strided),
        Kernel(c1D: 3, 4, winograd_f3_4_float_filter_transform, winograd_f3_4_float_filter_transform_strided,
               winograd_f3_4_float_input_transform, winograd_f3_4_float_input_transform_strided,
               winograd_f3_4_float_output_transform, winograd_f3_4_float_output_transform_strided),
        Kernel(c1D: 3, 6, winograd_f3_6_float_filter_transform, winograd_f3_6_float_filter_transform_strided,
               winograd_f3_6_float_input_transform, winograd_f3_6_float_input_transform_strided,
               winograd_f3_6_float_output_transform, winograd_f3_6_float_output_transform_strided),
        Kernel(c2D: 3, 2, winograd_f3x3_2x2_float_filter_transform, winograd_f3x3_2x2_float_filter_transform_strided,
               winograd_f3x3_2x2_float_input_transform, winograd_f3x3_2x2_float_input_transform_strided,
               winograd_f3x3_2x2_float_output_transform, winograd_f3x3_2x2_float_output_transform_strided),
        Kernel(c2D: 3, 4, winograd_f3x3_4x4_float_filter_transform, winograd_f3x3_4x4_float_filter_transform_strided,
               winograd_f3x3_4x4_float_input_transform, winograd_f3x3_4x4_float_input_transform_strided,
               winograd_f3x3_4x4_float_output_transform, winograd_f3x3_4x4_float_output_transform_strided),
        Kernel(c2D: 3, 6, winograd_f3x3_6x6_float_filter_transform, winograd_f3x3_6x6_float_filter_transform_strided,
               winograd_f3x3_6x6_float_input_transform, winograd_f3x3_6x6_float_input_transform_strided,
               winograd_f3x3_6x6_float_output_transform, winograd_f3x3_6x6_float_output_transform_strided),
    ]

    static let cDouble: [Kernel<Double>] = [
        Kernel(c1D: 2, 3, winograd_f2_3_double_filter_transform, winograd_f2_3_double_filter_transform_strided,
               winograd_f2_3_double_input_transform, winograd_f2_3_double_input_transform_strided,
               winograd_f2_3_double_output_transform, winograd_f2_3_double_output_transform_strided),
        Kernel(c1D: 4, 3, winograd_f4_3_double_filter_transform, winograd_f4_3_double_filter_transform_strided,
               winograd_f4_3_double_input_transform, winograd_f4_3_double_input_transform_strided,
               winograd_f4_3_double_output_transform, winograd_f4_3_double_output_transform_strided),
        Kernel(c1D: 6, 3, winograd_f6_3_double_filter_transform, winograd_f6_3_double_filter_transform_strided,
               winograd_f6_3_double_input_transform, winograd_f6_3_double_input_transform_strided,
               winograd_f6_3_double_output_transform, winograd_f6_3_double_output_transform_strided),
        Kernel(c1D: 2, 5, winograd_f2_5_double_filter_transform, winograd_f2_5_double_filter_transform_strided,
               winograd_f2_5_double_input_transform, winograd_f2_5_double_input_transform_strided,
               winograd_f2_5_double_output_transform, winograd_f2_5_double_output_transform_strided),
        Kernel(c1D: 4, 5, winograd_f4_5_double_filter_transform, winograd_f4_5_double_filter_transform_strided,
               winograd_f4_5_double_input_transform, winograd_f4_5_double_input_transform_strided,
               winograd_f4_5_double_output_transform, winograd_f4_5_double_output_transform_strided),
        Kernel(c2D: 2, 3, winograd_f2x2_3x3_double_filter_transform, winograd_f2x2_3x3_double_filter_transform_strided,
               winograd_f2x2_3x3_double_input_transform, winograd_f2x2_3x3_double_input_transform_strided,
               winograd_f2x2_3x3_double_output_transform, winograd_f2x2_3x3_double_output_transform_strided),
        Kernel(c2D: 4, 3, winograd_f4x4_3x3_double_filter_transform, winograd_f4x4_3x3_double_filter_transform_strided,
               winograd_f4x4_3x3_double_input_transform, winograd_f4x4_3x3_double_input_transform_strided,
               winograd_f4x4_3x3_double_output_transform, winograd_f4x4_3x3_double_output_transform_strided),
        Kernel(c2D: 6, 3, winograd_f6x6_3x3_double_filter_transform, winograd_f6x6_3x3_double_filter_transform_strided,
               winograd_f6x6_3x3_double_input_transform, winograd_f6x6_3x3_double_input_transform_strided,
               winograd_f6x6_3x3_double_output_transform, winograd_f6x6_3x3_double_output_transform_strided),
        Kernel(c2D: 2, 5, winograd_f2x2_5x5_double_filter_transform, winograd_f2x2_5x5_double_filter_transform_strided,
               winograd_f2x2_5x5_double_input_transform, winograd_f2x2_5x5_double_input_transform_strided,
               winograd_f2x2_5x5_double_output_transform, winograd_f2x2_5x5_double_output_transform_strided),
        Kernel(c2D: 4, 5, winograd_f4x4_5x5_double_filter_transform, winograd_f4x4_5x5_double_filter_transform_strided,
               winograd_f4x4_5x5_double_input_transform, winograd_f4x4_5x5_double_input_transform_strided,
               winograd_f4x4_5x5_double_output_transform, winograd_f4x4_5x5_double_output_transform_strided),
        Kernel(c1D: 3, 2, winograd_f3_2_double_filter_transform, winograd_f3_2_double_filter_transform_strided,
               winograd_f3_2_double_input_transform, winograd_f3_2_double_input_transform_strided,
               winograd_f3_2_double_output_transform, winograd_f3_2_double_output_transform_strided),
        Kernel(c1D: 3, 4, winograd_f3_4_double_filter_transform, winograd_f3_4_double_filter_transform_strided,
               winograd_f3_4_double_input_transform, winograd_f3_4_double_input_transform_strided,
               winograd_f3_4_double_output_transform, winograd_f3_4_double_output_transform_strided),
        Kernel(c1D: 3, 6, winograd_f3_6_double_filter_transform, winograd_f3_6_double_filter_transform_strided,
               winograd_f3_6_double_input_transform, winograd_f3_6_double_input_transform_strided,
               winograd_f3_6_double_output_transform, winograd_f3_6_double_output_transform_strided),
        Kernel(c2D: 3, 2, winograd_f3x3_2x2_double_filter_transform, winograd_f3x3_2x2_double_filter_transform_strided,
               winograd_f3x3_2x2_double_input_transform, winograd_f3x3_2x2_double_input_transform_strided,
               winograd_f3x3_2x2_double_output_transform, winograd_f3x3_2x2_double_output_transform_strided),
        Kernel(c2D: 3, 4, winograd_f3x3_4x4_double_filter_transform, winograd_f3x3_4x4_double_filter_transform_strided,
               winograd_f3x3_4x4_double_input_transform, winograd_f3x3_4x4_double_input_transform_strided,
               winograd_f3x3_4x4_double_output_transform, winograd_f3x3_4x4_double_output_transform_strided),
        Kernel(c2D: 3, 6, winograd_f3x3_6x6_double_filter_transform, winograd_f3x3_6x6_double_filter_transform_strided,
               winograd_f3x3_6x6_double_input_transform, winograd_f3x3_6x6_double_input_transform_strided,
               winograd_f3x3_6x6_double_output_transform, winograd_f3x3_6x6_double_output_transform_strided),
    ]

    static let swiftFloat: [Kernel<Float>] = [
        Kernel(swift: WinogradF2_3Float.self, m: 2, r: 3),
        Kernel(swift: WinogradF4_3Float.self, m: 4, r: 3),
        Kernel(swift: WinogradF6_3Float.self, m: 6, r: 3),
        Kernel(swift: WinogradF2_5Float.self, m: 2, r: 5),
        Kernel(swift: WinogradF4_5Float.self, m: 4, r: 5),
        Kernel(swift: WinogradF2x2_3x3Float.self, m: 2, r: 3),
        Kernel(swift: WinogradF4x4_3x3Float.self, m: 4, r: 3),
        Kernel(swift: WinogradF6x6_3x3Float.self, m: 6, r: 3),
        Kernel(swift: WinogradF2x2_5x5Float.self, m: 2, r: 5),
        Kernel(swift: WinogradF4x4_5x5Float.self, m: 4, r: 5),
        Kernel(swift: WinogradF3_2Float.self, m: 3, r: 2),
        Kernel(swift: WinogradF3_4Float.self, m: 3, r: 4),
        Kernel(swift: WinogradF3_6Float.self, m: 3, r: 6),
        Kernel(swift: WinogradF3x3_2x2Float.self, m: 3, r: 2),
        Kernel(swift: WinogradF3x3_4x4Float.self, m: 3, r: 4),
        Kernel(swift: WinogradF3x3_6x6Float.self, m: 3, r: 6),
    ]

    static let swiftDouble: [Kernel<Double>] = [
        Kernel(swift: WinogradF2_3Double.self, m: 2, r: 3),
        Kernel(swift: WinogradF4_3Double.self, m: 4, r: 3),
        Kernel(swift: WinogradF6_3Double.self, m: 6, r: 3),
        Kernel(swift: WinogradF2_5Double.self, m: 2, r: 5),
        Kernel(swift: WinogradF4_5Double.self, m: 4, r: 5),
        Kernel(swift: WinogradF2x2_3x3Double.self, m: 2, r: 3),
        Kernel(swift: WinogradF4x4_3x3Double.self, m: 4, r: 3),
        Kernel(swift: WinogradF6x6_3x3Double.self, m: 6, r: 3),
        Kernel(swift: WinogradF2x2_5x5Double.self, m: 2, r: 5),
        Kernel(swift: WinogradF4x4_5x5Double.self, m: 4, r: 5),
        Kernel(swift: WinogradF3_2Double.self, m: 3, r: 2),
        Kernel(swift: WinogradF3_4Double.self, m: 3, r: 4),
        Kernel(swift: WinogradF3_6Double.self, m: 3, r: 6),
        Kernel(swift: WinogradF3x3_2x2Double.self, m: 3, r: 2),
        Kernel(swift: WinogradF3x3_4x4Double.self, m: 3, r: 4),
        Kernel(swift: WinogradF3x3_6x6Double.self, m: 3, r: 6),
    ]

    static var float: [Kernel<Float>] { cFloat + swiftFloat }
    static var double: [Kernel<Double>] { cDouble + swiftDouble }

    /// C and Swift kernels of the same tile and precision, side by side.
    static var floatPairs: [KernelPair<Float>] { zip(cFloat, swiftFloat).map { KernelPair(c: $0, swift: $1) } }
    static var doublePairs: [KernelPair<Double>] { zip(cDouble, swiftDouble).map { KernelPair(c: $0, swift: $1) } }
}

struct KernelPair<T: KernelScalar>: Sendable, CustomTestStringConvertible {
    var c: Kernel<T>
    var swift: Kernel<T>
    var testDescription: String { "\(c.tileName) \(T.precisionName)" }
}
