/// The one trimming helper of the package's parsers (points, matrices in
/// JSON, `.npy` headers, frame tags). Package-visible only: users' strings
/// are not ours to extend.
extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    package var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
