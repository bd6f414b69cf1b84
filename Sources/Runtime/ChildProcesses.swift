import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The agent processes that `hearsay run` starts on this machine, in their own process group
/// so that a terminal's Ctrl-C reaches only the coordinator, which then stops them in order.
public final class ChildProcesses {
    /// Process ids by agent index.
    public private(set) var processes: [Int: pid_t] = [:]
    /// Exit descriptions of children that have ended, by agent index.
    public private(set) var ended: [Int: String] = [:]
    private var group: pid_t = 0

    public init() {}

    /// Starts `hearsay agent` for every index with the given arguments.
    public func spawn(executable: String, count: Int, arguments: (Int) -> [String]) throws {
        for index in 0..<count {
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attributes, group)
            let argv = [executable] + arguments(index)
            var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
            defer {
                for pointer in cArguments { free(pointer) }
            }
            var pid: pid_t = 0
            let status = posix_spawn(&pid, executable, nil, &attributes, &cArguments, environ)
            guard status == 0 else {
                terminateAll(signal: SIGKILL)
                throw RuntimeError.spawnFailed(
                    "posix_spawn of agent \(index) failed: \(String(cString: strerror(status)))")
            }
            if group == 0 {
                group = pid
            }
            processes[index] = pid
        }
    }

    /// Reaps children that have exited and returns the agents newly ended, with how they
    /// ended (exit status or signal).
    public func reap() -> [(agent: Int, description: String)] {
        var newlyEnded: [(Int, String)] = []
        for (agent, pid) in processes where ended[agent] == nil {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            guard result == pid else { continue }
            let description: String
            if status & 0x7f == 0 {
                description = "exited with status \((status >> 8) & 0xff)"
            } else {
                description = "was killed by \(ShutdownSignal.name(status & 0x7f))"
            }
            ended[agent] = description
            newlyEnded.append((agent, description))
        }
        return newlyEnded
    }

    /// True when every child has been reaped.
    public var allEnded: Bool { ended.count == processes.count }

    /// Sends `signal` to one agent's process if it still runs (a frozen agent that was dropped).
    public func signal(agent: Int, _ signal: Int32) {
        guard ended[agent] == nil, let pid = processes[agent] else { return }
        kill(pid, signal)
    }

    /// Sends `signal` to every child still running.
    public func terminateAll(signal: Int32) {
        for (agent, pid) in processes where ended[agent] == nil {
            kill(pid, signal)
        }
    }

    /// Waits up to `timeout` seconds for every child to exit, then kills the rest with SIGKILL
    /// and reaps them, so that no orphan is left behind.
    public func waitAll(timeout: Double) {
        let deadline = monotonicSeconds() + timeout
        while !allEnded && monotonicSeconds() < deadline {
            _ = reap()
            usleep(20_000)
        }
        guard !allEnded else { return }
        terminateAll(signal: SIGKILL)
        while !allEnded {
            _ = reap()
            usleep(5_000)
        }
    }
}
