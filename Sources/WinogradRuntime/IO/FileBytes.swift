#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole files as bytes, through the C library: read all at once, and
/// written atomically (a temporary file in the same folder, renamed over the
/// target), so a reader never sees a partly written output.
public enum FileBytes {
    /// The contents of the regular file at `path` (a device, FIFO or folder
    /// is refused rather than read forever).
    /// - Throws: ``TensorError`` naming `path` and the reason.
    public static func read(_ path: String) throws(TensorError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO with no writer would wait forever; it is refused below instead.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot open", path) }
        defer { _ = close(descriptor) }

        // A device or FIFO (/dev/zero, mkfifo) could be read forever: only regular files.
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("cannot examine", path) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw TensorError("cannot read \(path): not a regular file (a folder, device or FIFO)")
        }
        var capacity = 1 << 16
        if status.st_size > 0 { capacity = Int(status.st_size) + 1 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(capacity)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes += chunk[0..<count]
            } else if count == 0 {
                return bytes
            } else if errno != EINTR {
                throw failure("cannot read", path)
            }
        }
    }

    /// Replaces (or creates) the file at `path` with `bytes`: they go to a
    /// temporary file beside it, which is flushed and then renamed to `path`.
    /// A new file gets the usual permissions (0666 less the umask).
    /// - Throws: ``TensorError`` naming `path` and the reason; then `path`
    ///   is unchanged and no temporary file is left behind.
    public static func write(_ bytes: [UInt8], to path: String) throws(TensorError) {
        try write([(path, bytes)])
    }

    /// Writes several files all or none: each goes to its own temporary
    /// first, and only when every one is written and flushed are they
    /// renamed into place. A failure before that leaves every target as it
    /// was and no temporary behind. (Renames within one folder do not fail
    /// short of the disk going away; a target that is a folder is refused
    /// before anything is written.)
    /// - Throws: ``TensorError`` naming the path and the reason.
    public static func write(_ files: [(path: String, bytes: [UInt8])]) throws(TensorError) {
        for (path, _) in files {
            guard !path.hasSuffix("/") else { throw TensorError("cannot write \(path): it names a folder, not a file") }
            var status = stat()
            if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
                throw TensorError("cannot write \(path): it is a folder")
            }
        }
        var temporaries: [String] = []
        do throws(TensorError) {
            for (path, bytes) in files { temporaries.append(try temporary(holding: bytes, for: path)) }
            for (temporary, (path, _)) in zip(temporaries, files) {
                guard rename(temporary, path) == 0 else { throw failure("cannot rename a temporary file to", path) }
            }
        } catch {
            for temporary in temporaries { _ = unlink(temporary) }
            throw error
        }
    }

    /// A new file beside `path` holding `bytes`, flushed: its name.
    /// New files get the usual permissions (0666 less the umask); O_EXCL
    /// creates it afresh, so no file or link planted at its name is followed.
    private static func temporary(holding bytes: [UInt8], for path: String) throws(TensorError) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !base.isEmpty else { throw TensorError("cannot write \(path): it names a folder, not a file") }

        var temporary = ""
        var descriptor: Int32 = -1
        for attempt in 0..<100 {
            temporary = "\(folder).\(base).tmp-\(getpid())-\(attempt)"
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw failure("cannot create a temporary file for", path) }

        var problem: TensorError?
        var offset = 0
        bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let count = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count >= 0 {
                    offset += count
                } else if errno != EINTR {
                    problem = failure("cannot write", path)
                    return
                }
            }
        }
        if problem == nil, fsync(descriptor) != 0 { problem = failure("cannot flush", path) }
        if close(descriptor) != 0, problem == nil { problem = failure("cannot close", path) }
        if let problem {
            _ = unlink(temporary)
            throw problem
        }
        return temporary
    }

    /// "cannot open x.npy: No such file or directory", from `errno`.
    private static func failure(_ action: String, _ path: String) -> TensorError {
        let code = errno
        let reason = strerror(code).map { String(cString: $0) } ?? "error \(code)"
        return TensorError("\(action) \(path): \(reason)")
    }
}

/// The C library's read and write (inside ``FileBytes`` its own `read` and
/// `write` would hide them).
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
    #elseif canImport(Musl)
        Musl.read(descriptor, buffer, count)
    #else
        Darwin.read(descriptor, buffer, count)
    #endif
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
    #elseif canImport(Musl)
        Musl.write(descriptor, buffer, count)
    #else
        Darwin.write(descriptor, buffer, count)
    #endif
}
