/// Rewrites of the command line before ArgumentParser reads it.
enum ArgumentSyntax {
    /// `--name -2` as `--name=-2`: ArgumentParser takes a word starting with
    /// "-" for an option, so a negative value would be reported as a missing
    /// one ("Missing value for '--threads'") instead of reaching the
    /// option's own check. Numbers (`-2`, `-0.5`, `-1/2,0,1`) and `-inf`/
    /// `-nan` count as values; `--` ends the rewriting.
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                result += arguments[index...]
                break
            }
            if argument.hasPrefix("--"), argument.count > 2, !argument.contains("="), index + 1 < arguments.count,
                isNegativeNumber(arguments[index + 1])
            {
                result.append(argument + "=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }

    /// "-2", "-.5", "-1/2,0", "-inf", "-NaN": a minus sign and then a digit,
    /// a point, or infinity or NaN spelled out.
    static func isNegativeNumber(_ text: String) -> Bool {
        guard text.hasPrefix("-"), let next = text.dropFirst().first else { return false }
        if next.isASCII && (next.isNumber || next == ".") { return true }
        let word = text.dropFirst().lowercased()
        return word.hasPrefix("inf") || word.hasPrefix("nan")
    }
}
