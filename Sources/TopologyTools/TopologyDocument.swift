import Foundation
import Topology

/// A topology as the edge-list format writes it: comment lines, header values, agent names and
/// edge lines. Generators and importers build one, `text()` renders it, and `topology(source:)`
/// runs the result through the same parser as every other topology file.
///
/// An edge ℓ → k means that k hears ℓ, and its weight is a_ℓk. An undirected edge is listed
/// once and its weight applies both ways.
public struct TopologyDocument: Sendable, Equatable {
    /// One edge line: dense agent indices and the weight column, if any.
    public struct Edge: Sendable, Equatable {
        public var from: Int
        public var to: Int
        public var weight: Double?

        public init(from: Int, to: Int, weight: Double? = nil) {
            self.from = from
            self.to = to
            self.weight = weight
        }
    }

    /// Lines written as `# …` comments at the top of the file, without the `#`.
    public var comments: [String]
    /// Agent ids or names, indexed by the dense 0-based agent index.
    public var names: [String]
    public var directed: Bool
    public var weightRule: Topology.WeightRule
    public var selfLoops: Topology.SelfLoopRule
    /// Writes `normalize: true`, so the parser rescales each agent's incoming weights.
    public var normalize: Bool
    public var edges: [Edge]

    public init(
        names: [String], directed: Bool, weightRule: Topology.WeightRule,
        selfLoops: Topology.SelfLoopRule, edges: [Edge], comments: [String] = [],
        normalize: Bool = false
    ) {
        self.names = names
        self.directed = directed
        self.weightRule = weightRule
        self.selfLoops = selfLoops
        self.edges = edges
        self.comments = comments
        self.normalize = normalize
    }

    /// The document of a parsed topology: its names, rules and declared edges as written.
    public init(topology: Topology) {
        self.init(
            names: topology.names, directed: topology.directed,
            weightRule: topology.weightRule, selfLoops: topology.selfLoops,
            edges: topology.edges.map { Edge(from: $0.from, to: $0.to, weight: $0.weight) })
    }

    /// The number of agents.
    public var agentCount: Int { names.count }

    /// Renders the document in the edge-list format.
    ///
    /// Throws `unrepresentableName` when a name contains a separator (space, tab, comma), a
    /// comment mark `#`, a colon (a line starting `name:` reads as a header) or is empty.
    public func text() throws -> String {
        for name in names {
            try Self.validateName(name)
        }
        if names.count == 1, let only = names.first, only != "1", Int(only) != nil {
            throw TopologyToolsError.unrepresentableName(
                only, reason: "a single numeric name on the `agents:` line reads as a count")
        }
        var text = ""
        for comment in comments {
            text += comment.isEmpty ? "#\n" : "# \(comment)\n"
        }
        if isNumbered {
            text += "agents: \(names.count)\n"
        } else {
            text += "agents: " + names.joined(separator: " ") + "\n"
        }
        text += "directed: \(directed)\n"
        text += "weights: \(weightRule.rawValue)\n"
        text += "self_loops: \(selfLoops.rawValue)\n"
        if normalize {
            text += "normalize: true\n"
        }
        text.reserveCapacity(text.utf8.count + edges.count * 16)
        for edge in edges {
            text += names[edge.from]
            text += " "
            text += names[edge.to]
            if let weight = edge.weight {
                text += " "
                text += Self.format(weight)
            }
            text += "\n"
        }
        return text
    }

    /// Renders the document and parses it; `source` names the origin in error messages.
    ///
    /// Given weights are checked first, so that every weight problem is listed by agent name
    /// (`invalidWeights`); the parser's messages cite lines of the rendered text.
    public func topology(source: String) throws -> Topology {
        try parsed(source: source).topology
    }

    /// Renders the document and parses it, returning both, so that a caller that writes the
    /// text renders it once.
    public func parsed(source: String) throws -> (text: String, topology: Topology) {
        let problems = weightProblems()
        guard problems.isEmpty else {
            throw TopologyToolsError.invalidWeights(path: source, problems: problems)
        }
        let rendered = try text()
        do {
            return (rendered, try Topology.parse(rendered, file: source))
        } catch let error as TopologyError {
            throw TopologyToolsError.invalidTopology(error, source: source)
        }
    }

