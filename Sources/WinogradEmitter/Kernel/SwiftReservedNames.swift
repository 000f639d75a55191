/// Names a Swift prefix cannot take: the Swift source declares
/// `public enum PREFIX`, so the prefix is an identifier on its own there
/// (C and GPU names always get a suffix, `int_filter_transform`, so their
/// keywords are fine prefixes).
enum SwiftReservedNames {
    /// The keywords `public enum NAME { }` rejects (checked with swiftc 6: contextual keywords such as `open`,
    /// `await` or `some` are accepted and not listed).
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static",
        "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do",
        "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch", "throw", "where", "while",
        "Any", "as", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "_",
    ]

    /// The standard types the kernels name inside the enum: an enum of that
    /// name would shadow them and the file would not compile.
    static let typesUsed: Set<String> = ["Float", "Double", "Int", "UnsafePointer", "UnsafeMutablePointer"]
}
