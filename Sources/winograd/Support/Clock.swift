import WinogradRuntime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Monotonic wall time in seconds, and the median of repeated timings.
enum Clock {
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Runs `body` at least `minimumRuns` times and for at least
    /// `minimumSeconds` after one warm-up run; returns the median seconds.
    static func median(minimumRuns: Int = 5, minimumSeconds: Double = 0.05, _ body: () throws -> Void) rethrows
        -> Double
    {
        try body()
        var samples: [Double] = []
        let start = now()
        while samples.count < minimumRuns || (now() - start < minimumSeconds && samples.count < 100_000) {
            let begin = now()
            try body()
            samples.append(now() - begin)
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    /// "0.123 ms" / "12.3 ms" style, fixed decimals, no locale.
    static func milliseconds(_ seconds: Double) -> String {
        let ms = seconds * 1000
        let decimals = ms < 1 ? 3 : (ms < 100 ? 2 : 1)
        return fixed(ms, decimals: decimals)
    }

    static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        // Beyond 2^53 (or not finite) the digits are not worth fixing: "1.2e+20", "inf".
        guard (value * scale).magnitude < 0x1p53 else { return ErrorStatistics.scientific(value) }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = scaled % Int(scale)
        if decimals == 0 { return String(whole) }
        let digits = String(fraction)
        return "\(whole)." + String(repeating: "0", count: decimals - digits.count) + digits
    }
}
