import WinogradRuntime

/// Checks that float32 holds what it is given and what it computes: a
/// float64 value beyond float32's range, or a non-finite result from finite
/// data, is an error rather than infinities or NaNs written with exit 0.
enum FiniteValues {
    /// The array as float32; an error naming `path` when it holds a NaN or
    /// an infinity (the convolution would spread it over the result, written
    /// with exit 0), or a finite float64 value overflows float32.
    static func float32(_ array: NumPyArray, path: String) throws -> Tensor<Float> {
        let tensor = array.float32
        let original: (index: Int, value: String)?
        switch array {
        case .float64(let values):
            original = values.elements.firstIndex { !$0.isFinite }.map { ($0, "\(values.elements[$0])") }
        default: original = tensor.elements.firstIndex { !$0.isFinite }.map { ($0, "\(tensor.elements[$0])") }
        }
        if let (index, value) = original {
            throw UserInputError(
                "\(path) holds \(value) at element \(index) (index \(position(index, in: tensor.shape))); "
                    + "the data must be finite numbers")
        }
        if case .float64(let original) = array,
            let index = original.elements.indices.first(where: {
                original.elements[$0].isFinite && !tensor.elements[$0].isFinite
            })
        {
            throw UserInputError(
                "\(path) holds \(original.elements[index]) (element \(index)), beyond float32's range "
                    + "(±3.4e38), in which the convolution runs; scale the data into float32's range")
        }
        return tensor
    }

    /// "[0, 2, 1, 3]": the position of element `index` (row-major) in `shape`.
    static func position(_ index: Int, in shape: [Int]) -> String {
        var rest = index
        var coordinates = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            coordinates[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return "[" + coordinates.map(String.init).joined(separator: ", ") + "]"
    }

    /// Throws when `result` holds an infinity or NaN although every one of
    /// `operands` is finite: float32 overflowed on the way.
    static func check(_ result: Tensor<Float>, from operands: [Tensor<Float>], what: String) throws {
        guard let index = result.elements.firstIndex(where: { !$0.isFinite }),
            operands.allSatisfy({ $0.elements.allSatisfy(\.isFinite) })
        else { return }
        let count = result.elements.lazy.filter { !$0.isFinite }.count
        let largest = operands.map { $0.elements.lazy.map(\.magnitude).max() ?? 0 }.max() ?? 0
        throw UserInputError(
            "the \(what) overflowed float32: \(count) of its \(result.count) values are infinite or NaN "
                + "(the first \(result.elements[index]) at element \(index)) although the data is finite "
                + "(largest |value| \(largest)); scale the input or filters down")
    }
}
