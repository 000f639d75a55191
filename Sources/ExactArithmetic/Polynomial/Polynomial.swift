/// A polynomial with exact rational coefficients, lowest degree first:
/// `coefficients[k]` multiplies x^k. Trailing zero coefficients are dropped,
/// so the zero polynomial has no coefficients.
public struct Polynomial: Hashable, Sendable {
    public private(set) var coefficients: [Rational]

    public init(coefficients: [Rational]) {
        var trimmed = coefficients
        while let last = trimmed.last, last.isZero { trimmed.removeLast() }
        self.coefficients = trimmed
    }

    /// The monic polynomial ∏ (x − root).
    public init(roots: some Sequence<Rational>) {
        var product = Polynomial(coefficients: [1])
        for root in roots { product = product * Polynomial(coefficients: [-root, 1]) }
        self = product
    }

    /// The quotient and remainder of division by (x − root), by synthetic
    /// division: O(degree) instead of a product over the other roots.
    public func dividedByLinear(root: Rational) -> (quotient: Polynomial, remainder: Rational) {
        guard coefficients.count > 1 else { return (Polynomial(coefficients: []), self[0]) }
        var quotient = [Rational](repeating: 0, count: coefficients.count - 1)
        var carry: Rational = 0
        for k in stride(from: coefficients.count - 1, through: 1, by: -1) {
            carry = coefficients[k] + carry * root
            quotient[k - 1] = carry
        }
        return (Polynomial(coefficients: quotient), coefficients[0] + carry * root)
    }

    /// The degree; −1 for the zero polynomial.
    public var degree: Int { coefficients.count - 1 }

    /// The coefficient of x^k (zero past the degree).
    public subscript(k: Int) -> Rational {
        k >= 0 && k < coefficients.count ? coefficients[k] : 0
    }

    /// The first `count` coefficients, zero-padded: the row a transform
    /// matrix needs.
    public func coefficients(paddedTo count: Int) -> [Rational] {
        precondition(count >= coefficients.count, "Polynomial: degree \(degree) does not fit \(count) coefficients")
        return coefficients + Array(repeating: 0, count: count - coefficients.count)
    }

    /// The value at x (Horner's rule).
    public func callAsFunction(_ x: Rational) -> Rational {
        var value: Rational = 0
        for coefficient in coefficients.reversed() { value = value * x + coefficient }
        return value
    }

    public static func * (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        if lhs.coefficients.isEmpty || rhs.coefficients.isEmpty { return Polynomial(coefficients: []) }
        var product = [Rational](repeating: 0, count: lhs.coefficients.count + rhs.coefficients.count - 1)
        for (i, a) in lhs.coefficients.enumerated() where !a.isZero {
            for (j, b) in rhs.coefficients.enumerated() where !b.isZero { product[i + j] += a * b }
        }
        return Polynomial(coefficients: product)
    }

    public static func + (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        let count = max(lhs.coefficients.count, rhs.coefficients.count)
        return Polynomial(coefficients: (0..<count).map { lhs[$0] + rhs[$0] })
    }

    /// The polynomial times a constant.
    public static func * (lhs: Rational, rhs: Polynomial) -> Polynomial {
        Polynomial(coefficients: rhs.coefficients.map { lhs * $0 })
    }
}

extension Polynomial: CustomStringConvertible {
    /// E.g. `x^2 - 1/4` (highest degree first).
    public var description: String {
        if coefficients.isEmpty { return "0" }
        var terms: [String] = []
        for (k, c) in coefficients.enumerated().reversed() where !c.isZero {
            let sign = c.isNegative ? "-" : "+"
            let size = c.magnitude
            let power = k == 0 ? "" : (k == 1 ? "x" : "x^\(k)")
            let body = k == 0 ? size.description : (size == 1 ? power : "\(size)·\(power)")
            terms.append(terms.isEmpty ? (c.isNegative ? "-" : "") + body : "\(sign) \(body)")
        }
        return terms.joined(separator: " ")
    }
}
