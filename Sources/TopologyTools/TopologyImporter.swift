import Foundation
import Topology

/// Reads graph files of other formats (GML, GraphML, Pajek, NCOL, LGL, adjacency CSV) and
/// Hearsay's own edge lists into topologies.
///
/// Agent names come from the first vertex attribute of `name`, `label` and `id` that the file
/// has, else from the vertex order (1…N). Edge weights come from the numeric edge attribute
/// `weight`. A foreign file has exactly the self-loops it lists unless the `selfLoops` option
/// is set, so a graph without loops stays periodic when it is bipartite.
public enum TopologyImporter {
    /// How to read a file.
    public struct Options: Sendable, Equatable {
        /// The file's format; nil takes it from the file extension.
        public var format: GraphFormat?
        /// The direction for NCOL, LGL and CSV files, which do not record one. With nil, NCOL
        /// and LGL files are undirected, and a CSV matrix is undirected when it is symmetric.
        public var directed: Bool?
        /// The weight rule. With nil, the file's `weightrule` graph attribute decides, else
        /// edges with weights other than 1 give `given` and the rest `uniform` (NetworkX's
        /// Pajek writer gives every edge weight 1). A rule other than `given` drops the
        /// file's weights.
        public var weightRule: Topology.WeightRule?
        /// The self-loop rule; nil uses the file's `selfloops` graph attribute, else
        /// `explicit` (only the loops in the file).
        public var selfLoops: Topology.SelfLoopRule?
        /// Writes `normalize: true`, so that each agent's incoming weights are rescaled to sum
        /// to 1 (with a warning per agent).
        public var normalize: Bool
        /// Renames the agents 1…N, keeping the old names in comments.
        public var renumber: Bool

        public init(
            format: GraphFormat? = nil, directed: Bool? = nil,
            weightRule: Topology.WeightRule? = nil, selfLoops: Topology.SelfLoopRule? = nil,
            normalize: Bool = false, renumber: Bool = false
        ) {
            self.format = format
            self.directed = directed
            self.weightRule = weightRule
            self.selfLoops = selfLoops
            self.normalize = normalize
            self.renumber = renumber
        }
    }

    /// The graph attribute that stores the weight rule in GML and GraphML files (GML keys
    /// cannot hold an underscore).
    static let weightRuleAttribute = "weightrule"
    /// The graph attribute that stores the self-loop rule in GML and GraphML files.
    static let selfLoopsAttribute = "selfloops"

    /// Reads the file at `path` and validates it as a topology.
    ///
    /// An edge-list file is parsed as it is (its messages cite its own lines). Any other
    /// format is converted to a document first; the parser's messages then cite lines of the
    /// converted text, which `hearsay topology convert` writes out.
    public static func topology(path: String, options: Options = Options()) throws -> Topology {
        try FileIO.requireFile(path)
        let format = try options.format ?? GraphFormat.detect(path: path)
        if format == .edges && options == Options(format: options.format) {
            let text = try FileIO.readText(path)
            do {
                return try Topology.parse(text, file: path)
            } catch let error as TopologyError {
                throw TopologyToolsError.invalidTopology(error, source: path)
            }
        }
        return try read(path: path, options: options).topology
    }

    /// Reads the file at `path` into a document and validates it as a topology.
    ///
    /// When the weights of an NCOL, LGL or CSV file read as undirected are invalid, the error
    /// adds that `--directed` may be missing, because those formats do not record direction.
    public static func read(path: String, options: Options = Options()) throws -> (
        document: TopologyDocument, topology: Topology
    ) {
        try FileIO.requireFile(path)
        let format = try options.format ?? GraphFormat.detect(path: path)
        var sourceWarnings: [String] = []
        let document = try document(
            bytes: try FileIO.read(path), format: format, source: path, options: options,
            warnings: &sourceWarnings)
        let unheard = document.agentsWithoutIncomingEdge()
        if format != .edges && document.weightRule == .uniform && !unheard.isEmpty {
            // Foreign files get only the self-loops they list, so the parser's advice to write
            // `self_loops: implied` would point at a header the user never wrote.
            let shown = unheard.prefix(12).map { document.names[$0] }.joined(separator: ", ")
            let more = unheard.count > 12 ? ", … (\(unheard.count) in all)" : ""
            throw TopologyToolsError.invalidGraph(
                path: path,
                reason: "no edge enters agent\(unheard.count == 1 ? "" : "s") \(shown)\(more) "
                    + "and the file has no self-loop for \(unheard.count == 1 ? "it" : "them"), "
                    + "so uniform weights give \(unheard.count == 1 ? "it" : "them") nothing to "
                    + "combine; pass --self-loops on to give every agent a self-loop, or add "
                    + "edges into \(unheard.count == 1 ? "it" : "them")")
        }
        let unscalable = document.unscalableAgents()
        if let first = unscalable.first {
            let more = unscalable.count > 1 ? " (and \(unscalable.count - 1) more agents)" : ""
            let size = first.total.isFinite ? "is below 2.2e-308" : "overflows to infinity"
            throw TopologyToolsError.invalidGraph(
                path: path,
                reason: "the weights into agent \(first.name)\(more) cannot be normalized: "
                    + "their sum \(size), so rescaling would give infinite or zero weights; "
                    + "scale the weights in the file to values near 1")
        }
        do {
            var topology = try document.topology(source: "\(path) (converted to an edge list)")
            if format == .edges {
                // The converted text would only repeat the source's rescaling warnings, with
                // lines of a text the user never sees.
                topology.warnings = sourceWarnings
            }
            return (document, topology)
        } catch TopologyToolsError.invalidWeights(let source, var problems)
            where !format.storesDirection && !document.directed && options.directed == nil
        {
            problems.append(
                "the file was read as undirected because \(format.rawValue) files do not record "
                    + "direction; pass --directed if its edges are one-way")
            throw TopologyToolsError.invalidWeights(path: source, problems: problems)
        }
    }

