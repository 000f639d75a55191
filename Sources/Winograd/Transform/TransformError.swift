/// Why a transform cannot be made or read.
public enum TransformError: Error, CustomStringConvertible, Sendable {
    case nonPositiveSize(name: String, value: Int)
    case points(PointsError)
    /// The points given for one axis of a nested tile do not fit it.
    case axisPoints(axis: Int, PointsError)
    /// A transform's stated points are not the ones its AT evaluates at.
    case pointsDisagree(String)
    case shape(String)
    case identityFails(IdentityReport)

    public var description: String {
        switch self {
        case .nonPositiveSize(let name, let value):
            "\(name) = \(value) is not a valid size; \(name) must be an integer of at least 1"
        case .points(let error): error.description
        case .axisPoints(let axis, let error): "axis \(axis): \(error)"
        case .pointsDisagree(let message): message
        case .shape(let message): message
        case .identityFails(let report): "F(\(report.m),\(report.r)): \(report)"
        }
    }
}
