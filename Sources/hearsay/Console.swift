#if canImport(Glibc)
    import Glibc
#endif

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
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(
                    2, buffer.baseAddress?.advanced(by: offset), buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }
}
