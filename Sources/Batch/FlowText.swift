import Reporting
import Scenario

/// Renders a `ConfigNode` as one line of flow-style YAML, for run keys and `key=value`
/// overrides: `0.05`, `topic`, `[0,1,2]`, `{agent: 4, round: 30}`, `"two words"`.
///
/// The text parses back to the same node. Plain scalars stay plain so that numbers keep
/// their type, and any other text is double-quoted, which the scenario reader treats as a
/// string either way.
enum FlowText {
    /// Returns the one-line rendering of `node`.
    static func render(_ node: ConfigNode) -> String {
        switch node.value {
        case .scalar(let text, let quoted):
            return scalar(text, quoted: quoted)
        case .sequence(let items):
            return "[" + items.map(render).joined(separator: ",") + "]"
        case .mapping(let pairs):
            let body = pairs.map { scalar($0.key, quoted: false) + ": " + render($0.value) }
            return "{" + body.joined(separator: ", ") + "}"
        }
    }

    /// Returns `text` plain when that is safe in any flow context, else double-quoted.
    static func scalar(_ text: String, quoted: Bool) -> String {
        if !quoted && text.isEmpty {
            return "~"
        }
        if !quoted && text.unicodeScalars.allSatisfy(isPlainSafe) {
            return text
        }
        // A JSON string literal is also a YAML double-quoted scalar.
        return JSONValue.quote(text)
    }

    /// Letters, digits and `. _ + - / ~` need no quotes in block or flow YAML.
    private static func isPlainSafe(_ character: Unicode.Scalar) -> Bool {
        switch character {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "+", "-", "/", "~": return true
        default: return false
        }
    }
}
