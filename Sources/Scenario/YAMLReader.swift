import CYAML

/// Parses YAML (and JSON, which libyaml reads as YAML flow style) into `ConfigNode` trees.
///
/// Quoted scalars stay strings, a key given twice and aliases are errors, and every node
/// keeps its line for messages. Sweep files are read by the same rules.
public enum YAMLReader {
    /// Parses `text`; `file` names the source in errors. Returns nil for an empty document.
    public static func parse(_ text: String, file: String) throws -> ConfigNode? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw ScenarioError.unreadable(file: file, reason: "libyaml could not start")
        }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer -> ConfigNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = TreeBuilder(file: file)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    throw syntaxError(parser, file: file, text: text)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT {
                    break
                }
                try builder.handle(event)
            }
            return builder.root
        }
    }

    private static func syntaxError(_ parser: yaml_parser_t, file: String, text: String)
        -> ScenarioError
    {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message = "\(problem) \(context)"
        }
        let mark = parser.problem_mark
        if isTab(in: text, line: Int(mark.line), column: Int(mark.column)) {
            message += " (YAML does not allow tabs for indentation; use spaces)"
        }
        return ScenarioError.syntax(
            file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1,
            message: message)
    }
}

extension YAMLReader {
    /// True when the character at a 0-based line and column of `text` is a tab.
    fileprivate static func isTab(in text: String, line: Int, column: Int) -> Bool {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.indices.contains(line) else { return false }
        let scalars = Array(lines[line].unicodeScalars)
        return scalars.indices.contains(column) && scalars[column] == "\t"
    }
}

/// Turns the libyaml event stream into a tree, one open collection per stack entry.
///
/// A list or mapping written under a key takes the key's line, so that a message about the
/// whole collection (a missing key, a wrong count) points at `key:` rather than at its first
/// item on the next line.
private struct TreeBuilder {
    let file: String
    var root: ConfigNode?
    private var stack: [Frame] = []

    private enum Frame {
        case sequence(line: Int, items: [ConfigNode])
        case mapping(
            line: Int, pairs: [(key: String, value: ConfigNode)],
            pendingKey: (name: String, line: Int)?)
    }

    init(file: String) {
        self.file = file
    }

    mutating func handle(_ event: yaml_event_t) throws {
        let line = Int(event.start_mark.line) + 1
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text =
                scalar.value.map { pointer in
                    String(
                        decoding: UnsafeBufferPointer(start: pointer, count: Int(scalar.length)),
                        as: UTF8.self)
                } ?? ""
            let quoted =
                scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE
                || scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
            try add(ConfigNode(.scalar(text, quoted: quoted), line: line))
        case YAML_SEQUENCE_START_EVENT:
            try checkDepth(event)
            stack.append(.sequence(line: line, items: []))
        case YAML_SEQUENCE_END_EVENT:
            guard case .sequence(let start, let items) = stack.popLast() else { return }
            try add(ConfigNode(.sequence(items), line: start))
        case YAML_MAPPING_START_EVENT:
            try checkDepth(event)
            stack.append(.mapping(line: line, pairs: [], pendingKey: nil))
        case YAML_MAPPING_END_EVENT:
            guard case .mapping(let start, let pairs, _) = stack.popLast() else { return }
            try add(ConfigNode(.mapping(pairs), line: start))
        case YAML_ALIAS_EVENT:
            throw ScenarioError.syntax(
                file: file, line: line, column: Int(event.start_mark.column) + 1,
                message: "YAML aliases (*name) are not supported; write the value out")
        case YAML_DOCUMENT_START_EVENT:
            if root != nil {
                throw ScenarioError.syntax(
                    file: file, line: line, column: 1,
                    message: "the file holds more than one YAML document; keep one")
            }
        default:
            break
        }
    }

    private func checkDepth(_ event: yaml_event_t) throws {
        guard stack.count < ConfigNode.maximumDepth else {
            throw ScenarioError.syntax(
                file: file, line: Int(event.start_mark.line) + 1,
                column: Int(event.start_mark.column) + 1, message: ConfigNode.depthMessage)
        }
    }

    private mutating func add(_ node: ConfigNode) throws {
        guard let top = stack.popLast() else {
            root = node
            return
        }
        switch top {
        case .sequence(let line, var items):
            items.append(node)
            stack.append(.sequence(line: line, items: items))
        case .mapping(let line, var pairs, let pendingKey):
            if let key = pendingKey {
                var value = node
                switch node.value {
                case .sequence, .mapping: value.line = key.line
                case .scalar: break
                }
                pairs.append((key.name, value))
                stack.append(.mapping(line: line, pairs: pairs, pendingKey: nil))
                return
            }
            guard case .scalar(let key, _) = node.value else {
                throw ScenarioError.syntax(
                    file: file, line: node.line ?? line, column: 1,
                    message: "a mapping key must be a plain name, not a list or mapping")
            }
            if let previous = pairs.first(where: { $0.key == key }) {
                throw ScenarioError.invalid(
                    file: file, key: key, line: node.line,
                    message: "key `\(key)` is given twice (first on line "
                        + "\(previous.value.line ?? 0)); keep one")
            }
            stack.append(
                .mapping(line: line, pairs: pairs, pendingKey: (key, node.line ?? line)))
        }
    }
}
