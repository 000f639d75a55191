import ArgumentParser
import Winograd

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check transforms in JSON form exactly; exit 0 only when every identity holds.",
        discussion: """
            Reads {"AT": …, "G": …, "BT": …} (optionally with "m", "r", "points"; with "radicand": d, \
            entries and points are a + b·sqrt(d), e.g. "sqrt(2)/2", and the points are required; with \
            "moduli": ["x", "x^2+1", "inf", …], G and BT have N ≥ n rows, the products) or \
            {"dims": d, "axes": [ … ]}. Entries are exact: strings such as "-1/6" or "0.25", or \
            JSON integers; JSON floats are rejected as inexact. For each transform it checks the \
            shapes (AT m×n, G n×r, BT n×n, n = m + r − 1) and Σ_t AT[j][t]·G[t][k]·BT[t][i] = [i = j + k] \
            for every j, k, i, in exact arithmetic.

            Example: winograd derive --m 6 --r 3 --format json | winograd verify -
            """
    )

    @Argument(help: ArgumentHelp("A JSON file, or - for standard input.", valueName: "file"))
    var file: String

    func run() throws {
        let text = try InputFile.readText(file)
        let document: TransformDocument
        do {
            document = try TransformDocument(json: text)
        } catch {
            throw UserInputError("\(InputFile.label(file)): \(error)")
        }
        for entry in document.entries {
            let label = document.dims == nil ? "" : "\(entry.location): "
            switch entry.outcome {
            case .success(let transform):
                print(
                    "\(label)\(transform.name): OK, the identity holds exactly\(transform.fieldDescription) "
                        + "for all \(transform.checkedTriples) (j, k, i)")
            case .failure(.identityFails(let report)):
                print("\(label)F(\(entry.m),\(entry.r)): FAILED: \(report)")
            case .failure(let error):
                print("\(label)F(\(entry.m),\(entry.r)): FAILED: \(error)")
            }
        }
        if let dims = document.dims, document.allHold {
            let ms = document.entries.map { String($0.m) }.joined(separator: "×")
            let rs = document.entries.map { String($0.r) }.joined(separator: "×")
            let name = document.transform?.name ?? "F(\(ms),\(rs))"
            print("\(name): OK, nested \(dims)-D transform is exact (each axis is)")
        }
        if !document.allHold { throw ExitCode.failure }
    }
}
