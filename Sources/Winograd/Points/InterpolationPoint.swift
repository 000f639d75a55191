import ExactArithmetic

/// A Cook–Toom interpolation point: a finite rational, or the point at
/// infinity (which contributes the leading coefficient).
public enum InterpolationPoint: Hashable, Sendable {
    case finite(Rational)
    case infinity

    /// The finite value, or nil for infinity.
    public var finiteValue: Rational? {
        if case .finite(let value) = self { return value }
        return nil
    }

    public var isInfinity: Bool { self == .infinity }

    /// The most decimal digits of a point's numerator and denominator (in
    /// lowest terms): the entries are powers of the points, so a longer one
    /// (1e99999) makes derivation hang rather than fail.
    public static let maximumDigits = 40

    /// Parses `"inf"` (also `"infinity"`, `"∞"`) or any text that
    /// ``Rational/init(parsing:)`` accepts; surrounding spaces are ignored.
    /// - Throws: ``PointsError/tooLong(text:)`` beyond ``maximumDigits``.
    public init(parsing text: String) throws(PointsError) {
        let trimmed = text.trimmingWhitespace
        switch trimmed.lowercased() {
        case "inf", "infinity", "∞", "+inf", "+infinity":
            self = .infinity
        default:
            let value: Rational
            do {
                value = try Rational(parsing: trimmed)
            } catch {
                throw .unparsable(text: trimmed, reason: error.reason)
            }
            let parts = value.magnitude.description.split(separator: "/")
            guard parts.allSatisfy({ $0.count <= Self.maximumDigits }) else { throw .tooLong(text: trimmed) }
            self = .finite(value)
        }
    }
}

extension InterpolationPoint {
    /// Parses a comma-separated list such as `"0, 1, -1, 1/2, inf"`.
    /// - Throws: ``PointsError/empty`` or ``PointsError/unparsable(text:reason:)``.
    public static func list(parsing list: String) throws(PointsError) -> [InterpolationPoint] {
        let items = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if items.allSatisfy({ $0.trimmingWhitespace.isEmpty }) { throw .empty }
        var parsed: [InterpolationPoint] = []
        for item in items { parsed.append(try InterpolationPoint(parsing: item)) }
        return parsed
    }
}

extension InterpolationPoint: CustomStringConvertible {
    /// `inf`, or the rational in lowest terms (`-1/2`).
    public var description: String {
        switch self {
        case .finite(let value): value.description
        case .infinity: "inf"
        }
    }
}
