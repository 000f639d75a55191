/// Accumulates lines of code at an indentation level (a value type, after
/// swift-protobuf's generator).
public struct CodePrinter: Sendable {
    public private(set) var lines: [String] = []
    private var indentation = ""
    private let unit: String

    public init(indentUnit: String = "    ", level: Int = 0) {
        unit = indentUnit
        indentation = String(repeating: indentUnit, count: level)
    }

    public mutating func print(_ line: String) {
        lines.append(line.isEmpty ? "" : indentation + line)
    }

    public mutating func withIndentation(_ body: (inout CodePrinter) -> Void) {
        let saved = indentation
        indentation += unit
        body(&self)
        indentation = saved
    }

    /// The lines joined, without a final newline.
    public var text: String { lines.joined(separator: "\n") }
}
