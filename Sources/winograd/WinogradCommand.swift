import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct WinogradCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winograd",
        abstract: "Derive, verify and measure Winograd minimal-filtering algorithms F(m, r), exactly.",
        discussion: """
            Transforms come from Cook–Toom interpolation in exact rational arithmetic (GMP) \
            and are proved exactly before they are printed. Conventions: correlation \
            y[i] = Σ_k d[i+k]·g[k]; y = AT·((G·g) ⊙ (BT·d)).
            """,
        version: "0.1.0",
        subcommands: [
            DeriveCommand.self, VerifyCommand.self, EmitCommand.self, TemplatesCommand.self, ConvCommand.self,
            GradCommand.self, PrecisionCommand.self, PointsCommand.self, BenchCommand.self,
        ]
    )

    /// ArgumentParser's `main`, except that an error is always one line,
    /// "Error: …" (``ErrorMessage/oneLine(_:)``), and that a negative number
    /// after an option is its value (`--threads -2`), not another option.
    static func main() {
        do {
            var command = try parseAsRoot(
                ArgumentSyntax.joiningNegativeValues(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success { Self.exit(withError: error) }
            ErrorMessage.write(ErrorMessage.oneLine(fullMessage(for: error)))
            #if canImport(Glibc)
                Glibc.exit(code.rawValue)
            #else
                Darwin.exit(code.rawValue)
            #endif
        }
    }
}
