/// One problem found in a topology file, at a line when it has one.
public struct TopologyDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line number, or nil for a problem of the whole file.
    public var line: Int?
    /// What is wrong.
    public var message: String
    /// How to fix it.
    public var hint: String?

    public init(line: Int?, message: String, hint: String? = nil) {
        self.line = line
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var text = line.map { "line \($0): " } ?? ""
        text += message
        if let hint {
            text += " (\(hint))"
        }
        return text
    }
}

/// Errors of the Topology module: the file cannot be read or holds invalid content.
public enum TopologyError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The file was read and has one or more problems, each with its line.
    case invalid(file: String, problems: [TopologyDiagnostic])

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read the topology file: \(reason)"
        case .invalid(let file, let problems):
            return problems.map { problem in
                let place = problem.line.map { "\(file):\($0)" } ?? file
                var text = "\(place): \(problem.message)"
                if let hint = problem.hint {
                    text += "\n  fix: \(hint)"
                }
                return text
            }.joined(separator: "\n")
        }
    }

    /// The problems listed, one per entry.
    public var problems: [TopologyDiagnostic] {
        switch self {
        case .unreadable(_, let reason): return [TopologyDiagnostic(line: nil, message: reason)]
        case .invalid(_, let problems): return problems
        }
    }
}
