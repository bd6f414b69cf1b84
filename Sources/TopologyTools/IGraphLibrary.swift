import CIGraph
import Synchronization

/// Serialises every use of libigraph and turns its errors into `TopologyToolsError`.
///
/// libigraph 0.10 as Debian builds it is not thread-safe (`IGRAPH_THREAD_SAFE` is 0): its
/// random number generator, error handler and attribute table are process-wide. Every call
/// into it goes through `withLock`, which also installs the C attribute handler (for names
/// and weights) and an error handler that records the message instead of aborting.
enum IGraphLibrary {
    private static let lock = Mutex<Bool>(false)
    private static let messages = Mutex<[String]>([])

    /// Runs `body` while holding the library lock; the first call configures the library.
    static func withLock<T: Sendable>(_ body: () throws -> T) throws -> T {
        try lock.withLock { configured throws -> T in
            if !configured {
                configure()
                configured = true
            }
            messages.withLock { $0.removeAll() }
            return try body()
        }
    }

    /// Checks the status of one libigraph call; `operation` names it in the error message.
    static func check(_ status: igraph_error_t, _ operation: String) throws {
        guard status != IGRAPH_SUCCESS else { return }
        let recorded = messages.withLock { list -> String? in
            defer { list.removeAll() }
            return list.last { !$0.hasPrefix("warning: ") && !$0.isEmpty }
        }
        let reason = recorded ?? String(cString: igraph_strerror(status))
        throw TopologyToolsError.igraph(
            operation: operation, code: Int(status.rawValue), reason: reason)
    }

    /// Warnings libigraph printed since the lock was taken, oldest first.
    static func takeWarnings() -> [String] {
        messages.withLock { list in
            defer { list.removeAll() }
            return list.filter { $0.hasPrefix("warning: ") }.map { String($0.dropFirst(9)) }
        }
    }

    private static func configure() {
        igraph_set_attribute_table(attributeTable)
        igraph_set_error_handler { reason, _, _, _ in
            let text = reason.map { String(cString: $0) } ?? "unknown error"
            IGraphLibrary.record(text)
            // libigraph expects the handler to free what the failed call had allocated.
            IGRAPH_FINALLY_FREE()
        }
        igraph_set_warning_handler { reason, _, _ in
            let text = reason.map { String(cString: $0) } ?? "unknown warning"
            IGraphLibrary.record("warning: " + text)
        }
    }

    private static func record(_ message: String) {
        messages.withLock { $0.append(message) }
    }

    /// A copy of `igraph_cattribute_table` that lives as long as the process, because
    /// libigraph keeps the pointer it is given.
    nonisolated(unsafe) private static let attributeTable:
        UnsafeMutablePointer<
            igraph_attribute_table_t
        > = {
            let table = UnsafeMutablePointer<igraph_attribute_table_t>.allocate(capacity: 1)
            table.initialize(to: igraph_cattribute_table)
            return table
        }()
}
