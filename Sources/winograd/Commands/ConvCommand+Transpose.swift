import Winograd
import WinogradRuntime

extension ConvCommand {
    /// `conv --transpose`: the same inputs, checks and summary as a forward
    /// convolution.
    func runTranspose(
        _ x: Tensor<Float>, _ weights: Tensor<Float>, padding: Padding, tile: [Int],
        points: [[InterpolationPoint]], threads: Int
    ) throws {
        let result: Tensor<Float>
        let truth: Tensor<Float>?
        let timings: TrainingTimings
        do {
            (timings, result) = try TrainingTimings.measure(
                runs: tensors.repetitions,
                makePlan: {
                    try ConvolutionTranspose(
                        filters: weights, padding: padding, backend: plan.backend, m: tile,
                        points: points, threads: threads, instructionSet: plan.instructionSet)
                },
                call: { try $0.run(x) }, update: { try $0.update(filters: weights) })
            let reference = ConvolutionTranspose.self
            truth =
                tensors.check
                ? try reference.init(filters: weights, padding: padding, backend: .direct64, threads: threads).run(x)
                : nil
        } catch let error as UserInputError {
            throw error
        } catch {
            throw UserInputError("\(error)")
        }
        try FiniteValues.check(result, from: [x, weights], what: "transposed convolution")
        if let output = tensors.output { try tensors.write(result, to: output) }
        let flops = 2 * Double(x.count) * Double(weights.shape[1] * weights.shape[2] * weights.shape[3])
        TrainingSummary(
            operation: "transpose", what: "transposed convolution", backend: plan.backend, tile: tile,
            inputShape: x.shape, filterShape: weights.shape, resultShape: result.shape, padding: padding,
            threads: threads, timings: timings, flops: flops,
            statistics: truth.map { ErrorStatistics(result, reference: $0) }, output: tensors.output
        ).print(asJSON: tensors.json)
    }
}
