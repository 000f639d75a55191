/// Why a list of interpolation points cannot make a transform.
public enum PointsError: Error, Equatable, CustomStringConvertible, Sendable {
    case unparsable(text: String, reason: String)
    case duplicate(point: String, firstPosition: Int, secondPosition: Int)
    case infinityTwice(firstPosition: Int, secondPosition: Int)
    case wrongCount(m: Int, r: Int, given: Int, givenIncludesInfinity: Bool)
    case empty
    /// A point whose numerator or denominator has more than
    /// ``InterpolationPoint/maximumDigits`` digits.
    case tooLong(text: String)
    /// Algebraic points of two fields, ℚ(√first) and ℚ(√second).
    case twoFields(first: Int, firstPosition: Int, second: Int, secondPosition: Int)
    /// An algebraic point list whose points are all rational.
    case noSurd

    public var description: String {
        switch self {
        case .unparsable(let text, let reason):
            return "point '\(text)' is not a number: \(reason); "
                + "write points as integers, fractions (-1/2), decimals (0.5) or 'inf'"
        case .duplicate(let point, let first, let second):
            return "point \(point) is given twice (at positions \(first + 1) and \(second + 1)); "
                + "interpolation points must be distinct"
        case .infinityTwice(let first, let second):
            return "'inf' is given twice (at positions \(first + 1) and \(second + 1)); "
                + "the point at infinity can be used once"
        case .wrongCount(let m, let r, let given, let givenIncludesInfinity):
            let n = m + r - 1
            let got =
                givenIncludesInfinity
                ? "\(given) points including 'inf'" : "\(given) finite point\(given == 1 ? "" : "s")"
            let finite = "\(n - 1) finite point\(n - 1 == 1 ? "" : "s") (infinity is added last)"
            return "F(\(m),\(r)) needs n = m + r - 1 = \(n) points: \(finite), \(n) finite points, "
                + "or \(n) points including 'inf'; got \(got)"
        case .tooLong(let text):
            let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
            return "point '\(shown)' has a numerator or denominator of more than "
                + "\(InterpolationPoint.maximumDigits) digits; the transform's entries are its powers up to n − 1, "
                + "so give points with at most \(InterpolationPoint.maximumDigits) digits above and below the line"
        case .twoFields(let first, let firstPosition, let second, let secondPosition):
            return "points \(firstPosition + 1) and \(secondPosition + 1) lie in different fields, "
                + "ℚ(√\(first)) and ℚ(√\(second)); algebraic points must share one square root "
                + "(e.g. all of sqrt2)"
        case .noSurd:
            return "no point names a square root; give rational points as usual, or surds such as sqrt2/2"
        case .empty:
            return "the point list is empty; give comma-separated points such as 0,1,-1,2,-2, or none for the defaults"
        }
    }
}
