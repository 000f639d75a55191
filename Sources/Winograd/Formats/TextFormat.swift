import ExactArithmetic

/// Aligned exact fractions plus the facts.
enum TextFormat {
    static func render(_ transform: NestedTransform, command: String?) -> String {
        var out = ""
        out += "\(transform.summaryLine)\n"
        if transform.dims > 1 {
            let how =
                transform.isSquare
                ? "the 1-D transform below on each of \(transform.dims) axes"
                : "one 1-D transform per axis, axis 0 down the rows"
            out += "nested \(transform.dims)-D: \(how)\n"
        }
        for (label, axis) in transform.distinctAxes {
            out += "\n"
            if !label.isEmpty { out += "\(label)\(axis.name)" + (axis.points.map { ", points \($0)" } ?? "") + "\n" }
            for (name, matrix) in axis.namedMatrices {
                out += "\(name) (\(matrix.shapeDescription)) =\n"
                out += aligned(matrix)
            }
        }
        let facts = transform.facts
        out += "\n"
        out += "multiplications per tile: \(facts.multiplications) (direct: \(facts.directMultiplications)), "
        out += "reduction \(formatReduction(facts.reduction))×\n"
        out += "largest |entry|: AT \(facts.largestAT), G \(facts.largestG), BT \(facts.largestBT)"
        out += transform.dims > 1 ? " (of the Kronecker products)\n" : "\n"
        let triples = transform.axes.map { "\($0.m)·\($0.r)·\($0.n)" }
        let distinctTriples = transform.isSquare ? [triples[0]] : triples
        out += "identity: verified exactly, Σ_t AT[j][t]·G[t][k]·BT[t][i] = [i = j + k] for all "
        out += distinctTriples.joined(separator: " and ") + " (j, k, i)"
        out += transform.dims > 1 ? " per axis\n" : "\n"
        return out
    }

    /// Each matrix under its name and shape, aligned.
    static func blocks<F: ExactField>(_ named: [(name: String, matrix: Matrix<F>)]) -> String {
        named.map { "\n\($0.name) (\($0.matrix.shapeDescription)) =\n" + aligned($0.matrix) }.joined()
    }

    /// Rows of right-aligned exact entries, two spaces between columns.
    static func aligned<F: ExactField>(_ matrix: Matrix<F>) -> String {
        let text = matrix.map(\.description)
        let widths = (0..<matrix.columnCount).map { j in
            (0..<matrix.rowCount).map { text[$0, j].count }.max() ?? 0
        }
        return (0..<matrix.rowCount).map { i in
            "  "
                + (0..<matrix.columnCount).map { j in
                    String(repeating: " ", count: widths[j] - text[i, j].count) + text[i, j]
                }.joined(separator: "  ") + "\n"
        }.joined()
    }

    /// Two decimals, without Foundation's locale-dependent formatting.
    static func formatReduction(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
