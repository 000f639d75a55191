import Synchronization

/// How a plan computes the gradient with respect to its filters.
enum FilterGradientMethod: Hashable, Sendable {
    /// F(R×S, m×m) in the transformed domain (``WinogradFilterGradient``).
    case winograd(m: Int)
    /// im2col and one SGEMM per image, as frameworks do.
    case im2col
    /// A direct correlation of X with dY, in float32 or float64.
    case direct, direct64

    /// For near-ties: the plain methods round least, then Winograd by tile.
    var errorRank: Int {
        if case .winograd(let m) = self { return m * m }
        return 0
    }
}

/// A filter-gradient method and the scratch it keeps for the next call
/// with the same shapes (a Winograd gradient's plan and memory, im2col's
/// band of columns).
final class FilterGradientRunner: Sendable {
    let method: FilterGradientMethod
    let cache = Mutex<WinogradFilterGradient?>(nil)
    let columns = Mutex<AlignedBuffer?>(nil)

    init(_ method: FilterGradientMethod) { self.method = method }
}
