import Winograd
import WinogradRuntime

/// The pieces of the tools' `--json` objects.
enum JSONSummary {
    /// The objects' members in order, as one object.
    static func joined(_ parts: JSONValue...) -> JSONValue {
        .object(
            parts.flatMap { part -> [(key: String, value: JSONValue)] in
                guard case .object(let members) = part else { return [] }
                return members
            })
    }

    /// The error fields every convolution summary ends with; null without --check.
    static func errors(_ statistics: ErrorStatistics?) -> JSONValue {
        [
            "mean_abs_error": .double(statistics?.meanAbsoluteError),
            "rel_l2_error": .double(statistics?.relativeL2Error),
            "max_abs_error": .double(statistics?.maxAbsoluteError),
        ]
    }
}
