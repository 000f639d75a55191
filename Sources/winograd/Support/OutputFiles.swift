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

    /// Writes `bytes` to `path` atomically.
    static func write(bytes contents: [UInt8], to path: String) throws {
        #if canImport(Glibc)
            let systemWrite = Glibc.write
        #else
            let systemWrite = Darwin.write
        #endif
        let temporary = path + ".partial-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw UserInputError("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        var bytes = contents
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes {
                systemWrite(descriptor, $0.baseAddress! + offset, $0.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw UserInputError("cannot write '\(path)': \(reason)")
            }
            offset += written
        }
        bytes.removeAll()
        guard close(descriptor) == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw UserInputError("cannot write '\(path)': \(reason)")
        }
    }
}
