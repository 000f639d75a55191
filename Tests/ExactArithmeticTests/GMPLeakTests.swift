import ExactArithmetic
import GMPAllocationCounter
import TestSupport
import Testing

@Suite("GMP memory")
struct GMPLeakTests {
    /// Heavy use leaves no GMP block alive: every mpq is cleared when its
    /// Rational goes away, and no GMP-allocated string escapes.
    @Test func heavyUseLeavesNoLiveAllocations() throws {
        gmp_allocation_counter_install()
        let before = gmp_allocation_counter_live()
        let checksum = try exerciseEverything()
        let after = gmp_allocation_counter_live()
        #expect(checksum != 0)
        #expect(after == before, "GMP blocks left alive: \(after - before)")
    }

    /// The counter sees allocations at all (so the test above can fail).
    @Test func counterCountsLiveValues() {
        gmp_allocation_counter_install()
        let before = gmp_allocation_counter_live()
        var kept: [Rational] = []
        for k in 1...50 { kept.append(Rational(2).power(200 + k)) }
        #expect(gmp_allocation_counter_live() > before)
        kept.removeAll()
        #expect(gmp_allocation_counter_live() == before)
    }

    private func exerciseEverything() throws -> Int {
        var sum: Rational = 0
        var generator = SplitMix64(seed: 1)
        for _ in 0..<2_000 {
            let a = Rational(generator.int(in: -1000...1000), generator.int(in: 1...1000))
            var b = a.power(7)
            b += a
            b *= Rational(2).power(90)
            b -= a.reciprocal == 0 ? 0 : 1
            sum += b / (a.isZero ? 1 : a)
            _ = b.description
            _ = b.doubleValue + Double(b.floatValue)
            _ = try Rational(parsing: "-2.5e2") + Rational(parsing: "7/4")
            _ = (try? Rational(parsing: "1/0")) ?? 0
            _ = Rational(exactly: 0.1) + Rational(exactly: Float(0.3))
        }
        let matrix = Matrix<Rational>(rowCount: 6, columnCount: 6) { i, j in Rational(1, i + j + 1) }  // Hilbert
        let inverse = try matrix.inverse()
        #expect(matrix * inverse == .identity(6))
        let product = Polynomial(roots: (0..<10).map { Rational($0, 3) })
        sum += product(Rational(7, 2)) + matrix.kronecker(inverse).largestMagnitude
        return sum.signum
    }
}
