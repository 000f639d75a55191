import Winograd
import WinogradRuntime

extension ConvCommand {
    /// `conv --transpose` and `grad --wrt input|filter`: the same inputs,
    /// checks and summary as a forward convolution.
    func runTrainingDirection(_ x: Tensor<Float>, _ weights: Tensor<Float>, padding: Padding, backend: Backend, tile: [Int],
                              points: [[InterpolationPoint]], threads: Int, scaling: ImageScaling) throws {
        let result: Tensor<Float>, truth: Tensor<Float>
        let start = Clock.now()
        var seconds = 0.0
        var flops = 0.0
        do {
            if transpose {
                let plan = try ConvolutionTranspose(filters: weights, padding: padding, backend: backend, m: tile, points: points, threads: threads)
                result = try plan.run(x)
                seconds = Clock.now() - start
                truth = check ? try ConvolutionTranspose(filters: weights, padding: padding, backend: .direct64, threads: threads).run(x) : result
                flops = 2 * Double(x.count) * Double(weights.shape[1] * weights.shape[2] * weights.shape[3])
            } else {
                guard wrt == "input" || wrt == "filter" else {
                    throw UserInputError("--wrt '\(wrt ?? "")' is not known; give input or filter")
                }
                let plan = try Convolution(filters: weights, padding: padding, backend: backend, m: tile, points: points, threads: threads)
                let geometry = try ConvolutionGeometry.of(input: x.shape, filters: weights.shape, padding: padding)
                let dy = try loadOutputGradient(shape: geometry.outputShape)
                let reference = try Convolution(filters: weights, padding: padding, backend: .direct64, threads: threads)
                flops = geometry.directFlops
                if wrt == "input" {
                    result = try plan.inputGradient(outputGradient: dy)
                    seconds = Clock.now() - start
                    truth = check ? try reference.inputGradient(outputGradient: dy) : result
                } else {
                    result = try plan.filterGradient(input: x, outputGradient: dy)
                    seconds = Clock.now() - start
                    truth = check ? try reference.filterGradient(input: x, outputGradient: dy) : result
                }
            }
        } catch let error as UserInputError {
            throw error
        } catch {
            throw UserInputError("\(error)")
        }
        let statistics = check ? ErrorStatistics(result, reference: truth) : nil
        if let output { try write(result, to: output, scaling: scaling) }
        let what = transpose ? "transposed convolution" : "gradient with respect to the \(wrt!)"
        if json {
            func number(_ value: Double?) -> String { value.map { $0.isFinite ? "\($0)" : "null" } ?? "null" }
            let fields = [
                "\"operation\": \"\(transpose ? "transpose" : "grad-" + wrt!)\"", "\"backend\": \"\(backend.rawValue)\"",
                "\"m\": \(backend.isWinograd ? "\"\(tile.map(String.init).joined(separator: "x"))\"" : "null")", "\"r\": \(weights.shape[2])",
                "\"n\": \(x.shape[0])", "\"c\": \(weights.shape[1])", "\"k\": \(weights.shape[0])", "\"h\": \(x.shape[2])", "\"w\": \(x.shape[3])",
                "\"padding\": \"\(padding)\"", "\"threads\": \(threads)", "\"time_ms\": \(number(seconds * 1000))",
                "\"gflops\": \(number(flops / seconds / 1e9))",
                "\"mean_abs_error\": \(number(statistics?.meanAbsoluteError))", "\"rel_l2_error\": \(number(statistics?.relativeL2Error))",
                "\"max_abs_error\": \(number(statistics?.maxAbsoluteError))",
            ]
            print("{" + fields.joined(separator: ", ") + "}")
        } else {
            print("\(backend.rawValue) \(what): \(Tensor<Float>.describe(x.shape)) with \(Tensor<Float>.describe(weights.shape)), padding \(padding) → \(Tensor<Float>.describe(result.shape))")
            print("time \(Clock.milliseconds(seconds)) ms (\(threads) thread\(threads == 1 ? "" : "s")), plan included")
            if let statistics { print("against float64 direct: \(statistics)") }
            if let output { print("wrote \(output)") }
        }
    }

    func loadOutputGradient(shape: [Int]) throws -> Tensor<Float> {
        guard let path = outputGradient else { return Tensor<Float>.random(shape: shape, seed: seed &+ 2) }
        let bytes = try InputFile.readBytes(path, limit: InputFile.maximumDataBytes, expected: "a readable .npy file of N×K×Hout×Wout")
        let tensor: Tensor<Float>
        do { tensor = try NumPyFile.read(bytes, name: path).float32 } catch { throw UserInputError("\(error)") }
        guard tensor.shape == shape else {
            throw UserInputError("\(path) is \(Tensor<Float>.describe(tensor.shape)) but the output gradient must be \(Tensor<Float>.describe(shape)), the convolution's output")
        }
        return tensor
    }
}
