/// Hexadecimal floating-point literals (C99, Swift): exact, so no compiler
/// can round a constant differently from us.
public enum HexFloatLiteral {
    /// E.g. `0x1.8p+1` for 3, `-0x1.5555555555555p-2` for -1/3 rounded to
    /// double, `0x0p+0` for zero. Infinity and NaN have no literal form.
    /// - Precondition: `value` is finite.
    public static func text(_ value: Double) -> String {
        precondition(value.isFinite, "HexFloatLiteral: \(value) is not finite")
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0x0p+0" }
        // value = integer · 2^exponent with integer < 2^53.
        let magnitude = value.magnitude
        var integer = magnitude.significandBitPattern
        var exponent: Int
        if magnitude.isNormal {
            integer |= 1 << 52
            exponent = Int(magnitude.exponent) - 52
        } else {
            exponent = -1074
        }
        // Normalise to 1.fraction: the top bit becomes the leading 1.
        let top = 63 - integer.leadingZeroBitCount
        exponent += top
        var fraction = integer & ((1 << UInt64(top)) - 1)
        var fractionBits = top
        // Pad the fraction to whole hex digits, then drop trailing zero digits.
        let padding = (4 - fractionBits % 4) % 4
        fraction <<= UInt64(padding)
        fractionBits += padding
        var digits = fractionBits / 4
        while digits > 0 && fraction & 0xF == 0 {
            fraction >>= 4
            digits -= 1
        }
        var text = sign + "0x1"
        if digits > 0 {
            let hex = String(fraction, radix: 16)
            text += "." + String(repeating: "0", count: digits - hex.count) + hex
        }
        return text + "p" + (exponent >= 0 ? "+" : "") + String(exponent)
    }

    /// The float literal with C's `f` suffix left to the caller.
    public static func text(_ value: Float) -> String { text(Double(value)) }
}
