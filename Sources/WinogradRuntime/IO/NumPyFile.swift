/// An array read from a NumPy `.npy` file: float32 or float64.
public enum NumPyArray: Sendable, Equatable {
    case float32(Tensor<Float>)
    case float64(Tensor<Double>)

    /// The values as float32 (a float64 array is rounded to nearest).
    public var float32: Tensor<Float> {
        switch self {
        case .float32(let tensor): tensor
        case .float64(let tensor): tensor.converted(to: Float.self)
        }
    }

    /// The values as float64 (exact for either type).
    public var float64: Tensor<Double> {
        switch self {
        case .float32(let tensor): tensor.converted(to: Double.self)
        case .float64(let tensor): tensor
        }
    }

    /// Sizes, outermost first (`[]` for a 0-D array).
    public var shape: [Int] {
        switch self {
        case .float32(let tensor): tensor.shape
        case .float64(let tensor): tensor.shape
        }
    }

    /// The NumPy type string of the stored data: `"<f4"` or `"<f8"`.
    public var descr: String {
        switch self {
        case .float32: "<f4"
        case .float64: "<f8"
        }
    }
}

/// NumPy's `.npy` format (format versions 1.0, 2.0 and 3.0): float32 and
/// float64, little-endian, C order, any rank including 0-D.
///
/// ```swift
/// let array = try NumPyFile.read(try FileBytes.read("x.npy"), name: "x.npy")
/// let x: Tensor<Float> = array.float32
/// try FileBytes.write(NumPyFile.encode(x), to: "y.npy")
/// ```
///
/// The header dictionary is parsed strictly as a Python literal: exactly the
/// keys `'descr'`, `'fortran_order'` and `'shape'`, in any order.
public enum NumPyFile {
    /// The bytes every `.npy` file starts with.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    // MARK: - Reading

    /// Reads a whole `.npy` file; `name` (usually its path) is quoted in errors.
    /// - Throws: ``TensorError`` for anything that is not a complete
    ///   little-endian float32/float64 C-order array, saying what would be right.
    public static func read(_ bytes: [UInt8], name: String) throws(TensorError) -> NumPyArray {
        let (version, headerStart, headerLength) = try preamble(bytes, name: name)
        let header = Array(bytes[headerStart..<headerStart + headerLength])
        let fields = try HeaderFields(header, utf8: version == 3, name: name)
        let dataStart = headerStart + headerLength

        var count = 1
        for size in fields.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else {
                throw TensorError(
                    "\(name) has an absurd shape \(fields.shapeText): its element count overflows a 64-bit integer")
            }
            count = product
        }
        // Fortran and C order coincide when at most one axis is longer than 1.
        guard fields.fortranOrder == false || count == 0 || fields.shape.filter({ $0 > 1 }).count <= 1 else {
            throw TensorError(
                """
                \(name) is in Fortran order (shape \(Tensor<Float>.describe(fields.shape)), 'fortran_order': True); \
                save it with np.ascontiguousarray, e.g. np.save(path, np.ascontiguousarray(array)), \
                to store it in C order
                """)
        }

