import CIGraph

/// Reading and writing graph files through libigraph's own readers and writers, on memory
/// buffers (`fmemopen`, `open_memstream`) so that callers decide where bytes come from and go.
extension IGraph {
    /// Parses `bytes` in `format` (GML, GraphML, Pajek, NCOL or LGL).
    ///
    /// `directed` applies to NCOL and LGL only, which do not record a direction. A UTF-8
    /// byte-order mark is removed first, and for the formats other than GraphML CRLF line ends
    /// become LF, because libigraph 0.10.2's GML and Pajek readers reject the mark.
    static func read(_ format: GraphFormat, bytes: [UInt8], directed: Bool) throws -> IGraph {
        var data = bytes
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            data.removeFirst(3)
        }
        if format != .graphml {
            data.removeAll { $0 == 0x0D }
        }
        // fmemopen rejects an empty buffer; a lone newline reads as an empty file.
        if data.isEmpty {
            data = [0x0A]
        }
        let operation = "reading the \(format.rawValue) file"
        return try data.withUnsafeMutableBytes { buffer in
            guard let stream = fmemopen(buffer.baseAddress, buffer.count, "r") else {
                throw TopologyToolsError.unsupported(
                    "cannot open the file contents as a stream (fmemopen failed)")
            }
            defer { fclose(stream) }
            return try IGraph(operation) { graph in
                switch format {
                case .gml:
                    return igraph_read_graph_gml(graph, stream)
                case .graphml:
                    return igraph_read_graph_graphml(graph, stream, 0)
                case .pajek:
                    return igraph_read_graph_pajek(graph, stream)
                case .ncol:
                    return igraph_read_graph_ncol(
                        graph, stream, nil, true, IGRAPH_ADD_WEIGHTS_IF_PRESENT, directed)
                case .lgl:
                    return igraph_read_graph_lgl(
                        graph, stream, true, IGRAPH_ADD_WEIGHTS_IF_PRESENT, directed)
                case .edges, .csv, .dot:
                    return IGRAPH_UNIMPLEMENTED
                }
            }
        }
    }

    /// Writes the graph in `format` (GML, GraphML, Pajek, NCOL, LGL or DOT) and returns the bytes.
    ///
    /// NCOL and LGL take names from the vertex attribute `name` and weights from the edge
    /// attribute `weight` when `weighted` is true; LGL keeps isolated vertices.
    func write(_ format: GraphFormat, weighted: Bool) throws -> [UInt8] {
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard let stream = open_memstream(&buffer, &size) else {
            throw TopologyToolsError.unsupported(
                "cannot open a memory stream for writing (open_memstream failed)")
        }
        let weights = weighted ? "weight" : nil
        let status: igraph_error_t
        switch format {
        case .gml:
            status = igraph_write_graph_gml(
                pointer, stream, igraph_write_gml_sw_t(IGRAPH_WRITE_GML_DEFAULT_SW), nil,
                "hearsay topology")
        case .graphml:
            status = igraph_write_graph_graphml(pointer, stream, false)
        case .pajek:
            status = igraph_write_graph_pajek(pointer, stream)
        case .ncol:
            status = igraph_write_graph_ncol(pointer, stream, "name", weights)
        case .lgl:
            status = igraph_write_graph_lgl(pointer, stream, "name", weights, true)
        case .dot:
            status = igraph_write_graph_dot(pointer, stream)
        case .edges, .csv:
            status = IGRAPH_UNIMPLEMENTED
        }
        fclose(stream)
        defer { free(buffer) }
        try IGraphLibrary.check(status, "writing the \(format.rawValue) file")
        guard let buffer else { return [] }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: size) { start in
            Array(UnsafeBufferPointer(start: start, count: size))
        }
    }
}
