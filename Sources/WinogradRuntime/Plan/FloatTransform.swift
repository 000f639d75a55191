import ExactArithmetic
import Winograd

/// A 1-D transform rounded once to float: the exact matrices' correctly
/// rounded entries, row-major.
struct FloatTransform: Sendable {
    let m: Int, r: Int
    var n: Int { m + r - 1 }
    /// Products per tile: n for points, N with moduli.
    let products: Int
    let AT: [Float], G: [Float], BT: [Float]

    init(_ transform: WinogradTransform) { self.init(AT: transform.AT, G: transform.G, BT: transform.BT) }

    /// Entries a + b·√d, each rounded once to float.
    init(_ transform: AlgebraicTransform) { self.init(AT: transform.AT, G: transform.G, BT: transform.BT) }

    /// From moduli: G and BT have N ≥ n rows.
    init(_ transform: ModularTransform) { self.init(AT: transform.AT, G: transform.G, BT: transform.BT) }

    init<F: ExactField>(AT: Matrix<F>, G: Matrix<F>, BT: Matrix<F>) {
        m = AT.rowCount
        r = G.columnCount
        products = G.rowCount
        self.AT = AT.elements.map(\.floatValue)
        self.G = G.elements.map(\.floatValue)
        self.BT = BT.elements.map(\.floatValue)
    }
}
