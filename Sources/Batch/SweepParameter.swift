/// One swept setting of a run, as it appears in the run key: `update.step_size=0.05`, or a
/// case label such as `sharing=topic`.
public struct SweepParameter: Sendable, Equatable, Hashable {
    /// The scenario key path, or the name of a `cases` axis.
    public var name: String
    /// The value as one line of flow YAML, or the case label.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// The value as a number when it is written as a decimal number, for plots and JSON.
    public var number: Double? {
        SweepParameter.decimalNumber(value)
    }

    /// Parses `text` as a decimal number (`-1`, `0.05`, `2e-3`), rejecting the hexadecimal,
    /// `nan` and `inf` forms that `Double(_:)` also accepts.
    static func decimalNumber(_ text: String) -> Double? {
        let allowed = text.unicodeScalars.allSatisfy { character in
            switch character {
            case "0"..."9", ".", "-", "+", "e", "E": return true
            default: return false
            }
        }
        guard allowed, text.contains(where: \.isNumber), let value = Double(text),
            value.isFinite
        else {
            return nil
        }
        return value
    }
}
