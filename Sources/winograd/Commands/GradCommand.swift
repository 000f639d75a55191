import ArgumentParser

/// `winograd grad`: the gradients of a convolution, with `conv`'s inputs,
/// checks and summary.
struct GradCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grad",
        abstract: "Gradients of a convolution with respect to its input or its filters, on any backend, checked against float64.",
        discussion: """
            Takes every option of `winograd conv` (input, filters, padding, backend, tile, threads,
            --check, --json, --output) plus:
              --wrt input|filter       which gradient
              --output-gradient FILE   dL/dY, N×K×Hout×Wout (.npy); random when absent
            The input gradient is the transposed convolution of dL/dY (Winograd on the Winograd \
            backends); the filter gradient is a correlation of the input with dL/dY (direct).

            Example: winograd grad --wrt input --n 2 --c 8 --k 16 --h 20 --w 20 --padding 1 --check
            """
    )

    @Argument(parsing: .captureForPassthrough, help: "The options of `winograd conv`, and --wrt, --output-gradient.")
    var arguments: [String] = []

    func run() throws {
        guard arguments.contains("--wrt") || arguments.contains(where: { $0.hasPrefix("--wrt=") }) else {
            throw UserInputError("give --wrt input or --wrt filter")
        }
        let conv = try ConvCommand.parse(arguments)
        try conv.run()
    }
}
