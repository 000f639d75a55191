/// A value a frame can show: text, a flag, or a list of records.
public enum FrameValue: Sendable {
    case text(String)
    case flag(Bool)
    case list([[String: FrameValue]])
}

/// Why a frame cannot be used.
public struct FrameError: Error, CustomStringConvertible, Sendable {
    public var frame: String
    public var line: Int
    public var message: String
    public var description: String { "frame \(frame), line \(line): \(message)" }
}

/// A file frame in a subset of Mustache: `{{name}}` and `{{{name}}}` insert
/// text (never escaped: frames produce code), `{{#name}}…{{/name}}` repeats
/// for each record of a list or shows when a flag is set, `{{^name}}…{{/name}}`
/// shows when a flag is unset or a list empty, `{{! comment }}` is dropped.
/// A line holding only a section tag or comment disappears whole, as in
/// Mustache. Unknown names are errors, so a typo in a frame is caught.
public struct FrameTemplate: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case variable(String, line: Int)
        case section(String, inverted: Bool, children: [Node], line: Int)
    }

    public let name: String
    let nodes: [Node]

    /// The deepest nesting of sections a frame may have (the built-in ones
    /// nest two deep); deeper is an error, not a stack overflow.
    public static let maximumDepth = 16
    /// The most sections and tags one rendering may visit, and the most
    /// bytes it may produce: a section nested in itself repeats its records'
    /// count to the power of its depth, which is an error, not a hang.
    public static let maximumSteps = 1_000_000
    public static let maximumBytes = 256 << 20

    public init(name: String, text: String) throws(FrameError) {
        self.name = name
        nodes = try Self.parse(text, name: name)
    }

    /// The frame filled in from `context` (inner sections see outer names).
    public func render(_ context: [String: FrameValue]) throws(FrameError) -> String {
        var out = ""
        var steps = 0
        try Self.render(nodes, [context], frame: name, into: &out, steps: &steps)
        return out
    }

    // MARK: - Parsing

    private struct Tag {
        var kind: Character?  // "#", "^", "/", "!", "{" or nil for a variable
        var name: String
        var range: Range<String.Index>
        var line: Int
    }

    private static func parse(_ text: String, name frame: String) throws(FrameError) -> [Node] {
        // First find the tags, then drop standalone lines, then build the tree.
        var tags: [Tag] = []
        var index = text.startIndex
        var line = 1
        var lineStart = text.startIndex
        while let open = text[index...].firstRange(of: "{{") {
            line += text[lineStart..<open.lowerBound].filter { $0 == "\n" }.count
            lineStart = open.lowerBound
            let triple = text[open.upperBound...].hasPrefix("{")
            let closing = triple ? "}}}" : "}}"
            guard let close = text[open.upperBound...].firstRange(of: closing) else {
                throw FrameError(frame: frame, line: line, message: "'{{' is never closed by '\(closing)'")
            }
            var inside = text[(triple ? text.index(after: open.upperBound) : open.upperBound)..<close.lowerBound]
            var kind: Character? = triple ? "{" : nil
            if !triple, let first = inside.first, "#^/!".contains(first) {
                kind = first
                inside = inside.dropFirst()
            }
            let tagName = String(inside).trimmingWhitespace
            if kind != "!" && (tagName.isEmpty || tagName.contains(where: { $0 == " " || $0 == "{" || $0 == "}" })) {
                throw FrameError(
                    frame: frame, line: line,
                    message: "'{{\(inside)}}' is not a tag; names are single words such as {{prefix}}")
            }
            tags.append(Tag(kind: kind, name: tagName, range: open.lowerBound..<close.upperBound, line: line))
            index = close.upperBound
        }

        // Pieces of text between tags, with standalone lines trimmed.
        var texts: [Substring] = []
        var cursor = text.startIndex
        for tag in tags {
            texts.append(text[cursor..<tag.range.lowerBound])
            cursor = tag.range.upperBound
        }
        texts.append(text[cursor...])
        // startsLine[k]: texts[k] begins at the start of a line.
        var startsLine = [Bool](repeating: false, count: texts.count)
        startsLine[0] = true
        for (k, tag) in tags.enumerated() {
            guard tag.kind.map({ "#^/!".contains($0) }) == true else { continue }
            let before = texts[k]
            let after = texts[k + 1]
            let lineBefore =
                before.lastIndex(of: "\n").map { before[before.index(after: $0)...] } ?? (startsLine[k] ? before : nil)
            let lineAfterEnd = after.firstIndex(of: "\n")
            let lineAfter = lineAfterEnd.map { after[..<$0] } ?? (k == tags.count - 1 ? after : nil)
            guard let lineBefore, let lineAfter,
                lineBefore.allSatisfy({ $0 == " " || $0 == "\t" }),
                lineAfter.allSatisfy({ $0 == " " || $0 == "\t" })
            else { continue }
            texts[k] = before[..<lineBefore.startIndex]
            texts[k + 1] = lineAfterEnd.map { after[after.index(after: $0)...] } ?? after[after.endIndex...]
            startsLine[k + 1] = true
        }

        // Build the tree.
        var stack: [(name: String, inverted: Bool, line: Int, children: [Node])] = [("", false, 0, [])]
        func append(_ node: Node) { stack[stack.count - 1].children.append(node) }
        for (k, tag) in tags.enumerated() {
            if !texts[k].isEmpty { append(.text(String(texts[k]))) }
            switch tag.kind {
            case "#", "^":
                guard stack.count <= maximumDepth else {
                    throw FrameError(
                        frame: frame, line: tag.line,
                        message: "sections nest deeper than \(maximumDepth) levels; a frame needs a few at most")
                }
                stack.append((tag.name, tag.kind == "^", tag.line, []))
            case "/":
                guard stack.count > 1, stack[stack.count - 1].name == tag.name else {
                    let open = stack.count > 1 ? "{{#\(stack[stack.count - 1].name)}}" : "no open section"
                    throw FrameError(frame: frame, line: tag.line, message: "{{/\(tag.name)}} does not close \(open)")
                }
                let section = stack.removeLast()
                append(
                    .section(section.name, inverted: section.inverted, children: section.children, line: section.line))
            case "!":
                break
            default:
                append(.variable(tag.name, line: tag.line))
            }
        }
        if !texts[tags.count].isEmpty { append(.text(String(texts[tags.count]))) }
        guard stack.count == 1 else {
            let open = stack[stack.count - 1]
            throw FrameError(
                frame: frame, line: open.line, message: "{{#\(open.name)}} is never closed by {{/\(open.name)}}")
        }
        return stack[0].children
    }

    // MARK: - Rendering

    private static func render(
        _ nodes: [Node], _ scopes: [[String: FrameValue]], frame: String, into out: inout String, steps: inout Int
    ) throws(FrameError) {
        func lookup(_ name: String, line: Int) throws(FrameError) -> FrameValue {
            for scope in scopes.reversed() { if let value = scope[name] { return value } }
            let known = Set(scopes.flatMap(\.keys)).sorted().joined(separator: ", ")
            throw FrameError(frame: frame, line: line, message: "unknown name '\(name)'; this frame can use: \(known)")
        }
        func step(line: Int) throws(FrameError) {
            steps += 1
            guard steps <= maximumSteps, out.utf8.count <= maximumBytes else {
                throw FrameError(
                    frame: frame, line: line,
                    message: "rendering needs more than \(maximumSteps) steps or \(maximumBytes >> 20) MiB "
                        + "(a section nested inside itself repeats exponentially); nest each list once")
            }
        }
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .variable(let name, let line):
                try step(line: line)
                switch try lookup(name, line: line) {
                case .text(let text): out += text
                case .flag(let flag): out += flag ? "true" : "false"
                case .list:
                    throw FrameError(
                        frame: frame, line: line,
                        message: "'\(name)' is a list; show it with {{#\(name)}}…{{/\(name)}}"
                    )
                }
            case .section(let name, let inverted, let children, let line):
                try step(line: line)
                let value = try lookup(name, line: line)
                switch (value, inverted) {
                case (.list(let records), false):
                    for record in records {
                        try render(children, scopes + [record], frame: frame, into: &out, steps: &steps)
                    }
                case (.list(let records), true):
                    if records.isEmpty { try render(children, scopes, frame: frame, into: &out, steps: &steps) }
                case (.flag(let flag), _):
                    if flag != inverted { try render(children, scopes, frame: frame, into: &out, steps: &steps) }
                case (.text(let text), _):
                    if text.isEmpty == inverted {
                        try render(children, scopes, frame: frame, into: &out, steps: &steps)
                    }
                }
            }
        }
    }
}
