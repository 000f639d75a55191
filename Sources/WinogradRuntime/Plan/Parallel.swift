import CWinogradRuntime
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits work over threads: the C runtime's spinning worker pool, or
/// Dispatch when the pool is busy.
enum Parallel {
    /// Calls `body` on disjoint chunks covering 0..<count, on up to
    /// `threads` threads at once (the calling thread is one of them).
    ///
    /// Exactly `min(threads, count)` workers run; each takes the next chunk
    /// from a shared atomic counter until none is left, so a worker that
    /// starts late (or never) just takes fewer chunks.
    static func forEachChunk(count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let workers = max(1, min(threads, count))
        if workers == 1 {
            body(0..<count)
            return
        }
        // A few chunks per worker balances uneven work without much overhead.
        let chunks = min(count, workers * 4)
        let next = Counter()
        defer { next.deallocate() }
        onWorkers(workers) { _ in
            while true {
                let chunk = next.increment()
                guard chunk < chunks else { return }
                let start = count * chunk / chunks
                let end = count * (chunk + 1) / chunks
                if start < end { body(start..<end) }
            }
        }
    }

    /// One unit of phased work: `count` items, done in chunks by `body`,
    /// which is told the chunk and which worker (0 ..< threads) runs it, for
    /// scratch memory of its own.
    struct Phase: Sendable {
        var count: Int
        /// Chunks of equal size, as many for every worker (``evenChunks(count:workers:)``),
        /// for few large items: 36 products in the default 8 chunks of 4 or
        /// 5 left one of two workers idle for 8% of a run.
        var even = false
        var body: @Sendable (Range<Int>, _ worker: Int) -> Void

        init(count: Int, even: Bool = false, body: @escaping @Sendable (Range<Int>, _ worker: Int) -> Void) {
            (self.count, self.even, self.body) = (count, even, body)
        }

        init(count: Int, body: @escaping @Sendable (Range<Int>) -> Void) {
            self.init(count: count) { range, _ in body(range) }
        }
    }

    /// Runs `phases` one after another, each split over up to `threads`
    /// workers, in a single dispatch: the workers stay awake between phases
    /// instead of being woken again for each (which costs tens of
    /// microseconds per phase).
    ///
    /// A worker starts a phase only when every chunk of the one before has
    /// been completed. It cannot deadlock when Dispatch (the fallback) runs
    /// fewer workers at once than asked: chunks are taken from a shared counter, so a worker that
    /// never starts takes none, and the others complete them all.
    ///
    /// With `timing`, each worker's time is added to it: busy in each
    /// phase, and waiting (to start, at each barrier, and for the others
    /// at the end).
    static func run(_ phases: [Phase], threads: Int, timing: PhaseTiming? = nil) {
        let workers = max(1, threads)
        let dispatched = timing != nil ? PhaseTiming.now() : 0
        if workers == 1 {
            for (index, phase) in phases.enumerated() where phase.count > 0 {
                let start = timing != nil ? PhaseTiming.now() : 0
                phase.body(0..<phase.count, 0)
                timing?.add(phase: index, busy: PhaseTiming.now() - start, waiting: 0)
            }
            return
        }
        let chunks = phases.map { $0.even ? evenChunks(count: $0.count, workers: workers) : min($0.count, workers * 4) }
        let taken = phases.map { _ in Counter() }
        let completed = phases.map { _ in Counter() }
        defer { for counter in taken + completed { counter.deallocate() } }
        let finished = timing.map { _ in Counter() }
        defer { finished?.deallocate() }
        onWorkers(workers) { worker in
            var mark = dispatched
            for (index, phase) in phases.enumerated() {
                if index > 0 {
                    // Wait until the previous phase is complete (only chunks others are running remain).
                    var spins = 0
                    while wr_atomic_load(completed[index - 1].value) < chunks[index - 1] {
                        spins += 1
                        if spins > 1_000 { sched_yield() }
                    }
                }
                let start = timing != nil ? PhaseTiming.now() : 0
                while true {
                    let chunk = taken[index].increment()
                    guard chunk < chunks[index] else { break }
                    let start = phase.count * chunk / chunks[index]
                    let end = phase.count * (chunk + 1) / chunks[index]
                    if start < end { phase.body(start..<end, worker) }
                    _ = completed[index].increment()
                }
                if let timing {
                    let end = PhaseTiming.now()
                    timing.add(phase: index, busy: end - start, waiting: start - mark)
                    mark = end
                }
            }
            if let timing, let finished {
                // The end of the dispatch: the last worker to finish waits for none.
                _ = finished.increment()
                var spins = 0
                while wr_atomic_load(finished.value) < workers {
                    spins += 1
                    if spins > 1_000 { sched_yield() }
                }
                timing.add(phase: phases.count, busy: 0, waiting: PhaseTiming.now() - mark)
            }
        }
    }

    /// Calls `body(worker)` for every worker in 0..<workers at once and
    /// returns when all have returned: on the C runtime's pool, whose
    /// threads spin between runs (a woken Dispatch worker starts 20–30 µs
    /// after the caller, 5–8% of a 0.4 ms run), or through Dispatch when
    /// the pool is busy with another run (nested, or from another thread).
    /// Returns whether the pool ran it.
    @discardableResult
    static func onWorkers(_ workers: Int, _ body: @Sendable (Int) -> Void) -> Bool {
        withoutActuallyEscaping(body) { body in
            var task = body
            let ran = withUnsafeMutablePointer(to: &task) { task in
                wr_pool_run(
                    Int32(workers),
                    { context, worker in
                        context!.assumingMemoryBound(to: (@Sendable (Int) -> Void).self).pointee(Int(worker))
                    }, task)
            }
            if ran == 0 { DispatchQueue.concurrentPerform(iterations: workers, execute: body) }
            return ran != 0
        }
    }

    /// The most chunks, up to 4 per worker, that split `count` items into
    /// equal chunks, as many for every worker; one item per chunk when no
    /// such split exists (each chunk costs two atomic operations, so not
    /// always: 64 one-item chunks cost 4% of a 0.3 ms run).
    static func evenChunks(count: Int, workers: Int) -> Int {
        let most = workers * 4
        guard count > most else { return count }
        for chunks in stride(from: most, through: workers, by: -workers) where count % chunks == 0 { return chunks }
        return count
    }

    /// A heap-allocated counter that threads share; the atomics are C's.
    private struct Counter: @unchecked Sendable {
        // @unchecked: only touched through wr_fetch_add.
        let value: UnsafeMutablePointer<CLong>

        init() {
            value = .allocate(capacity: 1)
            value.initialize(to: 0)
        }

        /// The value before adding one.
        func increment() -> Int { Int(wr_fetch_add(value, 1)) }

        func deallocate() { value.deallocate() }
    }
}

/// Time the workers of ``Parallel/run(_:threads:timing:)`` spend per phase,
/// summed over workers and runs: busy, and waiting before it starts (the
/// slot after the last phase holds the wait at the end of each dispatch).
final class PhaseTiming: Sendable {
    private let sums: Mutex<(busy: [Double], waiting: [Double])>

    init(phases: Int) {
        sums = Mutex((Array(repeating: 0, count: phases + 1), Array(repeating: 0, count: phases + 1)))
    }

    func add(phase: Int, busy seconds: Double, waiting wait: Double) {
        sums.withLock {
            $0.busy[phase] += seconds
            $0.waiting[phase] += wait
        }
    }

    /// (busy, waiting) seconds per phase, the end of the dispatch last.
    var totals: [(busy: Double, waiting: Double)] { sums.withLock { Array(zip($0.busy, $0.waiting)) } }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
