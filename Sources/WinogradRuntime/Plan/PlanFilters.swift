/// A plan's filters, K×C×R×S: as given, or — in the plan of a transposed
/// convolution — the flip of the forward filters it was given
/// (``ConvolutionTranspose/flipped(_:)``), made only when something reads
/// the values. A Winograd plan never does: it transforms the forward
/// filters straight from where they lie (``WinogradEngine/FilterSource``).
struct PlanFilters: Sendable {
    /// K×C×R×S of the filters the plan computes with.
    let shape: [Int]
    /// The filters as given: the plan's own, or the forward ones.
    private(set) var given: Tensor<Float>
    /// True when the plan's filters are the flip of `given`.
    let flipped: Bool
    private var values: Tensor<Float>?

    init(_ given: Tensor<Float>, flipped: Bool) {
        self.given = given
        self.flipped = flipped
        let s = given.shape
        shape = flipped ? [s[1], s[0], s[2], s[3]] : s
        values = flipped ? nil : given
    }

    /// The plan's filters, flipped now if they have not been since the
    /// last ``replace(with:)``.
    mutating func resolved() -> Tensor<Float> {
        if let values { return values }
        let made = ConvolutionTranspose.flipped(given)
        values = made
        return made
    }

    /// New filters in the same form as the first (the forward ones for a
    /// flipped plan).
    mutating func replace(with new: Tensor<Float>) {
        given = new
        values = flipped ? nil : new
    }
}
