/// Typed access to a `ConfigNode` that knows its key path, for precise error messages.
struct NodeReader {
    let node: ConfigNode
    let path: String
    let file: String

    init(_ node: ConfigNode, path: String, file: String) {
        self.node = node
        self.path = path
        self.file = file
    }

    func error(_ message: String) -> ScenarioError {
        .invalid(file: file, key: path, line: node.line, message: message)
    }

    /// A short rendering of the node for messages.
    var shown: String {
        switch node.value {
        case .scalar(let text, let quoted):
            return quoted ? "the quoted text \"\(text)\"" : "`\(text)`"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// Builds the error for a value of the wrong form. A quoted value gets the hint to remove
    /// the quotes, because quotes make text of what would otherwise be a number or boolean.
    func formError(expected: String) -> ScenarioError {
        if case .scalar(_, true) = node.value {
            return error("expected \(expected), found \(shown); remove the quotes")
        }
        return error("expected \(expected), found \(shown)")
    }

    func string() throws -> String {
        guard case .scalar(let text, _) = node.value, !node.isNull else {
            throw error("expected a text value, found \(shown)")
        }
        return text
    }

    func double() throws -> Double {
        guard case .scalar(let text, let quoted) = node.value, !quoted,
            let value = Double(text.replacingUnderscores), value.isFinite
        else {
            throw formError(expected: "a finite number")
        }
        return value
    }

    func integer() throws -> Int {
        guard case .scalar(let text, let quoted) = node.value, !quoted else {
            throw formError(expected: "a whole number")
        }
        if let value = Int(text.replacingUnderscores) {
            return value
        }
        // Accept 1e5 and 20000.0 when they are whole numbers.
        if let value = Double(text), value.isFinite, value == value.rounded(),
            abs(value) < 9e15
        {
            return Int(value)
        }
        throw formError(expected: "a whole number")
    }

    func boolean() throws -> Bool {
        guard case .scalar(let text, let quoted) = node.value, !quoted else {
            throw formError(expected: "true or false")
        }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw formError(expected: "true or false")
        }
    }

    /// Reads one of `choices`, naming them all when the value is not among them.
    func choice(_ choices: [String]) throws -> String {
        let text = try string()
        guard choices.contains(text) else {
            let list = choices.map { "`\($0)`" }.joined(separator: ", ")
            throw error("invalid value `\(text)`; expected one of \(list)")
        }
        return text
    }

    func sequence() throws -> [NodeReader] {
        guard case .sequence(let items) = node.value else {
            throw error("expected a list such as [1, 2], found \(shown)")
        }
        return items.enumerated().map { NodeReader($1, path: "\(path).\($0)", file: file) }
    }

    func doubles() throws -> [Double] {
        try sequence().map { try $0.double() }
    }

    func mapping() throws -> MappingReader {
        guard case .mapping(let pairs) = node.value else {
            throw error("expected a mapping of `key: value` lines, found \(shown)")
        }
        return MappingReader(pairs: pairs, node: node, path: path, file: file)
    }

    var isMapping: Bool {
        if case .mapping = node.value { return true }
        return false
    }

    var isSequence: Bool {
        if case .sequence = node.value { return true }
        return false
    }
}

/// A mapping being decoded: hands out keys and rejects any key nobody asked for.
final class MappingReader {
    let pairs: [(key: String, value: ConfigNode)]
    let node: ConfigNode
    let path: String
    let file: String
    private var used = Set<String>()

    init(pairs: [(key: String, value: ConfigNode)], node: ConfigNode, path: String, file: String) {
        self.pairs = pairs
        self.node = node
        self.path = path
        self.file = file
    }

    var keys: [String] { pairs.map(\.key) }

    private func child(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// Returns the value at `key`, or nil when absent or null.
    func optional(_ key: String) -> NodeReader? {
        used.insert(key)
        guard let value = pairs.first(where: { $0.key == key })?.value, !value.isNull else {
            return nil
        }
        return NodeReader(value, path: child(key), file: file)
    }

    /// Returns the value at `key`, or throws naming the missing key and its expected form.
    func required(_ key: String, expected: String) throws -> NodeReader {
        guard let reader = optional(key) else {
            throw ScenarioError.invalid(
                file: file, key: child(key), line: node.line,
                message: "missing; expected \(expected)")
        }
        return reader
    }

    /// Throws on the first key that was never read, listing the valid keys.
    ///
    /// `misplaced` maps keys that are valid only with another setting (such as `rate`, which
    /// needs a decay that uses it) to the message that names that setting.
    func finish(valid: [String], misplaced: [String: String] = [:]) throws {
        for (key, value) in pairs where !used.contains(key) {
            if let message = misplaced[key] {
                throw ScenarioError.invalid(
                    file: file, key: child(key), line: value.line, message: message)
            }
            let list = valid.map { "`\($0)`" }.joined(separator: ", ")
            var message = "unknown key; valid keys here are \(list)"
            if let guess = Self.closest(to: key, among: valid) {
                message += "; did you mean `\(guess)`?"
            }
            throw ScenarioError.invalid(
                file: file, key: child(key), line: value.line, message: message)
        }
    }

    /// Finds the valid key nearest to a misspelt one: at most two letters inserted, deleted or
    /// changed (Levenshtein distance), and fewer than half of the key's letters.
    static func closest(to key: String, among valid: [String]) -> String? {
        let limit = min(2, (key.count - 1) / 2)
        let scored = valid.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= limit }
        return scored.min { $0.1 < $1.1 }?.0
    }

    private static func editDistance(_ first: String, _ second: String) -> Int {
        let a = Array(first)
        let b = Array(second)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                let change = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                row[j] = min(previous[j] + 1, row[j - 1] + 1, change)
            }
            previous = row
        }
        return previous[b.count]
    }
}

extension String {
    /// YAML allows 1_000 for 1000.
    fileprivate var replacingUnderscores: String {
        String(filter { $0 != "_" })
    }
}
