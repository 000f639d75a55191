import CGMP

extension Rational: Comparable, Hashable {
    @inlinable public static func == (lhs: Rational, rhs: Rational) -> Bool {
        __gmpq_equal(lhs.storage.raw, rhs.storage.raw) != 0
    }

    @inlinable public static func < (lhs: Rational, rhs: Rational) -> Bool {
        __gmpq_cmp(lhs.storage.raw, rhs.storage.raw) < 0
    }

    /// Hashes the canonical numerator and denominator limbs, so equal values
    /// (always stored in lowest terms) hash equally.
    public func hash(into hasher: inout Hasher) {
        for z in [storage.numerator, storage.denominator] {
            let size = Int(z.pointee._mp_size)
            hasher.combine(size)
            if let limbs = z.pointee._mp_d {
                for index in 0..<abs(size) { hasher.combine(limbs[index]) }
            }
        }
    }
}
