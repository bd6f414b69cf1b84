import CIGraph

/// Owner of one libigraph graph (`igraph_t`) with its C attributes.
///
/// Create and use it only inside `IGraphLibrary.withLock`, and let it go before the closure
/// returns: libigraph is not thread-safe.
final class IGraph {
    /// The graph; valid from init to deinit.
    let pointer: UnsafeMutablePointer<igraph_t>

    /// Builds a graph with `build`, which must initialise the pointee or return an error.
    init(_ operation: String, build: (UnsafeMutablePointer<igraph_t>) -> igraph_error_t) throws {
        let pointer = UnsafeMutablePointer<igraph_t>.allocate(capacity: 1)
        do {
            try IGraphLibrary.check(build(pointer), operation)
        } catch {
            pointer.deallocate()
            throw error
        }
        self.pointer = pointer
    }

    /// Builds a graph of `vertexCount` vertices and the given edges (0-based vertex ids).
    convenience init(vertexCount: Int, edges: [(from: Int, to: Int)], directed: Bool) throws {
        var list = try IGraphIntegers(count: edges.count * 2)
        defer { list.destroy() }
        for (position, edge) in edges.enumerated() {
            list[2 * position] = edge.from
            list[2 * position + 1] = edge.to
        }
        try self.init("building the graph") { graph in
            igraph_create(graph, &list.vector, igraph_integer_t(vertexCount), directed)
        }
    }

    deinit {
        igraph_destroy(pointer)
        pointer.deallocate()
    }

    var vertexCount: Int { Int(igraph_vcount(pointer)) }
    var edgeCount: Int { Int(igraph_ecount(pointer)) }
    var isDirected: Bool { igraph_is_directed(pointer) }

    /// The edges in edge-id order; an undirected edge has its smaller vertex first.
    func edges() throws -> [(from: Int, to: Int)] {
        var list = try IGraphIntegers(count: 0)
        defer { list.destroy() }
        try IGraphLibrary.check(igraph_get_edgelist(pointer, &list.vector, false), "listing edges")
        return (0..<(list.count / 2)).map { (from: list[2 * $0], to: list[2 * $0 + 1]) }
    }

    /// True when every vertex reaches every other along edge directions.
    func isStronglyConnected() throws -> Bool {
        var result = false
        try IGraphLibrary.check(
            igraph_is_connected(pointer, &result, IGRAPH_STRONG), "checking connectivity")
        return result
    }

    // MARK: - Attributes

    /// The type of an attribute, as the C attribute handler stores it.
    enum AttributeType {
        case number
        case string
        case boolean
        case other
    }

    /// Names and types of the graph, vertex and edge attributes.
    func attributes() throws -> (
        graph: [String: AttributeType], vertex: [String: AttributeType],
        edge: [String: AttributeType]
    ) {
        var graphNames = igraph_strvector_t()
        var vertexNames = igraph_strvector_t()
        var edgeNames = igraph_strvector_t()
        var graphTypes = igraph_vector_int_t()
        var vertexTypes = igraph_vector_int_t()
        var edgeTypes = igraph_vector_int_t()
        let operation = "reading attributes"
        try IGraphLibrary.check(igraph_strvector_init(&graphNames, 0), operation)
        defer { igraph_strvector_destroy(&graphNames) }
        try IGraphLibrary.check(igraph_strvector_init(&vertexNames, 0), operation)
        defer { igraph_strvector_destroy(&vertexNames) }
        try IGraphLibrary.check(igraph_strvector_init(&edgeNames, 0), operation)
        defer { igraph_strvector_destroy(&edgeNames) }
        try IGraphLibrary.check(igraph_vector_int_init(&graphTypes, 0), operation)
        defer { igraph_vector_int_destroy(&graphTypes) }
        try IGraphLibrary.check(igraph_vector_int_init(&vertexTypes, 0), operation)
        defer { igraph_vector_int_destroy(&vertexTypes) }
        try IGraphLibrary.check(igraph_vector_int_init(&edgeTypes, 0), operation)
        defer { igraph_vector_int_destroy(&edgeTypes) }
        try IGraphLibrary.check(
            igraph_cattribute_list(
                pointer, &graphNames, &graphTypes, &vertexNames, &vertexTypes, &edgeNames,
                &edgeTypes),
            operation)
        return (
            Self.table(&graphNames, graphTypes), Self.table(&vertexNames, vertexTypes),
            Self.table(&edgeNames, edgeTypes)
        )
    }

    private static func table(_ names: inout igraph_strvector_t, _ types: igraph_vector_int_t)
        -> [String: AttributeType]
    {
        var table: [String: AttributeType] = [:]
        for position in 0..<Int(igraph_strvector_size(&names)) {
            let name = String(cString: igraph_strvector_get(&names, igraph_integer_t(position)))
            switch UInt32(types.stor_begin[position]) {
            case IGRAPH_ATTRIBUTE_NUMERIC.rawValue: table[name] = .number
            case IGRAPH_ATTRIBUTE_STRING.rawValue: table[name] = .string
            case IGRAPH_ATTRIBUTE_BOOLEAN.rawValue: table[name] = .boolean
            default: table[name] = .other
            }
        }
        return table
    }

