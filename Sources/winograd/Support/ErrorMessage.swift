#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The tool's errors as one line "Error: …", whatever produced them.
enum ErrorMessage {
    /// ArgumentParser's message (`Error: …`, perhaps a `Help:` line, a
    /// usage and a "See '… --help'" line) as one line: a bulleted list of
    /// values ("  - value" lines after a line ending in ":") joins the line
    /// before it ("…: a, b, c."); the `Help:` line goes; the usage joins the
    /// line ("; usage: winograd conv <options>") unless the message already
    /// says what to give.
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

        var message: [String] = []
        var usage: [String] = []
        var section = 0  // 0: the message, 1: help, 2: usage
        for line in lines {
            let trimmed = line.trimmingSpaces
            if line.hasPrefix("Help:") {
                section = 1
            } else if line.hasPrefix("Usage:") {
                section = 2
                usage.append(String(line.dropFirst("Usage:".count)).trimmingSpaces)
            } else if trimmed.hasPrefix("See '") {
                break
            } else if !trimmed.isEmpty {
                if section == 0 { message.append(trimmed) } else if section == 2 { usage.append(trimmed) }
            }
        }
        var result = message.joined(separator: " ")
        guard !result.isEmpty else { return "" }
        if !result.hasPrefix("Error:") { result = "Error: " + result }
        if !usage.isEmpty && !result.contains("give") && !result.contains("Please provide") {
            result += "; usage: " + usage.joined(separator: " ")
        }
        return result
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

extension String {
    /// Without leading and trailing spaces.
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
