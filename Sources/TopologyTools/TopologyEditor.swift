import Topology

/// Edits an edge-list file line by line, keeping its comments, blank lines, byte-order mark
/// and line ends, then validates the result with the topology parser.
///
/// A removed edge line that carries a comment leaves the comment on a line of its own.
public struct TopologyEditor {
    /// The file name used in messages.
    public let file: String
    /// One sentence per change made, for the log.
    public private(set) var changes: [String] = []

    private var lines: [String]
    private let lineEnd: String
    private let byteOrderMark: Bool
    private let finalLineEnd: Bool

    /// Starts editing `text`; the text need not be valid yet (an edit may repair it).
    public init(text: String, file: String) {
        self.file = file
        var body = Substring(text)
        byteOrderMark = body.hasPrefix("\u{FEFF}")
        if byteOrderMark {
            body = body.dropFirst()
        }
        lineEnd = body.contains("\r\n") ? "\r\n" : "\n"
        finalLineEnd = body.isEmpty || body.hasSuffix("\n")
        var split = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map(String.init)
        if finalLineEnd && !split.isEmpty {
            split.removeLast()
        }
        lines = split
    }

    /// The edited text, with the original byte-order mark and line ends.
    public var text: String {
        var result = byteOrderMark ? "\u{FEFF}" : ""
        result += lines.joined(separator: lineEnd)
        if finalLineEnd && !lines.isEmpty {
            result += lineEnd
        }
        return result
    }

    /// Parses the edited text, throwing the parser's problems when it is not valid.
    public func validated() throws -> Topology {
        do {
            return try Topology.parse(text, file: file)
        } catch let error as TopologyError {
            throw TopologyToolsError.invalidTopology(error, source: "the edited \(file)")
        }
    }

    // MARK: - Edits

    /// Appends the edge `from` → `to` (with a weight column when `weight` is given).
    public mutating func addEdge(from: String, to: String, weight: Double? = nil) throws {
        try TopologyDocument.validateName(from)
        try TopologyDocument.validateName(to)
        if agentsHeader != nil {
            let known = Set(agentNames())
            for name in [from, to] where !known.contains(name) {
                throw TopologyToolsError.unknownAgent(name, path: file)
            }
        }
        if let existing = edgeLines(matching: from, to).first {
            throw TopologyToolsError.unsupported(
                "\(file):\(existing + 1): the edge \(from) → \(to) already exists; remove it "
                    + "first, or change its weight on that line")
        }
        var line = "\(from) \(to)"
        if let weight {
            line += " " + TopologyDocument.format(weight)
        }
        let position = (lastEdgeLine().map { $0 + 1 }) ?? lines.count
        lines.insert(line, at: position)
        changes.append("added edge \(from) → \(to) at line \(position + 1)")
    }

    /// Removes every line of the edge `from` → `to` (either order in an undirected file).
    public mutating func removeEdge(from: String, to: String) throws {
        let matches = edgeLines(matching: from, to)
        guard !matches.isEmpty else {
            throw TopologyToolsError.noSuchEdge(from: from, to: to, path: file)
        }
        for index in matches.reversed() {
            changes.append("removed edge \(from) → \(to) from line \(index + 1)")
            removeLineKeepingComment(index)
        }
    }

    /// Adds an agent without edges to other agents (listed on the `agents:` line).
    ///
    /// In a file with given weights and explicit self-loops the agent also gets the line
    /// `NAME NAME 1`, because an agent without incoming weight makes the file invalid.
    public mutating func addAgent(_ name: String) throws {
        try TopologyDocument.validateName(name)
        var names = agentNames()
        guard !names.contains(name) else {
            throw TopologyToolsError.duplicateAgent(name, path: file)
        }
        names.append(name)
        setAgents(names)
        changes.append("added agent \(name)")
        let selfLoops = headerLine("self_loops").map { Self.headerValue(lines[$0]) }
        if hasGivenWeights && selfLoops?.lowercased() == "explicit" {
            let position = (lastEdgeLine().map { $0 + 1 }) ?? lines.count
            lines.insert("\(name) \(name) 1", at: position)
            changes.append("added self-loop line \(name) \(name) 1 at line \(position + 1)")
        }
    }

