import Scenario

/// Reads a sweep file into the same `ConfigNode` tree that scenarios use, with the scenario
/// reader itself, and words its errors as errors of the sweep.
enum SweepYAML {
    /// Parses `text`, naming `file` in errors; returns nil for an empty document.
    static func parse(_ text: String, file: String) throws -> ConfigNode? {
        var body = text
        if body.hasPrefix("\u{FEFF}") {
            body.removeFirst()
        }
        do {
            return try YAMLReader.parse(body, file: file)
        } catch let error as ScenarioError {
            switch error {
            case .syntax(let file, let line, let column, let message):
                throw BatchError.sweepSyntax(
                    file: file, line: line, column: column, message: message)
            case .invalid(let file, let key, let line, let message):
                throw BatchError.invalidSweep(file: file, key: key, line: line, message: message)
            case .unreadable(let file, let reason):
                throw BatchError.unreadableSweep(file: file, reason: reason)
            default:
                throw BatchError.unreadableSweep(file: file, reason: "\(error)")
            }
        }
    }
}
