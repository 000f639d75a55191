import ExactArithmetic
import TestSupport
import Winograd

/// One filter and one input tile, row-major and contiguous.
struct TileInputs<T: KernelScalar> {
    var g: [T]
    var d: [T]

    init(g: [T], d: [T]) {
        self.g = g
        self.d = d
    }

    /// Uniform[−1, 1] entries (drawn in Double, rounded once to T).
    init(for kernel: Kernel<T>, using generator: inout SplitMix64) {
        g = (0..<kernel.filterCount).map { _ in T(Double.random(in: -1...1, using: &generator)) }
        d = (0..<kernel.tileCount).map { _ in T(Double.random(in: -1...1, using: &generator)) }
    }
}

/// What the three transforms produced: u = filter(g), v = input(d),
/// y = output(u ⊙ v), each gathered into a contiguous row-major array.
struct TileOutputs<T: KernelScalar> {
    var u: [T]
    var v: [T]
    var y: [T]
}

/// The direct correlation of the tile (`KernelReference.correlation`), in `Wide`.
func directCorrelation<T: KernelScalar>(_ kernel: Kernel<T>, _ inputs: TileInputs<T>) -> [Wide] {
    KernelReference.correlation(m: kernel.m, r: kernel.r, dims: kernel.dims, g: inputs.g, d: inputs.d)
}

/// max|y − ref| / (max|g|·max|d|): the error relative to the inputs' scale.
func inputScaledError<T: KernelScalar>(_ y: [T], _ reference: [Wide], _ inputs: TileInputs<T>) -> Double {
    let difference = zip(y, reference).reduce(Wide(0)) { max($0, abs(Wide($1.0) - $1.1)) }
    let g = inputs.g.reduce(Wide(0)) { max($0, abs(Wide($1))) }
    let d = inputs.d.reduce(Wide(0)) { max($0, abs(Wide($1))) }
    return Double(difference / (g * d))
}

/// max|y − ref| / max|ref|.
func normwiseRelativeError<T: KernelScalar>(_ y: [T], _ reference: [Wide]) -> Double {
    precondition(y.count == reference.count)
    var difference: Wide = 0
    var size: Wide = 0
    for (computed, exact) in zip(y, reference) {
        difference = max(difference, abs(Wide(computed) - exact))
        size = max(size, abs(exact))
    }
    return Double(difference / size)
}

// MARK: - Running the kernels

extension Kernel {
    /// The contiguous forms.
    func runContiguous(_ inputs: TileInputs<T>) -> TileOutputs<T> {
        var u = [T](repeating: 0, count: tileCount)
        var v = [T](repeating: 0, count: tileCount)
        var y = [T](repeating: 0, count: outputCount)
        inputs.g.withUnsafeBufferPointer { g in
            u.withUnsafeMutableBufferPointer { filter(g.baseAddress!, $0.baseAddress!) }
        }
        inputs.d.withUnsafeBufferPointer { d in
            v.withUnsafeMutableBufferPointer { input(d.baseAddress!, $0.baseAddress!) }
        }
        let x = zip(u, v).map { $0 * $1 }
        x.withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { output(x.baseAddress!, $0.baseAddress!) } }
        return TileOutputs(u: u, v: v, y: y)
    }

    /// The strided forms on a non-trivial layout (`StridedLayout`), with every
    /// element the kernels must not touch preset to a sentinel. Returns the
    /// results gathered into contiguous arrays, and the positions of the
    /// buffers whose sentinel was overwritten (empty when all is well).
    func runStrided(_ inputs: TileInputs<T>, _ layout: StridedLayout = StridedLayout()) -> (
        TileOutputs<T>, strayWrites: [String]
    ) {
        let sentinel = T(-7777.25)
        let count = tileCount
        let s = layout.elementStride
        let rowCount = dims == 2 ? n : 1

        // The input tile inside a larger image: rows dRowStride apart, starting
        // at (rowOffset, columnOffset). A 1-D tile is contiguous in its image.
        let dRowStride = dims == 2 ? n + layout.extraColumns : n
        let imageRows = rowCount + layout.rowOffset + 1
        var image = [T](repeating: sentinel, count: imageRows * dRowStride + layout.columnOffset + n)
        let dStart = layout.rowOffset * dRowStride + layout.columnOffset
        for row in 0..<rowCount {
            for column in 0..<n { image[dStart + row * dRowStride + column] = inputs.d[row * n + column] }
        }

        // u and v: element k at k·s (after a leading offset, to catch writes before it).
        let lead = layout.leadingOffset
        var uBuffer = [T](repeating: sentinel, count: lead + (count - 1) * s + 1 + s)
        var vBuffer = uBuffer
        var xBuffer = uBuffer
        inputs.g.withUnsafeBufferPointer { g in
            uBuffer.withUnsafeMutableBufferPointer { filterStrided(g.baseAddress!, $0.baseAddress! + lead, s) }
        }
        image.withUnsafeBufferPointer { image in
            vBuffer.withUnsafeMutableBufferPointer {
                inputStrided(image.baseAddress! + dStart, dRowStride, $0.baseAddress! + lead, s)
            }
        }
        for k in 0..<count { xBuffer[lead + k * s] = uBuffer[lead + k * s] * vBuffer[lead + k * s] }

        // y inside a larger output image: rows yRowStride apart (1-D: contiguous).
        let yRows = dims == 2 ? m : 1
        let yRowStride = dims == 2 ? m + layout.extraColumns : m
        var yImage = [T](
            repeating: sentinel, count: (yRows + layout.rowOffset + 1) * yRowStride + layout.columnOffset + m)
        let yStart = layout.rowOffset * yRowStride + layout.columnOffset
        xBuffer.withUnsafeBufferPointer { x in
            yImage.withUnsafeMutableBufferPointer {
                outputStrided(x.baseAddress! + lead, s, $0.baseAddress! + yStart, yRowStride)
            }
        }

        var outputs = TileOutputs<T>(u: [], v: [], y: [])
        var written: Set<Int> = []
        var stray: [String] = []
        // u and v
        for k in 0..<count {
            outputs.u.append(uBuffer[lead + k * s])
            outputs.v.append(vBuffer[lead + k * s])
            written.insert(lead + k * s)
        }
        for (name, buffer) in [("u", uBuffer), ("v", vBuffer)] {
            for (index, value) in buffer.enumerated() where !written.contains(index) && value.bits != sentinel.bits {
                stray.append("\(name)[\(index)]")
            }
        }
        // y
        written = []
        for row in 0..<yRows {
            for column in 0..<m {
                outputs.y.append(yImage[yStart + row * yRowStride + column])
                written.insert(yStart + row * yRowStride + column)
            }
        }
        for (index, value) in yImage.enumerated() where !written.contains(index) && value.bits != sentinel.bits {
            stray.append("y[\(index)]")
        }
        return (outputs, stray)
    }
}

