import Dispatch
import Foundation

/// What one run of a program printed and how it ended.
public struct ToolResult: Sendable, CustomStringConvertible {
    public var command: [String]
    /// The exit status, or the signal number when `exitedNormally` is false.
    public var status: Int32
    public var exitedNormally: Bool
    public var stdout: String
    public var stderr: String

    public var succeeded: Bool { exitedNormally && status == 0 }

    public init(command: [String], status: Int32, exitedNormally: Bool, stdout: String, stderr: String) {
        self.command = command
        self.status = status
        self.exitedNormally = exitedNormally
        self.stdout = stdout
        self.stderr = stderr
    }

    /// The output split into lines, without empty ones.
    public var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    public var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

    public var description: String {
        """
        $ \(command.joined(separator: " "))
        \(exitedNormally ? "exit status" : "killed by signal") \(status)
        --- stdout ---
        \(stdout.count > 3000 ? String(stdout.prefix(3000)) + "…" : stdout)
        --- stderr ---
        \(stderr.count > 3000 ? String(stderr.prefix(3000)) + "…" : stderr)
        """
    }
}

/// Runs compilers and built programs with output captured in files (so no
/// pipe can fill up and block the child), with a time limit.
public enum ProcessRunner {
    public struct TimedOut: Error, CustomStringConvertible {
        public var command: [String]
        public var description: String { "\(command.joined(separator: " ")) did not finish in time" }
    }

    /// Runs `executable`; `stdin` (if given) is its standard input, and
    /// `displayName` replaces the path in the recorded command.
    public static func run(
        _ executable: URL, _ arguments: [String], displayName: String? = nil, stdin: String? = nil,
        currentDirectory: URL? = nil, timeout: Double = 600
    ) throws -> ToolResult {
        try withTemporaryDirectory { directory in
            let outURL = directory.appendingPathComponent("stdout")
            let errURL = directory.appendingPathComponent("stderr")
            _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
            let out = try FileHandle(forWritingTo: outURL)
            let err = try FileHandle(forWritingTo: errURL)
            defer {
                try? out.close()
                try? err.close()
            }
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            if let currentDirectory { process.currentDirectoryURL = currentDirectory }
            var input: FileHandle?
            if let stdin {
                let inURL = directory.appendingPathComponent("stdin")
                try Data(stdin.utf8).write(to: inURL)
                input = try FileHandle(forReadingFrom: inURL)
                process.standardInput = input
            } else {
                process.standardInput = FileHandle.nullDevice
            }
            defer { try? input?.close() }
            process.standardOutput = out
            process.standardError = err
            let done = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in done.signal() }
            try process.run()
            let command = [displayName ?? executable.path] + arguments
            if done.wait(timeout: .now() + timeout) == .timedOut {
                process.terminate()
                done.wait()
                throw TimedOut(command: command)
            }
            return ToolResult(
                command: command, status: process.terminationStatus,
                exitedNormally: process.terminationReason == .exit,
                stdout: try String(contentsOf: outURL, encoding: .utf8),
                stderr: try String(contentsOf: errURL, encoding: .utf8))
        }
    }

    /// A program on the PATH.
    public static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}

/// A fresh directory, removed after `body`.
public func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("winograd-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// The repository's root folder, from this file's path.
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
