/// Comma-separated values as RFC 4180 writes them.
enum CSV {
    /// One record: the fields joined by commas, ended by a line feed (RFC 4180
    /// names CRLF; its readers, Python's csv among them, accept both).
    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    /// A field as it is, or quoted (inner quotes doubled) when it holds a
    /// comma, a quote, a carriage return or a line feed.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return text
        }
        return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
