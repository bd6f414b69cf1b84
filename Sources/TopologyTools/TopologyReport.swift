import Foundation
import SocialLearning
import Topology

/// The findings of `hearsay topology check`: sizes, degrees, components, period, weights,
/// Perron vector, spectral gap, and the problems that stop a network from learning.
public struct TopologyReport: Sendable {
    public let topology: Topology
    public let check: TopologyCheck
    /// In-neighbours of each agent, itself excluded (agents whose weight on it is > 0).
    public let inDegrees: [Int]
    /// Out-neighbours of each agent, itself excluded.
    public let outDegrees: [Int]
    /// The number of agents with a_kk > 0.
    public let selfLoopCount: Int
    /// Groups of agents joined by edges when directions are ignored, each sorted.
    public let weakComponents: [[Int]]
    /// |λ₂| of A, when A is primitive.
    public let spectralGap: SpectralGap?
    /// Problems that stop the network from learning, one sentence each (empty when none).
    public let problems: [String]

    /// Analyses `topology`.
    public init(topology: Topology) throws {
        self.topology = topology
        let weights = topology.weights
        let check = TopologyCheck(weights: weights)
        self.check = check
        inDegrees = weights.incoming.enumerated().map { receiver, links in
            links.count { $0.agent != receiver }
        }
        outDegrees = weights.outgoing.map(\.count)
        selfLoopCount = (0..<topology.agentCount).count { weights.selfWeight(of: $0) > 0 }
        weakComponents = Self.weakComponents(weights)
        if let perron = check.perron {
            spectralGap = try SpectralGap(weights: weights, perron: perron)
        } else {
            spectralGap = nil
        }
        problems = Self.problems(
            topology: topology, check: check, weakComponents: weakComponents)
    }

    /// True when the graph is strongly connected, aperiodic and its weights stochastic.
    public var isFitForLearning: Bool { problems.isEmpty }

    /// Renders the report as text, listing the `listed` agents of highest and of lowest
    /// centrality, or every agent when `listed` is nil.
    public func text(listed: Int? = 10) -> String {
        let names = topology.names
        let count = topology.agentCount
        var lines: [String] = []
        let direction = topology.directed ? "directed" : "undirected"
        // Self-loops are counted on their own line below, so that a file with implied
        // self-loops and its conversion with written ones report the same edge count.
        let between = topology.edges.filter { $0.from != $0.to }.count
        lines.append(
            "\(topology.file): \(count) agents, \(between) edges between agents (\(direction)), "
                + "weights \(topology.weightRule.rawValue), "
                + "self-loops \(topology.selfLoops.rawValue)")

        lines.append("in-degree, self excluded: " + Self.summary(inDegrees))
        lines.append("out-degree, self excluded: " + Self.summary(outDegrees))
        lines.append("self-loops: \(selfLoopCount) of \(count) agents")

        let componentCount = check.components.count
        if check.isStronglyConnected {
            lines.append("strongly connected: yes")
        } else {
            lines.append(
                "strongly connected: no (\(componentCount) strongly connected components, "
                    + "\(check.sourceComponents.count) source and "
                    + "\(check.sinkComponents.count) sink; \(weakComponents.count) "
                    + "connected \(weakComponents.count == 1 ? "group" : "groups") ignoring "
                    + "direction)")
        }

        if let period = check.period {
            lines.append(
                period == 1 ? "period: 1 (aperiodic)" : "period: \(period) (periodic)")
        } else {
            lines.append("period: undefined (the graph is not strongly connected)")
        }

        if check.nonStochastic.isEmpty {
            lines.append("left-stochastic: yes (every agent's incoming weights sum to 1)")
        } else {
            let count = check.nonStochastic.count
            lines.append("left-stochastic: no (\(count) agent\(count == 1 ? "" : "s"))")
        }

        if let perron = check.perron {
            lines.append(
                "Perron vector v (long-run influence; uniform would be "
                    + "\(Self.format(1 / Double(count)))), highest first:")
            let order = perron.indices.sorted {
                perron[$0] > perron[$1] || (perron[$0] == perron[$1] && $0 < $1)
            }
            let shown: [Int]
            if let listed, order.count > 2 * listed {
                shown = Array(order.prefix(listed)) + [-1] + Array(order.suffix(listed))
            } else {
                shown = order
            }
            let width = shown.filter { $0 >= 0 }.map { names[$0].count }.max() ?? 0
            for agent in shown {
                if agent < 0 {
                    lines.append("  … \(count - 2 * (listed ?? 0)) more (--all lists every agent)")
                    continue
                }
                let padding = String(repeating: " ", count: width - names[agent].count)
                lines.append("  \(names[agent])\(padding)  \(Self.format(perron[agent]))")
            }
        } else if check.isPrimitive {
            lines.append("Perron vector: not found (power iteration did not converge)")
        } else {
            lines.append("Perron vector: none (A is not primitive)")
        }

        if let gap = spectralGap {
            let steps = gap.steps.map { ", \($0) steps" } ?? ""
            let settled =
                gap.converged
                ? "" : "; it had not settled, so |λ₂| and the mixing time may be higher"
            lines.append(
                "second eigenvalue modulus |λ₂| = \(Self.format(gap.secondModulus)) "
                    + "(\(gap.method.rawValue)\(steps)\(settled)); "
                    + "spectral gap \(Self.format(gap.gap))")
            if let rounds = gap.mixingRounds() {
                lines.append(
                    "mixing estimate: |λ₂|^i falls below 1e-3 after \(rounds) rounds")
            } else {
                lines.append("mixing estimate: none (|λ₂| is 1 to the precision computed)")
            }
        }

        lines.append(
            "fit for social learning: "
                + (problems.isEmpty
                    ? "yes" : "no (\(problems.count) problem\(problems.count == 1 ? "" : "s"))"))
        return lines.joined(separator: "\n")
    }

