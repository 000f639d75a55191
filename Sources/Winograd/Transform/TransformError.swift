/// Why a transform cannot be made or read.
public enum TransformError: Error, CustomStringConvertible, Sendable {
    case nonPositiveSize(name: String, value: Int)
    case points(PointsError)
    case shape(String)
    case identityFails(IdentityReport)

    public var description: String {
        switch self {
        case .nonPositiveSize(let name, let value):
            "\(name) = \(value) is not a valid size; \(name) must be an integer of at least 1"
        case .points(let error): error.description
        case .shape(let message): message
        case .identityFails(let report): report.description
        }
    }
}