    /// The string graph attribute `name`, or nil when the graph has none.
    func graphString(_ name: String) -> String? {
        guard igraph_cattribute_has_attr(pointer, IGRAPH_ATTRIBUTE_GRAPH, name) else {
            return nil
        }
        return igraph_cattribute_GAS(pointer, name).map { String(cString: $0) }
    }

    /// The string vertex attribute `name` of every vertex.
    func vertexStrings(_ name: String) throws -> [String] {
        var values = igraph_strvector_t()
        try IGraphLibrary.check(igraph_strvector_init(&values, 0), "reading `\(name)`")
        defer { igraph_strvector_destroy(&values) }
        try IGraphLibrary.check(
            igraph_cattribute_VASV(pointer, name, igraph_vss_all(), &values),
            "reading vertex attribute `\(name)`")
        return (0..<Int(igraph_strvector_size(&values))).map {
            String(cString: igraph_strvector_get(&values, igraph_integer_t($0)))
        }
    }

    /// The numeric vertex attribute `name` of every vertex.
    func vertexNumbers(_ name: String) throws -> [Double] {
        var values = try IGraphReals(count: 0)
        defer { values.destroy() }
        try IGraphLibrary.check(
            igraph_cattribute_VANV(pointer, name, igraph_vss_all(), &values.vector),
            "reading vertex attribute `\(name)`")
        return values.array
    }

    /// The numeric edge attribute `name` of every edge, in edge-id order.
    func edgeNumbers(_ name: String) throws -> [Double] {
        var values = try IGraphReals(count: 0)
        defer { values.destroy() }
        try IGraphLibrary.check(
            igraph_cattribute_EANV(
                pointer, name, igraph_ess_all(IGRAPH_EDGEORDER_ID), &values.vector),
            "reading edge attribute `\(name)`")
        return values.array
    }

    /// Sets the string vertex attribute `name`, one value per vertex.
    func setVertexStrings(_ name: String, _ values: [String]) throws {
        var vector = igraph_strvector_t()
        try IGraphLibrary.check(igraph_strvector_init(&vector, 0), "setting `\(name)`")
        defer { igraph_strvector_destroy(&vector) }
        for value in values {
            try IGraphLibrary.check(
                igraph_strvector_push_back(&vector, value), "setting `\(name)`")
        }
        try IGraphLibrary.check(
            igraph_cattribute_VAS_setv(pointer, name, &vector),
            "setting vertex attribute `\(name)`")
    }

    /// Sets the numeric edge attribute `name`, one value per edge in edge-id order.
    func setEdgeNumbers(_ name: String, _ values: [Double]) throws {
        var vector = try IGraphReals(count: values.count)
        defer { vector.destroy() }
        for (index, value) in values.enumerated() {
            vector.vector.stor_begin[index] = value
        }
        try IGraphLibrary.check(
            igraph_cattribute_EAN_setv(pointer, name, &vector.vector),
            "setting edge attribute `\(name)`")
    }

    /// Sets the string graph attribute `name`.
    func setGraphString(_ name: String, _ value: String) throws {
        try IGraphLibrary.check(
            igraph_cattribute_GAS_set(pointer, name, value), "setting graph attribute `\(name)`")
    }
}

/// An `igraph_vector_int_t` that the caller destroys.
struct IGraphIntegers {
    var vector = igraph_vector_int_t()

    init(count: Int) throws {
        try IGraphLibrary.check(
            igraph_vector_int_init(&vector, igraph_integer_t(count)), "allocating a vector")
    }

    init(_ values: [Int]) throws {
        try self.init(count: values.count)
        for (index, value) in values.enumerated() {
            self[index] = value
        }
    }

    var count: Int { withUnsafePointer(to: vector) { Int(igraph_vector_int_size($0)) } }

    subscript(index: Int) -> Int {
        get { Int(vector.stor_begin[index]) }
        set { vector.stor_begin[index] = igraph_integer_t(newValue) }
    }

    mutating func destroy() {
        igraph_vector_int_destroy(&vector)
    }
}

/// An `igraph_vector_t` of reals that the caller destroys.
struct IGraphReals {
    var vector = igraph_vector_t()

    init(count: Int) throws {
        try IGraphLibrary.check(
            igraph_vector_init(&vector, igraph_integer_t(count)), "allocating a vector")
    }

    var array: [Double] {
        let count = withUnsafePointer(to: vector) { Int(igraph_vector_size($0)) }
        return (0..<count).map { vector.stor_begin[$0] }
    }

    mutating func destroy() {
        igraph_vector_destroy(&vector)
    }
}
