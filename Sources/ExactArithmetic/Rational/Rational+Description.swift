import CGMP

extension Rational: CustomStringConvertible {
    /// `p/q` in lowest terms, or `p` when q = 1, e.g. `-7/4`, `3`.
    public var description: String {
        let numeratorText = Rational.decimalString(storage.numerator)
        if isInteger { return numeratorText }
        return numeratorText + "/" + Rational.decimalString(storage.denominator)
    }

    /// The decimal digits of an integer, written into Swift-owned memory
    /// (GMP's own allocation would need GMP's free function).
    static func decimalString(_ z: mpz_srcptr) -> String {
        let capacity = __gmpz_sizeinbase(z, 10) + 2  // sign and terminator
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = __gmpz_get_str(chars.baseAddress, 10, z)
                return chars.firstIndex(of: 0) ?? 0
            }
        }
    }
}
