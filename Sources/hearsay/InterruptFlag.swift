import Runtime
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Set by SIGINT or SIGTERM so that a long loop can stop cleanly and keep its results.
final class InterruptFlag: Sendable {
    /// The signal that arrived first, or 0.
    private static let raised = Atomic<Int32>(0)

    /// Installs handlers for SIGINT and SIGTERM, unblocks both, and returns the flag they set.
    static func install() -> InterruptFlag {
        Glibc.signal(SIGINT, interruptHandler)
        Glibc.signal(SIGTERM, interruptHandler)
        ShutdownSignal.unblockStopSignals()
        return InterruptFlag()
    }

    /// True once SIGINT or SIGTERM arrived.
    var isSet: Bool { Self.raised.load(ordering: .relaxed) != 0 }

    /// The signal that arrived first, or nil.
    var signal: Int32? {
        let value = Self.raised.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// The signal's name for messages: SIGINT or SIGTERM.
    var signalName: String { ShutdownSignal.name(signal ?? SIGINT) }

    fileprivate static func raise(_ signal: Int32) {
        _ = raised.compareExchange(expected: 0, desired: signal, ordering: .relaxed)
    }
}

private func interruptHandler(_ signal: Int32) {
    InterruptFlag.raise(signal)
}
