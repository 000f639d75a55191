#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The tool's errors as one line "Error: …", whatever produced them.
enum ErrorMessage {
    /// `text` with any bulleted list ("  - value" lines after a line ending
    /// in ":") joined into the line before it: "…: a, b, c."
    static func oneLine(_ text: String) -> String {
        var lines: [String] = []
        var listing = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("  - "), let last = lines.last, listing || last.hasSuffix(":") {
                lines[lines.count - 1] = last + (listing ? ", " : " ") + line.dropFirst(4)
                listing = true
                continue
            }
            if listing { lines[lines.count - 1] += "." }
            listing = false
            lines.append(line)
        }
        if listing { lines[lines.count - 1] += "." }
        return lines.joined(separator: "\n")
    }

    /// Writes `message` and a line feed to standard error (nothing when empty).
    static func write(_ message: String) {
        guard !message.isEmpty else { return }
        let bytes = Array((message.hasSuffix("\n") ? message : message + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                #if canImport(Glibc)
                    Glibc.write(STDERR_FILENO, buffer.baseAddress, buffer.count)
                #else
                    Darwin.write(STDERR_FILENO, buffer.baseAddress, buffer.count)
                #endif
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
