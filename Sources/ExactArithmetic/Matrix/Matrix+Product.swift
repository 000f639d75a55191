extension Matrix where Scalar: Numeric {
    /// The matrix product; zero entries of `lhs` are skipped, which matters
    /// for the sparse transforms and for exact arithmetic.
    /// - Precondition: `lhs.columnCount == rhs.rowCount`.
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(
            lhs.columnCount == rhs.rowCount,
            "Matrix: cannot multiply \(lhs.shapeDescription) by \(rhs.shapeDescription)")
        var result = Matrix.zeros(lhs.rowCount, rhs.columnCount)
        for i in 0..<lhs.rowCount {
            for k in 0..<lhs.columnCount {
                let a = lhs[i, k]
                if a == 0 { continue }
                for j in 0..<rhs.columnCount {
                    let b = rhs[k, j]
                    if b != 0 { result[i, j] += a * b }
                }
            }
        }
        return result
    }

    /// The matrix-vector product.
    public static func * (lhs: Matrix, rhs: [Scalar]) -> [Scalar] {
        precondition(
            lhs.columnCount == rhs.count,
            "Matrix: cannot multiply \(lhs.shapeDescription) by a vector of \(rhs.count)")
        return (0..<lhs.rowCount).map { i in
            var sum: Scalar = 0
            for (a, b) in zip(lhs.row(i), rhs) where a != 0 { sum += a * b }
            return sum
        }
    }

    /// The Kronecker product: block (i, j) is `self[i, j] · other`.
    public func kronecker(_ other: Matrix) -> Matrix {
        Matrix(rowCount: rowCount * other.rowCount, columnCount: columnCount * other.columnCount) { i, j in
            self[i / other.rowCount, j / other.columnCount] * other[i % other.rowCount, j % other.columnCount]
        }
    }

    /// The element-wise (Hadamard) product.
    public func hadamard(_ other: Matrix) -> Matrix {
        precondition(
            rowCount == other.rowCount && columnCount == other.columnCount,
            "Matrix: Hadamard product of \(shapeDescription) and \(other.shapeDescription)")
        return Matrix(
            rowCount: rowCount, columnCount: columnCount,
            elements: zip(elements, other.elements).map { $0 * $1 })
    }
}
