import ExactArithmetic

/// A value in a straight-line program: an input of the transform, or an
/// intermediate that the simplifier introduced.
public enum Variable: Hashable, Comparable, Sendable, CustomStringConvertible {
    case input(Int)
    case temporary(Int)

    public var description: String {
        switch self {
        case .input(let i): "x\(i)"
        case .temporary(let i): "s\(i)"
        }
    }
}

/// Σ coefficient · variable with exact coefficients, no zero terms, sorted
/// by variable so equal forms compare equal.
public struct LinearForm: Hashable, Sendable, CustomStringConvertible {
    public struct Term: Hashable, Sendable {
        public var variable: Variable
        public var coefficient: QuadraticNumber
    }

    public private(set) var terms: [Term]

    public init(_ terms: [(Variable, QuadraticNumber)]) {
        var merged: [Variable: QuadraticNumber] = [:]
        for (variable, coefficient) in terms { merged[variable, default: 0] += coefficient }
        self.terms = merged.filter { !$0.value.isZero }
            .map { Term(variable: $0.key, coefficient: $0.value) }
            .sorted { $0.variable < $1.variable }
    }

    /// The form Σ_i row[i] · input(i).
    public init(row: some Sequence<QuadraticNumber>) {
        self.init(row.enumerated().map { (.input($0.offset), $0.element) })
    }

    public func coefficient(of variable: Variable) -> QuadraticNumber {
        terms.first { $0.variable == variable }?.coefficient ?? 0
    }

    /// Replaces `a·first + b·second` (when present with b/a = ratio) by
    /// `a/scale · replacement`, where replacement = scale·(first + ratio·second).
    mutating func substitute(
        first: Variable, second: Variable, ratio: QuadraticNumber, by replacement: Variable, scale: QuadraticNumber
    ) -> Bool {
        let a = coefficient(of: first)
        let b = coefficient(of: second)
        guard !a.isZero, !b.isZero, b == a * ratio else { return false }
        var pairs = terms.filter { $0.variable != first && $0.variable != second }.map { ($0.variable, $0.coefficient) }
        pairs.append((replacement, a / scale))
        self = LinearForm(pairs)
        return true
    }

    public var description: String {
        if terms.isEmpty { return "0" }
        return terms.map { "\($0.coefficient)·\($0.variable)" }.joined(separator: " + ")
    }
}
