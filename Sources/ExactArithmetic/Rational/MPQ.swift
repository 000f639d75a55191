import CGMP

/// Owns one GMP `mpq_t` in heap memory.
///
/// `Rational` keeps one of these and copies it before mutating when it is
/// shared (copy-on-write). The value lives behind a stable pointer because
/// GMP writes through it and output and input may alias.
@usableFromInline
final class MPQ: @unchecked Sendable {
    // @unchecked: an MPQ is only ever mutated while uniquely referenced.
    @usableFromInline let raw: UnsafeMutablePointer<__mpq_struct>

    @inlinable init() {
        raw = .allocate(capacity: 1)
        __gmpq_init(raw)
    }

    @inlinable convenience init(copying other: MPQ) {
        self.init()
        __gmpq_set(raw, other.raw)
    }

    @inlinable deinit {
        __gmpq_clear(raw)
        raw.deallocate()
    }

    @inlinable var numerator: mpz_ptr { cgmp_mpq_numref(raw) }
    @inlinable var denominator: mpz_ptr { cgmp_mpq_denref(raw) }
}