    /// The same graph with agents renamed 1…N; a comment line records each old name.
    public func renumbered() -> TopologyDocument {
        var copy = self
        copy.names = (1...max(names.count, 1)).prefix(names.count).map(String.init)
        copy.comments.append("agents renumbered 1…\(names.count); original names in order:")
        for (index, name) in names.enumerated() {
            copy.comments.append("  \(index + 1) = \(name.debugDescription)")
        }
        return copy
    }

    /// A document whose weight column holds the combination weights of `topology`, so that
    /// the file states A = [a_ℓk] literally and can be edited by hand.
    ///
    /// Every agent with a_kk > 0 gets a self-loop line and the header says
    /// `self_loops: explicit`. An undirected graph keeps one line per edge only when
    /// a_ℓk = a_kℓ on every edge (Metropolis weights are symmetric, uniform ones usually not);
    /// with `directed` true each undirected edge becomes two directed lines instead.
    public static func literalWeights(of topology: Topology, directed: Bool) throws
        -> TopologyDocument
    {
        let weights = topology.weights
        var edges: [Edge] = []
        for edge in topology.edges where edge.from != edge.to {
            let forward = weights.weight(from: edge.from, to: edge.to)
            if topology.directed {
                edges.append(Edge(from: edge.from, to: edge.to, weight: forward))
                continue
            }
            let backward = weights.weight(from: edge.to, to: edge.from)
            if directed {
                edges.append(Edge(from: edge.from, to: edge.to, weight: forward))
                edges.append(Edge(from: edge.to, to: edge.from, weight: backward))
            } else if abs(forward - backward) <= 1e-12 {
                edges.append(Edge(from: edge.from, to: edge.to, weight: forward))
            } else {
                let from = topology.names[edge.from]
                let to = topology.names[edge.to]
                throw TopologyToolsError.unsupported(
                    "the weights of undirected edge \(from)–\(to) differ by direction "
                        + "(\(to) gives \(from) \(format(forward)), \(from) gives \(to) "
                        + "\(format(backward))), so one undirected line cannot hold them; "
                        + "write the graph as directed, or use Metropolis weights, which are "
                        + "symmetric")
            }
        }
        for agent in 0..<topology.agentCount {
            let own = weights.selfWeight(of: agent)
            if own > 0 {
                edges.append(Edge(from: agent, to: agent, weight: tidied(own)))
            }
        }
        return TopologyDocument(
            names: topology.names, directed: topology.directed || directed,
            weightRule: .given, selfLoops: .explicit, edges: edges)
    }

    /// Rounds a self-weight to 15 significant digits when that moves it by at most 4 units in
    /// the last place. A self-weight is 1 minus the other weights, so it carries rounding noise
    /// (a star's hub gets 0.20000000000000007 for 1/5), and the file should show 0.2. The
    /// weights still sum to 1 well within the parser's tolerance.
    static func tidied(_ weight: Double) -> Double {
        guard weight.isFinite, weight != 0,
            let short = Double(String(format: "%.15g", weight))
        else { return weight }
        return abs(short - weight) <= 4 * weight.ulp ? short : weight
    }

    /// Throws `unrepresentableName` unless `name` can be one token of an edge line.
    public static func validateName(_ name: String) throws {
        if name.isEmpty {
            throw TopologyToolsError.unrepresentableName(name, reason: "the name is empty")
        }
        // Fast path for ASCII names: no separator, `#`, `:` or control character.
        if name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x2C && $0 != 0x23 && $0 != 0x3A }
        )
            && name != "->" && name != "--"
        {
            return
        }
        if name == "->" || name == "--" {
            throw TopologyToolsError.unrepresentableName(
                name, reason: "`->` and `--` are read as arrows between two ids")
        }
        if let bad = name.first(where: { $0.isWhitespace || ",#:\u{FEFF}".contains($0) }) {
            let shown = bad.isWhitespace ? "a space or line break" : "`\(bad)`"
            throw TopologyToolsError.unrepresentableName(
                name, reason: "it contains \(shown), which the format reserves")
        }
    }

    /// Formats a weight so that parsing it gives back the same Double.
    static func format(_ weight: Double) -> String {
        "\(weight)"
    }

    private var isNumbered: Bool {
        for (index, name) in names.enumerated() where name != String(index + 1) {
            return false
        }
        return true
    }
}
