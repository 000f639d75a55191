import ExactArithmetic

/// A small deterministic generator, so every test run sees the same values.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func int(in range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// A random small fraction p/q with |p| ≤ 50, 1 ≤ q ≤ 7.
    public mutating func rational() -> Rational {
        Rational(Int.random(in: -50...50, using: &self), Int.random(in: 1...7, using: &self))
    }
}
