/// A bad argument or file, reported as one line ("Error: …") and exit code 1.
struct UserInputError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
