import ExactArithmetic
import Winograd
import WinogradEmitter
import WinogradRuntime

/// A transform's matrices as Doubles (the exact entries rounded once), for
/// evaluation in an emulated format.
struct DoubleTransform: Sendable {
    /// n: multiplications (columns of AT); inputs: the input tile (columns
    /// of BT), m + r − 1 — the same but for moduli of degree 2.
    let m: Int, r: Int, n: Int, inputs: Int
    let AT: [Double], G: [Double], BT: [Double]

    init(_ transform: WinogradTransform, format: NumberFormat) {
        self.init(AT: transform.AT, G: transform.G, BT: transform.BT, format: format)
    }

    init(_ transform: AlgebraicTransform, format: NumberFormat) {
        self.init(AT: transform.AT, G: transform.G, BT: transform.BT, format: format)
    }

    init(_ transform: ModularTransform, format: NumberFormat) {
        self.init(AT: transform.AT, G: transform.G, BT: transform.BT, format: format)
    }

    init<F: ExactField>(AT: Matrix<F>, G: Matrix<F>, BT: Matrix<F>, format: NumberFormat) {
        m = AT.rowCount
        r = G.columnCount
        n = AT.columnCount
        inputs = BT.columnCount
        // Constants as the format holds them (a float16 kernel rounds 1/6 to float16).
        self.AT = AT.elements.map { format.round($0.doubleValue) }
        self.G = G.elements.map { format.round($0.doubleValue) }
        self.BT = BT.elements.map { format.round($0.doubleValue) }
    }
}

/// What the precision study needs of a transform (points in ℚ or ℚ(√d), or
/// moduli; derived here or read from JSON): its kernels for the emitted
/// modes and its matrices as the format holds them for the others.
extension VerifiedTransform {
    /// The tile the emitter writes for this transform on `dims` axes.
    func kernelTile(dims: Int) -> KernelTile {
        switch self {
        // Rational tiles keep NestedTransform's naming of their points.
        case .rational(let t): KernelTile(NestedTransform(t, dims: dims))
        default: KernelTile(self, dims: dims)
        }
    }

    func doubles(format: NumberFormat) -> DoubleTransform {
        switch self {
        case .rational(let t): DoubleTransform(t, format: format)
        case .algebraic(let t): DoubleTransform(t, format: format)
        case .modular(let t): DoubleTransform(t, format: format)
        }
    }
}

/// Evaluates y = AT·((G·g) ⊙ (BT·d)) (1-D) or the nested 2-D form in an
/// emulated format, the way a straightforward kernel would.
struct RoundedWinograd {
    let format: NumberFormat
    let mode: EvaluationMode
    /// How the transformed filters are stored before the product.
    var storage: FilterStorage = .float32

