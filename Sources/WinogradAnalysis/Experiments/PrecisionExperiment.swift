import Dispatch
import ExactArithmetic
import Synchronization
import Winograd
import WinogradRuntime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One measured configuration of the precision study.
public struct PrecisionResult: Sendable {
    public var m: Int, r: Int, dims: Int
    public var pointSet: String
    public var points: String
    public var format: NumberFormat
    public var mode: EvaluationMode
    /// How the transformed filters were stored between the filter transform
    /// and the product (float32: as computed).
    public var filterStorage: FilterStorage = .float32
    /// Against float64 direct correlation of the same (rounded) inputs.
    public var statistics: ErrorStatistics
    /// Direct correlation evaluated in the same format, measured the same way.
    public var directStatistics: ErrorStatistics
    /// An a-priori bound on the mean absolute error: u·L·K (see README).
    public var bound: Double
}

/// What to measure: tiles × point sets × formats × modes, on random data.
public struct PrecisionExperiment: Sendable {
    public var ms: [Int]
    /// Filter sizes; every m is run with every r.
    public var rs: [Int]
    /// The first filter size (for single-r callers).
    public var r: Int { rs[0] }
    public var dims: Int
    public var formats: [NumberFormat]
    public var modes: [EvaluationMode]
    public var samples: Int
    public var seed: UInt64
    /// Where inputs and filters come from.
    public var distribution: Distribution = .uniform
    /// How the transformed filters are stored before the product, as a
    /// runtime plan with 16-bit filter storage does (each configuration is
    /// measured with every one).
    public var filterStorages: [FilterStorage] = [.float32]
    public var threads: Int

    public init(
        ms: [Int], r: Int, dims: Int, formats: [NumberFormat], modes: [EvaluationMode], samples: Int, seed: UInt64,
        threads: Int
    ) {
        self.init(
            ms: ms, rs: [r], dims: dims, formats: formats, modes: modes, samples: samples, seed: seed, threads: threads)
    }

    public init(
        ms: [Int], rs: [Int], dims: Int, formats: [NumberFormat], modes: [EvaluationMode], samples: Int, seed: UInt64,
        threads: Int
    ) {
        precondition(!rs.isEmpty, "PrecisionExperiment: no filter size")
        self.ms = ms
        self.rs = rs
        self.dims = dims
        self.formats = formats
        self.modes = modes
        self.samples = samples
        self.seed = seed
        self.threads = threads
    }

