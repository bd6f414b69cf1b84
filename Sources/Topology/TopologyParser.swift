import Foundation
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

    var problems: [TopologyDiagnostic] = []
    var warnings: [String] = []
    var directed = false
    private var weightRule: Topology.WeightRule?
    var selfLoops = Topology.SelfLoopRule.implied
    var normalize = false
    private var declaredNames: [String]?
    private var seenKeys: [String: Int] = [:]
    /// True when a header line or an edge line could not be read. The weights are then not
    /// built, since they might differ from what the author meant, but every line is checked.
    private var isIncomplete = false
    /// Number of lines that look like edges, readable or not.
    private var edgeLineCount = 0
    /// Agents that an edge with a rejected weight or agent points into. Their incoming
    /// weights are not summed, because the sum would repeat a problem already listed.
    var uncheckedAgents = Set<Int>()

    init(text: String, file: String) {
        self.text = text
        self.file = file
    }

    private struct RawEdge {
        var from: String
        var to: String
        /// The weight, when the third column is a valid one.
        var weight: Double?
        /// True when the line has a third column, valid or not.
        var hasWeightColumn: Bool
        /// False when the weight column was rejected: the edge names its agents but adds no
        /// weight.
        var isUsable: Bool
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
            if let problem = Self.invisibleCharacter(in: line, line: number) {
                problems.append(problem)
                isIncomplete = true
                if !content.contains(":") {
                    edgeLineCount += 1
                }
                continue
            }
            if let colon = content.firstIndex(of: ":"),
                !content[..<colon].contains(where: { $0 == " " || $0 == "\t" || $0 == "," })
            {
                let key = String(content[..<colon])
                let value = content[content.index(after: colon)...].trimmed(" \t")
                if edgeLineCount > 0 {
                    problems.append(
                        TopologyDiagnostic(
                            line: number, message: "header line `\(key):` after the first edge",
                            hint: "move every `key: value` line above the edges"))
                    isIncomplete = true
                    continue
                }
                let known = problems.count
                readHeader(key: key, value: value, line: number)
                if problems.count > known {
                    isIncomplete = true
                }
                continue
            }
            edgeLineCount += 1
            if let edge = readEdge(content, line: number) {
                rawEdges.append(edge)
            }
        }
        let topology = build(rawEdges)
        guard problems.isEmpty, let topology else {
            throw TopologyError.invalid(file: file, problems: problemsInLineOrder)
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
            if tokens.count == 1, Self.looksNumeric(tokens[0]), Int(tokens[0]) == nil {
                let isDigits = tokens[0].allSatisfy { $0.isASCII && $0.isNumber }
                problems.append(
                    TopologyDiagnostic(
                        line: line,
                        message: isDigits
                            ? "`agents: \(tokens[0])` is more than the "
                                + "\(Topology.maximumAgentCount) agents a file may declare"
                            : "`agents: \(tokens[0])` is not a whole number",
                        hint: isDigits
                            ? "check the number; larger networks are not supported"
                            : "expected a whole number written in digits, such as "
                                + "`agents: 1000`, or the agents' names"))
                return
            }
            if tokens.count == 1, let count = Int(tokens[0]) {
                guard count > 0 else {
                    problems.append(
                        TopologyDiagnostic(
                            line: line, message: "`agents: \(count)` declares no agent",
                            hint: "give a positive number of agents or their names"))
                    return
                }
                // The limit catches a mistyped count before it allocates billions of ids.
                guard count <= Topology.maximumAgentCount else {
                    problems.append(
                        TopologyDiagnostic(
                            line: line,
                            message: "`agents: \(count)` is more than the "
                                + "\(Topology.maximumAgentCount) agents a file may declare",
                            hint: "check the number; larger networks are not supported"))
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
        let allTokens = Self.tokens(content)
        let arrows = allTokens.indices.filter { ["->", "--"].contains(allTokens[$0]) }
        if arrows.count > 1 || arrows.contains(where: { $0 != 1 }) {
            problems.append(
                TopologyDiagnostic(
                    line: line,
                    message: "`->` or `--` may stand only between the two ids of one edge, "
                        + "found \(arrows.count) on this line",
                    hint: "write one edge per line, e.g. `1 -> 2` or `1 -> 2 0.5`"))
            isIncomplete = true
            return nil
        }
        let tokens = allTokens.filter { $0 != "->" && $0 != "--" }
        guard tokens.count == 2 || tokens.count == 3 else {
            var message = "expected `FROM TO` or `FROM TO WEIGHT`, found \(tokens.count) "
            message += tokens.count == 1 ? "field" : "fields"
            if tokens.count > 3 {
                message +=
                    "; extra: " + tokens.dropFirst(3).map { "`\($0)`" }.joined(separator: " ")
            }
            problems.append(
                TopologyDiagnostic(
                    line: line, message: message,
                    hint: "write one edge per line, e.g. `1 2` or `1 2 0.5`"))
            isIncomplete = true
            return nil
        }
        var edge = RawEdge(
            from: tokens[0], to: tokens[1], weight: nil, hasWeightColumn: tokens.count == 3,
            isUsable: true, line: line)
        guard tokens.count == 3 else { return edge }
        guard Self.isDecimal(tokens[2]), let value = Double(tokens[2]), value.isFinite else {
            problems.append(
                TopologyDiagnostic(
                    line: line, message: "weight `\(tokens[2])` is not a decimal number",
                    hint: "write a decimal number such as 0.25"))
            edge.isUsable = false
            return edge
        }
        guard value >= 0 else {
            problems.append(
                TopologyDiagnostic(
                    line: line, message: "negative weight \(tokens[2])",
                    hint: "combination weights must be ≥ 0"))
            edge.isUsable = false
            return edge
        }
        edge.weight = value
        return edge
    }

    private mutating func build(_ rawEdges: [RawEdge]) -> Topology? {
        let hasWeights = rawEdges.contains { $0.hasWeightColumn }
        let rule = weightRule ?? (hasWeights ? .given : .uniform)
        if rule != .given, let weighted = rawEdges.first(where: { $0.hasWeightColumn }) {
            problems.append(
                TopologyDiagnostic(
                    line: weighted.line,
                    message: "edge has a weight but the file says `weights: \(rule.rawValue)`",
                    hint: "write `weights: given` to use the weights, or drop the weight column"))
        }
        if rule == .metropolis && directed {
            problems.append(
                TopologyDiagnostic(
                    line: seenKeys["weights"],
                    message: "Metropolis weights need an undirected graph",
                    hint: "write `directed: false`, or use `weights: uniform` or `weights: given`"))
            isIncomplete = true
        }
        let names = agentNames(rawEdges)
        guard !names.isEmpty else {
            // Edge lines that could not be read already have their own problem.
            if edgeLineCount == 0 {
                problems.append(
                    TopologyDiagnostic(
                        line: nil, message: "the file declares no agent and no edge",
                        hint: "add `agents: N` and edge lines such as `1 2`"))
            }
            return nil
        }
        let edges = resolveEdges(rawEdges, names: names, rule: rule)
        // Weights built from a misread header or an unreadable line would only add
        // problems that the first ones cause.
        guard !isIncomplete else { return nil }
        let weights = makeWeights(edges: edges, agentCount: names.count, rule: rule, names: names)
        guard problems.isEmpty else { return nil }
        return Topology(
            file: file, names: names, directed: directed, weightRule: rule, selfLoops: selfLoops,
            edges: edges, weights: weights, warnings: warnings)
    }

    /// Maps agent ids to dense indices and applies the duplicate rule: an exact repeat is
    /// counted once with a warning, a repeat with another weight is a problem.
    private mutating func resolveEdges(
        _ rawEdges: [RawEdge], names: [String], rule: Topology.WeightRule
    ) -> [Topology.Edge] {
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() {
            index[name] = position
        }
        var edges: [Topology.Edge] = []
        var firstLine: [Pair: (line: Int, weight: Double?)] = [:]
        for raw in rawEdges {
            let from = index[raw.from]
            let to = index[raw.to]
            guard let from, let to else {
                let unknown = from == nil ? raw.from : raw.to
                problems.append(
                    TopologyDiagnostic(
                        line: raw.line, message: "unknown agent `\(unknown)`",
                        hint: "declare it in the `agents:` line, or correct the id"))
                skipSums(into: to, from: from)
                continue
            }
            guard raw.isUsable else {
                skipSums(into: to, from: from)
                continue
            }
            if rule == .given && !raw.hasWeightColumn {
                problems.append(missingWeight(on: raw.line, rawEdges: rawEdges))
                skipSums(into: to, from: from)
                continue
            }
            let pair = Pair(from: from, to: to, directed: directed)
            if let first = firstLine[pair] {
                if first.weight == raw.weight {
                    warnings.append(
                        "\(file):\(raw.line): duplicate of the edge on line \(first.line); "
                            + "it is counted once")
                } else {
                    let hint =
                        directed
                        ? "keep one line per edge"
                        : "keep one line per edge; in an undirected file `\(raw.from) "
                            + "\(raw.to)` and `\(raw.to) \(raw.from)` are the same edge"
                    problems.append(
                        TopologyDiagnostic(
                            line: raw.line,
                            message: "edge \(raw.from)–\(raw.to) repeats line \(first.line) "
                                + "with another weight",
                            hint: hint))
                    skipSums(into: to, from: from)
                }
                continue
            }
            firstLine[pair] = (raw.line, raw.weight)
            edges.append(Topology.Edge(from: from, to: to, weight: raw.weight, line: raw.line))
        }
        return edges
    }

    /// Builds the problem of an edge without a weight in a file of given weights, which the
    /// header declares or the weight column of another line implies.
    private func missingWeight(on line: Int, rawEdges: [RawEdge]) -> TopologyDiagnostic {
        guard weightRule == nil, let weighted = rawEdges.first(where: \.hasWeightColumn) else {
            return TopologyDiagnostic(
                line: line, message: "edge has no weight but `weights: given`",
                hint: "add a third column with the weight, or use `weights: uniform`")
        }
        return TopologyDiagnostic(
            line: line,
            message: "edge has no weight, but line \(weighted.line) has one, so the weights "
                + "are given",
            hint: "give every edge a weight, or none for uniform weights")
    }

    /// Leaves out of the weight sums the agents that a rejected edge points into (both ends
    /// when the file is undirected).
    private mutating func skipSums(into receiver: Int?, from sender: Int?) {
        if let receiver {
            uncheckedAgents.insert(receiver)
        }
        if !directed, let sender {
            uncheckedAgents.insert(sender)
        }
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

    // MARK: - Helpers

    /// The problems sorted by line, those of the whole file last, each group in the order
    /// found.
    private var problemsInLineOrder: [TopologyDiagnostic] {
        problems.enumerated().sorted { first, second in
            let a = first.element.line ?? Int.max
            let b = second.element.line ?? Int.max
            return a != b ? a < b : first.offset < second.offset
        }.map(\.element)
    }

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

    /// True for a number in decimal notation, such as `0.25`, `.5`, `1e-3` or `+2`; false
    /// for the hexadecimal, `inf` and `nan` forms that `Double(_:)` also reads.
    static func isDecimal(_ text: String) -> Bool {
        var characters = Substring(text)
        if let sign = characters.first, sign == "+" || sign == "-" {
            characters = characters.dropFirst()
        }
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        let mantissaEnd = characters.firstIndex { $0 == "e" || $0 == "E" } ?? characters.endIndex
        let mantissa = characters[..<mantissaEnd]
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(isDigit) }),
            parts.contains(where: { !$0.isEmpty })
        else { return false }
        guard mantissaEnd < characters.endIndex else { return true }
        var exponent = characters[characters.index(after: mantissaEnd)...]
        if let sign = exponent.first, sign == "+" || sign == "-" {
            exponent = exponent.dropFirst()
        }
        return !exponent.isEmpty && exponent.allSatisfy(isDigit)
    }

    /// True when a value starts like a number: a digit, or a sign or point before one.
    static func looksNumeric(_ text: String) -> Bool {
        let start = text.drop { $0 == "+" || $0 == "-" || $0 == "." }
        return start.first.map { $0.isASCII && $0.isNumber } ?? false
    }

    /// Finds a control character (C0, C1, NUL) or an invisible format character (a byte-order
    /// mark, zero-width space or joiner, soft hyphen, direction mark) in a line, which would
    /// otherwise become an invisible part of an id. Tabs separate fields and are allowed.
    static func invisibleCharacter(in line: Substring, line number: Int) -> TopologyDiagnostic? {
        for (offset, scalar) in line.unicodeScalars.enumerated() {
            let value = scalar.value
            let isControl = (value < 0x20 && value != 0x09) || (0x7F...0x9F).contains(value)
            guard isControl || scalar.properties.generalCategory == .format else { continue }
            let code = "U+" + String(format: "%04X", value)
            let name = value == 0 ? " (NUL)" : value == 0xFEFF ? " (byte-order mark)" : ""
            return TopologyDiagnostic(
                line: number,
                message: "invisible character \(code)\(name) at column \(offset + 1)",
                hint: "delete it; ids and values must be visible text (a byte-order mark is "
                    + "allowed only at the very start of the file)")
        }
        return nil
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