    /// c = A·b for A rows×columns (row-major) with every operation rounded
    /// per the mode (in `mixed` the transforms are exact in float64).
    func product(_ a: [Double], rows: Int, columns: Int, _ b: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: rows)
        let exact = mode == .mixed
        for i in 0..<rows {
            if mode == .huffman {
                result[i] = huffmanSum(a, row: i, columns: columns, b)
                continue
            }
            var sum = 0.0
            var started = false
            for j in 0..<columns {
                let coefficient = a[i * columns + j]
                if coefficient == 0 { continue }
                if exact {
                    sum += coefficient * b[j]
                } else if !started {
                    sum = format.round(coefficient * b[j])
                } else if mode == .fma {
                    sum = format.round(sum.addingProduct(coefficient, b[j]))
                } else {
                    sum = format.round(sum + format.round(coefficient * b[j]))
                }
                started = true
            }
            result[i] = sum
        }
        return result
    }

    /// Σ_j a[i][j]·b[j] summed along a Huffman tree on |a[i][j]|: the two
    /// lightest partial sums are added first, every operation rounded.
    func huffmanSum(_ a: [Double], row i: Int, columns: Int, _ b: [Double]) -> Double {
        var nodes: [(weight: Double, value: Double)] = []
        for j in 0..<columns where a[i * columns + j] != 0 {
            nodes.append((a[i * columns + j].magnitude, format.round(a[i * columns + j] * b[j])))
        }
        if nodes.isEmpty { return 0 }
        while nodes.count > 1 {
            // Deterministic: ties keep the earlier term first.
            nodes.sort { $0.weight < $1.weight }
            let first = nodes.removeFirst()
            let second = nodes.removeFirst()
            nodes.append((first.weight + second.weight, format.round(first.value + second.value)))
        }
        return nodes[0].value
    }

    /// y = M·x along one axis of a rows×columns array (axis 0: each column;
    /// axis 1: each row); M is outCount×inCount.
    func apply(
        _ matrix: [Double], outCount: Int, inCount: Int, to x: [Double], rows: Int, columns: Int,
        axis: Int
    ) -> [Double] {
        if axis == 1 {
            var result: [Double] = []
            result.reserveCapacity(rows * outCount)
            for i in 0..<rows {
                result += product(
                    matrix, rows: outCount, columns: inCount, Array(x[(i * columns)..<((i + 1) * columns)]))
            }
            return result
        }
        var result = [Double](repeating: 0, count: outCount * columns)
        for j in 0..<columns {
            let column = (0..<rows).map { x[$0 * columns + j] }
            let transformed = product(matrix, rows: outCount, columns: inCount, column)
            for i in 0..<outCount { result[i * columns + j] = transformed[i] }
        }
        return result
    }

    /// The output of one tile: 1-D (one axis) or 2-D (two axes), from
    /// inputs already in the format.
    func tile(_ axes: [DoubleTransform], d: [Double], g: [Double]) -> [Double] {
        if axes.count == 1 {
            let t = axes[0]
            let u = storage.stored(product(t.G, rows: t.n, columns: t.r, g))
            let v = product(t.BT, rows: t.n, columns: t.inputs, d)
            return finish(product(t.AT, rows: t.m, columns: t.n, elementwise(u, v)))
        }
        let (a, b) = (axes[0], axes[1])
        // U = G₀·g·G₁ᵀ, V = BT₀·d·BT₁ᵀ, Y = AT₀·(U ⊙ V)·AT₁ᵀ: rows first, then columns.
        let u = storage.stored(
            apply(
                a.G, outCount: a.n, inCount: a.r,
                to: apply(b.G, outCount: b.n, inCount: b.r, to: g, rows: a.r, columns: b.r, axis: 1),
                rows: a.r, columns: b.n, axis: 0))
        let v = apply(
            a.BT, outCount: a.n, inCount: a.inputs,
            to: apply(b.BT, outCount: b.n, inCount: b.inputs, to: d, rows: a.inputs, columns: b.inputs, axis: 1),
            rows: a.inputs, columns: b.n, axis: 0)
        let x = elementwise(u, v)
        let y = apply(
            a.AT, outCount: a.m, inCount: a.n,
            to: apply(b.AT, outCount: b.m, inCount: b.n, to: x, rows: a.n, columns: b.n, axis: 1),
            rows: a.n, columns: b.m, axis: 0)
        return finish(y)
    }

    /// U ⊙ V in the format; in mixed mode U and V (exact so far) are
    /// rounded to the format first.
    private func elementwise(_ u: [Double], _ v: [Double]) -> [Double] {
        zip(u, v).map { p, q in mode == .mixed ? format.round(format.round(p) * format.round(q)) : format.round(p * q) }
    }

    /// In mixed mode the output transform ran in float64: round the result once.
    private func finish(_ y: [Double]) -> [Double] { mode == .mixed ? y.map(format.round) : y }
}

extension FilterStorage {
    /// Transformed filter values as a plan storing them this way reads them
    /// back: rounded once from float32 (the values the study holds for a
    /// float32 run; other formats' values are first taken to float32).
    func stored(_ u: [Double]) -> [Double] {
        self == .float32 ? u : u.map { Double(rounded(Float($0))) }
    }
}
