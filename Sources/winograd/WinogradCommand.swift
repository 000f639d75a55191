import ArgumentParser

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
        subcommands: [DeriveCommand.self, VerifyCommand.self, EmitCommand.self, TemplatesCommand.self, ConvCommand.self, GradCommand.self, PrecisionCommand.self, PointsCommand.self, BenchCommand.self]
    )
}
