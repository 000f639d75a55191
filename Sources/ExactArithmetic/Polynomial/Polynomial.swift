/// A polynomial with rational coefficients (the usual case).
public typealias Polynomial = FieldPolynomial<Rational>

/// A polynomial with exact coefficients in a field (ℚ, ℚ(√d)), lowest degree
/// first: `coefficients[k]` multiplies x^k. Trailing zero coefficients are
/// dropped, so the zero polynomial has no coefficients.
public struct FieldPolynomial<Scalar: ExactField>: Hashable, Sendable {
    public private(set) var coefficients: [Scalar]

    public init(coefficients: [Scalar]) {
        var trimmed = coefficients
        while let last = trimmed.last, last.isZero { trimmed.removeLast() }
        self.coefficients = trimmed
    }

    /// The monic polynomial ∏ (x − root).
    public init(roots: some Sequence<Scalar>) {
        var product = FieldPolynomial(coefficients: [1])
        for root in roots { product = product * FieldPolynomial(coefficients: [-root, 1]) }
        self = product
    }

    /// The quotient and remainder of division by (x − root), by synthetic
    /// division: O(degree) instead of a product over the other roots.
    public func dividedByLinear(root: Scalar) -> (quotient: FieldPolynomial, remainder: Scalar) {
        guard coefficients.count > 1 else { return (FieldPolynomial(coefficients: []), self[0]) }
        var quotient = [Scalar](repeating: 0, count: coefficients.count - 1)
        var carry: Scalar = 0
        for k in stride(from: coefficients.count - 1, through: 1, by: -1) {
            carry = coefficients[k] + carry * root
            quotient[k - 1] = carry
        }
        return (FieldPolynomial(coefficients: quotient), coefficients[0] + carry * root)
    }

    /// The quotient and remainder of division by `divisor` (not zero):
    /// self = quotient · divisor + remainder, deg remainder < deg divisor.
    public func divided(by divisor: FieldPolynomial) -> (quotient: FieldPolynomial, remainder: FieldPolynomial) {
        precondition(divisor.degree >= 0, "Polynomial: division by zero")
        let d = divisor.degree
        let lead = divisor.coefficients[d]
        guard coefficients.count > d else { return (FieldPolynomial(coefficients: []), self) }
        var rest = coefficients
        var quotient = [Scalar](repeating: 0, count: coefficients.count - d)
        for top in stride(from: coefficients.count - 1, through: d, by: -1) {
            let factor = rest[top] / lead
            quotient[top - d] = factor
            if factor.isZero { continue }
            for k in 0...d { rest[top - d + k] = rest[top - d + k] - factor * divisor.coefficients[k] }
        }
        return (FieldPolynomial(coefficients: quotient), FieldPolynomial(coefficients: Array(rest.prefix(d))))
    }

    /// The degree; −1 for the zero polynomial.
    public var degree: Int { coefficients.count - 1 }

    /// The coefficient of x^k (zero past the degree).
    public subscript(k: Int) -> Scalar {
        k >= 0 && k < coefficients.count ? coefficients[k] : 0
    }

    /// The first `count` coefficients, zero-padded: the row a transform
    /// matrix needs.
    public func coefficients(paddedTo count: Int) -> [Scalar] {
        precondition(count >= coefficients.count, "Polynomial: degree \(degree) does not fit \(count) coefficients")
        return coefficients + Array(repeating: 0, count: count - coefficients.count)
    }

    /// The value at x (Horner's rule).
    public func callAsFunction(_ x: Scalar) -> Scalar {
        var value: Scalar = 0
        for coefficient in coefficients.reversed() { value = value * x + coefficient }
        return value
    }

    public static func * (lhs: FieldPolynomial, rhs: FieldPolynomial) -> FieldPolynomial {
        if lhs.coefficients.isEmpty || rhs.coefficients.isEmpty { return FieldPolynomial(coefficients: []) }
        var product = [Scalar](repeating: 0, count: lhs.coefficients.count + rhs.coefficients.count - 1)
        for (i, a) in lhs.coefficients.enumerated() where !a.isZero {
            for (j, b) in rhs.coefficients.enumerated() where !b.isZero { product[i + j] += a * b }
        }
        return FieldPolynomial(coefficients: product)
    }

    public static func + (lhs: FieldPolynomial, rhs: FieldPolynomial) -> FieldPolynomial {
        let count = max(lhs.coefficients.count, rhs.coefficients.count)
        return FieldPolynomial(coefficients: (0..<count).map { lhs[$0] + rhs[$0] })
    }

    /// The polynomial times a constant.
    public static func * (lhs: Scalar, rhs: FieldPolynomial) -> FieldPolynomial {
        FieldPolynomial(coefficients: rhs.coefficients.map { lhs * $0 })
    }
}

extension FieldPolynomial: CustomStringConvertible {
    /// E.g. `x^2 - 1/4` (highest degree first).
    public var description: String {
        if coefficients.isEmpty { return "0" }
        var terms: [String] = []
        for (k, c) in coefficients.enumerated().reversed() where !c.isZero {
            let sign = c.isNegative ? "-" : "+"
            let size = c.isNegative ? -c : c
            let power = k == 0 ? "" : (k == 1 ? "x" : "x^\(k)")
            let body = k == 0 ? size.description : (size == 1 ? power : "\(size)·\(power)")
            terms.append(terms.isEmpty ? (c.isNegative ? "-" : "") + body : "\(sign) \(body)")
        }
        return terms.joined(separator: " ")
    }
}
