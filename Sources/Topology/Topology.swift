import Foundation
import SocialLearning

/// A network of agents read from a topology file: ids, edges and combination weights.
///
/// An edge ℓ → k means that k hears ℓ; its weight is a_ℓk, the weight agent k gives to what it
/// hears from agent ℓ. Every agent's incoming weights sum to 1.
public struct Topology: Sendable, Equatable {
    /// How combination weights are made.
    public enum WeightRule: String, Sendable, Equatable, CaseIterable {
        /// Weights are written on each edge line.
        case given
        /// a_ℓk = 1 / |N_k| over the in-neighbours of k, itself included when it has a loop.
        case uniform
        /// a_ℓk = 1 / max(n_k, n_ℓ) with n = degree + 1; a_kk takes the rest. Undirected only.
        case metropolis
    }

    /// Whether every agent listens to itself without a line saying so.
    public enum SelfLoopRule: String, Sendable, Equatable, CaseIterable {
        /// Every agent has a self-loop; written ones are accepted and counted once.
        case implied
        /// Only the self-loops written in the file exist.
        case explicit
    }

    /// One declared edge, as written (an undirected edge is listed once).
    public struct Edge: Sendable, Equatable {
        public var from: Int
        public var to: Int
        public var weight: Double?
        public var line: Int
    }

    /// The most agents an `agents: N` header may declare.
    public static let maximumAgentCount = 10_000_000

    /// The file the topology was read from (for messages).
    public var file: String
    /// Agent ids or names as written, indexed by the dense 0-based agent index.
    public var names: [String]
    public var directed: Bool
    public var weightRule: WeightRule
    public var selfLoops: SelfLoopRule
    public var edges: [Edge]
    public var weights: CombinationWeights
    /// Problems that were repaired by a documented rule, one line each.
    public var warnings: [String]
    /// The file's text as read, so that copies of the run (and every agent) see the same graph.
    public var text: String = ""

    /// The number of agents.
    public var agentCount: Int { names.count }

    /// Returns the dense index of an agent id or name.
    public func index(of name: String) -> Int? {
        names.firstIndex(of: name)
    }

    /// Reads and parses a topology file.
    public static func load(path: String) throws -> Topology {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TopologyError.unreadable(file: path, reason: "no readable file at this path")
        }
        guard String(data: data, encoding: .utf8) != nil else {
            throw TopologyError.unreadable(
                file: path, reason: "the file is not valid UTF-8 text")
        }
        // Foundation drops a leading byte-order mark, so the text is decoded again here. The
        // parser drops exactly one, and a second one is reported instead of joining an id.
        let text = String(decoding: data, as: UTF8.self)
        var parser = TopologyParser(text: text, file: path)
        var topology = try parser.parse()
        topology.text = text
        return topology
    }

    /// Parses topology text; `file` names the source in messages.
    public static func parse(_ text: String, file: String = "<topology>") throws -> Topology {
        var parser = TopologyParser(text: text, file: file)
        var topology = try parser.parse()
        topology.text = text
        return topology
    }
}
