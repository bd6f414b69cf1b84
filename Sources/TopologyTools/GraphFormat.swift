/// A graph file format the topology tools read or write.
public enum GraphFormat: String, Sendable, CaseIterable {
    /// Hearsay's own edge list: header lines, then `FROM TO [WEIGHT]` lines.
    case edges
    /// Graph Modelling Language, as NetworkX, igraph and Gephi write it.
    case gml
    /// GraphML (XML), as NetworkX, igraph, Gephi and yEd write it.
    case graphml
    /// Pajek `.net`: `*Vertices` with labels, then `*Edges` or `*Arcs`.
    case pajek
    /// NCOL: one `NAME NAME [WEIGHT]` line per edge (no isolated agents).
    case ncol
    /// LGL: `# NAME` lines, each followed by its neighbours `NAME [WEIGHT]`.
    case lgl
    /// A square matrix of weights, row = sender ℓ, column = receiver k, with a header row of
    /// names.
    case csv
    /// Graphviz DOT (written only).
    case dot

    /// True when the tools can read files of this format.
    public var isReadable: Bool { self != .dot }

    /// True when the format stores the graph's direction itself.
    var storesDirection: Bool {
        switch self {
        case .edges, .gml, .graphml, .pajek, .dot: return true
        case .ncol, .lgl, .csv: return false
        }
    }

    /// True when the format can hold graph attributes (the weight rule survives a round trip).
    var storesGraphAttributes: Bool { self == .gml || self == .graphml }

    /// Returns the format named by `name` (`net` and `edgelist` are accepted as aliases).
    public static func named(_ name: String) throws -> GraphFormat {
        let lowered = name.lowercased()
        if let format = GraphFormat(rawValue: lowered) {
            return format
        }
        switch lowered {
        case "net", "paj": return .pajek
        case "edgelist", "edge", "topology", "txt": return .edges
        case "xml": return .graphml
        case "gv": return .dot
        default: throw TopologyToolsError.unknownFormat(name)
        }
    }

    /// Returns the format that the extension of `path` names.
    public static func detect(path: String) throws -> GraphFormat {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else {
            throw TopologyToolsError.invalidParameter(
                name: "the file name", value: path,
                expected: "an extension such as .edges, .gml, .graphml, .net, .ncol, .lgl, "
                    + ".csv or .dot, or a format given with --from or --to")
        }
        return try named(String(file[file.index(after: dot)...]))
    }
}
