/// Classic image filters, applied to each channel on its own (the filter
/// tensor is diagonal in K×C), for `winograd conv --filter`.
public enum NamedFilter: String, CaseIterable, Sendable {
    case sobelX = "sobel-x"
    case sobelY = "sobel-y"
    case laplacian
    case gaussian
    case gaussian5
    case sharpen

    /// The R×S kernel, row-major.
    public var kernel: (size: Int, values: [Float]) {
        switch self {
        case .sobelX: (3, [-1, 0, 1, -2, 0, 2, -1, 0, 1])
        case .sobelY: (3, [-1, -2, -1, 0, 0, 0, 1, 2, 1])
        case .laplacian: (3, [0, 1, 0, 1, -4, 1, 0, 1, 0])
        case .gaussian: (3, [1, 2, 1, 2, 4, 2, 1, 2, 1].map { $0 / 16 })
        case .gaussian5:
            (5, [1, 4, 6, 4, 1].flatMap { a in [1, 4, 6, 4, 1].map { b in Float(a * b) / 256 } })
        case .sharpen: (3, [0, -1, 0, -1, 5, -1, 0, -1, 0])
        }
    }

    /// C×C×R×S filters that apply the kernel to each of `channels` channels.
    public func filters(channels: Int) -> Tensor<Float> {
        let (size, values) = kernel
        var filters = Tensor<Float>(shape: [channels, channels, size, size])
        for channel in 0..<channels {
            for (index, value) in values.enumerated() {
                filters[channel, channel, index / size, index % size] = value
            }
        }
        return filters
    }
}
