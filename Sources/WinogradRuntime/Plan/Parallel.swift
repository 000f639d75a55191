import CWinogradRuntime
import Dispatch

/// Splits work over threads with Dispatch.
enum Parallel {
    /// Calls `body` on disjoint chunks covering 0..<count, on up to
    /// `threads` threads at once (the calling thread is one of them).
    ///
    /// Exactly `min(threads, count)` workers run; each takes the next chunk
    /// from a shared atomic counter until none is left, so a worker that
    /// Dispatch starts late (or never) just takes fewer chunks.
    static func forEachChunk(count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let workers = max(1, min(threads, count))
        if workers == 1 { body(0..<count); return }
        // A few chunks per worker balances uneven work without much overhead.
        let chunks = min(count, workers * 4)
        let next = Counter()
        defer { next.deallocate() }
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let chunk = next.increment()
                guard chunk < chunks else { return }
                let start = count * chunk / chunks, end = count * (chunk + 1) / chunks
                if start < end { body(start..<end) }
            }
        }
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
