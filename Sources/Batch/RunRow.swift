import Foundation
import Reporting

/// One row of the result index: a run that started, with its outcome once it finished.
public struct RunRow: Sendable, Equatable {
    /// The row's status: `running` until the run finishes, then `completed` or `failed`.
    public enum Status: String, Sendable, CaseIterable {
        case running
        case completed
        case failed
    }

    /// Column values by column name, as stored.
    public var values: [String: SQLiteValue]

    public init(values: [String: SQLiteValue]) {
        self.values = values
    }

    /// The stored value of `column`, or null.
    public subscript(column: String) -> SQLiteValue {
        values[column] ?? .null
    }

    public var key: String { self["run_key"].text ?? "" }
    public var index: Int { self["run_index"].integer ?? 0 }
    public var status: Status? { self["status"].text.flatMap(Status.init(rawValue:)) }
    /// The scenario seed in decimal (stored as text, since it may exceed SQLite's Int64).
    public var seed: String { self["seed"].text ?? "" }
    /// The run folder relative to the batch folder.
    public var folder: String { self["folder"].text ?? "" }
    public var error: String? { self["error"].text }
    /// True for a completed or failed run.
    public var isFinished: Bool { status == .completed || status == .failed }

    /// The swept parameters as name and value text, sorted by name.
    public var parameters: [(name: String, value: String)] {
        guard let text = self["parameters"].text,
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8))
                as? [String: Any]
        else {
            return []
        }
        return object.keys.sorted().map { name in
            let value = object[name]
            if let text = value as? String {
                return (name, text)
            }
            if let number = value as? Double {
                return (name, RunRow.numberText(number))
            }
            return (name, "")
        }
    }

    /// Encodes parameters as a one-line JSON object: numbers as JSON numbers, the rest as
    /// strings, keys sorted.
    static func parametersJSON(_ parameters: [SweepParameter]) -> String {
        let body = parameters.sorted { $0.name < $1.name }.map { parameter in
            let value = parameter.number.map(numberText) ?? JSONValue.quote(parameter.value)
            return JSONValue.quote(parameter.name) + ": " + value
        }
        return "{" + body.joined(separator: ", ") + "}"
    }

    static func numberText(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 {
            return String(Int(value))
        }
        return "\(value)"
    }

}
