import ExactArithmetic
import Winograd

/// A 1-D transform rounded once to float: the exact matrices' correctly
/// rounded entries, row-major.
struct FloatTransform: Sendable {
    let m: Int, r: Int
    var n: Int { m + r - 1 }
    let AT: [Float], G: [Float], BT: [Float]

    init(_ transform: WinogradTransform) {
        m = transform.m
        r = transform.r
        AT = transform.AT.elements.map(\.floatValue)
        G = transform.G.elements.map(\.floatValue)
        BT = transform.BT.elements.map(\.floatValue)
    }

    /// Entries a + b·√d, each rounded once to float.
    init(_ transform: AlgebraicTransform) {
        m = transform.m
        r = transform.r
        AT = transform.AT.elements.map(\.floatValue)
        G = transform.G.elements.map(\.floatValue)
        BT = transform.BT.elements.map(\.floatValue)
    }
}
