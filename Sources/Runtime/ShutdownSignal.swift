import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Records SIGINT and SIGTERM for the poll loops, and makes the other common signals harmless.
///
/// Only SIGINT and SIGTERM start a shutdown. SIGUSR1, SIGUSR2, SIGHUP and SIGPIPE are ignored
/// (their default action would kill the process); SIGCHLD and SIGWINCH are ignored by default.
/// A signal that interrupts zmq_poll makes it return early, and the loops simply poll again.
public enum ShutdownSignal {
    private static let received = Atomic<Int32>(0)

    /// Installs the handlers, and unblocks SIGINT and SIGTERM in case the process inherited
    /// a mask that blocks them; call once at process start.
    public static func install() {
        signal(SIGINT, shutdownHandler)
        signal(SIGTERM, shutdownHandler)
        unblockStopSignals()
        signal(SIGUSR1, SIG_IGN)
        signal(SIGUSR2, SIG_IGN)
        signal(SIGHUP, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
    }

    /// Unblocks SIGINT and SIGTERM for the calling thread.
    ///
    /// A process inherits its parent's signal mask, and a launcher that blocks them (test
    /// hosts do) would otherwise leave Ctrl-C and `kill` without effect.
    public static func unblockStopSignals() {
        var stopping = sigset_t()
        sigemptyset(&stopping)
        sigaddset(&stopping, SIGINT)
        sigaddset(&stopping, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &stopping, nil)
    }

    /// The signal that asked for shutdown, or nil.
    public static var pending: Int32? {
        let value = received.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    fileprivate static func record(_ signal: Int32) {
        received.store(signal, ordering: .relaxed)
    }

    /// The conventional name of a signal number, for log lines.
    public static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case SIGKILL: return "SIGKILL"
        default: return "signal \(signal)"
        }
    }
}

private func shutdownHandler(_ signal: Int32) {
    ShutdownSignal.record(signal)
}
