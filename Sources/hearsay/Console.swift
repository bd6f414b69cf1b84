import Runtime

/// Writes to standard output and standard error without buffering surprises.
enum Console {
    /// Writes `message` and a newline to standard error, prefixed with `hearsay: error:`.
    static func error(_ message: String) {
        writeError("hearsay: error: \(message)\n")
    }

    /// Writes `message` and a newline to standard error, prefixed with `hearsay: warning:`.
    static func warning(_ message: String) {
        writeError("hearsay: warning: \(message)\n")
    }

    /// Writes raw text to standard error.
    static func writeError(_ text: String) {
        RuntimeLog.writeToStandardError(text)
    }
}
