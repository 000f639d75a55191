/// A dense rows × columns matrix stored row-major.
///
/// Generic so that the exact transforms (`Matrix<Rational>`) and their
/// rounded forms (`Matrix<Double>`, `Matrix<Float>`) share one type:
///
/// ```swift
/// let g = Matrix<Rational>(rows: [[1, 0], ["1/2", "1/2"]])
/// let rounded = g.map(Double.init)     // Matrix<Double>
/// ```
public struct Matrix<Scalar> {
    public let rowCount: Int
    public let columnCount: Int
    /// Row-major entries: entry (i, j) is `elements[i * columnCount + j]`.
    public private(set) var elements: [Scalar]

    /// A matrix with the given row-major entries.
    /// - Precondition: `elements.count == rows * columns`.
    public init(rowCount: Int, columnCount: Int, elements: [Scalar]) {
        precondition(
            rowCount >= 0 && columnCount >= 0 && elements.count == rowCount * columnCount,
            "Matrix: \(elements.count) elements do not fill \(rowCount)×\(columnCount)")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.elements = elements
    }

    /// A matrix whose entry (i, j) is `entry(i, j)`.
    public init(rowCount: Int, columnCount: Int, entry: (Int, Int) throws -> Scalar) rethrows {
        var elements: [Scalar] = []
        elements.reserveCapacity(rowCount * columnCount)
        for i in 0..<rowCount {
            for j in 0..<columnCount { elements.append(try entry(i, j)) }
        }
        self.init(rowCount: rowCount, columnCount: columnCount, elements: elements)
    }

    /// A matrix from its rows.
    /// - Precondition: every row has the same length.
    public init(rows: [[Scalar]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "Matrix: rows of different lengths")
        self.init(rowCount: rows.count, columnCount: columns, elements: rows.flatMap { $0 })
    }

    public subscript(row: Int, column: Int) -> Scalar {
        get { elements[row * columnCount + column] }
        set { elements[row * columnCount + column] = newValue }
    }

    /// The entries of row `i`.
    public func row(_ i: Int) -> ArraySlice<Scalar> {
        elements[(i * columnCount)..<((i + 1) * columnCount)]
    }

    /// All rows as arrays.
    public var rows: [[Scalar]] { (0..<rowCount).map { Array(row($0)) } }

    /// The transpose.
    public var transposed: Matrix {
        Matrix(rowCount: columnCount, columnCount: rowCount) { i, j in self[j, i] }
    }

    /// The same shape with `transform` applied to every entry.
    public func map<T>(_ transform: (Scalar) throws -> T) rethrows -> Matrix<T> {
        Matrix<T>(rowCount: rowCount, columnCount: columnCount, elements: try elements.map(transform))
    }

    /// A "rows×columns" description of the shape.
    public var shapeDescription: String { "\(rowCount)×\(columnCount)" }
}

extension Matrix: Equatable where Scalar: Equatable {}
extension Matrix: Hashable where Scalar: Hashable {}
extension Matrix: Sendable where Scalar: Sendable {}

extension Matrix where Scalar: Numeric {
    /// The n×n identity.
    public static func identity(_ n: Int) -> Matrix {
        Matrix(rowCount: n, columnCount: n) { i, j in i == j ? 1 : 0 }
    }

    /// The rows×columns zero matrix.
    public static func zeros(_ rows: Int, _ columns: Int) -> Matrix {
        Matrix(rowCount: rows, columnCount: columns, elements: Array(repeating: 0, count: rows * columns))
    }
}
