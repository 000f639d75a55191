/// How a 4-D activation tensor is laid out in memory.
///
/// Plans compute in NCHW; an NHWC ("channels-last") tensor is converted on
/// the way in and the result on the way out, inside the call (so timings
/// include it). Filters are always K×C×R×S.
public enum TensorLayout: String, CaseIterable, Sendable {
    /// N×C×H×W: each channel a contiguous plane.
    case nchw
    /// N×H×W×C ("channels-last", as PyTorch's `channels_last` and
    /// TensorFlow store activations): a pixel's channels contiguous.
    case nhwc

    /// The dimension that holds the channels.
    public var channelAxis: Int { self == .nchw ? 1 : 3 }
}

extension Tensor {
    /// The same values in `layout`, this tensor being 4-D in `from`.
    ///
    /// ```swift
    /// let nhwc = x.converted(from: .nchw, to: .nhwc)   // N×C×H×W → N×H×W×C
    /// ```
    public func converted(from: TensorLayout, to layout: TensorLayout) -> Tensor {
        guard from != layout, rank == 4 else { return self }
        // Both ways are one transpose of the last three axes: (a, b, c) → (c, a, b) or (b, c, a).
        let (n, d1, d2, d3) = (shape[0], shape[1], shape[2], shape[3])
        let target = from == .nchw ? [n, d2, d3, d1] : [n, d3, d1, d2]
        return try! Tensor.uninitialized(shape: target) { y in
            elements.withUnsafeBufferPointer { x in
                let plane = d1 * d2 * d3
                for image in 0..<n {
                    let source = x.baseAddress! + image * plane
                    let destination = y + image * plane
                    if from == .nchw {
                        // [c][h][w] → [h][w][c]
                        for c in 0..<d1 {
                            for p in 0..<(d2 * d3) { destination[p * d1 + c] = source[c * d2 * d3 + p] }
                        }
                    } else {
                        // [h][w][c] → [c][h][w]
                        for p in 0..<(d1 * d2) {
                            for c in 0..<d3 { destination[c * d1 * d2 + p] = source[p * d3 + c] }
                        }
                    }
                }
            }
        }
    }
}

extension Convolution {
    /// The convolution of `input` laid out as `layout`: N×C×H×W gives
    /// N×K×Hout×Wout, N×H×W×C gives N×Hout×Wout×K.
    public func run(_ input: Tensor<Float>, layout: TensorLayout) throws(TensorError) -> Tensor<Float> {
        guard layout == .nhwc else { return try run(input) }
        guard input.rank == 4 else {
            throw TensorError("the input is \(Tensor<Float>.describe(input.shape)); it must be 4-D, N×H×W×C")
        }
        return try run(input.converted(from: .nhwc, to: .nchw)).converted(from: .nchw, to: .nhwc)
    }
}
