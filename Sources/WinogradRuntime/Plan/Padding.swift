/// Zero padding around each image, per side.
public struct Padding: Hashable, Sendable, CustomStringConvertible {
    public var top: Int, bottom: Int, left: Int, right: Int

    public init(top: Int, bottom: Int, left: Int, right: Int) {
        self.top = top
        self.bottom = bottom
        self.left = left
        self.right = right
    }

    /// The same padding on every side.
    public init(_ all: Int) { self.init(top: all, bottom: all, left: all, right: all) }

    public static let zero = Padding(0)

    /// Parses `1` or `top,bottom,left,right` (e.g. `0,1,0,1`).
    public init(parsing text: String) throws(TensorError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.filter { $0 != " " }) }
        switch parts.count {
        case 1:
            guard let all = parts[0], all >= 0 else {
                throw TensorError(
                    "padding '\(text)' is not a size; give a whole number ≥ 0, or top,bottom,left,right")
            }
            self.init(all)
        case 4:
            guard let sides = parts.compactMap({ $0 }) as [Int]?, sides.count == 4, sides.allSatisfy({ $0 >= 0 }) else {
                throw TensorError("padding '\(text)' is not four sizes; give top,bottom,left,right, each ≥ 0")
            }
            self.init(top: sides[0], bottom: sides[1], left: sides[2], right: sides[3])
        default:
            throw TensorError(
                "padding '\(text)' has \(parts.count) parts; give one size or four (top,bottom,left,right)")
        }
    }

    public var description: String {
        top == bottom && bottom == left && left == right ? "\(top)" : "\(top),\(bottom),\(left),\(right)"
    }
}

/// The sizes of one convolution: NCHW input, KCRS filters, stride 1.
public struct ConvolutionGeometry: Hashable, Sendable {
    public var n: Int, c: Int, h: Int, w: Int
    public var k: Int, r: Int, s: Int
    public var padding: Padding

    public init(n: Int, c: Int, h: Int, w: Int, k: Int, r: Int, s: Int, padding: Padding) {
        self.n = n
        self.c = c
        self.h = h
        self.w = w
        self.k = k
        self.r = r
        self.s = s
        self.padding = padding
    }

    public var outputHeight: Int { h + padding.top + padding.bottom - r + 1 }
    public var outputWidth: Int { w + padding.left + padding.right - s + 1 }
    public var outputShape: [Int] { [n, k, outputHeight, outputWidth] }

    /// 2·N·K·C·Hout·Wout·R·S: the arithmetic of direct convolution, by
    /// which every backend's GFLOP/s is counted.
    public var directFlops: Double {
        2 * Double(n) * Double(k) * Double(c) * Double(outputHeight) * Double(outputWidth) * Double(r) * Double(s)
    }

    /// Checks an input and filters against each other.
    public static func of(input: [Int], filters: [Int], padding: Padding) throws(TensorError) -> ConvolutionGeometry {
        guard input.count == 4 else {
            throw TensorError("the input is \(Tensor<Float>.describe(input)); it must be 4-D, N×C×H×W")
        }
        guard filters.count == 4 else {
            throw TensorError("the filters are \(Tensor<Float>.describe(filters)); they must be 4-D, K×C×R×S")
        }
        guard input[1] == filters[1] else {
            throw TensorError(
                "the input has \(input[1]) channels (N×C×H×W = \(Tensor<Float>.describe(input))) "
                    + "but the filters expect \(filters[1]) (K×C×R×S = \(Tensor<Float>.describe(filters)))"
            )
        }
        guard input.allSatisfy({ $0 >= 1 }), filters.allSatisfy({ $0 >= 1 }) else {
            throw TensorError(
                "every size must be at least 1: input \(Tensor<Float>.describe(input)), "
                    + "filters \(Tensor<Float>.describe(filters))"
            )
        }
        let sides = [padding.top, padding.bottom, padding.left, padding.right]
        guard sides.allSatisfy({ $0 >= 0 && $0 <= maximumElements }) else {
            throw TensorError("padding \(padding) is not 0…\(maximumElements) on every side")
        }
        for (what, shape) in [("the input", input), ("the filters", filters)] {
            guard let count = elementCount(shape), count <= maximumElements else {
                throw TensorError(
                    "\(what) \(Tensor<Float>.describe(shape)) has more than \(maximumElements) elements, "
                        + "the most the runtime's 32-bit geometry takes; give smaller sizes")
            }
        }
        let geometry = ConvolutionGeometry(
            n: input[0], c: input[1], h: input[2], w: input[3],
            k: filters[0], r: filters[2], s: filters[3], padding: padding)
        // Sizes and padding are below 2^31, so these sums cannot overflow.
        guard geometry.outputHeight >= 1, geometry.outputWidth >= 1 else {
            throw TensorError(
                "a \(filters[2])×\(filters[3]) filter does not fit a \(input[2])×\(input[3]) image "
                    + "with padding \(padding); the output would be empty"
            )
        }
        guard let count = elementCount(geometry.outputShape), count <= maximumElements else {
            throw TensorError(
                "the output \(Tensor<Float>.describe(geometry.outputShape)) has more than \(maximumElements) "
                    + "elements, the most the runtime's 32-bit geometry takes; give smaller sizes")
        }
        return geometry
    }

    /// The most elements a tensor of a convolution may have, and the
    /// largest padding: the C runtime's geometry counts in 32-bit `int`.
    public static let maximumElements = Int(Int32.max)

    /// The product of `shape`, or nil when it overflows.
    public static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            if overflow { return nil }
            count = product
        }
        return count
    }
}
