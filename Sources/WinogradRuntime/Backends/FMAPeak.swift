import CWinogradRuntime

/// The machine's single-precision FMA peak, measured: the yardstick for
/// every GFLOP/s this package reports.
///
/// ```swift
/// print(FMAPeak.instructionSet, FMAPeak.measure(threads: 2))   // "avx512 230.5"
/// ```
public enum FMAPeak {
    /// GFLOP/s of independent FMAs (2 flops per lane) on `threads` threads
    /// running together for about `seconds`, summed over the threads.
    public static func measure(threads: Int, seconds: Double = 0.2) -> Double {
        KernelContext().withPointer { wr_fma_peak_gflops_threads($0, Int32(clamping: max(1, threads)), seconds) }
    }

    /// The vector instructions the C kernels use here: "avx512", "avx2" or
    /// "portable".
    public static var instructionSet: String { InstructionSet.detected.rawValue }
}
