/// Which matrix carries the Lagrange denominators f_i = ∏_{k≠i}(a_i − a_k).
///
/// The identity holds for each; they differ in where the fractions cost.
/// `g` (the default, as in wincnn) puts them in the filter transform, which
/// runs once per filter.
public enum FractionPlacement: String, CaseIterable, Hashable, Sendable {
    /// G[i][k] = a_i^k / f_i; AT and BT hold integers for integer points.
    case g = "G"
    /// AT[j][i] = a_i^j / f_i; G holds plain powers.
    case a = "A"
    /// BT's rows are the Lagrange basis polynomials; AT and G plain powers.
    case b = "B"

    /// Parses `G`, `A` or `B` (any case).
    public init?(name: String) {
        self.init(rawValue: name.uppercased())
    }
}