    /// Reads the file at `path` into a document without validating its weights.
    public static func document(path: String, options: Options = Options()) throws
        -> TopologyDocument
    {
        try FileIO.requireFile(path)
        let format = try options.format ?? GraphFormat.detect(path: path)
        return try document(
            bytes: try FileIO.read(path), format: format, source: path,
            options: options)
    }

    /// Reads `bytes` of `format` into a document; `source` names the origin in messages.
    public static func document(
        bytes: [UInt8], format: GraphFormat, source: String, options: Options = Options()
    ) throws -> TopologyDocument {
        var ignored: [String] = []
        return try document(
            bytes: bytes, format: format, source: source, options: options, warnings: &ignored)
    }

    /// Reads `bytes` of `format` into a document and appends to `warnings` what the edge-list
    /// parser repaired in an edge-list source (duplicates, rescaled weights), because the
    /// document keeps only the repaired edges and parsing it again would not repeat them.
    static func document(
        bytes: [UInt8], format: GraphFormat, source: String, options: Options,
        warnings: inout [String]
    ) throws -> TopologyDocument {
        var document: TopologyDocument
        switch format {
        case .dot:
            throw TopologyToolsError.cannotRead(format: format)
        case .edges:
            let parsed = try edgeListDocument(bytes, source: source, options: options)
            document = parsed.document
            warnings += parsed.warnings
        case .csv:
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw TopologyToolsError.unreadable(
                    path: source, reason: "the file is not UTF-8 text")
            }
            document = try AdjacencyMatrixCSV.read(
                text, source: source, directed: options.directed,
                weightRule: options.weightRule, selfLoops: options.selfLoops ?? .explicit)
        case .gml, .graphml, .pajek, .ncol, .lgl:
            document = try IGraphLibrary.withLock {
                let graph: IGraph
                do {
                    graph = try IGraph.read(
                        format, bytes: bytes, directed: options.directed ?? false)
                } catch TopologyToolsError.igraph(_, _, let reason) {
                    // A file libigraph cannot parse is invalid input, not a failure of the tool.
                    throw TopologyToolsError.invalidGraph(
                        path: source,
                        reason: "invalid \(format.rawValue) file: "
                            + explained(reason, format: format, bytes: bytes))
                }
                return try self.document(graph, options: options, format: format, source: source)
            }
        }
        document.comments.insert("converted from \(source) (\(format.rawValue))", at: 0)
        if options.normalize {
            document.normalize = true
        }
        return options.renumber ? document.renumbered() : document
    }

    /// libigraph's reason for rejecting a file, or, when it gives none (its Pajek parser
    /// often does not), the first line that does not look like the format, else a hint.
    static func explained(_ reason: String, format: GraphFormat, bytes: [UInt8]) -> String {
        let given = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let generic = ["", "Parse error", "parse error", "Failed"]
        guard generic.contains(given) else { return given }
        let prefix = given.isEmpty ? "libigraph gave no reason" : given
        guard format == .pajek else {
            return "\(prefix); check the file against the \(format.rawValue) format"
        }
        let text = String(decoding: bytes, as: UTF8.self)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let first = words.first, !first.hasPrefix("%"), !first.hasPrefix("*") else {
                continue
            }
            let numeric = words.prefix(2).allSatisfy { Int($0) != nil }
            if words.count < 2 || !numeric {
                return "\(prefix); line \(number + 1) (`\(line)`) is neither a section line "
                    + "(*Vertices, *Edges, *Arcs) nor a vertex or edge line starting with two "
                    + "vertex numbers"
            }
        }
        return "\(prefix); check that the file starts with `*Vertices N` and that every "
            + "edge line under *Edges or *Arcs gives two vertex numbers from 1 to N"
    }

    /// Converts a libigraph graph, with its attributes, into a document.
    static func document(
        _ graph: IGraph, options: Options, format: GraphFormat? = nil, source: String = "graph"
    ) throws -> TopologyDocument {
        let attributes = try graph.attributes()
        let names = try vertexNames(graph, attributes: attributes.vertex)
        let pairs = try graph.edges()
        var weights: [Double?] = Array(repeating: nil, count: pairs.count)
        if attributes.edge["weight"] == .number {
            let numbers = try graph.edgeNumbers("weight")
            // GraphML and GML give NaN to edges without a weight; NCOL and LGL give 0, so
            // there NaN can only be a weight written as `nan`.
            let written = format == .ncol || format == .lgl
            for (index, weight) in numbers.enumerated()
            where weight.isInfinite || (written && weight.isNaN) {
                let pair = pairs[index]
                let problem =
                    weight.isNaN
                    ? "is not a number (`nan`)" : "is out of range (\(weight))"
                throw TopologyToolsError.invalidGraph(
                    path: source,
                    reason: "the weight of edge \(names[pair.from]) – \(names[pair.to]) "
                        + "\(problem); write a finite weight ≥ 0, such as 0.25")
            }
            weights = numbers.map { $0.isNaN ? nil : $0 }
        }

        let hasWeights = weights.contains { $0 != nil }
        let allOnes = weights.allSatisfy { $0 == 1 }
        var rule = options.weightRule
        if rule == nil, attributes.graph[weightRuleAttribute] == .string,
            let stored = graph.graphString(weightRuleAttribute)
        {
            rule = Topology.WeightRule(rawValue: stored)
        }
        let weightRule = rule ?? (hasWeights && !allOnes ? .given : .uniform)

        var selfLoops = options.selfLoops ?? .explicit
        if options.selfLoops == nil, attributes.graph[selfLoopsAttribute] == .string,
            let stored = graph.graphString(selfLoopsAttribute),
            let storedRule = Topology.SelfLoopRule(rawValue: stored)
        {
            selfLoops = storedRule
        }

        var edges: [TopologyDocument.Edge] = []
        edges.reserveCapacity(pairs.count)
        for (index, pair) in pairs.enumerated() {
            let weight = weightRule == .given ? weights[index] : nil
            edges.append(TopologyDocument.Edge(from: pair.from, to: pair.to, weight: weight))
        }

        var comments: [String] = []
        if hasWeights && weightRule != .given {
            let which = allOnes ? "edge weights (all 1)" : "edge weights"
            comments.append("the file's \(which) were dropped for `weights: \(weightRule)`")
        }
        for warning in IGraphLibrary.takeWarnings() {
            comments.append("libigraph warning: \(warning)")
        }

        return TopologyDocument(
            names: names, directed: graph.isDirected, weightRule: weightRule,
            selfLoops: selfLoops, edges: edges, comments: comments)
    }

    private static func vertexNames(
        _ graph: IGraph, attributes: [String: IGraph.AttributeType]
    ) throws -> [String] {
        for key in ["name", "label", "id"] where attributes[key] == .string {
            return try graph.vertexStrings(key)
        }
        if attributes["id"] == .number {
            return try graph.vertexNumbers("id").map { value in
                if value.rounded() == value, abs(value) < 1e15 {
                    return String(Int(value))
                }
                return "\(value)"
            }
        }
        return (0..<graph.vertexCount).map { String($0 + 1) }
    }

    /// Reads an edge-list file and applies the options that override its header.
    private static func edgeListDocument(_ bytes: [UInt8], source: String, options: Options)
        throws -> (document: TopologyDocument, warnings: [String])
    {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw TopologyToolsError.unreadable(path: source, reason: "the file is not UTF-8 text")
        }
        let topology: Topology
        do {
            topology = try Topology.parse(text, file: source)
        } catch let error as TopologyError {
            throw TopologyToolsError.invalidTopology(error, source: source)
        }
        var document = TopologyDocument(topology: topology)
        // The parser accepted the file, so written weights that do not sum to 1 mean that the
        // file says `normalize: true`; the document must keep saying it.
        document.normalize = !document.weightProblems().isEmpty
        if let rule = options.weightRule, rule != document.weightRule {
            if rule == .given {
                document = try TopologyDocument.literalWeights(
                    of: topology, directed: options.directed ?? false)
            } else {
                document.weightRule = rule
                document.normalize = false
                document.edges = document.edges.map {
                    TopologyDocument.Edge(from: $0.from, to: $0.to)
                }
            }
        }
        if let selfLoops = options.selfLoops {
            document.selfLoops = selfLoops
        }
        return (document, topology.warnings)
    }
}
