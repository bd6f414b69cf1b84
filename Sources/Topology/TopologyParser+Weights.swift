import SocialLearning

extension TopologyParser {
    /// Builds the combination weights a_ℓk by the file's weight rule.
    ///
    /// An undirected edge ℓ – k gives both a_ℓk and a_kℓ. Given weights are checked to sum to
    /// 1 into every agent, or rescaled with a warning when the file sets `normalize: true`.
    mutating func makeWeights(
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
                guard !senders.isEmpty else {
                    let name = names[receiver]
                    problems.append(
                        TopologyDiagnostic(
                            line: nil,
                            message: "agent \(name) has no incoming edge, so uniform weights "
                                + "give it nothing to combine",
                            hint: "add an edge into agent \(name), a self-loop `\(name) "
                                + "\(name)`, or write `self_loops: implied`"))
                    continue
                }
                let share = 1 / Double(senders.count)
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
                guard !uncheckedAgents.contains(receiver) else {
                    result[receiver] = links
                    continue
                }
                result[receiver] = checkSum(
                    links, total: total, agent: names[receiver], lines: lines)
            }
        }
        return CombinationWeights(incoming: result)
    }

    /// Checks that an agent's incoming weights sum to 1, or rescales them when asked to.
    ///
    /// A sum within 1e-9 of 1 is accepted as it is, so that decimal weights such as
    /// 0.1 + 0.2 + 0.7 pass despite binary rounding.
    private mutating func checkSum(
        _ links: [WeightedLink], total: Double, agent: String, lines: [Int]
    ) -> [WeightedLink] {
        let lineList =
            (lines.count == 1 ? "line " : "lines ")
            + lines.map(String.init).joined(separator: ", ")
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
                "\(file): weights into agent \(agent) summed to \(Self.format(total)) "
                    + "(\(lineList)); each was divided by \(Self.format(total))")
            return links.map { WeightedLink(agent: $0.agent, weight: $0.weight / total) }
        }
        problems.append(
            TopologyDiagnostic(
                line: lines.first,
                message: "weights into agent \(agent) sum to \(Self.format(total)), not 1 "
                    + "(\(lineList))",
                hint: "correct the weights, or add `normalize: true` to rescale them"))
        return links
    }
}
