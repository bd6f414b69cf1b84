import Topology

extension TopologyDocument {
    /// Problems with the weight column of a `weights: given` document, one sentence each,
    /// naming agents rather than lines, so that a file converted from another format gets
    /// messages in its own terms. Empty for other rules and for `normalize: true`.
    ///
    /// The rules match the edge-list parser: an undirected edge's weight counts for both ends,
    /// and with `self_loops: implied` an agent without a self-loop line takes the rest of its
    /// weight as its self-weight. Unlike the parser, which stops at the first negative weight,
    /// this lists every problem at once.
    public func weightProblems() -> [String] {
        guard weightRule == .given, !normalize else { return [] }
        var problems: [String] = []
        var incoming = [[(sender: Int, weight: Double)]](repeating: [], count: agentCount)
        var hasLoop = [Bool](repeating: false, count: agentCount)
        var seen = Set<[Int]>()
        for edge in edges {
            guard let weight = edge.weight else { continue }
            let key = directed ? [edge.from, edge.to] : [edge.from, edge.to].sorted()
            guard seen.insert(key).inserted else { continue }
            if weight < 0 {
                problems.append(
                    "edge \(names[edge.from]) → \(names[edge.to]) has negative weight "
                        + "\(Self.format(weight)); combination weights must be ≥ 0")
            }
            incoming[edge.to].append((edge.from, weight))
            if edge.from == edge.to {
                hasLoop[edge.from] = true
            } else if !directed {
                incoming[edge.from].append((edge.to, weight))
            }
        }
        for agent in 0..<agentCount {
            let total = incoming[agent].reduce(0) { $0 + $1.weight }
            if selfLoops == .implied && !hasLoop[agent] && total <= 1 + 1e-9 {
                continue
            }
            if incoming[agent].isEmpty {
                problems.append(
                    "agent \(names[agent]) has no incoming weight; add edges into it (a "
                        + "self-loop with weight 1 at least)")
            } else if abs(total - 1) > 1e-9 {
                let terms = incoming[agent].prefix(8).map {
                    "\(names[$0.sender]) \(Self.format($0.weight))"
                }
                let more = incoming[agent].count > 8 ? ", …" : ""
                problems.append(
                    "weights into agent \(names[agent]) sum to "
                        + "\(TopologyReport.format(total)), not 1 (from "
                        + terms.joined(separator: ", ") + more + ")")
            }
        }
        return problems
    }

    /// For a `normalize: true` document with given weights: the agents whose incoming weights
    /// cannot be rescaled, because their sum overflows to infinity or is so small (below
    /// 2.2e-308, a subnormal number) that dividing by it loses the weights' ratios. Rescaling
    /// such an agent gives infinite or zero weights, so the file must be fixed instead.
    public func unscalableAgents() -> [(name: String, total: Double)] {
        guard weightRule == .given, normalize else { return [] }
        var totals = [Double](repeating: 0, count: agentCount)
        var seen = Set<[Int]>()
        for edge in edges {
            guard let weight = edge.weight else { continue }
            let key = directed ? [edge.from, edge.to] : [edge.from, edge.to].sorted()
            guard seen.insert(key).inserted else { continue }
            totals[edge.to] += weight
            if !directed && edge.from != edge.to {
                totals[edge.from] += weight
            }
        }
        return totals.indices.compactMap { agent in
            let total = totals[agent]
            guard !total.isFinite || (total > 0 && total < Double.leastNormalMagnitude) else {
                return nil
            }
            return (names[agent], total)
        }
    }

    /// Agents that no edge line enters and that have no self-loop line, by dense index. Under
    /// `weights: uniform` with `self_loops: explicit` such an agent has nothing to combine, so
    /// the parser rejects the file.
    public func agentsWithoutIncomingEdge() -> [Int] {
        var heard = [Bool](repeating: selfLoops == .implied, count: agentCount)
        for edge in edges {
            heard[edge.to] = true
            if !directed {
                heard[edge.from] = true
            }
        }
        return heard.indices.filter { !heard[$0] }
    }
}
