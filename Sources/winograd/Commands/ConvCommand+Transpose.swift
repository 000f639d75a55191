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
                        points: points, threads: threads, instructionSet: plan.instructionSet,
                        filterStorage: plan.filterStorage,
                        algebraicPoints: plan.algebraicPoints(filterShape: weights.shape),
                        moduli: plan.moduliLists(filterShape: weights.shape))
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

    /// Refuses a transposed convolution of an input of `inputShape`
    /// (N×K×H×W) whose tensors, plan and workspace would need more than
    /// `memory` allows.
    func checkTransposeMemory(_ memory: MemoryLimit, inputShape: [Int], _ filterShape: [Int], padding: Padding) throws {
        let geometry: ConvolutionGeometry
        do {
            geometry = try ConvolutionTranspose.correlationGeometry(
                inputShape: inputShape, filterShape: filterShape, padding: padding)
        } catch {
            throw UserInputError("\(error)")
        }
        let tile = try plan.tile()
        let tileSize = (m: tile[0], n: tile.count > 1 ? tile[1] : tile[0])
        let use = ConvolutionTranspose.memoryUse(
            backend: plan.backend, tile: tileSize, geometry: geometry,
            products: try plan.products(filterShape: filterShape))
        let output = MemoryUse.tensorBytes(geometry.outputShape)
        var parts = [
            ("input", MemoryUse.tensorBytes(inputShape)), ("filters", MemoryUse.tensorBytes(filterShape)),
            ("output", output), ("flipped and transformed filters", use.plan), ("workspace", use.workspace),
        ]
        if tensors.check {
            // The float64 transposed convolution and its result.
            let reference = ConvolutionTranspose.memoryUse(backend: .direct64, tile: tileSize, geometry: geometry)
            parts += [("float64 check", MemoryUse.saturatingSum([reference.total, output]))]
        }
        try memory.check(parts)
    }
}
