import ExactArithmetic

/// Toom–Cook construction of a bilinear algorithm for F(m, r) from moduli
/// (``Modulus``): linear ones x − a are interpolation points, as in
/// ``CookToom``; a quadratic one q = x² + βx + γ takes the product of the
/// two residues mod q with Karatsuba's three multiplications.
///
/// With M = ∏ q_i over the finite moduli, M_i = M / q_i and
/// e_i = M_i·(M_i⁻¹ mod q_i) (so e_i ≡ 1 mod q_i, ≡ 0 mod the others), the
/// Chinese remainder theorem gives, for every polynomial p of degree < deg M,
/// p = Σ_i (p mod q_i)·e_i mod M; infinity adds the leading coefficient
/// times M, as in ``CookToom``. For p = x^j·x^k, (p mod q_i) is the product
/// in ℚ[x]/(q_i) of u = x^j mod q_i and v = x^k mod q_i, written as a
/// bilinear algorithm c_s = Σ_l W[s][l]·(U[l]·u)·(V[l]·v). One row t = (i, l)
/// of the transforms per multiplication:
///
/// - `AT[j][t] = U[l]·(x^j mod q_i)`;
/// - `G[t][k] = V[l]·(x^k mod q_i)`;
/// - row t of BT the coefficients of Σ_s W[s][l]·(x^s·e_i mod M).
///
/// For q = x² + βx + γ: P₀ = u₀v₀, P₁ = u₁v₁, P₂ = (u₀ + u₁)(v₀ + v₁),
/// c₀ = P₀ − γP₁, c₁ = P₂ − P₀ − (1 + β)P₁. Linear moduli keep CookToom's
/// conventions (the 1/f_i in G by default, or in AT or BT as `fractionsIn`
/// says; row 0's sign), so all-linear moduli give CookToom's transform
/// exactly. A quadratic's three products keep e_i's inverse in BT whatever
/// the placement. The result has AT m×N, G N×r and BT N×(m + r − 1), N the
/// number of multiplications.
public enum ToomCookModuli {
    /// Derives and exactly verifies F(m, r) on `moduli` (see
    /// ``Modulus/list(parsing:m:r:)`` for what they must satisfy).
    public static func derive(
        m: Int, r: Int, moduli: [Modulus], fractionsIn: FractionPlacement = .g
    ) throws(TransformError) -> ModularTransform {
        try CookToom.checkSize(m: m, r: r)
        let n = m + r - 1
        let degrees = moduli.reduce(0) { $0 + $1.degree }
        guard degrees == n else { throw .moduli(.count(m: m, r: r, degrees: degrees)) }
        let finite: [Polynomial] = moduli.compactMap {
            if case .polynomial(let q) = $0 { q } else { nil }
        }
        let product = finite.reduce(Polynomial(coefficients: [1])) { $0 * $1 }
        var atColumns: [[Rational]] = []
        var gRows: [[Rational]] = []
        var btRows: [[Rational]] = []
        var firstFinite = true
        for modulus in moduli {
            guard case .polynomial(let q) = modulus else {
                atColumns.append(CookToom.unit(m - 1, count: m))
                gRows.append(CookToom.unit(r - 1, count: r))
                btRows.append(product.coefficients(paddedTo: n))
                continue
            }
            let d = q.degree
            let others = product.divided(by: q).quotient
            let inverse = Self.inverse(of: others, modulo: q)
            let idempotent = others * inverse
            // x^s·e_i mod M for s < d: the residue's coefficient s maps back through these.
            let lifts = (0..<d).map { s in
                (Polynomial(coefficients: CookToom.unit(s, count: s + 1)) * idempotent).divided(by: product).remainder
            }
            let u = (0..<m).map { Self.residue(power: $0, modulo: q) }
            let v = (0..<r).map { Self.residue(power: $0, modulo: q) }
            if d == 1 {
                // CookToom's placements: 1/f in G or AT (f = M_i(a), e_i = M_i/f), row 0 kept positive; or
                // e_i itself in BT.
                let f = others(-q[0])
                let scale = firstFinite && f.isNegative ? -f : f
                switch fractionsIn {
                case .g:
                    atColumns.append(u.map { $0[0] })
                    gRows.append(v.map { $0[0] / scale })
                    btRows.append((scale * lifts[0]).coefficients(paddedTo: n))
                case .a:
                    atColumns.append(u.map { $0[0] / scale })
                    gRows.append(v.map { $0[0] })
                    btRows.append((scale * lifts[0]).coefficients(paddedTo: n))
                case .b:
                    atColumns.append(u.map { $0[0] })
                    gRows.append(v.map { $0[0] })
                    btRows.append(lifts[0].coefficients(paddedTo: n))
                }
            } else {
                let (beta, gamma) = (q[1], q[0])
                let left: [[Rational]] = [[1, 0], [0, 1], [1, 1]]  // U = V
                let weights: [[Rational]] = [[1, -gamma, 0], [-1, -(1 + beta), 1]]  // W[s][l]
                for l in 0..<3 {
                    atColumns.append(u.map { left[l][0] * $0[0] + left[l][1] * $0[1] })
                    gRows.append(v.map { left[l][0] * $0[0] + left[l][1] * $0[1] })
                    let row = (weights[0][l] * lifts[0]) + (weights[1][l] * lifts[1])
                    btRows.append(row.coefficients(paddedTo: n))
                }
            }
            firstFinite = false
        }
        return try ModularTransform(
            AT: Matrix(rows: atColumns).transposed, G: Matrix(rows: gRows), BT: Matrix(rows: btRows), moduli: moduli,
            fractionsIn: fractionsIn)
    }

    /// The coefficients of x^power mod q, padded to deg q.
    static func residue(power: Int, modulo q: Polynomial) -> [Rational] {
        let x = Polynomial(coefficients: CookToom.unit(power, count: power + 1))
        return x.divided(by: q).remainder.coefficients(paddedTo: q.degree)
    }

    /// h of degree < deg q with a·h ≡ 1 mod q (a and q coprime, deg q ≤ 2):
    /// the columns of multiplication by a mod q, solved by Cramer's rule.
    static func inverse(of a: Polynomial, modulo q: Polynomial) -> Polynomial {
        let residue = a.divided(by: q).remainder
        if q.degree == 1 { return Polynomial(coefficients: [1 / residue[0]]) }
        // (r0 + r1 x)(h0 + h1 x) mod q: columns for h0 = 1 and h1 = 1.
        let c0 = residue.coefficients(paddedTo: 2)
        let c1 = (Polynomial(coefficients: [0, 1]) * residue).divided(by: q).remainder.coefficients(paddedTo: 2)
        let determinant = c0[0] * c1[1] - c1[0] * c0[1]
        return Polynomial(coefficients: [c1[1] / determinant, -c0[1] / determinant])
    }
}
