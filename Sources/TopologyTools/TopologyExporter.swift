import Topology

/// Writes topologies in Hearsay's edge-list format and in GML, GraphML, Pajek, NCOL, LGL,
/// adjacency CSV and DOT.
///
/// Foreign formats get what they can hold of the combination weights A = [a_ℓk]:
/// - `given` weights go into the edge attribute `weight` (a_ℓk on edge ℓ → k), with a
///   self-loop edge for every agent whose a_kk > 0, so every format keeps A exactly;
/// - `uniform` weights are a rule, not numbers: implied self-loops become explicit loop edges,
///   so that reading the file back (loops as listed) gives the same A;
/// - GML and GraphML also store the rules as graph attributes `weightrule` and `selfloops`.
/// A CSV file contains the whole matrix A.
public enum TopologyExporter {
    /// Returns the bytes of `topology` in `format`, with notes on what the format could not keep.
    public static func export(_ topology: Topology, format: GraphFormat) throws -> (
        bytes: [UInt8], notes: [String]
    ) {
        switch format {
        case .edges:
            return (Array(try TopologyDocument(topology: topology).text().utf8), [])
        case .csv:
            let count = topology.agentCount
            guard count <= AdjacencyMatrixCSV.maximumAgents else {
                throw TopologyToolsError.unsupported(
                    "graph too large for CSV: \(count) agents, at most "
                        + "\(AdjacencyMatrixCSV.maximumAgents) (a CSV file contains the whole "
                        + "\(count) × \(count) matrix); write edges, ncol, lgl, net, gml or "
                        + "graphml instead")
            }
            return (Array(AdjacencyMatrixCSV.text(topology).utf8), [])
        case .gml, .graphml, .pajek, .ncol, .lgl, .dot:
            break
        }
        var notes: [String] = []
        let document = try exportDocument(topology, notes: &notes)
        if format == .ncol {
            var touched = [Bool](repeating: false, count: document.agentCount)
            for edge in document.edges {
                touched[edge.from] = true
                touched[edge.to] = true
            }
            if let lonely = touched.firstIndex(of: false) {
                throw TopologyToolsError.unsupported(
                    "agent \(topology.names[lonely]) has no edge, and NCOL lists only edges, "
                        + "so it would be lost; write LGL, GML or GraphML instead")
            }
        }
        if document.weightRule == .metropolis && !format.storesGraphAttributes {
            notes.append(
                "\(format.rawValue) has no place for the weight rule, so reading this file "
                    + "back gives uniform weights unless you pass --weights metropolis")
        }
        let bytes = try IGraphLibrary.withLock {
            let graph = try IGraph(
                vertexCount: document.agentCount,
                edges: document.edges.map { (from: $0.from, to: $0.to) },
                directed: document.directed)
            try graph.setVertexStrings("name", document.names)
            if format == .gml || format == .dot {
                // NetworkX's GML reader and Graphviz both look for `label`.
                try graph.setVertexStrings("label", document.names)
            }
            if format == .pajek {
                // libigraph's Pajek writer takes vertex labels from `id`.
                try graph.setVertexStrings("id", document.names)
            }
            if document.weightRule == .given {
                try graph.setEdgeNumbers("weight", document.edges.map { $0.weight ?? 0 })
            }
            if format.storesGraphAttributes {
                try graph.setGraphString(
                    TopologyImporter.weightRuleAttribute, document.weightRule.rawValue)
                try graph.setGraphString(
                    TopologyImporter.selfLoopsAttribute, document.selfLoops.rawValue)
            }
            return try graph.write(format, weighted: document.weightRule == .given)
        }
        return (bytes, notes)
    }

    /// Writes `topology` to `path` in `format` (nil: from the extension) and returns the notes.
    @discardableResult
    public static func write(_ topology: Topology, to path: String, format: GraphFormat? = nil)
        throws -> [String]
    {
        let chosen = try format ?? GraphFormat.detect(path: path)
        let (bytes, notes) = try export(topology, format: chosen)
        try FileIO.write(bytes, to: path)
        return notes
    }

    /// Writes `bytes` to `path` atomically (a temporary file, then a rename), so that a
    /// failed write leaves the old file in place.
    public static func writeFile(_ bytes: [UInt8], to path: String) throws {
        try FileIO.write(bytes, to: path)
    }

    /// Returns the document that a foreign format receives (see the type's documentation).
    static func exportDocument(_ topology: Topology, notes: inout [String]) throws
        -> TopologyDocument
    {
        switch topology.weightRule {
        case .given:
            do {
                return try TopologyDocument.literalWeights(of: topology, directed: false)
            } catch TopologyToolsError.unsupported {
                notes.append(
                    "the rescaled weights differ by direction on some undirected edges, so the "
                        + "graph is written as directed with both directions of each edge")
                return try TopologyDocument.literalWeights(of: topology, directed: true)
            }
        case .uniform:
            var document = TopologyDocument(topology: topology)
            guard topology.selfLoops == .implied else { return document }
            var hasLoop = [Bool](repeating: false, count: topology.agentCount)
            for edge in document.edges where edge.from == edge.to {
                hasLoop[edge.from] = true
            }
            for agent in 0..<topology.agentCount where !hasLoop[agent] {
                document.edges.append(TopologyDocument.Edge(from: agent, to: agent))
            }
            document.selfLoops = .explicit
            return document
        case .metropolis:
            return TopologyDocument(topology: topology)
        }
    }
}
