import CIGraph
import Topology

/// Draws topologies from graph models with libigraph's generators.
///
/// The same model, options and seed give the same file with the same libigraph version
/// (0.10.2 here); other versions may draw other graphs from one seed.
public enum TopologyGenerator {
    /// What to do when a drawn graph is not strongly connected.
    public enum Connectivity: Sendable, Equatable {
        /// Draw again, up to `attempts` graphs in all, then fail. `attempts: 1` fails at once.
        case retry(attempts: Int)
        /// Keep the graph as drawn.
        case allow
    }

    /// How to draw and write a graph.
    public struct Options: Sendable, Equatable {
        /// Seed of libigraph's default random number generator.
        public var seed: UInt64
        public var directed: Bool
        /// True gives every agent a self-loop; false gives none.
        public var selfLoops: Bool
        /// `uniform` or `metropolis` write the rule; `given` writes the numbers of the uniform
        /// rule (directed) or the Metropolis rule (undirected) in a weight column.
        public var weightRule: Topology.WeightRule
        public var connectivity: Connectivity

        public init(
            seed: UInt64 = 1, directed: Bool = false, selfLoops: Bool = true,
            weightRule: Topology.WeightRule = .uniform,
            connectivity: Connectivity = .retry(attempts: 100)
        ) {
            self.seed = seed
            self.directed = directed
            self.selfLoops = selfLoops
            self.weightRule = weightRule
            self.connectivity = connectivity
        }
    }

    /// A generated topology and the number of graphs drawn to get it.
    public struct Generated: Sendable, Equatable {
        public var document: TopologyDocument
        public var attempts: Int
    }

    /// Draws a graph from `model` and returns it as a document.
    public static func generate(_ model: GraphModel, options: Options = Options()) throws
        -> Generated
    {
        try model.validate(directed: options.directed)
        try validate(options)
        let limit: Int
        switch options.connectivity {
        case .retry(let attempts): limit = model.isRandom ? attempts : 1
        case .allow: limit = 1
        }
        let drawn = try IGraphLibrary.withLock { () -> (edges: [Pair], attempts: Int)? in
            igraph_rng_seed(igraph_rng_default(), igraph_uint_t(options.seed))
            for attempt in 1...limit {
                let graph = try draw(model, directed: options.directed)
                let connected = try graph.isStronglyConnected()
                if options.connectivity == .allow || connected {
                    return (try graph.edges().map { Pair(from: $0.from, to: $0.to) }, attempt)
                }
            }
            return nil
        }
        guard let drawn else {
            let hint =
                model.isRandom
                ? "raise --attempts or the edge probability or degree, or pass "
                    + "--allow-disconnected to keep such a graph"
                : "this model is not random, so drawing again cannot help; leave out "
                    + "--directed, or pass --allow-disconnected to keep it"
            throw TopologyToolsError.notStronglyConnected(
                model: model.name, attempts: limit, hint: hint)
        }
        let document = try makeDocument(model, edges: drawn.edges, options: options)
        let outcome =
            options.connectivity == .allow
            ? "strong connectivity not checked"
            : "strongly connected at attempt \(drawn.attempts)"
        var result = Generated(document: document, attempts: drawn.attempts)
        result.document.comments = [
            "\(model.name) graph drawn by libigraph \(IGRAPH_VERSION_MAJOR)."
                + "\(IGRAPH_VERSION_MINOR).\(IGRAPH_VERSION_PATCH)",
            "parameters: \(parameters(model)); seed \(options.seed); "
                + "\(options.directed ? "directed" : "undirected"); "
                + "self-loops \(options.selfLoops ? "on" : "off"); \(outcome)",
        ]
        return result
    }

    private struct Pair: Sendable {
        var from: Int
        var to: Int
    }

    private static func validate(_ options: Options) throws {
        if case .retry(let attempts) = options.connectivity, attempts < 1 {
            throw TopologyToolsError.invalidParameter(
                name: "--attempts", value: "\(attempts)", expected: "a whole number ≥ 1")
        }
        if options.weightRule == .metropolis && options.directed {
            throw TopologyToolsError.unsupported(
                "Metropolis weights need an undirected graph; leave out --directed, or use "
                    + "--weights uniform")
        }
        if options.weightRule != .uniform && !options.directed && !options.selfLoops {
            throw TopologyToolsError.unsupported(
                "\(options.weightRule) weights on an undirected graph give every agent the rest "
                    + "of its weight as a self-weight, so they cannot be combined with "
                    + "--self-loops off; use --weights uniform")
        }
    }

