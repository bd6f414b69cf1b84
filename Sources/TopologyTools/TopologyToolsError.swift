import Topology

/// Errors of the topology tools. Each description is the message a user sees: what is wrong,
/// on which value, and what to do next.
public enum TopologyToolsError: Error, Equatable, CustomStringConvertible {
    /// A generator or command parameter has an invalid value.
    case invalidParameter(name: String, value: String, expected: String)
    /// A graph model name that no generator has.
    case unknownModel(String)
    /// A file format name, or a file extension, that the tools cannot read or write.
    case unknownFormat(String)
    /// The format can be written but not read (DOT).
    case cannotRead(format: GraphFormat)
    /// A file could not be read.
    case unreadable(path: String, reason: String)
    /// A file could not be written.
    case cannotWrite(path: String, reason: String)
    /// libigraph returned an error.
    case igraph(operation: String, code: Int, reason: String)
    /// The file was read but its content is not a graph the tools accept.
    case invalidGraph(path: String, reason: String)
    /// A line of an adjacency-matrix CSV file is invalid.
    case invalidCSV(path: String, line: Int, reason: String)
    /// An agent name cannot be written as a token of the edge-list format.
    case unrepresentableName(String, reason: String)
    /// The generated graph was not strongly connected after every allowed attempt.
    case notStronglyConnected(model: String, attempts: Int, hint: String)
    /// Given weights are negative, missing or do not sum to 1 for some agents.
    case invalidWeights(path: String, problems: [String])
    /// The converted or edited text is not a valid topology; wraps the parser's error.
    case invalidTopology(TopologyError, source: String)
    /// The requested combination of options cannot be carried out.
    case unsupported(String)
    /// An agent named in an edit is not in the file.
    case unknownAgent(String, path: String)
    /// An agent to be added is already in the file.
    case duplicateAgent(String, path: String)
    /// The edge to be removed is not in the file.
    case noSuchEdge(from: String, to: String, path: String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let expected):
            return "invalid value `\(value)` for \(name): expected \(expected)"
        case .unknownModel(let name):
            return "unknown graph model `\(name)`; valid models are "
                + GraphModel.names.joined(separator: ", ")
        case .unknownFormat(let name):
            return "unknown graph format `\(name)`; valid formats are "
                + GraphFormat.allCases.map(\.rawValue).joined(separator: ", ")
                + " (or use a file extension that names one of them)"
        case .cannotRead(let format):
            return "\(format.rawValue) files can be written but not read; "
                + "convert the graph from GML, GraphML, Pajek, NCOL, LGL or CSV instead"
        case .unreadable(let path, let reason):
            return "cannot read `\(path)`: \(reason)"
        case .cannotWrite(let path, let reason):
            return "cannot write `\(path)`: \(reason)"
        case .igraph(let operation, let code, let reason):
            return "\(operation) failed: \(reason) (igraph error \(code))"
        case .invalidGraph(let path, let reason):
            return "\(path): \(reason)"
        case .invalidCSV(let path, let line, let reason):
            return "\(path):\(line): \(reason)"
        case .unrepresentableName(let name, let reason):
            return "agent name `\(name)` cannot be written to an edge-list file: \(reason); "
                + "rename the node, or pass --renumber to number the agents 1…N"
        case .notStronglyConnected(let model, let attempts, let hint):
            let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
            return "the \(model) graph is not strongly connected after \(tries); \(hint)"
        case .invalidWeights(let path, let problems):
            return "\(path): the weights are not left-stochastic (each agent's incoming weights "
                + "must sum to 1):\n" + problems.map { "  " + $0 }.joined(separator: "\n")
                + "\n  fix: correct the weights, pass --normalize to rescale them (each change "
                + "is logged), or --weights uniform to replace them"
        case .invalidTopology(let error, let source):
            return "\(source) is not a valid topology:\n\(error)"
        case .unsupported(let reason):
            return reason
        case .unknownAgent(let name, let path):
            return "\(path): no agent `\(name)`; check the name, or add it with "
                + "`hearsay topology edit \(path) add-agent \(name)`"
        case .duplicateAgent(let name, let path):
            return "\(path): agent `\(name)` already exists; choose another name"
        case .noSuchEdge(let from, let to, let path):
            return "\(path): no edge \(from) → \(to) to remove; check the two agents and their "
                + "order (in a directed file FROM TO means TO hears FROM)"
        }
    }
}
