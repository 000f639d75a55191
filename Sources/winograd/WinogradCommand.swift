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
    /// "Error: …" (``ErrorMessage/oneLine(_:)``; a value not of its option's
    /// type names the kind to give, ``ArgumentSyntax/valueTypeError(_:arguments:parse:)``),
    /// and that a negative number after an option is its value (`--threads -2`),
    /// not another option.
    static func main() {
        let arguments = ArgumentSyntax.joiningNegativeValues(Array(CommandLine.arguments.dropFirst()))
        guard let failure = run(arguments) else { return }
        ErrorMessage.write(failure.line)
        #if canImport(Glibc)
            Glibc.exit(failure.status)
        #else
            Darwin.exit(failure.status)
        #endif
    }

    /// Parses and runs `arguments`; when that fails, the error line and the
    /// exit status. The error itself is released before the caller exits:
    /// held at `exit`, LeakSanitizer reports what it refers to as leaked.
    static func run(_ arguments: [String]) -> (line: String, status: Int32)? {
        do {
            var command = try parseAsRoot(arguments)
            try GivenOptions.checkRepeats(in: arguments, of: type(of: command))
            try command.run()
            return nil
        } catch {
            let code = exitCode(for: error)
            if code == .success { Self.exit(withError: error) }
            let message = fullMessage(for: error)
            // A value not of its option's type: name the kind of value to give.
            let typeError = ArgumentSyntax.valueTypeError(message, arguments: arguments) { probed in
                do {
                    _ = try parseAsRoot(probed)
                    return nil
                } catch {
                    return fullMessage(for: error)
                }
            }
            return (typeError ?? ErrorMessage.oneLine(message), code.rawValue)
        }
    }
}
