import Winograd

/// The names of emitted kernels and the command line that reproduces them,
/// shared by `winograd emit` and the catalogue of committed kernels.
public enum KernelNaming {
    /// winograd_f4x4_3x3_float (C and the GPU languages) or WinogradF4x4_3x3Float (Swift), with a
    /// variant (winograd_f4x4_3x3_searched_float) for other points.
    public static func prefix(
        _ transform: NestedTransform, language: Language, precision: Precision,
        variant: String? = nil
    ) -> String {
        prefix(
            ms: transform.axes.map(\.m), rs: transform.axes.map(\.r), language: language, precision: precision,
            variant: variant)
    }

    /// The same from the sizes per axis.
    public static func prefix(
        ms: [Int], rs: [Int], language: Language, precision: Precision,
        variant: String? = nil
    ) -> String {
        let ms = ms.map(String.init).joined(separator: "x")
        let rs = rs.map(String.init).joined(separator: "x")
        let variant = variant ?? ""
        switch language {
        case .c, .cuda, .opencl, .glsl, .wgsl:
            return "winograd_f\(ms)_\(rs)_\(variant.isEmpty ? "" : variant + "_")\(precision.rawValue)"
        case .swift: return "WinogradF\(ms)_\(rs)\(variant.capitalizedFirst)\(precision == .float ? "Float" : "Double")"
        }
    }

    /// The command that reproduces a file, independent of where it is
    /// written: `winograd emit --m 4 --r 3 --dims 2 --language c …`.
    public static func command(
        _ tile: KernelTile, points: [String], moduli: String? = nil, fractionsIn: FractionPlacement,
        transformFile: String? = nil, dims: Int? = nil, language: Language, precision: Precision, prefix: String,
        fma: Bool
    ) -> String {
        var words = ["winograd", "emit"]
        if let transformFile {
            // The matrices come from the file: its path, and the nesting asked for.
            words += ["--transform", shellQuoted(transformFile)]
            if let dims { words += ["--dims", String(dims)] }
        } else if tile.axes.allSatisfy({ $0 == tile.axes[0] }) {
            words += ["--m", String(tile.axes[0].m), "--r", String(tile.axes[0].r)]
            if tile.dims > 1 { words += ["--dims", String(tile.dims)] }
        } else {
            words += [
                "--m", tile.axes.map { String($0.m) }.joined(separator: "x"),
                "--r", tile.axes.map { String($0.r) }.joined(separator: "x"),
            ]
        }
        for list in points where transformFile == nil { words += ["--points", shellQuoted(list)] }
        if let moduli { words += ["--moduli", shellQuoted(moduli)] }
        if fractionsIn != .g { words += ["--fractions-in", fractionsIn.rawValue] }
        words += ["--language", language.rawValue, "--precision", precision.rawValue, "--prefix", prefix]
        if fma { words.append("--fma") }
        return words.joined(separator: " ")
    }

    /// An argument quoted the way a POSIX shell would need it.
    public static func shellQuoted(_ argument: String) -> String {
        let plain = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./,=:+×".contains($0) }
        if plain && !argument.isEmpty { return argument }
        return "'" + argument.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
