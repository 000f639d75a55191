/// How far a result is from a reference, the way the literature measures it
/// (one implementation for the runtime's checks and the precision study):
///
/// - mean absolute error per output element (Barabasz et al., TVM's table),
/// - relative L2 error ‖y − ŷ‖₂ / ‖ŷ‖₂,
/// - maximum absolute error.
///
/// A value that is NaN or infinite (overflow) makes every statistic
/// non-finite, the maximum included: a finite maximum beside a NaN output
/// would be a wrong answer. ``nonFiniteCount`` counts those values.
public struct ErrorStatistics: Sendable, Equatable, CustomStringConvertible {
    public var meanAbsoluteError: Double
    public var relativeL2Error: Double
    public var maxAbsoluteError: Double
    public var count: Int
    /// Pairs whose difference is NaN or infinite (a value or reference overflowed).
    public var nonFiniteCount: Int = 0

    /// Whether every difference was finite; when not, the statistics measure nothing.
    public var isFinite: Bool { nonFiniteCount == 0 }

    /// The statistics of `values` against `reference` (equal counts).
    public init<A: BinaryFloatingPoint, B: BinaryFloatingPoint>(_ values: [A], reference: [B]) {
        precondition(
            values.count == reference.count, "ErrorStatistics: \(values.count) values against \(reference.count)")
        var sumAbs = 0.0
        var sumSquares = 0.0
        var referenceSquares = 0.0
        var maxAbs = 0.0
        var nonFinite = 0
        for (value, truth) in zip(values, reference) {
            let difference = (Double(value) - Double(truth)).magnitude
            sumAbs += difference
            sumSquares += difference * difference
            referenceSquares += Double(truth) * Double(truth)
            // Swift.max would drop a NaN; the first NaN stays the maximum.
            if !difference.isFinite { nonFinite += 1 }
            if !maxAbs.isNaN && (difference.isNaN || difference > maxAbs) { maxAbs = difference }
        }
        count = values.count
        meanAbsoluteError = count == 0 ? 0 : sumAbs / Double(count)
        relativeL2Error =
            referenceSquares == 0 ? (sumSquares == 0 ? 0 : .infinity) : (sumSquares / referenceSquares).squareRoot()
        maxAbsoluteError = maxAbs
        nonFiniteCount = nonFinite
    }

    public init<A, B>(_ values: Tensor<A>, reference: Tensor<B>) {
        precondition(values.shape == reference.shape, "ErrorStatistics: shapes \(values.shape) and \(reference.shape)")
        self.init(values.elements, reference: reference.elements)
    }

    public var description: String {
        "mean |error| \(Self.scientific(meanAbsoluteError)), relative L2 \(Self.scientific(relativeL2Error)), "
            + "max |error| \(Self.scientific(maxAbsoluteError))"
    }

    /// "1.23e-07": three significant digits, no locale.
    public static func scientific(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : "inf" }
        if value == 0 { return "0" }
        var exponent = Int((value.magnitude).exponentBase10)
        var mantissa = value / pow10(exponent)
        if mantissa.magnitude >= 9.995 {
            mantissa /= 10
            exponent += 1
        }
        let hundredths = Int((mantissa * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let digits = abs(hundredths)
        let text = "\(digits / 100).\(digits % 100 < 10 ? "0" : "")\(digits % 100)"
        return "\(sign)\(text)e\(exponent < 0 ? "-" : "+")\(abs(exponent) < 10 ? "0" : "")\(abs(exponent))"
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }
}

extension Double {
    /// floor(log10(self)) for positive finite values, without Foundation.
    fileprivate var exponentBase10: Int {
        var exponent = 0
        var value = self
        while value >= 10 {
            value /= 10
            exponent += 1
        }
        while value < 1 {
            value *= 10
            exponent -= 1
        }
        return exponent
    }
}
