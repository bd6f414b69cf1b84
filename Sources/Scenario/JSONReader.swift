/// Parses strict JSON (RFC 8259) into `ConfigNode` trees, with the line of every value.
///
/// libyaml would read most JSON too, but YAML also accepts comments, unquoted text and
/// trailing commas, and its messages speak of YAML tokens. This reader keeps `.json` files to
/// JSON and places each syntax error at the line and column of the offending character.
/// Strings become quoted scalars (so `"7"` stays text), numbers and `true`, `false`, `null`
/// plain scalars, as libyaml would give them.
struct JSONReader {
    private let bytes: [UInt8]
    private let file: String
    /// Byte offsets at which lines start, for turning offsets into line numbers.
    private let lineStarts: [Int]
    private var position = 0
    /// The number of lists and objects open at `position`.
    private var depth = 0

    private init(_ text: String, file: String) {
        let utf8 = Array(text.utf8)
        bytes = utf8
        self.file = file
        lineStarts = [0] + utf8.indices.filter { utf8[$0] == 0x0A }.map { $0 + 1 }
    }

    /// Parses `text`; `file` names the source in errors. Returns nil for an empty document.
    static func parse(_ text: String, file: String) throws -> ConfigNode? {
        var reader = JSONReader(text, file: file)
        reader.skipWhitespace()
        guard reader.position < reader.bytes.count else { return nil }
        let root = try reader.value()
        reader.skipWhitespace()
        if reader.position < reader.bytes.count {
            throw reader.syntaxError(
                "unexpected \(reader.shownCurrent) after the end of the JSON value; a JSON "
                    + "file holds one object")
        }
        return root
    }

    // MARK: - Values

    private mutating func value() throws -> ConfigNode {
        let line = currentLine
        switch current ?? 0 {
        case UInt8(ascii: "{"):
            return try object()
        case UInt8(ascii: "["):
            return try array()
        case UInt8(ascii: "\""):
            return ConfigNode(.scalar(try string(), quoted: true), line: line)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return ConfigNode(.scalar(try number(), quoted: false), line: line)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return ConfigNode(.scalar(try literal(), quoted: false), line: line)
        case UInt8(ascii: "/"), UInt8(ascii: "#"):
            throw syntaxError("expected a value, found \(shownCurrent)\(commentHint)")
        case let byte where Self.isWordByte(byte):
            throw bareWordError()
        default:
            throw syntaxError(
                "expected a value (an object, list, string, number, true, false or null), "
                    + "found \(shownCurrent)")
        }
    }

