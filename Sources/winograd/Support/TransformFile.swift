import Winograd

/// A --transform file (or - for standard input): a transform in JSON form,
/// as `precision` and `emit` take it, with errors that name the option and
/// the file.
struct TransformFile {
    /// "--transform PATH" (or "--transform standard input").
    let source: String
    let document: TransformDocument

    /// Reads and parses the file; its identities are checked by ``axes()``.
    init(_ path: String) throws {
        source = "--transform \(InputFile.label(path))"
        do {
            document = try TransformDocument(json: try InputFile.readText(path))
        } catch let error as TransformReadError {
            throw UserInputError("\(source): \(error)")
        }
    }

    /// Every axis's verified transform; one Error line for the first that is not exact.
    func axes() throws -> [VerifiedTransform] {
        try document.entries.map { entry in
            switch entry.outcome {
            case .success(let verified): return verified
            case .failure(let error):
                let place = document.dims == nil ? "" : "\(entry.location): "
                throw UserInputError("\(source): \(place)F(\(entry.m),\(entry.r)) is not exact: \(error)")
            }
        }
    }
}