    /// Runs one libigraph generator. Call inside `IGraphLibrary.withLock`.
    private static func draw(_ model: GraphModel, directed: Bool) throws -> IGraph {
        let operation = "generating the \(model.name) graph"
        switch model {
        case .ring(let agents):
            return try IGraph(operation) { igraph_ring($0, Int64(agents), directed, false, true) }
        case .path(let agents):
            return try IGraph(operation) { igraph_ring($0, Int64(agents), directed, false, false) }
        case .star(let agents):
            let mode = directed ? IGRAPH_STAR_MUTUAL : IGRAPH_STAR_UNDIRECTED
            return try IGraph(operation) { igraph_star($0, Int64(agents), mode, 0) }
        case .complete(let agents):
            return try IGraph(operation) { igraph_full($0, Int64(agents), directed, false) }
        case .grid(let rows, let columns, let periodic):
            var dimensions = try IGraphIntegers([columns, rows])
            defer { dimensions.destroy() }
            var circular = igraph_vector_bool_t()
            try IGraphLibrary.check(igraph_vector_bool_init(&circular, 2), operation)
            defer { igraph_vector_bool_destroy(&circular) }
            circular.stor_begin[0] = periodic
            circular.stor_begin[1] = periodic
            return try IGraph(operation) {
                igraph_square_lattice($0, &dimensions.vector, 1, directed, false, &circular)
            }
        case .erdosRenyiProbability(let agents, let probability):
            return try IGraph(operation) {
                igraph_erdos_renyi_game_gnp($0, Int64(agents), probability, directed, false)
            }
        case .erdosRenyiEdges(let agents, let edges):
            return try IGraph(operation) {
                igraph_erdos_renyi_game_gnm($0, Int64(agents), Int64(edges), directed, false)
            }
        case .wattsStrogatz(let agents, let neighbours, let rewiring):
            return try IGraph(operation) {
                igraph_watts_strogatz_game(
                    $0, 1, Int64(agents), Int64(neighbours), rewiring, false, false)
            }
        case .barabasiAlbert(let agents, let edgesPerAgent):
            return try IGraph(operation) {
                igraph_barabasi_game(
                    $0, Int64(agents), 1, Int64(edgesPerAgent), nil, false, 1, false,
                    IGRAPH_BARABASI_PSUMTREE, nil)
            }
        case .randomRegular(let agents, let degree):
            return try IGraph(operation) {
                igraph_k_regular_game($0, Int64(agents), Int64(degree), directed, false)
            }
        case .stochasticBlock(let sizes, let within, let between):
            var blockSizes = try IGraphIntegers(sizes)
            defer { blockSizes.destroy() }
            var preference = igraph_matrix_t()
            let count = Int64(sizes.count)
            try IGraphLibrary.check(igraph_matrix_init(&preference, count, count), operation)
            defer { igraph_matrix_destroy(&preference) }
            for row in 0..<sizes.count {
                for column in 0..<sizes.count {
                    preference.data.stor_begin[row + column * sizes.count] =
                        row == column ? within : between
                }
            }
            let total = Int64(sizes.reduce(0, +))
            return try IGraph(operation) {
                igraph_sbm_game($0, total, &preference, &blockSizes.vector, directed, false)
            }
        }
    }

    private static func makeDocument(_ model: GraphModel, edges: [Pair], options: Options) throws
        -> TopologyDocument
    {
        var seen = Set<Int>()
        var lines: [TopologyDocument.Edge] = []
        let count = model.agentCount
        for pair in edges where pair.from != pair.to {
            let low = options.directed ? pair.from : min(pair.from, pair.to)
            let high = options.directed ? pair.to : max(pair.from, pair.to)
            if seen.insert(low * count + high).inserted {
                lines.append(TopologyDocument.Edge(from: low, to: high))
            }
        }
        let ruleBase: Topology.WeightRule =
            options.weightRule == .given
            ? (options.directed ? .uniform : .metropolis) : options.weightRule
        let document = TopologyDocument(
            names: (1...count).map(String.init), directed: options.directed,
            weightRule: ruleBase, selfLoops: options.selfLoops ? .implied : .explicit,
            edges: lines)
        guard options.weightRule == .given else { return document }
        let topology = try document.topology(source: "the generated \(model.name) graph")
        return try TopologyDocument.literalWeights(of: topology, directed: false)
    }

    private static func parameters(_ model: GraphModel) -> String {
        switch model {
        case .ring(let agents), .path(let agents), .star(let agents), .complete(let agents):
            return "\(agents) agents"
        case .grid(let rows, let columns, _):
            return "\(rows) rows × \(columns) columns"
        case .erdosRenyiProbability(let agents, let probability):
            return "\(agents) agents, p = \(probability)"
        case .erdosRenyiEdges(let agents, let edges):
            return "\(agents) agents, \(edges) edges"
        case .wattsStrogatz(let agents, let neighbours, let rewiring):
            return "\(agents) agents, \(neighbours) neighbours each side, rewiring \(rewiring)"
        case .barabasiAlbert(let agents, let edgesPerAgent):
            return "\(agents) agents, \(edgesPerAgent) edges per new agent"
        case .randomRegular(let agents, let degree):
            return "\(agents) agents, degree \(degree)"
        case .stochasticBlock(let sizes, let within, let between):
            return "blocks \(sizes.map(String.init).joined(separator: ",")), "
                + "p-in \(within), p-out \(between)"
        }
    }
}