    private mutating func object() throws -> ConfigNode {
        let line = currentLine
        try enterCollection()
        defer { depth -= 1 }
        position += 1
        var pairs: [(key: String, value: ConfigNode)] = []
        var keyLines: [String: Int] = [:]
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return ConfigNode(.mapping([]), line: line)
        }
        while true {
            if current == UInt8(ascii: "}") {
                throw syntaxError(
                    "expected a quoted key after `,`, found `}`; JSON allows no comma before `}`")
            }
            guard current == UInt8(ascii: "\"") else {
                throw syntaxError(
                    "expected a key in double quotes, found \(shownCurrent)\(commentHint)")
            }
            let keyLine = currentLine
            let key = try string()
            if let previous = keyLines[key] {
                throw ScenarioError.invalid(
                    file: file, key: key, line: keyLine,
                    message: "key `\(key)` is given twice (first on line \(previous)); keep one")
            }
            keyLines[key] = keyLine
            skipWhitespace()
            guard current == UInt8(ascii: ":") else {
                throw syntaxError("expected `:` after the key \"\(key)\", found \(shownCurrent)")
            }
            position += 1
            skipWhitespace()
            var item = try value()
            // A list or mapping takes its key's line, as in YAML documents.
            switch item.value {
            case .sequence, .mapping: item.line = keyLine
            case .scalar: break
            }
            pairs.append((key, item))
            let end = position
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
                continue
            }
            if current == UInt8(ascii: "}") {
                position += 1
                return ConfigNode(.mapping(pairs), line: line)
            }
            throw syntaxError(
                "expected `,` or `}` after the value of \"\(key)\", found \(shownCurrent)"
                    + missingCommaHint(after: end))
        }
    }

    private mutating func array() throws -> ConfigNode {
        let line = currentLine
        try enterCollection()
        defer { depth -= 1 }
        position += 1
        var items: [ConfigNode] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            return ConfigNode(.sequence([]), line: line)
        }
        while true {
            if current == UInt8(ascii: "]") {
                throw syntaxError(
                    "expected a value after `,`, found `]`; JSON allows no comma "
                        + "before `]`")
            }
            items.append(try value())
            let end = position
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
                continue
            }
            if current == UInt8(ascii: "]") {
                position += 1
                return ConfigNode(.sequence(items), line: line)
            }
            throw syntaxError(
                "expected `,` or `]` after a list item, found \(shownCurrent)"
                    + missingCommaHint(after: end))
        }
    }

    private mutating func enterCollection() throws {
        guard depth < ConfigNode.maximumDepth else {
            throw syntaxError(ConfigNode.depthMessage)
        }
        depth += 1
    }

    /// Reads a string starting at its opening quote and returns its decoded text.
    private mutating func string() throws -> String {
        let start = position
        position += 1
        var text: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &text)
            case 0..<0x20:
                throw syntaxError(
                    "a control character (such as a line break or tab) inside a string; write "
                        + "it as an escape such as \\n or \\t")
            default:
                text.append(byte)
                position += 1
            }
        }
        position = start
        throw syntaxError("the string that starts here has no closing `\"`")
    }

    /// Decodes the escape at `position` (a backslash) and appends its UTF-8 bytes to `text`.
    private mutating func escape(into text: inout [UInt8]) throws {
        position += 1
        guard position < bytes.count else {
            throw syntaxError("the file ends inside an escape sequence")
        }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "\\"): UInt8(ascii: "\\"),
            UInt8(ascii: "/"): UInt8(ascii: "/"), UInt8(ascii: "b"): 0x08,
            UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D,
            UInt8(ascii: "t"): 0x09,
        ]
        if let byte = simple[bytes[position]] {
            text.append(byte)
            position += 1
            return
        }

        guard bytes[position] == UInt8(ascii: "u") else {
            let letter = shownCurrent.dropFirst().dropLast()
            // Point at the backslash, where the escape starts.
            position -= 1
            throw syntaxError(
                "invalid escape \\\(letter); JSON allows \\\", \\\\, \\/, \\b, \\f, \\n, "
                    + "\\r, \\t and \\uXXXX")
        }
        position += 1
        var scalar = try hexQuad()

        // A code point above U+FFFF is written as a UTF-16 surrogate pair, \uD83D\uDE00.
        if (0xD800..<0xDC00).contains(scalar), position + 1 < bytes.count,
            bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
        {
            position += 2
            let low = try hexQuad()
            guard (0xDC00..<0xE000).contains(low) else {
                throw syntaxError("a \\u escape pairs a high surrogate with a non-surrogate")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }

        guard let unicode = Unicode.Scalar(scalar) else {
            throw syntaxError("a \\u escape names a lone surrogate, which is not a character")
        }
        text.append(contentsOf: Array(String(Character(unicode)).utf8))
    }

    private mutating func hexQuad() throws -> UInt32 {
        guard position + 4 <= bytes.count,
            let value = UInt32(
                String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
        else {
            throw syntaxError("expected four hexadecimal digits after \\u")
        }
        position += 4
        return value
    }

    /// Reads a number and returns it as written (the decoder parses it).
    private mutating func number() throws -> String {
        let start = position
        if current == UInt8(ascii: "-") {
            position += 1
        }
        if current == UInt8(ascii: "0") {
            position += 1
        } else {
            try digits(after: "`-`")
        }
        if current == UInt8(ascii: ".") {
            position += 1
            try digits(after: "the decimal point")
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
                position += 1
            }
            try digits(after: "the exponent mark")
        }
        if let byte = current, Self.isWordByte(byte) {
            position = start
            throw syntaxError(
                "invalid number \(shownWord); write a JSON number such as 12, 0.25 or 1e-3 "
                    + "(no leading zeros)")
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func digits(after what: String) throws {
        let start = position
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            position += 1
        }
        if position == start {
            throw syntaxError("expected a digit after \(what), found \(shownCurrent)")
        }
    }

    private mutating func literal() throws -> String {
        for word in ["true", "false", "null"] {
            let utf8 = Array(word.utf8)
            let end = position + utf8.count
            if end <= bytes.count, Array(bytes[position..<end]) == utf8,
                end == bytes.count || !Self.isWordByte(bytes[end])
            {
                position = end
                return word
            }
        }
        throw bareWordError()
    }

    private func bareWordError() -> ScenarioError {
        syntaxError(
            "expected a value, found \(shownWord); text must be written in double quotes, "
                + "and the only bare words are true, false and null")
    }

    // MARK: - Positions and messages

    private var current: UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = current,
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0A
                || byte == 0x0D
        {
            position += 1
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "+"), UInt8(ascii: "-"):
            return true
        default:
            return byte >= 0x80
        }
    }

    /// The character at `position` in backticks, or "the end of the file".
    private var shownCurrent: String {
        guard position < bytes.count else { return "the end of the file" }
        var end = position + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 {
            end += 1
        }
        return "`" + String(decoding: bytes[position..<end], as: UTF8.self) + "`"
    }

    /// The word (letters, digits and number signs) at `position`, in backticks.
    private var shownWord: String {
        var end = position
        while end < bytes.count, Self.isWordByte(bytes[end]), end - position < 40 {
            end += 1
        }
        guard end > position else { return shownCurrent }
        return "`" + String(decoding: bytes[position..<end], as: UTF8.self) + "`"
    }

    /// Explains a `/` or `#` found where JSON expects a key or value.
    private var commentHint: String {
        guard current == UInt8(ascii: "/") || current == UInt8(ascii: "#") else { return "" }
        return "; JSON has no comments, so remove it or write the scenario in YAML"
    }

    /// Names the likely fix when the unexpected character starts a later line.
    private func missingCommaHint(after end: Int) -> String {
        guard bytes[end..<min(position, bytes.count)].contains(0x0A) else { return "" }
        return "; is a comma missing at the end of line \(line(of: end))?"
    }

    private var currentLine: Int { line(of: position) }

    /// Returns the 1-based line of a byte offset: the number of line starts at or before it.
    private func line(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count
        while low < high {
            let middle = (low + high) / 2
            if lineStarts[middle] <= offset {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    /// The 1-based column of `position`, counted in characters rather than bytes.
    private var currentColumn: Int {
        let end = min(position, bytes.count)
        let start = lineStarts[line(of: end) - 1]
        return 1 + bytes[start..<end].lazy.filter { $0 & 0xC0 != 0x80 }.count
    }

    private func syntaxError(_ message: String) -> ScenarioError {
        .syntax(file: file, line: currentLine, column: currentColumn, message: message)
    }
}
