import CYAML
import Scenario

/// Reads a sweep file into the same `ConfigNode` tree that scenarios use, through libyaml.
///
/// The rules match the scenario reader: quoted scalars stay strings, keys given twice and
/// aliases are rejected, and every node keeps its line for error messages.
/// NOTE: this duplicates the Scenario module's internal reader; once that reader is public,
/// this type can call it instead.
enum SweepYAML {
    /// Parses `text`, naming `file` in errors; returns nil for an empty document.
    static func parse(_ text: String, file: String) throws -> ConfigNode? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw BatchError.unreadableSweep(file: file, reason: "libyaml could not start")
        }
        defer { yaml_parser_delete(&parser) }
        var body = text
        if body.hasPrefix("\u{FEFF}") {
            body.removeFirst()
        }
        let bytes = Array(body.utf8)
        return try bytes.withUnsafeBufferPointer { buffer -> ConfigNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = NodeStack(file: file)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
                    let mark = parser.problem_mark
                    throw BatchError.sweepSyntax(
                        file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1,
                        message: problem)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT {
                    return builder.root
                }
                try builder.handle(event)
            }
        }
    }
}

/// Builds the tree from libyaml events, one open collection per stack entry.
private struct NodeStack {
    let file: String
    var root: ConfigNode?
    private var open: [Collection] = []

    private enum Collection {
        case sequence(line: Int, items: [ConfigNode])
        case mapping(line: Int, pairs: [(key: String, value: ConfigNode)], key: String?)
    }

    init(file: String) {
        self.file = file
    }

    mutating func handle(_ event: yaml_event_t) throws {
        let line = Int(event.start_mark.line) + 1
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            var text = ""
            if let pointer = scalar.value {
                let buffer = UnsafeBufferPointer(start: pointer, count: Int(scalar.length))
                text = String(decoding: buffer, as: UTF8.self)
            }
            let quoted =
                scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE
                || scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
            try add(ConfigNode(.scalar(text, quoted: quoted), line: line))
        case YAML_SEQUENCE_START_EVENT:
            open.append(.sequence(line: line, items: []))
        case YAML_SEQUENCE_END_EVENT:
            if case .sequence(let start, let items) = open.popLast() {
                try add(ConfigNode(.sequence(items), line: start))
            }
        case YAML_MAPPING_START_EVENT:
            open.append(.mapping(line: line, pairs: [], key: nil))
        case YAML_MAPPING_END_EVENT:
            if case .mapping(let start, let pairs, _) = open.popLast() {
                try add(ConfigNode(.mapping(pairs), line: start))
            }
        case YAML_ALIAS_EVENT:
            throw BatchError.sweepSyntax(
                file: file, line: line, column: Int(event.start_mark.column) + 1,
                message: "YAML aliases (*name) are not supported; write the value out")
        case YAML_DOCUMENT_START_EVENT where root != nil:
            throw BatchError.sweepSyntax(
                file: file, line: line, column: 1,
                message: "the file holds more than one YAML document; keep one")
        default:
            break
        }
    }

    private mutating func add(_ node: ConfigNode) throws {
        guard let top = open.popLast() else {
            root = node
            return
        }
        switch top {
        case .sequence(let line, var items):
            items.append(node)
            open.append(.sequence(line: line, items: items))
        case .mapping(let line, var pairs, let pendingKey):
            if let pendingKey {
                pairs.append((pendingKey, node))
                open.append(.mapping(line: line, pairs: pairs, key: nil))
                return
            }
            guard case .scalar(let key, _) = node.value else {
                throw BatchError.sweepSyntax(
                    file: file, line: node.line ?? line, column: 1,
                    message: "a mapping key must be a plain name, not a list or mapping")
            }
            if let previous = pairs.first(where: { $0.key == key }) {
                throw BatchError.invalidSweep(
                    file: file, key: key, line: node.line,
                    message: "given twice (first on line \(previous.value.line ?? 0)); keep one")
            }
            open.append(.mapping(line: line, pairs: pairs, key: key))
        }
    }
}
