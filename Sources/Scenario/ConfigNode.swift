/// A node of a parsed YAML or JSON document, with the line it starts on.
public struct ConfigNode: Sendable, Equatable {
    /// The content of a node.
    public indirect enum Value: Sendable, Equatable {
        /// A scalar as written; `quoted` is true for '…' and "…" scalars, which stay strings.
        case scalar(String, quoted: Bool)
        case sequence([ConfigNode])
        /// Key–value pairs in file order.
        case mapping([(key: String, value: ConfigNode)])

        public static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case (.scalar(let a, let qa), .scalar(let b, let qb)): return a == b && qa == qb
            case (.sequence(let a), .sequence(let b)): return a == b
            case (.mapping(let a), .mapping(let b)):
                return a.count == b.count
                    && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            default: return false
            }
        }
    }

    /// The deepest nesting of lists and mappings a document may have. A scenario needs about
    /// six levels; the limit keeps a hostile file from exhausting the stack of the recursive
    /// code that walks the tree.
    static let maximumDepth = 64

    /// The message of a document nested deeper than `maximumDepth`.
    static let depthMessage =
        "lists and mappings are nested more than \(maximumDepth) levels deep; a scenario "
        + "needs only a few"

    public var value: Value
    /// 1-based line, or nil for values that came from the command line.
    public var line: Int?

    public init(_ value: Value, line: Int?) {
        self.value = value
        self.line = line
    }

    /// True for a plain `~`, `null` or empty scalar.
    public var isNull: Bool {
        if case .scalar(let text, let quoted) = value, !quoted {
            return text.isEmpty || text == "~" || text == "null" || text == "Null"
                || text == "NULL"
        }
        return false
    }

    /// Returns the value at `key` of a mapping node.
    public subscript(key: String) -> ConfigNode? {
        if case .mapping(let pairs) = value {
            return pairs.first { $0.key == key }?.value
        }
        return nil
    }
}
