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

extension ArgumentSyntax {
    /// A kind of value that an option without a list of values takes: a
    /// value it accepts (and the kinds before it reject), what a value not
    /// of the kind is, what to give, and for whole numbers the range the
    /// type holds (the option's own check names its narrower one).
    struct ValueKind {
        var probe: String
        var problem: String
        var give: String
        var range: String?
    }

    /// The kinds of the CLI's options' values, each told apart by its probe.
    /// ArgumentParser names none of them: for `--seed -1` it says only "The
    /// value '-1' is invalid for '--seed <seed>'".
    static let valueKinds: [ValueKind] = [
        // ByteCount (--max-memory).
        ValueKind(
            probe: "1K", problem: "is not a size",
            give: "a number of bytes, or one with K, M, G or T (such as 512M or 64G)"),
        // Double.
        ValueKind(probe: "0.5", problem: "is not a number", give: "a number such as 10 or 0.5"),
        // Int.
        ValueKind(
            probe: "-1", problem: "is not a whole number", give: "a whole number",
            range: "from \(Int.min) to \(Int.max)"),
        // UInt64 (seeds): every value the type holds is a seed.
        ValueKind(
            probe: "1", problem: "is not a whole number", give: "a whole number from 0 to \(UInt64.max)",
            range: "from 0 to \(UInt64.max)"),
    ]

    /// ArgumentParser's message when an option's value is not of its type
    /// (`--seed -1`, `--threads x`, `--m 1.5`) as one line naming the option
    /// and the kind of value it takes; nil for any other message.
    ///
    /// The kind is found by parsing `arguments` again (with `parse`, which
    /// returns the error message, or nil when they parse) with the bad value
    /// replaced by each kind's probe: the first probe the option accepts
    /// names its kind.
    static func valueTypeError(_ message: String, arguments: [String], parse: ([String]) -> String?) -> String? {
        guard let (value, option) = invalidValue(message) else { return nil }
        for kind in valueKinds {
            guard let probed = replacing(value, of: option, with: kind.probe, in: arguments) else { return nil }
            if let error = parse(probed), let rejected = invalidValue(error), rejected == (kind.probe, option) {
                continue
            }
            if let range = kind.range, value.wholeMatch(of: /[+-]?[0-9]+/) != nil {
                return "Error: \(option) '\(value)' is out of range; give a whole number \(range)"
            }
            return "Error: \(option) '\(value)' \(kind.problem); give \(kind.give)"
        }
        return nil
    }

    /// The value and the option of "The value 'v' is invalid for '--option
    /// <name>'" with nothing after it on its line (no list of values, no
    /// reason).
    static func invalidValue(_ message: String) -> (value: String, option: String)? {
        let line = message.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard let match = line.wholeMatch(of: /(?:Error: )?The value '(.*)' is invalid for '(-[^ ']+) <[^>]*>'/)
        else { return nil }
        return (String(match.1), String(match.2))
    }

    /// `arguments` with `option`'s value `value` (`--option value` or
    /// `--option=value`) replaced by `replacement`; nil when it is not there.
    static func replacing(_ value: String, of option: String, with replacement: String, in arguments: [String])
        -> [String]?
    {
        var result = arguments
        var found = false
        for index in result.indices {
            if result[index] == option + "=" + value {
                result[index] = option + "=" + replacement
                found = true
            } else if result[index] == option, index + 1 < result.count, result[index + 1] == value {
                result[index + 1] = replacement
                found = true
            }
        }
        return found ? result : nil
    }
}