        let itemSize = fields.isDouble ? 8 : 4
        let typeName = fields.isDouble ? "float64" : "float32"
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: itemSize)
        guard !overflow else {
            throw TensorError(
                "\(name) has an absurd shape \(fields.shapeText): "
                    + "\(count) \(typeName) elements overflow a 64-bit byte count"
            )
        }
        let found = bytes.count - dataStart
        let what = fields.shape.isEmpty ? "a \(typeName) scalar" : "shape \(fields.shapeText) of \(typeName)"
        guard found >= byteCount else {
            throw TensorError("\(name) is truncated: \(what) needs \(byteCount) bytes of data, found \(found)")
        }
        guard found == byteCount else {
            throw TensorError(
                """
                \(name) has \(found - byteCount) bytes of trailing garbage after the \(byteCount) bytes of data \
                for \(what) (several arrays saved into one file? use one file per array)
                """)
        }

        if fields.isDouble {
            var elements = [Double](repeating: 0, count: count)
            bytes.withUnsafeBytes { raw in
                for index in 0..<count {
                    let bits = raw.loadUnaligned(fromByteOffset: dataStart + 8 * index, as: UInt64.self)
                    elements[index] = Double(bitPattern: UInt64(littleEndian: bits))
                }
            }
            return .float64(try Tensor(shape: fields.shape, elements: elements))
        } else {
            var elements = [Float](repeating: 0, count: count)
            bytes.withUnsafeBytes { raw in
                for index in 0..<count {
                    let bits = raw.loadUnaligned(fromByteOffset: dataStart + 4 * index, as: UInt32.self)
                    elements[index] = Float(bitPattern: UInt32(littleEndian: bits))
                }
            }
            return .float32(try Tensor(shape: fields.shape, elements: elements))
        }
    }

    /// Magic, version and header length: (major version, header offset, header length).
    private static func preamble(_ bytes: [UInt8], name: String) throws(TensorError) -> (Int, Int, Int) {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                throw TensorError(
                    "\(name) is a zip archive (an .npz file?), not a .npy file; save each array with np.save")
            }
            throw TensorError(
                "\(name) is not a NumPy .npy file: "
                    + "it does not start with the magic string \\x93NUMPY (write it with np.save)"
            )
        }
        guard bytes.count >= 8 else {
            throw TensorError("\(name) is truncated: it ends inside the .npy preamble (\(bytes.count) bytes)")
        }
        let major = Int(bytes[6])
        let minor = Int(bytes[7])
        guard minor == 0, (1...3).contains(major) else {
            throw TensorError(
                "\(name) has .npy format version \(major).\(minor), which is not supported; "
                    + "versions 1.0, 2.0 and 3.0 are"
            )
        }
        let lengthSize = major == 1 ? 2 : 4
        let headerStart = 8 + lengthSize
        guard bytes.count >= headerStart else {
            throw TensorError("\(name) is truncated: it ends inside the .npy header length (\(bytes.count) bytes)")
        }
        var headerLength = 0
        for offset in stride(from: headerStart - 1, through: 8, by: -1) {
            headerLength = headerLength << 8 | Int(bytes[offset])
        }
        guard bytes.count - headerStart >= headerLength else {
            throw TensorError(
                """
                \(name) is truncated: its header should have \(headerLength) bytes, found \(bytes.count - headerStart)
                """)
        }
        return (major, headerStart, headerLength)
    }

    // MARK: - Writing

    /// The `.npy` file of `tensor`, byte for byte what `np.save` writes:
    /// format 1.0 (2.0 when the header outgrows 64 KiB), data aligned to 64.
    ///
    /// `Float` is stored as `'<f4'`, `Double` as `'<f8'`; another scalar type
    /// as `'<f4'` when float32 holds it exactly (e.g. `Float16`), else `'<f8'`.
    public static func encode<S>(_ tensor: Tensor<S>) -> [UInt8] {
        let single =
            S.self == Float.self
            || (S.self != Double.self && S.exponentBitCount <= 8 && S.significandBitCount <= 23)
        let shapeText =
            tensor.shape.count == 1
            ? "(\(tensor.shape[0]),)"
            : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(single ? "<f4" : "<f8")', 'fortran_order': False, 'shape': \(shapeText), }"
        if let first = tensor.shape.first {
            // NumPy leaves room for the first size to grow to 21 digits.
            header += String(repeating: " ", count: max(0, 21 - String(first).utf8.count))
        }
        let lineLength = header.utf8.count + 1  // with the final newline
        var lengthSize = 2
        var padding = 64 - (magic.count + 2 + lengthSize + lineLength) % 64
        if lineLength + padding > Int(UInt16.max) {
            lengthSize = 4
            padding = 64 - (magic.count + 2 + lengthSize + lineLength) % 64
        }
        let headerLength = lineLength + padding

        var bytes = magic
        bytes.reserveCapacity(magic.count + 2 + lengthSize + headerLength + tensor.count * (single ? 4 : 8))
        bytes += [lengthSize == 2 ? 1 : 2, 0]
        for index in 0..<lengthSize { bytes.append(UInt8(truncatingIfNeeded: headerLength >> (8 * index))) }
        bytes += Array(header.utf8)
        bytes += [UInt8](repeating: 0x20, count: padding)
        bytes.append(0x0A)
        if single {
            tensor.elements.map { Float($0).bitPattern.littleEndian }.withUnsafeBytes { bytes += $0 }
        } else {
            tensor.elements.map { Double($0).bitPattern.littleEndian }.withUnsafeBytes { bytes += $0 }
        }
        return bytes
    }
}

