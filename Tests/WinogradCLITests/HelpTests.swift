import Testing

@Suite("help and version")
struct HelpTests {
    @Test("winograd --help lists the subcommands")
    func topLevelHelp() throws {
        let result = try WinogradCLI.run(["--help"])
        #expect(result.succeeded, "\(result)")
        let out = result.stdout
        #expect(out.contains("USAGE: winograd <subcommand>"), "\(result)")
        for subcommand in ["derive", "verify", "bench"] {
            #expect(
                result.stdoutLines.contains { $0.hasPrefix("  \(subcommand) ") },
                "\(subcommand) should be listed\n\(result)")
        }
    }

    @Test("winograd derive --help describes the options", arguments: [["derive", "--help"], ["help", "derive"]])
    func deriveHelp(_ arguments: [String]) throws {
        let result = try WinogradCLI.run(arguments)
        #expect(result.succeeded, "\(result)")
        let out = result.stdout
        #expect(out.contains("USAGE: winograd derive --m <m> --r <r>"), "\(result)")
        for option in [
            "--m <m>", "--r <r>", "--dims", "--points <list>", "--fractions-in <G|A|B>", "--format <format>",
        ] {
            #expect(out.contains(option), "\(option) should be described\n\(result)")
        }
        // The valid values come from the enums, listed by ArgumentParser.
        #expect(out.contains("(values: text, json, numpy, latex, c;"), "\(result)")
        #expect(out.contains("(values: G, A, B; default: G)"), "\(result)")
        #expect(out.contains("winograd derive --m 6 --r 3 --points 0,1,-1,2,-2,1/2,-1/2 --format json"), "\(result)")
    }

    @Test("winograd verify --help explains standard input and exactness")
    func verifyHelp() throws {
        let result = try WinogradCLI.run(["verify", "--help"])
        #expect(result.succeeded, "\(result)")
        #expect(result.stdout.contains("USAGE: winograd verify <file>"), "\(result)")
        #expect(result.stdout.contains("- for standard input"), "\(result)")
        #expect(result.stdout.contains("JSON floats are rejected"), "\(result)")
    }

    @Test("grad and conv share their options; grad has its own typed --wrt")
    func gradAndConvHelp() throws {
        let grad = try WinogradCLI.run(["grad", "--help"])
        #expect(grad.succeeded, "\(grad)")
        #expect(grad.stdout.contains("--wrt <input|filter>"), "\(grad)")
        #expect(grad.stdout.contains("(values: input, filter)"), "\(grad)")
        #expect(grad.stdout.contains("--output-gradient <file>"), "\(grad)")
        let conv = try WinogradCLI.run(["conv", "--help"])
        #expect(conv.succeeded, "\(conv)")
        #expect(!conv.stdout.contains("--wrt"), "conv has no grad options\n\(conv)")
        for help in [grad.stdout, conv.stdout] {
            for option in [
                "--input <file>", "--filters <file>", "--filter <name>", "--padding <p>", "--threads", "--repeat",
                "--check", "--json", "--output <file>", "--backend <name>", "--m <m>", "--points <list>",
            ] {
                #expect(help.contains(option), "\(option) should be described\n\(help)")
            }
            #expect(help.contains("im2col") && help.contains("sobel-x") && help.contains("absolute"), "\(help)")
        }
    }

    @Test("winograd --version prints the version")
    func version() throws {
        let result = try WinogradCLI.run(["--version"])
        #expect(result.succeeded, "\(result)")
        #expect(result.stdout == "0.1.0\n", "\(result)")
    }

    @Test("an unknown subcommand is an error, not a crash")
    func unknownSubcommand() throws {
        let result = try WinogradCLI.run(["frobnicate"])
        #expect(result.exitedNormally && result.status != 0, "\(result)")
        #expect(result.stderr.hasPrefix("Error:"), "\(result)")
        #expect(result.stderr.contains("frobnicate"), "\(result)")
    }
}
