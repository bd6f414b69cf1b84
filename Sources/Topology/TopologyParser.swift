import SocialLearning

/// Reads the plain-text edge-list format described in docs/topology-format.md.
///
/// Header lines `key: value` come first (agents, directed, weights, self_loops, normalize);
/// then one edge per line, `FROM TO [WEIGHT]`, separated by spaces, tabs or commas, with an
/// optional `->` or `--` between the ids. `#` starts a comment. A UTF-8 byte-order mark and
/// CRLF line ends are accepted.
struct TopologyParser {
    let text: String
    let file: String

    private var problems: [TopologyDiagnostic] = []
    private var warnings: [String] = []
    private var directed = false
    private var weightRule: Topology.WeightRule?
    private var selfLoops = Topology.SelfLoopRule.implied
    private var normalize = false
    private var declaredNames: [String]?
    private var seenKeys: [String: Int] = [:]

    init(text: String, file: String) {
        self.text = text
        self.file = file
    }

    private struct RawEdge {
        var from: String
        var to: String
        var weight: Double?
        var line: Int
    }

    mutating func parse() throws -> Topology {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") {
            body = body.dropFirst()
        }
        var rawEdges: [RawEdge] = []
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            var line = rawLine
            if let hash = line.firstIndex(of: "#") {
                line = line[..<hash]
            }
            let content = line.trimmed(" \t")
            guard !content.isEmpty else { continue }
            if let colon = content.firstIndex(of: ":"),
                !content[..<colon].contains(where: { $0 == " " || $0 == "\t" || $0 == "," })
            {
                let key = String(content[..<colon])
                let value = content[content.index(after: colon)...].trimmed(" \t")
                if !rawEdges.isEmpty {
                    problems.append(
                        TopologyDiagnostic(
                            line: number, message: "header line `\(key):` after the first edge",
                            hint: "move every `key: value` line above the edges"))
                    continue
                }
                readHeader(key: key, value: value, line: number)
                continue
            }
            if let edge = readEdge(content, line: number) {
                rawEdges.append(edge)
            }
        }
        let topology = build(rawEdges)
        guard problems.isEmpty, let topology else {
            throw TopologyError.invalid(file: file, problems: problems)
        }
        return topology
    }

    // MARK: - Header

    private mutating func readHeader(key: String, value: String, line: Int) {
        if let previous = seenKeys[key] {
            problems.append(
                TopologyDiagnostic(
                    line: line, message: "`\(key):` is given twice (first on line \(previous))",
                    hint: "keep one of the two lines"))
            return
        }
        seenKeys[key] = line
        switch key {
        case "directed":
            guard let flag = Self.boolean(value) else {
                problems.append(
                    TopologyDiagnostic(
                        line: line, message: "invalid value `\(value)` for `directed:`",
                        hint: "write `directed: true` or `directed: false`"))
                return
            }
            directed = flag
        case "weights":
            guard let rule = Topology.WeightRule(rawValue: value.lowercased()) else {
                problems.append(
                    TopologyDiagnostic(
                        line: line, message: "unknown weight rule `\(value)`",
                        hint: "write `weights: given`, `weights: uniform` or `weights: metropolis`"
                    ))
                return
            }
            weightRule = rule
        case "self_loops", "self-loops":
            guard let rule = Topology.SelfLoopRule(rawValue: value.lowercased()) else {
                problems.append(
                    TopologyDiagnostic(
                        line: line, message: "unknown self-loop rule `\(value)`",
                        hint: "write `self_loops: implied` or `self_loops: explicit`"))
                return
            }
            selfLoops = rule
        case "normalize", "normalise":
            guard let flag = Self.boolean(value) else {
                problems.append(
                    TopologyDiagnostic(
                        line: line, message: "invalid value `\(value)` for `normalize:`",
                        hint: "write `normalize: true` or `normalize: false`"))
                return
            }
            normalize = flag
        case "agents":
            let tokens = Self.tokens(value)
            if tokens.count == 1, let count = Int(tokens[0]) {
                guard count > 0 else {
                    problems.append(
                        TopologyDiagnostic(
                            line: line, message: "`agents: \(count)` declares no agent",
                            hint: "give a positive number of agents or their names"))
                    return
                }
                declaredNames = (1...count).map(String.init)
            } else if tokens.isEmpty {
                problems.append(
                    TopologyDiagnostic(
                        line: line, message: "`agents:` has no value",
                        hint: "write the number of agents (ids 1…N) or their names"))
            } else {
                var seen = Set<String>()
                for name in tokens where !seen.insert(name).inserted {
                    problems.append(
                        TopologyDiagnostic(
                            line: line, message: "agent `\(name)` is declared twice",
                            hint: "list each agent once"))
                }
                declaredNames = tokens
            }
        default:
            problems.append(
                TopologyDiagnostic(
                    line: line, message: "unknown header key `\(key)`",
                    hint: "valid keys are agents, directed, weights, self_loops and normalize"))
        }
    }

    // MARK: - Edges

    private mutating func readEdge(_ content: String, line: Int) -> RawEdge? {
        let tokens = Self.tokens(content).filter { $0 != "->" && $0 != "--" }
        guard tokens.count == 2 || tokens.count == 3 else {
            problems.append(
                TopologyDiagnostic(
                    line: line,
                    message: "expected `FROM TO` or `FROM TO WEIGHT`, found \(tokens.count) fields",
                    hint: "write one edge per line, e.g. `1 2` or `1 2 0.5`"))
            return nil
        }
        var weight: Double?
        if tokens.count == 3 {
            guard let value = Double(tokens[2]), value.isFinite else {
                problems.append(
                    TopologyDiagnostic(
                        line: line, message: "weight `\(tokens[2])` is not a number",
                        hint: "write a decimal number such as 0.25"))
                return nil
            }
            guard value >= 0 else {
                problems.append(
                    TopologyDiagnostic(
                        line: line, message: "negative weight \(tokens[2])",
                        hint: "combination weights must be ≥ 0"))
                return nil
            }
            weight = value
        }
        return RawEdge(from: tokens[0], to: tokens[1], weight: weight, line: line)
    }

    private mutating func build(_ rawEdges: [RawEdge]) -> Topology? {
        let hasWeights = rawEdges.contains { $0.weight != nil }
        let rule = weightRule ?? (hasWeights ? .given : .uniform)
        if rule != .given, let weighted = rawEdges.first(where: { $0.weight != nil }) {
            problems.append(
                TopologyDiagnostic(
                    line: weighted.line,
                    message: "edge has a weight but the file says `weights: \(rule.rawValue)`",
                    hint: "write `weights: given` to use the weights, or drop the weight column"))
        }
        if rule == .given {
            for edge in rawEdges where edge.weight == nil {
                problems.append(
                    TopologyDiagnostic(
                        line: edge.line, message: "edge has no weight but `weights: given`",
                        hint: "add a third column with the weight, or use `weights: uniform`"))
            }
        }
        if rule == .metropolis && directed {
            problems.append(
                TopologyDiagnostic(
                    line: seenKeys["weights"],
                    message: "Metropolis weights need an undirected graph",
                    hint: "write `directed: false`, or use `weights: uniform` or `weights: given`"))
        }
        let names = agentNames(rawEdges)
        guard !names.isEmpty else {
            problems.append(
                TopologyDiagnostic(
                    line: nil, message: "the file declares no agent and no edge",
                    hint: "add `agents: N` and edge lines such as `1 2`"))
            return nil
        }
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() {
            index[name] = position
        }
        var edges: [Topology.Edge] = []
        var firstLine: [Pair: (line: Int, weight: Double?)] = [:]
        for raw in rawEdges {
            guard let from = index[raw.from], let to = index[raw.to] else {
                let unknown = index[raw.from] == nil ? raw.from : raw.to
                problems.append(
                    TopologyDiagnostic(
                        line: raw.line, message: "unknown agent `\(unknown)`",
                        hint: "declare it in the `agents:` line, or correct the id"))
                continue
            }
            let pair = Pair(from: from, to: to, directed: directed)
            if let first = firstLine[pair] {
                if first.weight == raw.weight {
                    warnings.append(
                        "\(file):\(raw.line): duplicate of the edge on line \(first.line); "
                            + "it is counted once")
                } else {
                    problems.append(
                        TopologyDiagnostic(
                            line: raw.line,
                            message: "edge \(raw.from)–\(raw.to) repeats line \(first.line) "
                                + "with another weight",
                            hint: "keep one line per edge"))
                }
                continue
            }
            firstLine[pair] = (raw.line, raw.weight)
            edges.append(Topology.Edge(from: from, to: to, weight: raw.weight, line: raw.line))
        }
        guard problems.isEmpty else { return nil }
        let weights = makeWeights(edges: edges, agentCount: names.count, rule: rule, names: names)
        guard problems.isEmpty else { return nil }
        return Topology(
            file: file, names: names, directed: directed, weightRule: rule, selfLoops: selfLoops,
            edges: edges, weights: weights, warnings: warnings)
    }

    private func agentNames(_ rawEdges: [RawEdge]) -> [String] {
        if let declaredNames { return declaredNames }
        var seen = Set<String>()
        var names: [String] = []
        for edge in rawEdges {
            for name in [edge.from, edge.to] where seen.insert(name).inserted {
                names.append(name)
            }
        }
        // Numeric ids keep their numeric order, so agent "2" comes before agent "10".
        let numbers = names.compactMap { Int($0) }
        if numbers.count == names.count {
            return names.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
        }
        return names
    }

    // MARK: - Weights

    private mutating func makeWeights(
        edges: [Topology.Edge], agentCount: Int, rule: Topology.WeightRule, names: [String]
    ) -> CombinationWeights {
        // incoming[k][ℓ] = (weight or nil, line) for every ℓ that k hears.
        var incoming = [[Int: (weight: Double?, line: Int)]](repeating: [:], count: agentCount)
        for edge in edges {
            incoming[edge.to][edge.from] = (edge.weight, edge.line)
            if !directed {
                incoming[edge.from][edge.to] = (edge.weight, edge.line)
            }
        }
        var result = [[WeightedLink]](repeating: [], count: agentCount)
        switch rule {
        case .uniform:
            for receiver in 0..<agentCount {
                var senders = Set(incoming[receiver].keys)
                if selfLoops == .implied {
                    senders.insert(receiver)
                }
                let share = 1 / Double(max(senders.count, 1))
                result[receiver] = senders.sorted().map { WeightedLink(agent: $0, weight: share) }
            }
        case .metropolis:
            let degree = (0..<agentCount).map { agent in
                incoming[agent].keys.filter { $0 != agent }.count + 1
            }
            for receiver in 0..<agentCount {
                var rest = 1.0
                var links: [WeightedLink] = []
                for sender in incoming[receiver].keys.sorted() where sender != receiver {
                    let weight = 1 / Double(max(degree[receiver], degree[sender]))
                    links.append(WeightedLink(agent: sender, weight: weight))
                    rest -= weight
                }
                links.append(WeightedLink(agent: receiver, weight: max(rest, 0)))
                result[receiver] = links
            }
        case .given:
            for receiver in 0..<agentCount {
                var links = incoming[receiver].keys.sorted().map { sender in
                    WeightedLink(agent: sender, weight: incoming[receiver][sender]?.weight ?? 0)
                }
                let lines = incoming[receiver].values.map(\.line).sorted()
                var total = links.reduce(0.0) { $0 + $1.weight }
                if selfLoops == .implied && incoming[receiver][receiver] == nil {
                    let rest = 1 - total
                    if rest > 1e-12 {
                        links.append(WeightedLink(agent: receiver, weight: rest))
                        total += rest
                    }
                }
                result[receiver] = checkSum(
                    links, total: total, agent: names[receiver], lines: lines)
            }
        }
        return CombinationWeights(incoming: result)
    }

    /// Checks that an agent's incoming weights sum to 1, or rescales them when asked to.
    private mutating func checkSum(
        _ links: [WeightedLink], total: Double, agent: String, lines: [Int]
    ) -> [WeightedLink] {
        let lineList = lines.map(String.init).joined(separator: ", ")
        guard total > 0 else {
            problems.append(
                TopologyDiagnostic(
                    line: lines.first,
                    message: "agent \(agent) has no incoming weight",
                    hint: "add edges into agent \(agent) (a self-loop `\(agent) \(agent) 1` "
                        + "at least)"))
            return links
        }
        guard abs(total - 1) > 1e-9 else { return links }
        if normalize {
            warnings.append(
                "\(file): weights into agent \(agent) summed to \(total) (lines \(lineList)); "
                    + "each was divided by \(total)")
            return links.map { WeightedLink(agent: $0.agent, weight: $0.weight / total) }
        }
        problems.append(
            TopologyDiagnostic(
                line: lines.first,
                message: "weights into agent \(agent) sum to \(Self.format(total)), not 1 "
                    + "(lines \(lineList))",
                hint: "correct the weights, or add `normalize: true` to rescale them"))
        return links
    }

    // MARK: - Helpers

    private struct Pair: Hashable {
        var low: Int
        var high: Int

        init(from: Int, to: Int, directed: Bool) {
            if directed {
                low = from
                high = to
            } else {
                low = min(from, to)
                high = max(from, to)
            }
        }
    }

    static func tokens(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
    }

    static func boolean(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: return nil
        }
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 1e9).rounded() / 1e9
        return "\(rounded)"
    }
}

extension StringProtocol {
    func trimmed(_ set: String) -> String {
        var start = startIndex
        var end = endIndex
        while start < end, set.contains(self[start]) {
            start = index(after: start)
        }
        while end > start, set.contains(self[index(before: end)]) {
            end = index(before: end)
        }
        return String(self[start..<end])
    }
}
