#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads whole text files or standard input, with errors that name the file.
enum InputFile {
    /// Limit so that a wrong file (a disk image, /dev/zero) fails fast.
    static let maximumBytes = 256 << 20
    /// Tensors and images may be larger.
    static let maximumDataBytes = 8 << 30

    /// How messages name `path`: "standard input" for -.
    static func label(_ path: String) -> String { path == "-" ? "standard input" : path }

    /// The file as UTF-8 text; anything else is an error naming the file.
    /// `expected` says what the file should be ("a JSON transform").
    static func readText(_ path: String, expected: String = "a JSON transform") throws -> String {
        let bytes = try readBytes(path, expected: "a readable file holding \(expected) (- for standard input)")
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw UserInputError(
                "'\(label(path))' is not UTF-8 text; expected \(expected)")
        }
        return text
    }

    /// Whether something exists at `path` (a file, a folder or a link).
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// The whole file (or standard input for "-").
    /// `expected` says what would be right when the file cannot be opened.
    static func readBytes(_ path: String, limit: Int = maximumBytes, expected: String) throws -> [UInt8] {
        // O_NONBLOCK: opening a FIFO with no writer would wait forever; it is refused below instead.
        let descriptor: Int32 = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw UserInputError("cannot open '\(path)': \(String(cString: strerror(errno))); give \(expected)")
        }
        defer { if path != "-" { close(descriptor) } }
        if path != "-" {
            // A device or FIFO (/dev/zero, mkfifo) could be read forever: only regular files, whose size is
            // known first (for them O_NONBLOCK changes nothing).
            var status = stat()
            guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
                throw UserInputError("'\(path)' is not a regular file; give \(expected)")
            }
            guard Int(status.st_size) <= limit else {
                throw UserInputError("'\(path)' is larger than \(limit >> 20) MiB; give \(expected)")
            }
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw UserInputError("cannot read '\(path)': \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes += chunk[..<count]
            if bytes.count > limit {
                throw UserInputError("'\(path)' is larger than \(limit >> 20) MiB")
            }
        }
        return bytes
    }
}