// MARK: - The header dictionary

/// The three fields of a `.npy` header, validated.
private struct HeaderFields {
    var isDouble: Bool
    var fortranOrder: Bool
    var shape: [Int]
    var shapeText: String

    init(_ header: [UInt8], utf8: Bool, name: String) throws(TensorError) {
        var parser = PythonLiteralParser(bytes: header, utf8: utf8, name: name)
        let entries = try parser.parseHeader()
        func malformed(_ problem: String) -> TensorError {
            TensorError(
                "\(name) has a malformed .npy header: \(problem); it should look like "
                    + "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } (header: \(parser.quotedHeader))")
        }

        var values: [String: PythonLiteral] = [:]
        for (key, value) in entries {
            guard ["descr", "fortran_order", "shape"].contains(key) else { throw malformed("unexpected key '\(key)'") }
            guard values[key] == nil else { throw malformed("the key '\(key)' appears twice") }
            values[key] = value
        }
        for key in ["descr", "fortran_order", "shape"] where values[key] == nil {
            throw malformed("the key '\(key)' is missing")
        }

        // shape
        guard case .tuple(let sizes) = values["shape"]! else {
            throw malformed("'shape' must be a tuple of integers such as (3,) or (2, 3), not \(values["shape"]!.text)")
        }
        var shape: [Int] = []
        for size in sizes {
            guard case .integer(let digits) = size else {
                throw malformed("'shape' must be a tuple of integers, but it contains \(size.text)")
            }
            guard let value = Int(digits) else {
                throw TensorError(
                    "\(name) has an absurd shape \(values["shape"]!.text): "
                        + "the size \(digits) does not fit a 64-bit integer"
                )
            }
            guard value >= 0 else {
                throw TensorError("\(name) has an absurd shape \(values["shape"]!.text): the size \(value) is negative")
            }
            shape.append(value)
        }
        self.shape = shape
        shapeText = Tensor<Float>.describe(shape)

        // fortran_order
        guard case .boolean(let fortran) = values["fortran_order"]! else {
            throw malformed("'fortran_order' must be True or False, not \(values["fortran_order"]!.text)")
        }
        fortranOrder = fortran

        // descr
        let descr: String
        switch values["descr"]! {
        case .string(let text): descr = text
        case .list, .tuple:
            throw TensorError(
                """
                \(name) holds a structured (record) array, descr \(values["descr"]!.text), which is not supported; \
                save a plain float32 or float64 array
                """)
        default: throw malformed("'descr' must be a string such as '<f4', not \(values["descr"]!.text)")
        }
        switch descr {
        case "<f4": isDouble = false
        case "<f8": isDouble = true
        default: throw Self.unsupported(descr, name: name)
        }
    }

    /// The error for any descr but '<f4' and '<f8'.
    static func unsupported(_ descr: String, name: String) -> TensorError {
        let order = descr.first
        let hasOrder = order.map { "<>=|".contains($0) } ?? false
        let code = hasOrder ? String(descr.dropFirst()) : descr
        let typeName = numpyTypeName(code)
        if let typeName, typeName == "float32" || typeName == "float64" {
            if order == ">" {
                return TensorError(
                    """
                    \(name) stores big-endian \(typeName) ('\(descr)'), which is not supported; \
                    save it little-endian with array.astype('<\(code)')
                    """)
            }
            return TensorError(
                """
                \(name) stores \(typeName) without a little-endian byte order ('\(descr)'); \
                save it with array.astype('<\(code)')
                """)
        }
        let described = typeName.map { "'\(descr)' (\($0))" } ?? "'\(descr)'"
        return TensorError(
            """
            \(name) has data type \(described), which is not supported; only float32 ('<f4') and float64 ('<f8') are: \
            convert it with array.astype(np.float32)
            """)
    }

