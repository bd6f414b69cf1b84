import Scenario

/// Writes a `ConfigNode` tree back as block-style YAML, for the resolved scenario of a run.
public enum YAMLWriter {
    /// Renders `node` as a YAML document.
    public static func render(_ node: ConfigNode) -> String {
        var output = ""
        write(node, indent: 0, into: &output, inline: false)
        return output.hasSuffix("\n") ? output : output + "\n"
    }

    private static func write(
        _ node: ConfigNode, indent: Int, into output: inout String, inline: Bool
    ) {
        let pad = String(repeating: "  ", count: indent)
        switch node.value {
        case .scalar(let text, let quoted):
            output += scalar(text, quoted: quoted) + "\n"
        case .sequence(let items):
            if items.allSatisfy({ if case .scalar = $0.value { return true } else { return false } }
            ) {
                output += "[" + items.map(flow).joined(separator: ", ") + "]\n"
                return
            }
            if inline { output += "\n" }
            for item in items {
                output += pad + "- "
                if case .mapping(let pairs) = item.value, !pairs.isEmpty {
                    var first = true
                    for (key, value) in pairs {
                        output += (first ? "" : pad + "  ") + scalar(key, quoted: false) + ":"
                        first = false
                        writeValue(value, indent: indent + 2, into: &output)
                    }
                } else {
                    write(item, indent: indent + 1, into: &output, inline: false)
                }
            }
        case .mapping(let pairs):
            if pairs.isEmpty {
                output += "{}\n"
                return
            }
            if inline { output += "\n" }
            for (key, value) in pairs {
                output += pad + scalar(key, quoted: false) + ":"
                writeValue(value, indent: indent + 1, into: &output)
            }
        }
    }

    private static func writeValue(_ value: ConfigNode, indent: Int, into output: inout String) {
        switch value.value {
        case .scalar:
            output += " "
            write(value, indent: indent, into: &output, inline: false)
        case .sequence(let items)
        where items.allSatisfy({ item in
            if case .scalar = item.value { return true } else { return false }
        }):
            output += " "
            write(value, indent: indent, into: &output, inline: false)
        case .mapping(let pairs) where pairs.isEmpty:
            output += " {}\n"
        default:
            write(value, indent: indent, into: &output, inline: true)
        }
    }

    private static func flow(_ node: ConfigNode) -> String {
        if case .scalar(let text, let quoted) = node.value {
            return scalar(text, quoted: quoted, inFlow: true)
        }
        return "null"
    }

    /// Quotes a scalar when YAML would otherwise read it differently.
    static func scalar(_ text: String, quoted: Bool, inFlow: Bool = false) -> String {
        let special: Set<Character> = [
            ":", "#", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`",
        ]
        let needsQuotes =
            quoted || text.isEmpty || text.first == " " || text.last == " "
            || text.first == "-" && text.count > 1 && Double(text) == nil
            || text.contains(where: { special.contains($0) || $0.isNewline })
        guard needsQuotes else { return text }
        var escaped = "\""
        for character in text {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }
}
