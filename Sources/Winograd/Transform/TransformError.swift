/// Why a transform cannot be made or read.
public enum TransformError: Error, CustomStringConvertible, Sendable {
    case nonPositiveSize(name: String, value: Int)
    case points(PointsError)
    /// The points given for one axis of a nested tile do not fit it.
    case axisPoints(axis: Int, PointsError)
    /// A transform's stated points are not the ones its AT evaluates at.
    case pointsDisagree(String)
    case shape(String)
    /// F(m, r) has more points than ``CookToom/maximumPoints``.
    case tooManyPoints(m: Int, r: Int)
    case identityFails(IdentityReport)
    /// Moduli that cannot make a transform.
    case moduli(ModuliError)

    public var description: String {
        switch self {
        case .nonPositiveSize(let name, let value):
            "\(name) = \(value) is not a valid size; \(name) must be an integer of at least 1"
        case .points(let error): error.description
        case .moduli(let error): error.description
        case .axisPoints(let axis, let error): "axis \(axis): \(error)"
        case .pointsDisagree(let message): message
        case .shape(let message): message
        case .tooManyPoints(let m, let r):
            "F(\(m),\(r)) needs m + r − 1 = \(n(m, r)) points, beyond the bound of \(CookToom.maximumPoints): "
                + "deriving it takes minutes, and rounding swamps even float64 before that size "
                + "(F(62,3) errs by 10^13); give m + r − 1 ≤ \(CookToom.maximumPoints)"
        case .identityFails(let report): "F(\(report.m),\(report.r)): \(report)"
        }
    }
}

/// m + r − 1 as text, without overflowing for absurd sizes.
private func n(_ m: Int, _ r: Int) -> String {
    let (sum, overflow) = m.addingReportingOverflow(r)
    return overflow ? "more than \(Int.max)" : "\(sum - 1)"
}
