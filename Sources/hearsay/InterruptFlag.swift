import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Set by SIGINT or SIGTERM so that a long loop can stop cleanly and keep its results.
final class InterruptFlag: Sendable {
    private static let raised = Atomic<Bool>(false)

    /// Installs handlers for SIGINT and SIGTERM and returns the flag they set.
    static func install() -> InterruptFlag {
        signal(SIGINT, interruptHandler)
        signal(SIGTERM, interruptHandler)
        return InterruptFlag()
    }

    /// True once SIGINT or SIGTERM arrived.
    var isSet: Bool { Self.raised.load(ordering: .relaxed) }

    fileprivate static func raise() {
        raised.store(true, ordering: .relaxed)
    }
}

private func interruptHandler(_ signal: Int32) {
    InterruptFlag.raise()
}