    /// True when the file has `weights: given`, or no `weights:` line and a weight column.
    private var hasGivenWeights: Bool {
        if let index = headerLine("weights") {
            return Self.headerValue(lines[index]).lowercased() == "given"
        }
        return lines.contains { line in
            if case .edge(let tokens) = Self.classify(line) { return tokens.count >= 3 }
            return false
        }
    }

    /// Removes an agent and every edge line that names it.
    public mutating func removeAgent(_ name: String) throws {
        var names = agentNames()
        guard let position = names.firstIndex(of: name) else {
            throw TopologyToolsError.unknownAgent(name, path: file)
        }
        for index in lines.indices.reversed() {
            guard case .edge(let tokens) = Self.classify(lines[index]) else { continue }
            if tokens.count >= 2 && (tokens[0].text == name || tokens[1].text == name) {
                changes.append(
                    "removed edge \(tokens[0].text) → \(tokens[1].text) from line "
                        + "\(index + 1)")
                removeLineKeepingComment(index)
            }
        }
        names.remove(at: position)
        if agentsHeader != nil {
            setAgents(names)
        }
        changes.append("removed agent \(name)")
    }

    /// Switches the file to weight rule `rule`.
    ///
    /// `uniform` and `metropolis` drop the weight column. `given` writes the current
    /// combination weights a_ℓk into it, so that they can be edited by hand. For `given` the
    /// file must be valid first, and an undirected file takes only symmetric weights.
    public mutating func reweight(_ rule: Topology.WeightRule) throws {
        switch rule {
        case .uniform, .metropolis:
            for index in lines.indices {
                guard case .edge(let tokens) = Self.classify(lines[index]), tokens.count >= 3
                else { continue }
                let line = lines[index]
                lines[index] =
                    String(line[..<tokens[1].range.upperBound])
                    + String(line[tokens[2].range.upperBound...])
            }
        case .given:
            try writeWeights()
        }
        setHeader("weights", rule.rawValue)
        changes.append("set `weights: \(rule.rawValue)`")
    }

    // MARK: - Lines

    /// One token of a line with its place in the line.
    private struct Token {
        var text: String
        var range: Range<String.Index>
    }

    private enum LineKind {
        case other
        case header(key: String)
        case edge([Token])
    }

    /// Classifies a line the way the parser does: `#` starts a comment, `key: value` with no
    /// separator before the colon is a header, anything else is an edge.
    private static func classify(_ line: String) -> LineKind {
        let content = line[..<(line.firstIndex(of: "#") ?? line.endIndex)]
        var tokens: [Token] = []
        var index = content.startIndex
        while index < content.endIndex {
            if " \t,".contains(content[index]) {
                index = content.index(after: index)
                continue
            }
            let start = index
            while index < content.endIndex, !" \t,".contains(content[index]) {
                index = content.index(after: index)
            }
            tokens.append(Token(text: String(content[start..<index]), range: start..<index))
        }
        guard let first = tokens.first else { return .other }
        if let colon = first.text.firstIndex(of: ":") {
            return .header(key: String(first.text[..<colon]))
        }
        return .edge(tokens.filter { $0.text != "->" && $0.text != "--" })
    }

    private var directed: Bool {
        guard let index = headerLine("directed") else { return false }
        let value = Self.headerValue(lines[index]).lowercased()
        return ["true", "yes", "1"].contains(value)
    }

    private var agentsHeader: Int? { headerLine("agents") }

    private func headerLine(_ key: String) -> Int? {
        let keys = key == "self_loops" ? ["self_loops", "self-loops"] : [key]
        return lines.indices.first { index in
            if case .header(let found) = Self.classify(lines[index]) {
                return keys.contains(found)
            }
            return false
        }
    }

    private static func headerValue(_ line: String) -> String {
        let content = line[..<(line.firstIndex(of: "#") ?? line.endIndex)]
        guard let colon = content.firstIndex(of: ":") else { return "" }
        return content[content.index(after: colon)...].trimmingSpaces()
    }