/// Where the strided forms read and write: transformed arrays with element
/// stride 3 after 2 leading elements; tiles (2-D) inside images 3 columns
/// wider than the tile, starting at row 1, column 2.
struct StridedLayout {
    var elementStride = 3
    var leadingOffset = 2
    var extraColumns = 3
    var rowOffset = 1
    var columnOffset = 2
}

// MARK: - The error bound (see KernelAccuracyTests.swift)

enum ErrorBound {
    /// Row-sum norm ‖|M|‖∞ = max_i Σ_j |M[i][j]| of an exact matrix.
    static func rowSumNorm(_ matrix: Matrix<Rational>) -> Double {
        KernelReference.magnitudes(matrix).map { $0.reduce(0, +) }.max() ?? 0
    }

    /// K₁ of one axis (`KernelReference.axisGrowth`).
    static func axisGrowth(_ transform: WinogradTransform) -> Double { KernelReference.axisGrowth(transform) }

    /// K(tile): the product of the axes' K₁ (the 2-D transforms are the
    /// Kronecker products of the 1-D ones, whose row sums multiply), for the
    /// exact transform the committed kernels were emitted from (default
    /// points, fractions in G).
    static func growth(m: Int, r: Int, dims: Int) throws -> Double {
        let perAxis = axisGrowth(try CookToom.derive(m: m, r: r))
        return (0..<dims).reduce(1.0) { product, _ in product * perAxis }
    }

    /// K(tile) of a committed kernel, from the transform of its own points
    /// (the registry's; F(4,3) is committed with two point sets).
    static func growth<T: KernelScalar>(of kernel: Kernel<T>) throws -> Double {
        let points = try PointSet(parsing: kernel.points, m: kernel.m, r: kernel.r)
        let perAxis = axisGrowth(try CookToom.derive(m: kernel.m, r: kernel.r, points: points))
        return (0..<kernel.dims).reduce(1.0) { product, _ in product * perAxis }
    }

    /// The cruder ∏_axes ‖|AT|‖∞·‖|G|‖∞·‖|BT|‖∞, which pairs the largest row
    /// of G with the largest row of BT even when they belong to different t.
    static func normProduct(m: Int, r: Int, dims: Int) throws -> Double {
        let transform = try CookToom.derive(m: m, r: r)
        let perAxis = rowSumNorm(transform.AT) * rowSumNorm(transform.G) * rowSumNorm(transform.BT)
        return (0..<dims).reduce(1.0) { product, _ in product * perAxis }
    }
}
