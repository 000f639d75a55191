/// The ways `winograd derive` can write a transform.
public enum TransformFormat: String, CaseIterable, Sendable {
    /// Aligned exact fractions and the facts, for people.
    case text
    /// DESIGN.md's JSON form, read back by `winograd verify`.
    case json
    /// Python source building float64 NumPy arrays from exact `Fraction`s.
    case numpy
    /// `bmatrix` blocks.
    case latex
    /// `static const` float and double arrays, correctly rounded.
    case c
}

extension NestedTransform {
    /// The transform written in `format`. `command`, when given, is quoted in
    /// the header of the formats that have comments, so output says how it
    /// was made.
    public func rendered(as format: TransformFormat, command: String? = nil) -> String {
        switch format {
        case .text: TextFormat.render(self, command: command)
        case .json: JSONFormat.render(self)
        case .numpy: NumPyFormat.render(self, command: command)
        case .latex: LaTeXFormat.render(self, command: command)
        case .c: CFormat.render(self, command: command)
        }
    }

    /// One line naming the tile, points and placement, e.g.
    /// "F(4,3), points 0, 1, -1, 2, -2, inf, fractions in G".
    var summaryLine: String {
        var parts = [name]
        for (index, axis) in axes.enumerated() where index == 0 || !isSquare {
            let prefix = dims > 1 && !isSquare ? "axis \(index) " : ""
            if let points = axis.points { parts.append("\(prefix)points \(points)") }
        }
        if let placement = axes[0].fractionsIn { parts.append("fractions in \(placement.rawValue)") }
        return parts.joined(separator: ", ")
    }

    /// The axes to print: one when all are the same, else each with a label.
    public var distinctAxes: [(label: String, transform: WinogradTransform)] {
        if isSquare { return [("", axes[0])] }
        return axes.enumerated().map { ("axis \($0.offset): ", $0.element) }
    }
}
