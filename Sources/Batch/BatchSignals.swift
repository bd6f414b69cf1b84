import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Counts SIGINT and SIGTERM for a batch: the first stops handing out runs and lets the
/// runs in progress finish; the second abandons them as well.
public enum BatchSignals {
    private static let received = Atomic<Int>(0)

    /// Installs the handlers; call once, from the main thread, before the batch starts.
    ///
    /// The signal mask survives exec, so a batch whose parent blocks SIGINT and SIGTERM (some
    /// test runners do) would never see them. Both are unblocked here, before the worker
    /// threads inherit this thread's mask.
    public static func install() {
        signal(SIGINT, batchSignalHandler)
        signal(SIGTERM, batchSignalHandler)
        signal(SIGPIPE, SIG_IGN)
        var stopping = sigset_t()
        sigemptyset(&stopping)
        sigaddset(&stopping, SIGINT)
        sigaddset(&stopping, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &stopping, nil)
    }

    /// How many SIGINT and SIGTERM signals have arrived.
    public static var count: Int {
        received.load(ordering: .relaxed)
    }

    fileprivate static func record() {
        received.add(1, ordering: .relaxed)
    }
}

private func batchSignalHandler(_ signal: Int32) {
    BatchSignals.record()
}
