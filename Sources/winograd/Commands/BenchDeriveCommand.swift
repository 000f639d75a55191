import ArgumentParser
import Winograd

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct BenchDeriveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "derive",
        abstract:
            "Time derive + exact verify for F(m,3) (m ≤ 32) and F(m,5), F(m,7) (m ≤ 16), 1-D and 2-D, "
            + "and a whole derive process.",
        discussion: """
            Each figure is the median of repeated runs after one warm-up, in this process. \
            2-D means the nested F(m×m, r×r): both axes derived and proved, and its facts computed. \
            The process figure times `winograd derive --m 6 --r 3 --format json` started afresh \
            (posix_spawn, output discarded).
            """
    )

    @Option(help: "Largest m for r = 3.")
    var maxM3: Int = 32

    @Option(help: "Largest m for r = 5 and r = 7.")
    var maxM57: Int = 16

    @Option(help: "Process runs to time (0 skips the process timing).")
    var processRuns: Int = 20

    func validate() throws {
        guard maxM3 >= 2, maxM57 >= 2 else { throw ValidationError("--max-m3 and --max-m57 must be at least 2") }
        let largest = CookToom.maximumPoints
        guard maxM3 <= largest - 2, maxM57 <= largest - 6 else {
            throw ValidationError(
                "--max-m3 \(maxM3) --max-m57 \(maxM57): tiles have at most \(largest) points; "
                    + "give --max-m3 ≤ \(largest - 2) and --max-m57 ≤ \(largest - 6)")
        }
        guard (0...TensorOptions.maximumRepetitions).contains(processRuns) else {
            throw ValidationError("--process-runs \(processRuns); give 0 to \(TensorOptions.maximumRepetitions)")
        }
    }

    func run() throws {
        print("derive + exact verify, median of repeated runs (ms)")
        print("tile     n    1-D       2-D")
        var targets: [(String, Double, Double)] = []
        for (r, maxM) in [(3, maxM3), (5, maxM57), (7, maxM57)] {
            for m in 2...maxM {
                let oneD = try Clock.median {
                    _ = try CookToom.derive(m: m, r: r)
                }
                let twoD = try Clock.median {
                    let shape = try TileShape(ms: [m, m], rs: [r, r])
                    _ = try NestedTransform.derive(shape).facts
                }
                let name = "F(\(m),\(r))"
                print(
                    name.padded(to: 8) + " " + String(m + r - 1).padded(to: 4) + " "
                        + Clock.milliseconds(oneD).padded(to: 9) + " " + Clock.milliseconds(twoD))
                if m == 6 && r == 3 { targets.append(("F(6,3) derive + verify", oneD, 0.001)) }
                if m == 16 && r == 3 { targets.append(("F(16×16,3×3) derive + verify", twoD, 0.050)) }
            }
        }
        // Points in ℚ(√2): the F(6,3) set 0, ±1, ±√2, ±√2/2 derived and proved over the field.
        let surds = try AlgebraicPoints(parsing: "0,1,-1,sqrt2,-sqrt2,sqrt2/2,-sqrt2/2", m: 6, r: 3)
        let algebraic = try Clock.median { _ = try AlgebraicTransform.derive(m: 6, r: 3, points: surds) }
        print("F(6,3) over ℚ(√2), points 0, ±1, ±√2, ±√2/2: " + Clock.milliseconds(algebraic))
        targets.append(("F(6,3) over ℚ(√2) derive + verify", algebraic, 0.001))
        if processRuns > 0 {
            let process = try timeProcess(
                arguments: ["derive", "--m", "6", "--r", "3", "--format", "json"], runs: processRuns)
            targets.append(("process: winograd derive --m 6 --r 3 --format json", process, 0.050))
        }
        print("\ntargets")
        for (name, seconds, limit) in targets {
            let verdict = seconds <= limit ? "met" : "MISSED"
            print("\(name): \(Clock.milliseconds(seconds)) ms (target < \(Clock.milliseconds(limit)) ms) \(verdict)")
        }
    }

    /// The median wall time of starting this executable with `arguments`.
    func timeProcess(arguments: [String], runs: Int) throws -> Double {
        let executable = try Self.ownExecutablePath()
        var samples: [Double] = []
        for _ in 0..<(runs + 1) {
            let start = Clock.now()
            try Self.runSilently(executable, arguments)
            samples.append(Clock.now() - start)
        }
        samples.removeFirst()  // warm-up: page cache, dynamic loader
        samples.sort()
        return samples[samples.count / 2]
    }

    static func ownExecutablePath() throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { throw UserInputError("cannot find this executable (/proc/self/exe) to time a process") }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func runSilently(_ executable: String, _ arguments: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw UserInputError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        guard status == 0 else {
            throw UserInputError("\(executable) \(arguments.joined(separator: " ")) failed with status \(status)")
        }
    }
}
