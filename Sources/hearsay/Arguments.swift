/// The parsed arguments of one command: positionals, `--option value` pairs, flags and
/// `key=value` scenario overrides.
struct Arguments {
    var positionals: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []
    var overrides: [String] = []

    /// Errors in the command line itself.
    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    /// Splits `arguments`; `valued` lists the options that take a value.
    init(_ arguments: [String], valued: Set<String>, flags allowed: Set<String>) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument.hasPrefix("--") {
                var name = String(argument.dropFirst(2))
                var value: String?
                if let equals = name.firstIndex(of: "=") {
                    value = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                if valued.contains(name) {
                    if value == nil {
                        guard index < arguments.count else {
                            throw UsageError(description: "option --\(name) needs a value")
                        }
                        value = arguments[index]
                        index += 1
                    }
                    options[name] = value
                } else if allowed.contains(name), value == nil {
                    flags.insert(name)
                } else {
                    throw UsageError(description: "unknown option --\(name)")
                }
            } else if argument.contains("="), !argument.hasPrefix("/"), !argument.hasPrefix(".") {
                overrides.append(argument)
            } else {
                positionals.append(argument)
            }
        }
    }

    /// The next step of a command once its command line is read.
    enum Reading {
        /// Go on with these arguments.
        case proceed(Arguments)
        /// Return this exit status: the help was printed, or a usage error with the help.
        case exit(Int32)
    }

    /// Reads the command line of a command that takes one file.
    ///
    /// `--help` prints `help` (exit 0). An unknown option, or another number of files,
    /// prints the problem and `help` (exit 2); `file` names the kind of file expected.
    static func read(
        _ arguments: [String], valued: Set<String>, flags: Set<String>, help: String,
        file: String
    ) -> Reading {
        let parsed: Arguments
        do {
            parsed = try Arguments(arguments, valued: valued, flags: flags.union(["help"]))
        } catch {
            Console.error("\(error)\n\(help)")
            return .exit(2)
        }
        if parsed.flags.contains("help") {
            print(help)
            return .exit(0)
        }
        guard parsed.positionals.count == 1 else {
            // A second word without `=` is most often an override that lost its value.
            let hint =
                parsed.positionals.count > 1
                ? "; an override is written key=value, e.g. rounds=500" : ""
            Console.error("expected one \(file)\(hint)\n\(help)")
            return .exit(2)
        }
        return .proceed(parsed)
    }

    /// Returns option `name` as an integer, or throws naming the option.
    func integer(_ name: String) throws -> Int? {
        guard let text = options[name] else { return nil }
        guard let value = Int(text) else {
            throw UsageError(
                description: "option --\(name) expects a whole number, found `\(text)`")
        }
        return value
    }
}
