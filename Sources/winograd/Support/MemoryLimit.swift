import ArgumentParser
import WinogradRuntime

/// How much memory a command may plan to use: `--max-memory`, else what the
/// machine has available. Runs that would need more are refused before
/// anything large is allocated, instead of being killed or aborting later.
struct MemoryLimit {
    /// The limit in bytes; nil when neither given nor known (no check).
    var bytes: Int?
    /// Where it came from, for the message.
    var source: String

    init(option: ByteCount?) {
        if let option {
            (bytes, source) = (option.bytes, "the --max-memory limit")
        } else {
            (bytes, source) = (Machine.availableMemory, "the memory this machine has available")
        }
    }

    /// Throws when `parts` (name, bytes) add up to more than the limit.
    func check(_ parts: [(String, Int)]) throws {
        guard let bytes else { return }
        let total = MemoryUse.saturatingSum(parts.map(\.1))
        guard total > bytes else { return }
        let listed = parts.filter { $0.1 > 0 }.map { "\($0.0) \(ByteCount.describe($0.1))" }.joined(separator: ", ")
        let needed = (total == .max ? "" : "about ") + ByteCount.describe(total)
        throw UserInputError(
            "this run needs \(needed) (\(listed)), "
                + "more than \(source) (\(ByteCount.describe(bytes))); use smaller sizes, "
                + "or --max-memory SIZE (e.g. 64G) to allow more")
    }
}

/// A number of bytes given as 1048576, 512K, 64M, 2G or 1T (powers of 1024).
struct ByteCount: ExpressibleByArgument {
    var bytes: Int

    init?(argument: String) {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var digits = argument.uppercased()
        if digits.hasSuffix("B") { digits.removeLast() }
        var scale = 1
        if let last = digits.last, let unit = units[last] {
            scale = unit
            digits.removeLast()
        }
        guard let value = Int(digits), value >= 1 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        bytes = product
    }

    static var allValueStrings: [String] { [] }

    /// "3.2 GiB", "512 KiB", "17 bytes".
    static func describe(_ bytes: Int) -> String {
        if bytes == .max { return "more than 8 EiB" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes)
        var unit = -1
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        guard unit >= 0 else { return "\(bytes) bytes" }
        let tenths = (value * 10).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10) \(units[unit])"
    }
}