    /// Runs every configuration; configurations whose point set does not
    /// define the size (e.g. onednn beyond F(4,3)) are skipped. The emitted
    /// modes run the emitter's programs for every kind of transform.
    /// `transforms` are given whole (e.g. read from JSON, another tool's
    /// scaling included) and measured at their own F(m, r) when it is among
    /// the sizes.
    public func run(
        pointSets: [(name: String, points: (Int, Int) -> [InterpolationPoint]?)],
        algebraicSets: [(name: String, points: (Int, Int) -> AlgebraicPoints?)] = [],
        moduliSets: [(name: String, moduli: (Int, Int) -> [Modulus]?)] = [],
        transforms given: [(name: String, transform: VerifiedTransform)] = []
    ) throws -> [PrecisionResult] {
        var jobs:
            [(
                m: Int, name: String, transform: VerifiedTransform, format: NumberFormat, mode: EvaluationMode,
                storage: FilterStorage
            )] = []
        for r in rs {
            for m in ms {
                var transforms: [(String, VerifiedTransform)] = []
                for (name, points) in pointSets {
                    guard let list = points(m, r) else { continue }
                    transforms.append(
                        (name, .rational(try CookToom.derive(m: m, r: r, points: PointSet(list, m: m, r: r)))))
                }
                for (name, points) in algebraicSets {
                    guard let list = points(m, r) else { continue }
                    transforms.append((name, .algebraic(try AlgebraicTransform.derive(m: m, r: r, points: list))))
                }
                for (name, moduli) in moduliSets {
                    guard let list = moduli(m, r) else { continue }
                    transforms.append((name, .modular(try ToomCookModuli.derive(m: m, r: r, moduli: list))))
                }
                transforms += given.filter { $0.transform.m == m && $0.transform.r == r }.map {
                    ($0.name, $0.transform)
                }
                for (name, transform) in transforms {
                    for format in formats {
                        for mode in modes {
                            for storage in filterStorages { jobs.append((m, name, transform, format, mode, storage)) }
                        }
                    }
                }
            }
        }
        let work = jobs
        let results = UnsafeMutableBufferPointer<PrecisionResult?>.allocate(capacity: jobs.count)
        results.initialize(repeating: nil)
        // The results hold strings: deinitialize them (they are copied out below) before freeing the slots.
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let box = ResultsBox(results)
        // Up to `threads` workers, each taking the next configuration.
        let next = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, work.count))) { _ in
            while true {
                let index = next.withLock { value in
                    defer { value += 1 }
                    return value
                }
                guard index < work.count else { return }
                let job = work[index]
                box.set(
                    index,
                    measure(job.transform, name: job.name, format: job.format, mode: job.mode, storage: job.storage))
            }
        }
        return results.compactMap { $0 }
    }

    /// The errors of one configuration over `samples` random tiles.
    func measure(
        _ transform: WinogradTransform, name: String, format: NumberFormat, mode: EvaluationMode,
        storage: FilterStorage = .float32
    ) -> PrecisionResult {
        measure(.rational(transform), name: name, format: format, mode: mode, storage: storage)
    }

    func measure(
        _ transform: VerifiedTransform, name: String, format: NumberFormat, mode: EvaluationMode,
        storage: FilterStorage = .float32
    ) -> PrecisionResult {
        let axes = Array(repeating: transform.doubles(format: format), count: dims)
        let evaluator = RoundedWinograd(format: format, mode: mode, storage: storage)
        var emitted: EmittedTile?
        if mode.isEmitted {
            emitted = EmittedTile(
                transform.kernelTile(dims: dims), fusedMultiplyAdd: mode == .emittedFMA, format: format,
                storage: storage)
        }
        let m = transform.m
        let n = transform.n
        let r = transform.r
        let tileSize = dims == 1 ? n : n * n
        let filterSize = dims == 1 ? r : r * r
        let outputSize = dims == 1 ? m : m * m
        var values: [Double] = []
        var direct: [Double] = []
        var reference: [Double] = []
        values.reserveCapacity(samples * outputSize)
        // One stream per configuration, the same for every format and mode.
        var state = seed &+ UInt64(m) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(r)
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) * 0x1p-52 - 1
        }
        // Uniform[−1, 1], or a standard normal by Box–Muller from two uniforms.
        func draw() -> Double {
            switch distribution {
            case .uniform: return uniform()
            case .normal:
                let u1 = max((uniform() + 1) / 2, 0x1p-53)
                let u2 = (uniform() + 1) / 2
                return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            }
        }
        for _ in 0..<samples {
            let d = (0..<tileSize).map { _ in format.round(draw()) }
            let g = (0..<filterSize).map { _ in format.round(draw()) }
            values += emitted?.tile(d: d, g: g) ?? evaluator.tile(axes, d: d, g: g)
            let (exact, rounded) = Self.direct(d: d, g: g, m: m, r: r, dims: dims, format: format)
            reference += exact
            direct += rounded
        }
        return PrecisionResult(
            m: m, r: r, dims: dims, pointSet: name, points: transform.pointsDescription,
            format: format, mode: mode, filterStorage: storage,
            statistics: ErrorStatistics(values, reference: reference),
            directStatistics: ErrorStatistics(direct, reference: reference),
            bound: Self.bound(transform, dims: dims, format: format, storage: storage))
    }

    /// Direct correlation in float64 (the reference) and in the format
    /// (left-to-right sums, every operation rounded).
    static func direct(d: [Double], g: [Double], m: Int, r: Int, dims: Int, format: NumberFormat) -> (
        [Double], [Double]
    ) {
        let n = m + r - 1
        var exact: [Double] = []
        var rounded: [Double] = []
        let rows = dims == 1 ? 1 : m
        let taps = dims == 1 ? 1 : r
        for i in 0..<rows {
            for j in 0..<m {
                var sum = 0.0
                var inFormat = 0.0
                var first = true
                for a in 0..<taps {
                    for b in 0..<r {
                        let x = dims == 1 ? d[j + b] : d[(i + a) * n + j + b]
                        let w = dims == 1 ? g[b] : g[a * r + b]
                        sum += x * w
                        inFormat = first ? format.round(x * w) : format.round(inFormat + format.round(x * w))
                        first = false
                    }
                }
                exact.append(sum)
                rounded.append(inFormat)
            }
        }
        return (exact, rounded)
    }

    /// u · K with K = Π_axes max_j Σ_t |AT[j][t]|·‖G[t,:]‖₁·‖BT[t,:]‖₁ — the
    /// transforms' growth — scaled by E|d|·E|g| = 1/4 per axis pair for
    /// Uniform[−1, 1] data: a cheap predictor of the mean error, compared
    /// with the measurement in every report. Transformed filters stored in
    /// 16 bits add that format's unit roundoff to u.
    static func bound(
        _ t: VerifiedTransform, dims: Int, format: NumberFormat, storage: FilterStorage = .float32
    ) -> Double {
        let stored: Double =
            switch storage {
            case .float32: 0
            case .bfloat16: NumberFormat.bfloat16.unitRoundoff
            case .float16: NumberFormat.float16.unitRoundoff
            }
        return (format.unitRoundoff + stored) * (0..<dims).reduce(1.0) { product, _ in product * t.growth } * 0.25
    }
}

/// Results written by concurrent jobs into distinct slots.
private final class ResultsBox: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<PrecisionResult?>
    init(_ slots: UnsafeMutableBufferPointer<PrecisionResult?>) { self.slots = slots }
    func set(_ index: Int, _ value: PrecisionResult) { slots[index] = value }
}

/// The distribution of the random inputs and filters.
public enum Distribution: String, CaseIterable, Sendable {
    /// Uniform[−1, 1], the literature's choice.
    case uniform
    /// Standard normal.
    case normal
}
