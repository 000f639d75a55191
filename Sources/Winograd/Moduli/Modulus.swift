import ExactArithmetic

/// One modulus of a Toom–Cook construction: a monic polynomial over ℚ of
/// degree 1 (x − a, the interpolation point a) or 2 (x² + βx + γ, e.g.
/// x² + 1), or the point at infinity. A modulus of degree 2 costs three
/// multiplications where two points cost two, and can keep the transforms'
/// entries small (Barabasz & Gregg, "Winograd convolution for DNNs: beyond
/// linear polynomials", 2019).
public enum Modulus: Hashable, Sendable, CustomStringConvertible {
    /// Monic, of degree 1 or 2.
    case polynomial(Polynomial)
    case infinity

    /// The degree a modulus may have at most: products in ℚ[x]/(q) for
    /// degree 2 take Karatsuba's three multiplications.
    public static let maximumDegree = 2

    /// What it adds to the degree of the product (infinity: 1).
    public var degree: Int {
        switch self {
        case .polynomial(let q): q.degree
        case .infinity: 1
        }
    }

    /// Multiplications it costs: 1 per linear modulus or infinity, 3 for degree 2.
    public var multiplications: Int { degree == 2 ? 3 : 1 }

    /// `x-1/2`, `x^2+1`, `inf`.
    public var description: String {
        switch self {
        case .infinity: return "inf"
        case .polynomial(let q):
            var text = ""
            for power in stride(from: q.degree, through: 0, by: -1) {
                let c = q[power]
                if c.isZero { continue }
                let magnitude = c.magnitude
                let sign = c.isNegative ? "-" : (text.isEmpty ? "" : "+")
                let variable = power == 0 ? "" : power == 1 ? "x" : "x^\(power)"
                let coefficient =
                    power > 0 && magnitude == 1 ? "" : magnitude.description + (power > 0 ? "*" : "")
                text += sign + coefficient + variable
            }
            return text
        }
    }

    /// Parses one modulus: `inf`, or a polynomial in x with rational
    /// coefficients (`x`, `x-1`, `x+1/2`, `x^2+1`, `x^2-x+1`, `2*x-1`),
    /// made monic.
    public init(parsing text: String) throws(ModuliError) {
        let compact = text.filter { !$0.isWhitespace }
        if ["inf", "infinity", "∞"].contains(compact.lowercased()) {
            self = .infinity
            return
        }
        guard !compact.isEmpty, compact.count <= 200 else { throw .unparsable(text: text, reason: "empty or too long") }
        var coefficients: [Rational] = []
        // Signed terms: split before every + or − that does not start the text.
        var terms: [String] = []
        var current = ""
        for character in compact {
            if (character == "+" || character == "-") && !current.isEmpty {
                terms.append(current)
                current = ""
            }
            current.append(character)
        }
        terms.append(current)
        for term in terms {
            var body = Substring(term)
            var negative = false
            if body.first == "+" || body.first == "-" {
                negative = body.first == "-"
                body = body.dropFirst()
            }
            var power = 0
            var coefficientText = body
            if let xIndex = body.firstIndex(where: { $0 == "x" || $0 == "X" }) {
                let exponent = body[body.index(after: xIndex)...]
                if exponent.isEmpty {
                    power = 1
                } else if exponent.first == "^", let value = Int(exponent.dropFirst()), value >= 0 {
                    power = value
                } else {
                    throw .unparsable(text: text, reason: "'\(term)' has no exponent of the form x^2")
                }
                coefficientText = body[..<xIndex]
                if coefficientText.last == "*" { coefficientText = coefficientText.dropLast() }
            }
            guard power <= Self.maximumDegree else {
                throw .degree(text: text, degree: power)
            }
            var coefficient: Rational = 1
            if !coefficientText.isEmpty || power == 0 {
                do {
                    coefficient = try Rational(parsing: String(coefficientText))
                } catch {
                    throw .unparsable(text: text, reason: "'\(term)': \(error.reason)")
                }
            }
            if negative { coefficient = -coefficient }
            while coefficients.count <= power { coefficients.append(0) }
            coefficients[power] += coefficient
        }
        let q = Polynomial(coefficients: coefficients)
        guard q.degree >= 1, !q[q.degree].isZero else {
            throw .degree(text: text, degree: max(q.degree, 0))
        }
        let lead = q[q.degree]
        self = .polynomial(lead == 1 ? q : (1 / lead) * q)
    }

    /// Parses a comma-separated list of moduli for F(m, r): their degrees
    /// (infinity counting 1) must add up to n = m + r − 1, infinity at most
    /// once, and no two may share a root.
    public static func list(parsing text: String, m: Int, r: Int) throws(ModuliError) -> [Modulus] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard items.count <= CookToom.maximumPoints, !items.isEmpty else { throw .count(m: m, r: r, degrees: 0) }
        var moduli: [Modulus] = []
        for item in items { moduli.append(try Modulus(parsing: item)) }
        let n = m + r - 1
        let degrees = moduli.reduce(0) { $0 + $1.degree }
        guard degrees == n else { throw .count(m: m, r: r, degrees: degrees) }
        let infinities = moduli.indices.filter { moduli[$0] == .infinity }
        if infinities.count > 1 { throw .infinityTwice(firstPosition: infinities[0], secondPosition: infinities[1]) }
        for i in moduli.indices {
            for j in moduli.indices where j > i {
                if case .polynomial(let p) = moduli[i], case .polynomial(let q) = moduli[j],
                    Self.greatestCommonDivisor(p, q).degree > 0
                {
                    throw .commonFactor(
                        first: moduli[i].description, firstPosition: i,
                        second: moduli[j].description, secondPosition: j)
                }
            }
        }
        return moduli
    }

    /// The monic gcd of two polynomials (Euclid).
    static func greatestCommonDivisor(_ a: Polynomial, _ b: Polynomial) -> Polynomial {
        var (a, b) = (a, b)
        while b.degree >= 0 { (a, b) = (b, a.divided(by: b).remainder) }
        return a.degree < 0 ? a : (1 / a[a.degree]) * a
    }
}

/// Why a list of moduli cannot make a transform.
public enum ModuliError: Error, Equatable, CustomStringConvertible, Sendable {
    case unparsable(text: String, reason: String)
    case degree(text: String, degree: Int)
    case count(m: Int, r: Int, degrees: Int)
    case infinityTwice(firstPosition: Int, secondPosition: Int)
    case commonFactor(first: String, firstPosition: Int, second: String, secondPosition: Int)

    public var description: String {
        switch self {
        case .unparsable(let text, let reason):
            "modulus '\(text)' is not a polynomial in x: \(reason); write moduli as x, x-1, x+1/2, x^2+1 or inf"
        case .degree(let text, let degree):
            "modulus '\(text)' has degree \(degree); a modulus has degree 1 (x - a) or 2 (x^2 + b*x + c)"
        case .count(let m, let r, let degrees):
            "F(\(m),\(r)) needs moduli whose degrees (inf counting 1) add up to n = m + r - 1 = \(m + r - 1); "
                + "these add up to \(degrees)"
        case .infinityTwice(let first, let second):
            "'inf' is given twice (at positions \(first + 1) and \(second + 1)); it can be used once"
        case .commonFactor(let first, let firstPosition, let second, let secondPosition):
            "moduli \(first) (position \(firstPosition + 1)) and \(second) (position \(secondPosition + 1)) "
                + "share a root; moduli must be coprime"
        }
    }
}
