import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the tool (timings are medians of repeated runs in this process).",
        subcommands: [BenchDeriveCommand.self, BenchConvCommand.self, BenchTrainCommand.self]
    )
}
