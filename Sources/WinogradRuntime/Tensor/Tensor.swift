/// A dense tensor in row-major (C) order: NCHW images and outputs, KCRS
/// filters. float32 for data, float64 for references.
///
/// ```swift
/// var x = Tensor<Float>(shape: [1, 3, 8, 8])
/// x[0, 2, 4, 4] = 1
/// ```
public struct Tensor<Scalar: BinaryFloatingPoint & Sendable>: Sendable, Equatable {
    /// Sizes, outermost first.
    public let shape: [Int]
    /// The elements in row-major order.
    public var elements: [Scalar]

    /// A tensor of `shape` filled with `value`.
    /// - Precondition: every size is at least 0.
    public init(shape: [Int], repeating value: Scalar = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative size in \(shape)")
        self.shape = shape
        elements = Array(repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor from its row-major elements.
    /// - Throws: ``TensorError`` when the count does not fill the shape.
    public init(shape: [Int], elements: [Scalar]) throws(TensorError) {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw TensorError("shape \(shape) has a negative size") }
        guard elements.count == shape.reduce(1, *) else {
            throw TensorError(
                "\(elements.count) elements do not fill the shape \(Tensor.describe(shape)) "
                    + "(\(shape.reduce(1, *)) needed)"
            )
        }
        self.shape = shape
        self.elements = elements
    }

    /// A tensor of `shape` whose elements `fill` writes, every one of them,
    /// without zeroing them first (outputs the kernels overwrite whole).
    /// Nothing is returned when `fill` throws.
    static func uninitialized(
        shape: [Int], fill: (UnsafeMutablePointer<Scalar>) throws(TensorError) -> Void
    ) throws(TensorError) -> Tensor {
        let count = shape.reduce(1, *)
        guard count > 0 else { return Tensor(shape: shape) }
        var failure: TensorError?
        let elements = [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(TensorError) { try fill(buffer.baseAddress!) } catch { failure = error }
            initialized = count  // trivial scalars: discarded unread when `fill` failed
        }
        if let failure { throw failure }
        return try! Tensor(shape: shape, elements: elements)
    }

    public var count: Int { elements.count }
    public var rank: Int { shape.count }

    /// Row-major strides, in elements.
    public var strides: [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) {
            strides[axis] = strides[axis + 1] * shape[axis + 1]
        }
        return strides
    }

    /// Element (n, c, h, w) of a 4-D tensor.
    public subscript(n: Int, c: Int, h: Int, w: Int) -> Scalar {
        get { elements[((n * shape[1] + c) * shape[2] + h) * shape[3] + w] }
        set { elements[((n * shape[1] + c) * shape[2] + h) * shape[3] + w] = newValue }
    }

    /// The same values in another floating-point type.
    public func converted<Other: BinaryFloatingPoint & Sendable>(to: Other.Type = Other.self) -> Tensor<Other> {
        try! Tensor<Other>(shape: shape, elements: elements.map { Other($0) })
    }

    /// "1×3×224×224".
    public static func describe(_ shape: [Int]) -> String {
        shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "×")
    }
}

/// A tensor of the wrong shape, or data that is not a tensor.
public struct TensorError: Error, Equatable, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension Tensor {
    /// Uniform[low, high) values from a seeded generator (SplitMix64), the
    /// same on every machine.
    public static func random(shape: [Int], seed: UInt64, in range: ClosedRange<Double> = -1...1) -> Tensor {
        var state = seed
        var tensor = Tensor(shape: shape)
        for index in tensor.elements.indices {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let unit = Double(z >> 11) * 0x1p-53
            tensor.elements[index] = Scalar(range.lowerBound + unit * (range.upperBound - range.lowerBound))
        }
        return tensor
    }
}
