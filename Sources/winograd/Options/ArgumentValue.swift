import ArgumentParser

/// A closed set of values named by strings: parsed without regard to case,
/// and listed (from `allCases`, so never by hand) in help and errors.
public protocol ArgumentValue: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

// MARK: - Default implementations

extension ArgumentValue {
    public init?(argument: String) {
        guard
            let value = Self(rawValue: argument)
                ?? Self.allCases.first(where: {
                    $0.rawValue.lowercased() == argument.lowercased()
                })
        else { return nil }
        self = value
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }

    /// "a|b|c", for an option's value name.
    static var choices: String { allValueStrings.joined(separator: "|") }
}

/// A comma-separated list of a closed set's values, such as `float32,float16`.
struct CommaSeparated<Element: ExpressibleByArgument>: ExpressibleByArgument {
    var elements: [Element]

    init(_ elements: [Element]) { self.elements = elements }

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
        let elements = parts.compactMap { Element(argument: String($0)) }
        guard !parts.isEmpty, elements.count == parts.count else { return nil }
        self.elements = elements
    }

    static var allValueStrings: [String] { Element.allValueStrings }

    var defaultValueDescription: String { elements.map(\.defaultValueDescription).joined(separator: ",") }
}

extension CommaSeparated where Element: Equatable {
    /// Refuses a list that names an element twice (`--format float32,float32`):
    /// the run would measure it twice and report it as two configurations.
    func checkDistinct(option: String) throws {
        for (index, element) in elements.enumerated() where elements[..<index].contains(element) {
            let text = element.defaultValueDescription
            throw ValidationError("\(option) names \(text) twice; give each value once")
        }
    }
}
