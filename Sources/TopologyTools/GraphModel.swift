import Foundation
import Topology

/// A graph generator and its parameters. Agents are numbered 1…N in the generated file.
public enum GraphModel: Sendable, Equatable {
    /// A cycle 1 – 2 – … – N – 1 (directed: 1 → 2 → … → N → 1).
    case ring(agents: Int)
    /// A path 1 – 2 – … – N (directed: 1 → 2 → … → N, never strongly connected).
    case path(agents: Int)
    /// Agent 1 joined to every other agent (directed: edges both ways).
    case star(agents: Int)
    /// Every pair of agents joined (directed: both ways).
    case complete(agents: Int)
    /// A rows × columns square lattice; `periodic` wraps both dimensions into a torus.
    case grid(rows: Int, columns: Int, periodic: Bool)
    /// Erdős–Rényi G(n, p): each pair (each ordered pair when directed) joined with
    /// probability p.
    case erdosRenyiProbability(agents: Int, probability: Double)
    /// Erdős–Rényi G(n, m): m edges drawn uniformly without repetition.
    case erdosRenyiEdges(agents: Int, edges: Int)
    /// Watts–Strogatz small world: a ring where each agent is joined to its `neighbours`
    /// nearest agents on each side, each edge rewired with probability `rewiring`. Undirected.
    case wattsStrogatz(agents: Int, neighbours: Int, rewiring: Double)
    /// Barabási–Albert preferential attachment: each new agent joins `edgesPerAgent` existing
    /// agents chosen in proportion to their degree. Undirected.
    case barabasiAlbert(agents: Int, edgesPerAgent: Int)
    /// A uniformly drawn graph in which every agent has `degree` neighbours (directed: in- and
    /// out-degree both equal `degree`).
    case randomRegular(agents: Int, degree: Int)
    /// Stochastic block model: blocks of the given sizes (agents numbered block by block),
    /// pairs in one block joined with probability `within`, pairs across blocks with `between`.
    case stochasticBlock(sizes: [Int], within: Double, between: Double)

    /// The model names that `named(_:)` accepts, in the order of the help text.
    public static let names = [
        "ring", "path", "star", "complete", "grid", "torus", "gnp", "gnm", "watts-strogatz",
        "barabasi-albert", "regular", "sbm",
    ]

    /// The model's name in messages and file comments.
    public var name: String {
        switch self {
        case .ring: return "ring"
        case .path: return "path"
        case .star: return "star"
        case .complete: return "complete"
        case .grid(_, _, let periodic): return periodic ? "torus" : "grid"
        case .erdosRenyiProbability: return "Erdős–Rényi G(n,p)"
        case .erdosRenyiEdges: return "Erdős–Rényi G(n,m)"
        case .wattsStrogatz: return "Watts–Strogatz"
        case .barabasiAlbert: return "Barabási–Albert"
        case .randomRegular: return "random regular"
        case .stochasticBlock: return "stochastic block model"
        }
    }

    /// The number of agents the model generates.
    public var agentCount: Int {
        switch self {
        case .ring(let agents), .path(let agents), .star(let agents), .complete(let agents),
            .erdosRenyiProbability(let agents, _), .erdosRenyiEdges(let agents, _),
            .wattsStrogatz(let agents, _, _), .barabasiAlbert(let agents, _),
            .randomRegular(let agents, _):
            return agents
        case .grid(let rows, let columns, _):
            return rows * columns
        case .stochasticBlock(let sizes, _, _):
            return sizes.reduce(0, +)
        }
    }

    /// True when the same seed can give different graphs, so a retry can help.
    public var isRandom: Bool {
        switch self {
        case .ring, .path, .star, .complete, .grid: return false
        case .erdosRenyiProbability, .erdosRenyiEdges, .wattsStrogatz, .barabasiAlbert,
            .randomRegular, .stochasticBlock:
            return true
        }
    }

    /// The maximum number of edges a generator may draw. More would take minutes and
    /// gigabytes of memory before anything is written.
    public static let maximumEdgeCount = 20_000_000

    /// The number of agents as a `Double`, which cannot overflow for any parameters.
    private var agentTotal: Double {
        switch self {
        case .grid(let rows, let columns, _): return Double(rows) * Double(columns)
        case .stochasticBlock(let sizes, _, _): return sizes.reduce(0) { $0 + Double($1) }
        default: return Double(agentCount)
        }
    }

    /// Returns the number of edges the model draws (the expected number for a random model),
    /// as undirected or directed edges, before self-loops are added.
    private func edgeTotal(directed: Bool) -> Double {
        let agents = agentTotal
        let pairs = directed ? agents * (agents - 1) : agents * (agents - 1) / 2
        switch self {
        case .ring, .path: return agents
        case .star: return directed ? 2 * agents : agents
        case .complete: return pairs
        case .grid(let rows, let columns, _):
            return (directed ? 2 : 1) * 2 * Double(rows) * Double(columns)
        case .erdosRenyiProbability(_, let probability): return pairs * probability
        case .erdosRenyiEdges(_, let edges): return Double(edges)
        case .wattsStrogatz(_, let neighbours, _): return agents * Double(neighbours)
        case .barabasiAlbert(_, let edgesPerAgent): return agents * Double(edgesPerAgent)
        case .randomRegular(_, let degree):
            return directed ? agents * Double(degree) : agents * Double(degree) / 2
        case .stochasticBlock(let sizes, let within, let between):
            let inside = sizes.reduce(0.0) { total, size in
                let size = Double(size)
                return total + (directed ? size * (size - 1) : size * (size - 1) / 2)
            }
            return inside * within + (pairs - inside) * between
        }
    }

