import WinogradRuntime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files whole or not at all: each goes to a temporary name in the
/// same folder and is renamed into place, so no reader ever sees half a file.
enum OutputFiles {
    /// Creates `path` and its parents as needed; returns the folders it
    /// created, outermost first. When it fails, those it created are removed.
    @discardableResult
    static func makeDirectory(_ path: String) throws -> [String] {
        var created: [String] = []
        var built = path.hasPrefix("/") ? "/" : ""
        do {
            for component in path.split(separator: "/") {
                built += (built.isEmpty || built.hasSuffix("/") ? "" : "/") + component
                var status = stat()
                if stat(built, &status) == 0 {
                    guard status.st_mode & S_IFMT == S_IFDIR else {
                        throw UserInputError("cannot write into '\(path)': '\(built)' is a file, not a folder")
                    }
                    continue
                }
                if mkdir(built, 0o755) == 0 {
                    created.append(built)
                } else if errno != EEXIST {
                    throw UserInputError("cannot create folder '\(built)': \(String(cString: strerror(errno)))")
                }
            }
        } catch {
            removeFolders(created)
            throw error
        }
        return created
    }

    /// Removes `folders` (as ``makeDirectory(_:)`` returns them, outermost
    /// first), innermost first; one that is no longer empty stays, so
    /// nothing another program put there is lost.
    static func removeFolders(_ folders: [String]) {
        for folder in folders.reversed() { _ = rmdir(folder) }
    }

    /// Writes `files` all or none, creating the folders they go in: when
    /// any folder or file cannot be made, no file is written and every
    /// folder this call created is removed again.
    static func write(_ files: [(path: String, contents: String)], makingFolders: Bool) throws {
        var created: [String] = []
        do {
            if makingFolders {
                for file in files {
                    guard let slash = file.path.lastIndex(of: "/"), slash != file.path.startIndex else { continue }
                    created += try makeDirectory(String(file.path[..<slash]))
                }
            }
            try write(files)
        } catch {
            removeFolders(created)
            throw error
        }
    }

    /// Checks, before any work, that ``makeDirectory(_:)`` can make `path`:
    /// every part that exists is a folder, and the last one that exists is
    /// writable when more must be created below it.
    static func checkFolder(_ path: String, option: String) throws {
        // An empty name would put the files at "/" + name, in the root folder.
        guard !path.isEmpty else { throw UserInputError("\(option) '' names no folder; give one such as out") }
        var built = path.hasPrefix("/") ? "/" : ""
        var existing = path.hasPrefix("/") ? "/" : "."
        for component in path.split(separator: "/") {
            built += (built.isEmpty || built.hasSuffix("/") ? "" : "/") + component
            var status = stat()
            guard stat(built, &status) == 0 else {
                guard access(existing, W_OK) == 0 else {
                    throw UserInputError(
                        "\(option) '\(path)': cannot create folders in '\(existing)'; it is not writable")
                }
                return
            }
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw UserInputError("\(option) '\(path)': '\(built)' is a file, not a folder")
            }
            existing = built
        }
        guard access(existing, W_OK) == 0 else {
            throw UserInputError("\(option) '\(path)': the folder is not writable")
        }
    }

    /// Checks, before any work, that `path` can be written: its folder
    /// exists and is writable and `path` is not a folder. `option` names
    /// where the path came from ("--output").
    static func checkWritable(_ path: String, option: String) throws {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        var status = stat()
        guard stat(folder, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw UserInputError("\(option) '\(path)': the folder '\(folder)' does not exist; create it first")
        }
        guard access(folder, W_OK) == 0 else {
            throw UserInputError("\(option) '\(path)': the folder '\(folder)' is not writable")
        }
        if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            throw UserInputError("\(option) '\(path)' is a folder; give a file name such as \(path)/y.npy")
        }
    }

    /// Writes `contents` to `path` atomically.
    static func write(_ contents: String, to path: String) throws {
        try write(bytes: Array(contents.utf8), to: path)
    }

    /// Writes several files all or none (``FileBytes/write(_:)-([(path:bytes:)])``):
    /// every one to a temporary first, then all renamed into place.
    static func write(_ files: [(path: String, contents: String)]) throws {
        do {
            try FileBytes.write(files.map { ($0.path, Array($0.contents.utf8)) })
        } catch {
            throw UserInputError("\(error)")
        }
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
