import Topology

/// Errors of the Scenario module; each description is the message a user reads.
public enum ScenarioError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The file contains no document: it is empty or has only comments.
    case empty(file: String)
    /// The file is not valid YAML or JSON.
    case syntax(file: String, line: Int, column: Int, message: String)
    /// A value is missing, unknown or of the wrong form; `key` is the dotted key path.
    case invalid(file: String, key: String, line: Int?, message: String)
    /// A `key=value` override from the command line is malformed.
    case override(text: String, message: String)
    /// The topology file the scenario names is invalid.
    case topology(TopologyError)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read the scenario: \(reason)"
        case .empty(let file):
            return "\(file): the scenario is empty; expected at least `topology`, `hypotheses`, "
                + "`truth`, `likelihood` and `rounds`"
        case .syntax(let file, let line, let column, let message):
            return "\(file):\(line):\(column): invalid syntax: \(message)"
        case .invalid(let file, let key, let line, let message):
            let place = line.map { "\(file):\($0)" } ?? "\(file) (command line)"
            return "\(place): `\(key)`: \(message)"
        case .override(let text, let message):
            return "invalid override `\(text)`: \(message)"
        case .topology(let error):
            return error.description
        }
    }
}