    /// Returns the agent names in the order the parser gives them.
    private func agentNames() -> [String] {
        if let index = agentsHeader {
            let tokens = Self.headerValue(lines[index]).split(whereSeparator: {
                " \t,".contains($0)
            })
            .map(String.init)
            if tokens.count == 1, let count = Int(tokens[0]), count > 0 {
                return (1...count).map(String.init)
            }
            return tokens
        }
        var seen = Set<String>()
        var names: [String] = []
        for line in lines {
            guard case .edge(let tokens) = Self.classify(line) else { continue }
            for token in tokens.prefix(2) where seen.insert(token.text).inserted {
                names.append(token.text)
            }
        }
        if names.allSatisfy({ Int($0) != nil }) {
            return names.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
        }
        return names
    }

    private func edgeLines(matching from: String, _ to: String) -> [Int] {
        let undirected = !directed
        return lines.indices.filter { index in
            guard case .edge(let tokens) = Self.classify(lines[index]), tokens.count >= 2 else {
                return false
            }
            let (a, b) = (tokens[0].text, tokens[1].text)
            return (a == from && b == to) || (undirected && a == to && b == from)
        }
    }

    private func lastEdgeLine() -> Int? {
        lines.indices.last { index in
            if case .edge = Self.classify(lines[index]) { return true }
            return false
        }
    }

    private mutating func removeLineKeepingComment(_ index: Int) {
        if let hash = lines[index].firstIndex(of: "#") {
            lines[index] = String(lines[index][hash...])
        } else {
            lines.remove(at: index)
        }
    }

    /// Writes `agents: N` when the names are 1…N, else the list of names.
    private mutating func setAgents(_ names: [String]) {
        let numbered = names.enumerated().allSatisfy { $0.element == String($0.offset + 1) }
        let value = numbered ? "\(names.count)" : names.joined(separator: " ")
        setHeader("agents", value)
    }

    /// Replaces the value of header `key`, keeping a trailing comment, or inserts the header
    /// above the first edge line.
    private mutating func setHeader(_ key: String, _ value: String) {
        if let index = headerLine(key) {
            let line = lines[index]
            let comment = line.firstIndex(of: "#").map { "  " + line[$0...] } ?? ""
            let written = line[..<(line.firstIndex(of: ":") ?? line.endIndex)]
            lines[index] = "\(written): \(value)\(comment)"
            return
        }
        let firstEdge = lines.indices.first { index in
            if case .edge = Self.classify(lines[index]) { return true }
            return false
        }
        lines.insert("\(key): \(value)", at: firstEdge ?? lines.count)
    }

    /// Puts a_ℓk in the weight column of every edge line, and adds self-loop lines for the
    /// self-weights that the file's rules would not give back.
    private mutating func writeWeights() throws {
        let topology = try validated()
        let weights = topology.weights
        var hasLoopLine = [Bool](repeating: false, count: topology.agentCount)
        for index in lines.indices {
            guard case .edge(let tokens) = Self.classify(lines[index]), tokens.count >= 2,
                let from = topology.index(of: tokens[0].text),
                let to = topology.index(of: tokens[1].text)
            else { continue }
            let weight = weights.weight(from: from, to: to)
            if !topology.directed && abs(weight - weights.weight(from: to, to: from)) > 1e-12 {
                throw TopologyToolsError.unsupported(
                    "\(file):\(index + 1): \(tokens[1].text) gives \(tokens[0].text) weight "
                        + "\(TopologyReport.format(weight)) but the reverse weight differs, so "
                        + "one undirected line cannot hold both; make the file directed, or use "
                        + "Metropolis weights, which are symmetric")
            }
            if from == to {
                hasLoopLine[from] = true
            }
            let line = lines[index]
            let text = TopologyDocument.format(weight)
            if tokens.count >= 3 {
                lines[index] = line.replacingCharacters(in: tokens[2].range, with: text)
            } else {
                let end = tokens[1].range.upperBound
                lines[index] = String(line[..<end]) + " " + text + String(line[end...])
            }
        }
        guard topology.selfLoops == .explicit else { return }
        var position = (lastEdgeLine().map { $0 + 1 }) ?? lines.count
        for agent in 0..<topology.agentCount where !hasLoopLine[agent] {
            let own = weights.selfWeight(of: agent)
            guard own > 0 else { continue }
            let name = topology.names[agent]
            lines.insert("\(name) \(name) \(TopologyDocument.format(own))", at: position)
            position += 1
            changes.append("added self-loop line \(name) \(name) with a_kk = \(own)")
        }
    }
}
