/// `key.path=value` overrides from the command line, applied to the document before decoding.
enum Overrides {
    /// Sets the value at the dotted path, creating mappings on the way.
    static func apply(_ text: String, to document: inout ConfigNode, file: String) throws {
        guard let equals = text.firstIndex(of: "=") else {
            throw ScenarioError.override(
                text: text, message: "expected KEY=VALUE, e.g. update.step_size=0.05")
        }
        let path = String(text[..<equals])
        let valueText = String(text[text.index(after: equals)...])
        let keys = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.isEmpty, keys.allSatisfy({ !$0.isEmpty }) else {
            throw ScenarioError.override(
                text: text, message: "the key path `\(path)` has an empty part")
        }
        var value: ConfigNode
        do {
            // Parse the value as YAML so that lists ([0.1, 0.2]) and numbers keep their type.
            value =
                try YAMLReader.parse("value: \(valueText)", file: "override")?["value"]
                ?? ConfigNode(.scalar("", quoted: false), line: nil)
        } catch {
            throw ScenarioError.override(text: text, message: "the value is not valid YAML")
        }
        if value.isNull {
            throw ScenarioError.override(
                text: text,
                message: "the value is empty or null; give a value such as `\(path)=…`, or edit "
                    + "the file to remove `\(path)`")
        }
        strip(&value)
        try set(value, at: keys[...], in: &document, text: text, done: [])
    }

    /// Removes line numbers: the value came from the command line, not the file.
    private static func strip(_ node: inout ConfigNode) {
        node.line = nil
        switch node.value {
        case .scalar: break
        case .sequence(var items):
            for index in items.indices {
                strip(&items[index])
            }
            node.value = .sequence(items)
        case .mapping(var pairs):
            for index in pairs.indices {
                strip(&pairs[index].value)
            }
            node.value = .mapping(pairs)
        }
    }

    private static func set(
        _ value: ConfigNode, at keys: ArraySlice<String>, in node: inout ConfigNode, text: String,
        done: [String]
    ) throws {
        let place = done.isEmpty ? "the scenario" : "`" + done.joined(separator: ".") + "`"
        guard let key = keys.first else {
            node = value
            return
        }
        switch node.value {
        case .mapping(var pairs):
            if let position = pairs.firstIndex(where: { $0.key == key }) {
                try set(
                    value, at: keys.dropFirst(), in: &pairs[position].value, text: text,
                    done: done + [key])
            } else {
                if Int(key) != nil {
                    throw ScenarioError.override(
                        text: text,
                        message: "\(place) has no list item \(key) in the file; add the item to "
                            + "the file, then override its keys")
                }
                var child = ConfigNode(.mapping([]), line: nil)
                try set(value, at: keys.dropFirst(), in: &child, text: text, done: done + [key])
                pairs.append((key, child))
            }
            node.value = .mapping(pairs)
        case .sequence(var items):
            guard let position = Int(key), items.indices.contains(position) else {
                let size =
                    items.isEmpty
                    ? "it is empty" : "its items are numbered 0 to \(items.count - 1)"
                throw ScenarioError.override(
                    text: text, message: "the list \(place) has no item `\(key)`; \(size)")
            }
            try set(
                value, at: keys.dropFirst(), in: &items[position], text: text,
                done: done + [key])
            node.value = .sequence(items)
        case .scalar:
            if node.isNull {
                if Int(key) != nil {
                    throw ScenarioError.override(
                        text: text,
                        message: "\(place) has no list item \(key) in the file; add the item to "
                            + "the file, then override its keys")
                }
                node = ConfigNode(.mapping([]), line: nil)
                try set(value, at: keys, in: &node, text: text, done: done)
                return
            }
            throw ScenarioError.override(
                text: text, message: "cannot set `\(key)` inside a plain value")
        }
    }
}
