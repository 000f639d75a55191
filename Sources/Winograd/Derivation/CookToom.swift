import ExactArithmetic

/// Cook–Toom construction of the transforms of F(m, r).
///
/// With finite points a_0 … a_{N−1} and, optionally, infinity, let
/// M(x) = ∏_k (x − a_k), M_i(x) = M(x)/(x − a_i) and f_i = M_i(a_i). Then,
/// for every polynomial p of degree < N, Σ_i p(a_i)·M_i(x)/f_i = p(x)
/// (Lagrange), and for degree N the infinity term adds the missing
/// leading coefficient times M(x). Taking p = x^{j+k} gives the identity
/// Σ_t AT[j][t]·G[t][k]·BT[t][i] = [i = j + k] with
///
/// - `AT[j][i] = a_i^j`, infinity column e_{m−1};
/// - `G[i][k] = a_i^k / f_i`, infinity row e_{r−1};
/// - row i of BT the ascending coefficients of M_i, infinity row those of M.
///
/// This is exactly wincnn's `cookToomFilter(points, m, r)`, including its one
/// sign normalisation: when f_0 < 0, row 0 of G and BT is negated. With n
/// finite points and no infinity the same formulas hold with M over all n
/// points (degree n, so M_i has degree n − 1 and there is no extra row).
/// ``FractionPlacement`` moves the 1/f_i into AT or BT instead.
public enum CookToom {
    /// The most points (n = m + r − 1) a transform may have. Near it no
    /// float format evaluates the transform usefully (F(62,3) in float64
    /// errs by 10^13) and beyond it derivation takes minutes (F(198,3)); the
    /// bound keeps every derivation to seconds.
    public static let maximumPoints = 64

    /// Checks m and r against ``maximumPoints`` (in an order that cannot
    /// overflow).
    public static func checkSize(m: Int, r: Int) throws(TransformError) {
        guard m >= 1 else { throw .nonPositiveSize(name: "m", value: m) }
        guard r >= 1 else { throw .nonPositiveSize(name: "r", value: r) }
        guard m <= maximumPoints, r <= maximumPoints, m + r - 1 <= maximumPoints else {
            throw .tooManyPoints(m: m, r: r)
        }
    }

    /// Derives and exactly verifies the 1-D transform of F(m, r).
    ///
    /// - Parameters:
    ///   - m: outputs per tile, at least 1.
    ///   - r: filter taps, at least 1.
    ///   - points: the n = m + r − 1 points; the default sequence when nil.
    ///   - fractionsIn: which matrix carries the denominators.
    /// - Throws: ``TransformError`` when m or r is not positive, m + r − 1
    ///   exceeds ``maximumPoints``, or the points do not fit F(m, r).
    public static func derive(
        m: Int, r: Int, points: PointSet? = nil, fractionsIn: FractionPlacement = .g
    ) throws(TransformError) -> WinogradTransform {
        try checkSize(m: m, r: r)
        let points = points ?? PointSet.defaults(m: m, r: r)
        let n = m + r - 1
        guard points.count == n else {
            throw .points(
                .wrongCount(m: m, r: r, given: points.count, givenIncludesInfinity: points.infinityIndex != nil))
        }
        let (AT, G, BT) = matrices(m: m, r: r, points: points.points.map(\.finiteValue), fractionsIn: fractionsIn)
        return try WinogradTransform(AT: AT, G: G, BT: BT, points: points, fractionsIn: fractionsIn)
    }

    /// The matrices of F(m, r) for `points` in order (nil: infinity), in
    /// any exact field — the rationals, or ℚ(√d) for algebraic points. Not
    /// yet checked: the caller proves the identity.
    /// - Precondition: m + r − 1 distinct points, infinity at most once.
    public static func matrices<F: ExactField>(
        m: Int, r: Int, points: [F?], fractionsIn: FractionPlacement = .g
    ) -> (AT: Matrix<F>, G: Matrix<F>, BT: Matrix<F>) {
        let n = m + r - 1
        precondition(points.count == n, "CookToom: F(\(m),\(r)) needs \(n) points")
        let a = points.compactMap { $0 }
        // M = ∏ (x − a_k); M_i = M / (x − a_i) and f_i = M_i(a_i).
        let product = FieldPolynomial(roots: a)
        let lagrange = a.map { root in
            let basis = product.dividedByLinear(root: root).quotient
            return (f: basis(root), basis: basis)
        }
        // wincnn's only normalisation: keep the scale of row 0 positive.
        let scale = lagrange.enumerated().map { i, entry in
            i == 0 && entry.f.isNegative ? -entry.f : entry.f
        }

        var atColumns: [[F]] = []  // one column of AT per point
        var gRows: [[F]] = []
        var btRows: [[F]] = []
        var finiteIndex = 0
        for point in points {
            if let x = point {
                let i = finiteIndex
                finiteIndex += 1
                let f = lagrange[i].f
                let s = scale[i]
                let powersM = powers(of: x, count: m)
                let powersR = powers(of: x, count: r)
                let basis = lagrange[i].basis.coefficients(paddedTo: n)
                switch fractionsIn {
                case .g:
                    atColumns.append(powersM)
                    gRows.append(powersR.map { $0 / s })
                    btRows.append(s == f ? basis : basis.map { -$0 })
                case .a:
                    atColumns.append(powersM.map { $0 / s })
                    gRows.append(powersR)
                    btRows.append(s == f ? basis : basis.map { -$0 })
                case .b:
                    atColumns.append(powersM)
                    gRows.append(powersR)
                    btRows.append(basis.map { $0 / f })
                }
            } else {
                atColumns.append(unit(m - 1, count: m))
                gRows.append(unit(r - 1, count: r))
                btRows.append(product.coefficients(paddedTo: n))
            }
        }
        return (Matrix(rows: atColumns).transposed, Matrix(rows: gRows), Matrix(rows: btRows))
    }

    /// 1, x, x², …, x^{count−1}.
    static func powers<F: ExactField>(of x: F, count: Int) -> [F] {
        var result: [F] = []
        result.reserveCapacity(count)
        var power: F = 1
        for _ in 0..<count {
            result.append(power)
            power *= x
        }
        return result
    }

    /// The unit vector e_index of length count.
    static func unit<F: ExactField>(_ index: Int, count: Int) -> [F] {
        (0..<count).map { $0 == index ? 1 : 0 }
    }
}