    /// Throws when the model would draw more than `Topology.maximumAgentCount` agents or
    /// `maximumEdgeCount` edges, before any drawing starts.
    private func checkSize(directed: Bool) throws {
        let limit = Topology.maximumAgentCount
        let agents = agentTotal
        guard agents <= Double(limit) else {
            let option: String
            switch self {
            case .grid: option = "--rows × --columns"
            case .stochasticBlock: option = "--blocks"
            default: option = "--agents"
            }
            throw TopologyToolsError.invalidParameter(
                name: option, value: String(format: "%.0f", agents),
                expected: "at most \(limit) agents, the most an edge-list file may hold")
        }
        let edges = edgeTotal(directed: directed)
        guard edges <= Double(Self.maximumEdgeCount) else {
            let kind = isRandom ? "about " : ""
            throw TopologyToolsError.unsupported(
                "the \(name) graph with these parameters has \(kind)"
                    + "\(String(format: "%.0f", edges)) edges, more than the "
                    + "\(Self.maximumEdgeCount) a generator may draw; use fewer agents or a "
                    + "sparser model")
        }
    }

    /// Throws `invalidParameter` for a value the model cannot use, naming the option.
    public func validate(directed: Bool) throws {
        try checkSize(directed: directed)
        switch self {
        case .ring(let agents):
            try Self.require(agents >= 3, "--agents", agents, "a whole number ≥ 3 for a ring")
        case .path(let agents), .star(let agents), .complete(let agents):
            try Self.require(agents >= 2, "--agents", agents, "a whole number ≥ 2")
        case .grid(let rows, let columns, let periodic):
            let least = periodic ? 3 : 1
            let shape = periodic ? "torus (smaller ones repeat edges)" : "grid"
            try Self.require(
                rows >= least, "--rows", rows, "a whole number ≥ \(least) for a \(shape)")
            try Self.require(
                columns >= least, "--columns", columns, "a whole number ≥ \(least) for a \(shape)")
            try Self.require(
                rows * columns >= 2, "--rows × --columns", rows * columns, "at least 2 agents")
        case .erdosRenyiProbability(let agents, let probability):
            try Self.require(agents >= 2, "--agents", agents, "a whole number ≥ 2")
            try Self.require(
                (0...1).contains(probability), "--p", probability, "a probability in [0, 1]")
        case .erdosRenyiEdges(let agents, let edges):
            try Self.require(agents >= 2, "--agents", agents, "a whole number ≥ 2")
            let pairs = directed ? agents * (agents - 1) : agents * (agents - 1) / 2
            try Self.require(
                (0...pairs).contains(edges), "--edges", edges,
                "between 0 and \(pairs), the number of \(directed ? "ordered " : "")pairs")
        case .wattsStrogatz(let agents, let neighbours, let rewiring):
            try Self.require(agents >= 3, "--agents", agents, "a whole number ≥ 3")
            try Self.require(
                neighbours >= 1 && 2 * neighbours < agents, "--neighbours", neighbours,
                "a whole number ≥ 1 and below N/2 (N = \(agents))")
            try Self.require(
                (0...1).contains(rewiring), "--rewiring", rewiring, "a probability in [0, 1]")
        case .barabasiAlbert(let agents, let edgesPerAgent):
            try Self.require(agents >= 2, "--agents", agents, "a whole number ≥ 2")
            try Self.require(
                edgesPerAgent >= 1 && edgesPerAgent < agents, "--m", edgesPerAgent,
                "a whole number ≥ 1 and below N (N = \(agents))")
        case .randomRegular(let agents, let degree):
            try Self.require(agents >= 2, "--agents", agents, "a whole number ≥ 2")
            try Self.require(
                degree >= 1 && degree < agents, "--degree", degree,
                "a whole number ≥ 1 and below N (N = \(agents))")
            try Self.require(
                directed || (agents * degree) % 2 == 0, "--degree", degree,
                "an even degree when N is odd (N × degree must be even for an undirected graph)")
        case .stochasticBlock(let sizes, let within, let between):
            try Self.require(
                !sizes.isEmpty && sizes.allSatisfy({ $0 >= 1 }), "--blocks",
                sizes.map(String.init).joined(separator: ","),
                "a comma-separated list of block sizes ≥ 1, such as 10,10,20")
            try Self.require(
                sizes.reduce(0, +) >= 2, "--blocks", sizes.reduce(0, +), "at least 2 agents")
            try Self.require((0...1).contains(within), "--p-in", within, "a probability in [0, 1]")
            try Self.require(
                (0...1).contains(between), "--p-out", between, "a probability in [0, 1]")
        }
        if directed {
            switch self {
            case .wattsStrogatz:
                throw TopologyToolsError.unsupported(
                    "the Watts–Strogatz generator makes undirected graphs only (libigraph "
                        + "rewires a ring lattice whose edges have no direction); leave out "
                        + "--directed, or draw a directed graph with gnp, gnm or regular")
            case .barabasiAlbert:
                throw TopologyToolsError.unsupported(
                    "the Barabási–Albert generator makes undirected graphs only (a directed "
                        + "one has edges only from newer to older agents and is never strongly "
                        + "connected); leave out --directed")
            default:
                break
            }
        }
    }

    private static func require(
        _ condition: Bool, _ option: String, _ value: some CustomStringConvertible,
        _ expected: String
    ) throws {
        guard condition else {
            throw TopologyToolsError.invalidParameter(
                name: option, value: value.description, expected: expected)
        }
    }
}