    // MARK: - Analysis

    private static func problems(
        topology: Topology, check: TopologyCheck, weakComponents: [[Int]]
    ) -> [String] {
        let names = topology.names
        func group(_ agents: [Int]) -> String {
            let shown = agents.prefix(12).map { names[$0] }.joined(separator: " ")
            return "{" + shown + (agents.count > 12 ? " … (\(agents.count) agents)" : "") + "}"
        }
        func groups(_ list: [[Int]]) -> String {
            let shown = list.prefix(6).map(group).joined(separator: ", ")
            return shown + (list.count > 6 ? ", … (\(list.count) in all)" : "")
        }
        var problems: [String] = []
        if weakComponents.count > 1 {
            problems.append(
                "the graph is disconnected: \(weakComponents.count) groups of agents share no "
                    + "edge, \(groups(weakComponents)); add edges between the groups")
        } else if !check.isStronglyConnected {
            problems.append(
                "the graph is not strongly connected: \(check.components.count) strongly "
                    + "connected components, \(groups(check.components)); add edges so that "
                    + "every agent can reach every other")
            for sink in check.sinkComponents {
                problems.append(
                    "agents \(group(sink)) form a sink component: they hear other agents but "
                        + "no agent outside hears them, so their observations never reach the "
                        + "rest of the network; add an edge from them to another agent")
            }
            if check.sourceComponents.count > 1 {
                problems.append(
                    "\(check.sourceComponents.count) source components "
                        + "\(groups(check.sourceComponents)) hear no agent outside themselves, "
                        + "so they can settle on different beliefs; add edges between them")
            }
        }
        if let period = check.period, period > 1 {
            problems.append(
                "the graph is periodic (period \(period)) and no agent has a self-loop, so "
                    + "beliefs can oscillate forever; add self-loops (`self_loops: implied`, "
                    + "or --self-loops on when converting)")
        }
        for (agent, sum) in check.nonStochastic {
            problems.append(
                "weights into agent \(names[agent]) sum to \(format(sum)), not 1; correct the "
                    + "weights, or add `normalize: true` to rescale them")
        }
        return problems
    }

    private static func weakComponents(_ weights: CombinationWeights) -> [[Int]] {
        let count = weights.agentCount
        var parent = Array(0..<count)
        func root(_ agent: Int) -> Int {
            var node = agent
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        for (receiver, links) in weights.incoming.enumerated() {
            for link in links {
                let (a, b) = (root(link.agent), root(receiver))
                if a != b {
                    parent[max(a, b)] = min(a, b)
                }
            }
        }
        var members: [Int: [Int]] = [:]
        for agent in 0..<count {
            members[root(agent), default: []].append(agent)
        }
        return members.values.sorted { ($0.first ?? 0) < ($1.first ?? 0) }
    }

    private static func summary(_ values: [Int]) -> String {
        guard let low = values.min(), let high = values.max() else { return "none" }
        let mean = Double(values.reduce(0, +)) / Double(values.count)
        return "min \(low), mean \(format(mean)), max \(high)"
    }

    /// Four significant digits, as `%.4g` gives them.
    static func format(_ value: Double) -> String {
        String(format: "%.4g", value)
    }
}
