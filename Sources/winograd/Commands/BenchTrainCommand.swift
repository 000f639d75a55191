import ArgumentParser
import Winograd
import WinogradRuntime

/// `winograd bench train`: training steps as a framework runs them — new
/// filters every step, then the forward convolution and both gradients.
struct BenchTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Time training steps: new filters, the forward convolution, the input gradient and the "
            + "filter gradient, each checked against float64.",
        discussion: """
            One plan per layer serves every step. A step gives it new filters (update(filters:), two \
            random sets taking turns), then runs the forward convolution, the input gradient and the \
            filter gradient. The first step also makes what the gradients need once (the transposed \
            plan, workspaces, auto's timing of its candidates) and is reported on its own; the second \
            is not timed (auto chooses again there, counting the cost of new filters); the others give \
            the medians of each part and of the whole step. GFLOP/s are effective: a step counts as \
            three direct convolutions (3 · 2·N·K·C·Hout·Wout·9). Errors are max |y − y64| / max |y64| \
            of the last step's results against float64 direct with the same filters. The default \
            layers are the deep layers at N = 1 and N = 8.

            Example: winograd bench train --layer 1,256,256,14,14,1 --threads 2 --json
            """
    )

    @Option(help: ArgumentHelp("Thread counts to run, e.g. 1,2.", valueName: "list"))
    var threads = CommaSeparated<Int>([1, 2])

    @Option(help: "Timed steps per layer and thread count, after the first.")
    var steps: Int = 10

    @Option(
        name: .customLong("layer"),
        help: ArgumentHelp("A layer N,C,K,H,W,P of 3×3 filters with padding P; repeat for more.", valueName: "list"))
    var layers: [BenchLayer] = []

    // Both optional: as in conv, --m alone means the generated backend, and --m beside another is an error.
    @Option(
        name: .customLong("backend"),
        help: ArgumentHelp(
            "The backend (default: auto; generated when --m is given).", valueName: Backend.choices))
    var backendOption: Backend?

    @Option(
        name: .customLong("m"),
        help: "The Winograd tile m (m×m outputs; the filter gradient runs as F(3×3, m×m)) (default: 4).")
    var mOption: Int?

    var backend: Backend { backendOption ?? (mOption != nil ? .generated : .auto) }
    var m: Int { mOption ?? 4 }

    @Option(
        help: ArgumentHelp(
            "How Winograd plans store the transformed filters: float32, bfloat16 or float16.", valueName: "format"))
    var filterStorage: FilterStorage = .float32

    @Flag(help: "Small layers only (a smoke test of the command).")
    var quick = false

    @Flag(help: "One JSON object per layer and thread count, one per line.")
    var json = false

    static let defaultLayers = BenchLayer.deep + BenchLayer.deep.map { $0.batch(8) }
    static let maximumSteps = 10_000

    func validate() throws {
        try BenchLayer.checkThreads(threads)
        guard (1...Self.maximumSteps).contains(steps) else {
            throw ValidationError("--steps \(steps); give 1 to \(Self.maximumSteps)")
        }
        guard backend != .direct64 else {
            throw ValidationError("--backend direct-f64 is the reference; give one of the float32 backends")
        }
        guard (2...TileAccuracy.maximumSide - 2).contains(m) else {
            throw ValidationError("--m \(m); give 2 to \(TileAccuracy.maximumSide - 2)")
        }
        if mOption != nil, !backend.isWinograd {
            throw ValidationError(PlanOptions.tileWithoutWinograd(backend, options: "--m"))
        }
        if backend.isWinograd {
            // The accuracy bound conv and grad apply: the forward tile and the filter gradient's F(3×3, m×m).
            do {
                try TileAccuracy.check(rows: m, columns: m, r: 3, s: 3, points: [])
                try TileAccuracy.checkFilterGradient(m: m, r: 3, s: 3)
            } catch {
                throw UserInputError("--m \(m): \(error)")
            }
        }
        if quick && !layers.isEmpty { throw ValidationError("give --quick or --layer, not both") }
        for layer in layers {
            if let problem = layer.problem() {
                throw ValidationError("--layer \(layer.defaultValueDescription): \(problem)")
            }
        }
    }

    func run() throws {
        let chosen = quick ? BenchLayer.quick : layers.isEmpty ? Self.defaultLayers : layers
        try checkMemory(chosen)
        if !json {
            let tile = backend.isWinograd ? " F(\(m)x\(m),3x3)" : ""
            let storage = filterStorage == .float32 ? "" : ", transformed filters stored as \(filterStorage.rawValue)"
            print("\(backend.rawValue)\(tile)\(storage), \(steps) steps after the first two")
            print(
                "layer (N,C,K,H×W)     threads   step ms  update  forward  input∇  filter∇  first ms  GFLOP/s"
                    + "  errors (y, dx, dw)")
        }
        for layer in chosen {
            for count in threads.elements {
                let row = try measure(layer, threads: count)
                print(json ? row.json.serialized() : row.text)
            }
        }
    }

    /// Refuses layers whose tensors, references and plans would not fit.
    func checkMemory(_ layers: [BenchLayer]) throws {
        let limit = MemoryLimit(option: nil)
        for layer in layers {
            let geometry = try layer.geometry()
            let input = MemoryUse.tensorBytes([layer.n, layer.c, layer.h, layer.w])
            let output = MemoryUse.tensorBytes(geometry.outputShape)
            let filters = MemoryUse.tensorBytes([layer.k, layer.c, 3, 3])
            let plan = Convolution.memoryUse(
                backend: backend, tile: (m, m), geometry: geometry, filterStorage: filterStorage,
                threads: threads.elements.max() ?? 1)
            do {
                // x, dx and their float64 references; y, dy likewise; three filter sets and dw.
                try limit.check([
                    ("inputs", MemoryUse.saturatingSum([input, input, 2 * input, 2 * input])),
                    ("outputs", MemoryUse.saturatingSum([output, output, 2 * output])),
                    ("filters", 6 * filters), ("plans", MemoryUse.saturatingSum([plan.total, plan.total])),
                ])
            } catch let error as UserInputError {
                throw UserInputError("layer \(layer.defaultValueDescription): \(error.description)")
            }
        }
    }

    struct Row {
        var layer: BenchLayer, threads: Int, backend: Backend, m: Int, filterStorage: FilterStorage
        var step: Double, update: Double, forward: Double, inputGradient: Double, filterGradient: Double
        var first: Double, flops: Double
        var errors: (y: Double, dx: Double, dw: Double)

        var text: String {
            let cells = [
                layer.name.padded(to: 22), String(threads).padded(to: 7),
                Clock.milliseconds(step).leftPadded(to: 8), Clock.milliseconds(update).leftPadded(to: 7),
                Clock.milliseconds(forward).leftPadded(to: 8), Clock.milliseconds(inputGradient).leftPadded(to: 7),
                Clock.milliseconds(filterGradient).leftPadded(to: 8), Clock.milliseconds(first).leftPadded(to: 9),
                Clock.fixed(flops / step / 1e9, decimals: 1).leftPadded(to: 8),
                "  " + [errors.y, errors.dx, errors.dw].map(ErrorStatistics.scientific).joined(separator: " "),
            ]
            return cells.joined(separator: " ")
        }

        var json: JSONValue {
            [
                "operation": .string("train-step"), "backend": .string(backend.rawValue),
                "m": backend.isWinograd ? .string("\(m)x\(m)") : .null,
                "filter_storage": .string(filterStorage.rawValue),
                "n": .integer(layer.n), "c": .integer(layer.c), "k": .integer(layer.k), "h": .integer(layer.h),
                "w": .integer(layer.w), "padding": .integer(layer.padding), "threads": .integer(threads),
                "step_ms": .double(step * 1000), "update_ms": .double(update * 1000),
                "forward_ms": .double(forward * 1000), "input_gradient_ms": .double(inputGradient * 1000),
                "filter_gradient_ms": .double(filterGradient * 1000), "first_step_ms": .double(first * 1000),
                "gflops": .double(flops / step / 1e9), "error_y": .double(errors.y),
                "error_dx": .double(errors.dx), "error_dw": .double(errors.dw),
            ]
        }
    }

    func measure(_ layer: BenchLayer, threads count: Int) throws -> Row {
        let geometry = try layer.geometry()
        let x = Tensor<Float>.random(shape: [layer.n, layer.c, layer.h, layer.w], seed: 1)
        let dy = Tensor<Float>.random(shape: geometry.outputShape, seed: 3)
        let filterSets = [
            Tensor<Float>.random(shape: [layer.k, layer.c, 3, 3], seed: 2),
            Tensor<Float>.random(shape: [layer.k, layer.c, 3, 3], seed: 4),
        ]
        let padding = Padding(layer.padding)
        let plan = try Convolution(
            filters: filterSets[1], padding: padding, backend: backend, m: [m], threads: count,
            filterStorage: filterStorage)
        var y = Tensor<Float>(shape: geometry.outputShape)
        var dx = x
        var dw = filterSets[0]
        // Per step: update, forward, input gradient, filter gradient, the whole step.
        var first = 0.0
        var samples: [[Double]] = Array(repeating: [], count: 5)
        // Two untimed steps first: the first plans (and auto times its candidates),
        // the second lets auto choose again with the cost of new filters counted.
        for step in 0...(steps + 1) {
            let filters = filterSets[step % 2]
            var times: [Double] = []
            var start = Clock.now()
            for part in 0..<4 {
                switch part {
                case 0: try plan.update(filters: filters)
                case 1: try plan.run(x, into: &y)
                case 2: dx = try plan.inputGradient(outputGradient: dy)
                default: dw = try plan.filterGradient(input: x, outputGradient: dy)
                }
                let now = Clock.now()
                times.append(now - start)
                start = now
            }
            times.append(times.reduce(0, +))
            if step == 0 {
                first = times[4]
            } else if step > 1 {
                for (index, time) in times.enumerated() { samples[index].append(time) }
            }
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let reference = try Convolution(
            filters: filterSets[(steps + 1) % 2], padding: padding, backend: .direct64, threads: count)
        func error(_ value: Tensor<Float>, _ truth: Tensor<Float>) -> Double {
            let scale = Double(truth.elements.map(\.magnitude).max() ?? 1)
            return ErrorStatistics(value, reference: truth).maxAbsoluteError / (scale > 0 ? scale : 1)
        }
        return Row(
            layer: layer, threads: count, backend: backend, m: m, filterStorage: filterStorage,
            step: median(samples[4]), update: median(samples[0]), forward: median(samples[1]),
            inputGradient: median(samples[2]), filterGradient: median(samples[3]), first: first,
            flops: 3 * geometry.directFlops,
            errors: (
                error(y, try reference.run(x)), error(dx, try reference.inputGradient(outputGradient: dy)),
                error(dw, try reference.filterGradient(input: x, outputGradient: dy))
            ))
    }
}