    /// NumPy's name for a type code without its byte order: "i4" → "int32".
    static func numpyTypeName(_ code: String) -> String? {
        guard let kind = code.first else { return nil }
        let size = Int(code.dropFirst())
        switch kind {
        case "f": return size.map { $0 == 2 ? "float16" : "float\($0 * 8)" }
        case "i": return size.map { "int\($0 * 8)" }
        case "u": return size.map { "uint\($0 * 8)" }
        case "c": return size.map { "complex\($0 * 8)" }
        case "b": return "bool"
        case "?": return "bool"
        case "O": return "object"
        case "U": return "unicode string"
        case "S", "a": return "byte string"
        case "V": return "void"
        case "M": return "datetime64"
        case "m": return "timedelta64"
        default: return nil
        }
    }
}

/// The Python literals a `.npy` header may contain.
private indirect enum PythonLiteral {
    case string(String)
    case integer(String)  // decimal digits with an optional '-'
    case boolean(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dictionary([(String, PythonLiteral)])

    /// Python's repr, near enough for messages.
    var text: String {
        switch self {
        case .string(let value): "'\(value)'"
        case .integer(let digits): digits
        case .boolean(let value): value ? "True" : "False"
        case .none: "None"
        case .tuple(let items):
            items.count == 1 ? "(\(items[0].text),)" : "(" + items.map(\.text).joined(separator: ", ") + ")"
        case .list(let items): "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .dictionary(let entries): "{" + entries.map { "'\($0.0)': \($0.1.text)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A strict parser for the Python literal syntax of `.npy` headers: strings
/// in either quote, integers, True/False/None, tuples, lists and one
/// dictionary, with trailing commas and whitespace anywhere between tokens.
private struct PythonLiteralParser {
    let bytes: [UInt8]
    let utf8: Bool
    let name: String
    var position = 0
    /// Open brackets around `position`: bounded so that a hostile header
    /// cannot exhaust the stack (a real one nests two deep).
    var depth = 0
    static let maximumDepth = 32

    init(bytes: [UInt8], utf8: Bool, name: String) {
        self.bytes = bytes
        self.utf8 = utf8
        self.name = name
    }

    /// The header as text for messages (at most 200 characters).
    var quotedHeader: String {
        var text = decode(bytes).trimmingWhitespace
        if text.count > 200 { text = String(text.prefix(200)) + "…" }
        return text.debugDescription
    }

    func decode(_ bytes: some Collection<UInt8>) -> String {
        utf8
            ? String(decoding: bytes, as: UTF8.self)
            : String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    func failure(_ problem: String) -> TensorError {
        TensorError(
            "\(name) has a malformed .npy header: \(problem) at byte \(position) of the header "
                + "(header: \(quotedHeader)); "
                + "it should look like {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
        )
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    mutating func skipSpace() {
        while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
    }

    var next: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// The whole header: one dictionary with string keys, then only whitespace.
    mutating func parseHeader() throws(TensorError) -> [(String, PythonLiteral)] {
        skipSpace()
        guard next == UInt8(ascii: "{") else { throw failure("expected '{' to open the dictionary") }
        guard case .dictionary(let entries) = try parseValue() else { throw failure("expected a dictionary") }
        skipSpace()
        guard position == bytes.count else { throw failure("unexpected text after the dictionary") }
        return entries
    }

    mutating func parseValue() throws(TensorError) -> PythonLiteral {
        skipSpace()
        guard let byte = next else { throw failure("the header ends where a value was expected") }
        if [UInt8(ascii: "{"), UInt8(ascii: "("), UInt8(ascii: "[")].contains(byte) {
            guard depth < Self.maximumDepth else {
                throw failure("brackets nested deeper than \(Self.maximumDepth) levels")
            }
            depth += 1
        }
        defer { if [UInt8(ascii: "{"), UInt8(ascii: "("), UInt8(ascii: "[")].contains(byte) { depth -= 1 } }
        switch byte {
        case UInt8(ascii: "{"):
            position += 1
            var entries: [(String, PythonLiteral)] = []
            while true {
                skipSpace()
                if next == UInt8(ascii: "}") {
                    position += 1
                    return .dictionary(entries)
                }
                guard case .string(let key) = try parseValue() else { throw failure("dictionary keys must be strings") }
                skipSpace()
                guard next == UInt8(ascii: ":") else { throw failure("expected ':' after the key '\(key)'") }
                position += 1
                entries.append((key, try parseValue()))
                skipSpace()
                if next == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                guard next == UInt8(ascii: "}") else {
                    throw failure("expected ',' or '}' after the value of '\(key)'")
                }
            }
        case UInt8(ascii: "("), UInt8(ascii: "["):
            let isTuple = byte == UInt8(ascii: "(")
            let close = isTuple ? UInt8(ascii: ")") : UInt8(ascii: "]")
            position += 1
            var items: [PythonLiteral] = []
            var sawComma = false
            while true {
                skipSpace()
                if next == close {
                    position += 1
                    break
                }
                items.append(try parseValue())
                skipSpace()
                if next == UInt8(ascii: ",") {
                    position += 1
                    sawComma = true
                    continue
                }
                guard next == close else {
                    throw failure(
                        "expected ',' or '\(Character(Unicode.Scalar(close)))' in a \(isTuple ? "tuple" : "list")")
                }
            }
            // (x) is x in parentheses, not a tuple.
            if isTuple, items.count == 1, !sawComma { return items[0] }
            return isTuple ? .tuple(items) : .list(items)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try parseString(quote: byte))
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseInteger()
        default:
            let start = position
            while let letter = next, isWordByte(letter) { position += 1 }
            let word = decode(bytes[start..<position])
            switch word {
            case "True": return .boolean(true)
            case "False": return .boolean(false)
            case "None": return .none
            default:
                position = start
                throw failure(
                    word.isEmpty ? "unexpected character \(decode([byte]).debugDescription)" : "unknown name '\(word)'")
            }
        }
    }

    func isWordByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ".")
    }

    mutating func parseString(quote: UInt8) throws(TensorError) -> String {
        let start = position
        position += 1
        var content: [UInt8] = []
        while true {
            guard let byte = next else {
                position = start
                throw failure("unterminated string")
            }
            position += 1
            if byte == quote { return decode(content) }
            if byte == 0x0A {
                position = start
                throw failure("unterminated string")
            }
            if byte == UInt8(ascii: "\\") {
                guard let escaped = next else {
                    position = start
                    throw failure("unterminated string")
                }
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): content.append(0x0A)
                case UInt8(ascii: "t"): content.append(0x09)
                case UInt8(ascii: "r"): content.append(0x0D)
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): content.append(escaped)
                default: content += [byte, escaped]
                }
            } else {
                content.append(byte)
            }
        }
    }

    mutating func parseInteger() throws(TensorError) -> PythonLiteral {
        let start = position
        var negative = false
        if next == UInt8(ascii: "-") || next == UInt8(ascii: "+") {
            negative = next == UInt8(ascii: "-")
            position += 1
            skipSpace()
        }
        let digitsStart = position
        while let byte = next, isWordByte(byte) { position += 1 }
        var token = Array(bytes[digitsStart..<position])
        // Python 2 wrote long integers as 3L.
        if token.count > 1, token.last == UInt8(ascii: "L") || token.last == UInt8(ascii: "l") { token.removeLast() }
        guard !token.isEmpty, token.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            token.count == 1 || token.first != UInt8(ascii: "0") || token.allSatisfy({ $0 == UInt8(ascii: "0") })
        else {
            let found = decode(bytes[start..<max(position, start + 1)])
            position = start
            throw failure("expected an integer, found \(found.debugDescription)")
        }
        var digits = decode(token)
        while digits.count > 1, digits.first == "0" { digits.removeFirst() }
        return .integer(negative && digits != "0" ? "-" + digits : digits)
    }
}
