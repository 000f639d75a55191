import ExactArithmetic

extension WinogradTransform {
    /// Checks that AT evaluates at the stated points: in every Cook–Toom
    /// transform (whichever matrix holds the fractions) column t of AT is a
    /// nonzero multiple of (1, a_t, a_t², …, a_t^{m−1}), or of e_{m−1} for
    /// the point at infinity. With m = 1 every point fits.
    static func checkPoints(_ points: PointSet, against AT: Matrix<Rational>) throws(TransformError) {
        try checkPoints(points.points.map(\.finiteValue), against: AT)
    }

    /// The same over any field; nil is the point at infinity.
    static func checkPoints<F: ExactField>(_ points: [F?], against AT: Matrix<F>) throws(TransformError) {
        let m = AT.rowCount
        for (t, point) in points.enumerated() {
            let column = (0..<m).map { AT[$0, t] }
            let fits: Bool
            if let a = point {
                let scale = column[0]
                var power = scale
                fits =
                    !scale.isZero
                    && column.allSatisfy { entry in
                        defer { power *= a }
                        return entry == power
                    }
            } else {
                fits = !column[m - 1].isZero && column.dropLast().allSatisfy(\.isZero)
            }
            guard fits else {
                let name = point?.description ?? "inf"
                let expected =
                    point == nil
                    ? "a multiple of e_\(m - 1) (0, …, 0, 1)" : "a multiple of (1, a, a², …) with a = \(name)"
                let entries = column.map(\.description).joined(separator: ", ")
                throw .pointsDisagree(
                    "point \(t + 1) is \(name) but column \(t) of AT is (\(entries)), not \(expected); "
                        + "the points do not belong to these matrices"
                )
            }
        }
    }
}
