/// A square system with no unique solution.
public struct SingularMatrixError: Error, CustomStringConvertible, Sendable {
    /// The size of the square matrix.
    public var size: Int
    /// The column where elimination found no pivot.
    public var column: Int

    public var description: String {
        "the \(size)×\(size) matrix is singular (no pivot in column \(column)), so it has no inverse"
    }
}

extension Matrix where Scalar == Rational {
    /// The exact solution X of `self · X = rhs`, by Gauss–Jordan elimination.
    /// - Throws: ``SingularMatrixError`` when `self` is singular.
    /// - Precondition: `self` is square and `rhs` has as many rows.
    public func solve(_ rhs: Matrix) throws(SingularMatrixError) -> Matrix {
        precondition(rowCount == columnCount, "Matrix: solve needs a square matrix, not \(shapeDescription)")
        precondition(rhs.rowCount == rowCount, "Matrix: right-hand side has \(rhs.rowCount) rows, not \(rowCount)")
        let n = rowCount
        let width = n + rhs.columnCount
        // Augmented rows [A | B]; exact arithmetic needs no partial pivoting
        // for stability, only a nonzero pivot.
        var rows: [[Rational]] = (0..<n).map { Array(row($0)) + Array(rhs.row($0)) }
        for column in 0..<n {
            guard let pivotRow = (column..<n).first(where: { !rows[$0][column].isZero }) else {
                throw SingularMatrixError(size: n, column: column)
            }
            rows.swapAt(column, pivotRow)
            let inversePivot = rows[column][column].reciprocal
            for j in column..<width where !rows[column][j].isZero { rows[column][j] *= inversePivot }
            for i in 0..<n where i != column && !rows[i][column].isZero {
                let factor = rows[i][column]
                for j in column..<width where !rows[column][j].isZero {
                    rows[i][j] -= factor * rows[column][j]
                }
            }
        }
        return Matrix(rows: rows.map { Array($0[n...]) })
    }

    /// The exact inverse.
    /// - Throws: ``SingularMatrixError`` when `self` is singular.
    public func inverse() throws(SingularMatrixError) -> Matrix {
        try solve(.identity(rowCount))
    }

    /// The largest absolute value of any entry (0 for an empty matrix).
    public var largestMagnitude: Rational {
        elements.lazy.map(\.magnitude).max() ?? 0
    }
}
