import WinogradRuntime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files whole or not at all: each goes to a temporary name in the
/// same folder and is renamed into place, so no reader ever sees half a file.
enum OutputFiles {
    /// Creates `path` and its parents as needed.
    static func makeDirectory(_ path: String) throws {
        var built = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            built += (built.isEmpty || built.hasSuffix("/") ? "" : "/") + component
            var status = stat()
            if stat(built, &status) == 0 {
                guard status.st_mode & S_IFMT == S_IFDIR else {
                    throw UserInputError("cannot write into '\(path)': '\(built)' is a file, not a folder")
                }
                continue
            }
            guard mkdir(built, 0o755) == 0 || errno == EEXIST else {
                throw UserInputError("cannot create folder '\(built)': \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Writes `contents` to `path` atomically.
    static func write(_ contents: String, to path: String) throws {
        try write(bytes: Array(contents.utf8), to: path)
    }

    /// Writes `bytes` to `path` atomically, through the library's one writer
    /// (a new temporary beside it, opened with O_EXCL so no planted file or
    /// link is followed, flushed, then renamed into place).
    static func write(bytes contents: [UInt8], to path: String) throws {
        do {
            try FileBytes.write(contents, to: path)
        } catch {
            throw UserInputError("\(error)")
        }
    }
}
