import WinogradAnalysis

/// Parsing of the precision study's option values, shared by `precision`
/// and `points search`.
enum AnalysisOptions {
    /// A comma-separated list of formats, e.g. "float32,float16".
    static func formats(_ text: String) throws -> [NumberFormat] {
        try text.split(separator: ",").map { name throws -> NumberFormat in
            guard let value = NumberFormat(rawValue: String(name).lowercased()) else {
                throw UserInputError("--format '\(name)' is not a format we have; give \(NumberFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
    }

    /// A comma-separated list of evaluation modes, e.g. "plain,huffman".
    static func modes(_ text: String) throws -> [EvaluationMode] {
        try text.split(separator: ",").map { name throws -> EvaluationMode in
            guard let value = EvaluationMode(rawValue: String(name).lowercased()) else {
                throw UserInputError("--mode '\(name)' is not a mode; give \(EvaluationMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
    }
}
