import Dispatch
import Foundation
import TestSupport
import Testing

/// What one run of a program printed and how it ended.
typealias ProcessResult = ToolResult

struct ProcessTimedOut: Error, CustomStringConvertible {
    var command: [String]
    var seconds: Double
    var description: String {
        "\(command.joined(separator: " ")) did not finish within \(seconds) s and was terminated"
    }
}

struct ExecutableNotFound: Error, CustomStringConvertible {
    var description: String
}

/// Runs the built `winograd` executable and other programs (python3, C
/// compilers) with their output captured in temporary files, so that no pipe
/// can fill up and block the child.
enum WinogradCLI {
    /// The `winograd` executable next to this test bundle, found by walking
    /// up from the bundle (and the test runner's path) to a directory holding
    /// an executable file named `winograd`. `WINOGRAD_EXECUTABLE` overrides.
    static let executableURL: URL? = {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["WINOGRAD_EXECUTABLE"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var starts = [Bundle.main.bundleURL, Bundle.main.executableURL].compactMap { $0 }
        starts += Bundle.allBundles.map(\.bundleURL)
        if let first = CommandLine.arguments.first {
            starts.append(URL(fileURLWithPath: first).standardizedFileURL)
        }
        for start in starts {
            var directory = start.standardizedFileURL
            for _ in 0..<8 {
                let candidate = directory.appendingPathComponent("winograd")
                var isDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    fileManager.isExecutableFile(atPath: candidate.path)
                {
                    return candidate
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }()

    static func executable() throws -> URL {
        guard let url = executableURL else {
            throw ExecutableNotFound(
                description:
                    "no executable 'winograd' found above \(Bundle.main.bundleURL.path); "
                    + "run `swift build --build-tests` first"
            )
        }
        return url
    }

    /// `winograd arguments…`, with `stdin` (if given) as standard input.
    static func run(_ arguments: [String], stdin: String? = nil, timeout: Double = 60) throws -> ProcessResult {
        try runProgram(executable(), arguments, displayName: "winograd", stdin: stdin, timeout: timeout)
    }

    /// `winograd first… | winograd second…` through a real pipe.
    static func pipe(_ first: [String], into second: [String], timeout: Double = 60) throws -> (
        first: ProcessResult, second: ProcessResult
    ) {
        let executable = try executable()
        return try withTemporaryDirectory { directory in
            let files = ["first.err", "second.out", "second.err"].map { directory.appendingPathComponent($0) }
            for file in files { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
            let handles = try files.map { try FileHandle(forWritingTo: $0) }
            defer { for handle in handles { try? handle.close() } }

            let connection = Pipe()
            let producer = Process()
            let consumer = Process()
            producer.executableURL = executable
            producer.arguments = first
            producer.standardInput = FileHandle.nullDevice
            producer.standardOutput = connection
            producer.standardError = handles[0]
            consumer.executableURL = executable
            consumer.arguments = second
            consumer.standardInput = connection
            consumer.standardOutput = handles[1]
            consumer.standardError = handles[2]

            // The consumer drains the pipe while the producer writes; Process
            // closes this process's copies of the pipe's ends on launch, so
            // the consumer sees end of file when the producer exits.
            let producerDone = DispatchSemaphore(value: 0)
            let consumerDone = DispatchSemaphore(value: 0)
            producer.terminationHandler = { _ in producerDone.signal() }
            consumer.terminationHandler = { _ in consumerDone.signal() }
            try consumer.run()
            try producer.run()
            let deadline = DispatchTime.now() + timeout
            let producerTimedOut = producerDone.wait(timeout: deadline) == .timedOut
            if producerTimedOut {
                producer.terminate()
                producerDone.wait()
            }
            let consumerTimedOut = consumerDone.wait(timeout: deadline) == .timedOut
            if consumerTimedOut {
                consumer.terminate()
                consumerDone.wait()
            }
            if producerTimedOut || consumerTimedOut {
                throw ProcessTimedOut(command: ["winograd"] + first + ["|", "winograd"] + second, seconds: timeout)
            }
            let text = try files.map { try String(contentsOf: $0, encoding: .utf8) }
            let firstResult = ProcessResult(
                command: ["winograd"] + first, status: producer.terminationStatus,
                exitedNormally: producer.terminationReason == .exit, stdout: "(piped)", stderr: text[0])
            let secondResult = ProcessResult(
                command: ["winograd"] + second, status: consumer.terminationStatus,
                exitedNormally: consumer.terminationReason == .exit, stdout: text[1], stderr: text[2])
            return (firstResult, secondResult)
        }
    }

    /// Runs any program with its output captured.
    static func runProgram(
        _ executable: URL, _ arguments: [String], displayName: String? = nil,
        stdin: String? = nil, currentDirectory: URL? = nil, timeout: Double = 60
    ) throws -> ProcessResult {
        do {
            return try ProcessRunner.run(
                executable, arguments, displayName: displayName, stdin: stdin,
                currentDirectory: currentDirectory, timeout: timeout)
        } catch let error as ProcessRunner.TimedOut {
            throw ProcessTimedOut(command: error.command, seconds: timeout)
        }
    }
}

/// Programs on the PATH, found once.
enum Tools {
    static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    static let python3: URL? = find("python3")

    /// True when `python3 -c "import numpy"` succeeds.
    static let hasNumPy: Bool = {
        guard let python3 else { return false }
        let result = try? WinogradCLI.runProgram(python3, ["-c", "import numpy"], timeout: 60)
        return result?.succeeded ?? false
    }()

    static let cc: URL? = find("cc")
    static let clang: URL? = find("clang")
}

/// The JSON object `text` parses to.
func jsonObject(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(value as? [String: Any], "expected a JSON object", sourceLocation: sourceLocation)
}

/// A matrix of the JSON form: rows of strings.
func stringMatrix(_ value: Any?, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String]] {
    try #require(value as? [[String]], "expected an array of rows of strings", sourceLocation: sourceLocation)
}

/// Checks the conditions every clean command-line error meets: a non-zero
/// exit (not a crash), a first stderr line starting "Error:" that contains
/// each of `mentions`, no other line on stderr, and no trap or backtrace.
/// Records one issue listing every problem.
func expectCleanError(
    _ result: ProcessResult, mentioning mentions: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    var problems: [String] = []
    if !result.exitedNormally {
        problems.append("the process was killed by signal \(result.status) instead of reporting an error")
    }
    if result.exitedNormally && result.status == 0 { problems.append("the exit status is 0") }
    let lines = result.stderrLines
    let first = lines.first ?? ""
    if !first.hasPrefix("Error:") { problems.append("the first line of stderr does not start with 'Error:'") }
    if lines.count != 1 { problems.append("stderr has \(lines.count) lines, not one 'Error:' line") }
    for mention in mentions where !first.contains(mention) {
        problems.append("the error line does not mention \(mention)")
    }
    for forbidden in ["Fatal error", "Precondition failed", "Backtrac", "Stack dump", "crashed"]
    where result.stderr.contains(forbidden) {
        problems.append("stderr shows a crash ('\(forbidden)')")
    }
    if !problems.isEmpty {
        Issue.record(
            Comment(rawValue: problems.joined(separator: "; ") + "\n\(result)"), sourceLocation: sourceLocation)
    }
}
