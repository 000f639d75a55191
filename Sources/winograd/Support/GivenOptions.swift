import ArgumentParser
import Winograd

/// The long options named on the process's command line. ArgumentParser
/// fills a property with a default the same whether its option was given
/// or not; a check that an option was given at all (`emit --all` with
/// `--language c`) or given twice reads the command line itself.
enum GivenOptions {
    /// Each `--name` or `--name=value` before `--`, in order, repeats kept.
    static func names(in arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> [String] {
        var names: [String] = []
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("--"), argument.count > 2 else { continue }
            names.append(String(argument.prefix { $0 != "=" }))
        }
        return names
    }

    /// Those of `options` the command line names, each once, in `options`' order.
    static func given(_ options: [String]) -> [String] {
        let named = Set(names())
        return options.filter(named.contains)
    }
}

extension GivenOptions {
    /// Refuses an option that takes one value given more than once
    /// (`derive --m 4 --m 6`): ArgumentParser keeps the last one silently.
    /// Which options take one value comes from ArgumentParser's own
    /// description of `command` (the JSON of `--experimental-dump-help`),
    /// so a new list option (`--points`, `--layer`) needs no entry here.
    static func checkRepeats(in arguments: [String], of command: any ParsableCommand.Type) throws {
        let single = singleValueOptions(command)
        var seen: Set<String> = []
        for name in names(in: arguments) where single.contains(name) && !seen.insert(name).inserted {
            throw UserInputError("\(name) is given more than once; it takes one value, so give it once")
        }
    }

    /// The long names of `command`'s options that are not repeating.
    static func singleValueOptions(_ command: any ParsableCommand.Type) -> Set<String> {
        guard let root = try? JSONParser.parse(command._dumpHelp()),
            case .array(let arguments)? = root["command"]?["arguments"]
        else { return [] }
        var result: Set<String> = []
        for argument in arguments {
            guard case .string("option")? = argument["kind"], case .bool(false)? = argument["isRepeating"],
                case .array(let names)? = argument["names"]
            else { continue }
            for name in names {
                if case .string("long")? = name["kind"], case .string(let text)? = name["name"] {
                    result.insert("--" + text)
                }
            }
        }
        return result
    }
}
