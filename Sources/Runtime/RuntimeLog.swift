#if canImport(Glibc)
    import Glibc
#endif

/// One-line log messages on standard error, prefixed with the process's role, so that a
/// person following 200 processes can tell who said what.
public struct RuntimeLog: Sendable {
    /// `coordinator` or `agent 4`.
    public let role: String

    public init(role: String) {
        self.role = role
    }

    /// Writes `hearsay ROLE: message`.
    public func info(_ message: String) {
        Self.writeToStandardError("hearsay \(role): \(message)\n")
    }

    /// Writes `hearsay ROLE: error: message`.
    public func error(_ message: String) {
        Self.writeToStandardError("hearsay \(role): error: \(message)\n")
    }

    /// Writes `text` to standard error with write(2), without a stdio buffer, and retries
    /// short writes. A line shorter than PIPE_BUF reaches a pipe in one piece.
    public static func writeToStandardError(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(
                    2, buffer.baseAddress?.advanced(by: offset), buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }
}

/// Logs the first few rejected frames in full and then only counts them, so that a flood of
/// garbage cannot fill the log.
struct RejectionCounter {
    private(set) var count = 0
    let fullLines = 10

    mutating func reject(_ reason: String, from origin: String, log: RuntimeLog) {
        count += 1
        if count <= fullLines {
            log.info("rejected a frame from \(origin): \(reason)")
        } else if count.isMultiple(of: 1000) {
            log.info("rejected \(count) frames so far")
        }
    }
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}
