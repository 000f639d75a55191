/// The operation counts of a tile's kernels, as printed by `--stats` and in
/// the headers of emitted files.
public enum OperationTable {
    /// One line per transform, e.g.
    /// `input transform:  144 ops = 48 add + 0 mul + 96 fma (per 1-D pass: 12; dense: 300; live: 9)`.
    public static func lines(_ kernels: KernelSet) -> [String] {
        kernels.kernels.map { kernel in
            let label = "\(kernel.kind.rawValue) transform:"
            let perAxis = kernel.axisCounts.map { String($0.total) }
            let distinct = Set(perAxis).count == 1 ? [perAxis[0]] : perAxis
            let passes = distinct.joined(separator: " / ")
            return label.padding(19)
                + "\(kernel.count) (1-D pass: \(passes); dense: \(kernel.naiveCount); "
                + "live temporaries: \(kernel.maximumLive))"
        }
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
