import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How a child process ended.
enum Termination: Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    /// Decodes a `waitpid` status of a process that has ended.
    init(waitStatus status: Int32) {
        if status & 0x7f == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signalled(status & 0x7f)
        }
    }

    var description: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .signalled(let signal): return "killed by signal \(signal)"
        }
    }
}

/// A process that a test started with posix_spawn. Standard input is /dev/null; standard
/// output and error go to files next to each other, so that a chatty child can never block
/// on a full pipe.
///
/// The child starts with every signal at its default action and none blocked, whatever the
/// test runner has set.
final class ChildProcess {
    let pid: pid_t
    let arguments: [String]
    let outputPath: String
    let errorPath: String
    private(set) var termination: Termination?

    /// Starts `executable` with `arguments`; `outputPrefix` + `.out` and `.err` get its output.
    /// With `ownProcessGroup` the child leads a new process group, as a shell puts a
    /// foreground job in its own group, so that a test can signal that group like a
    /// terminal's Ctrl-C does without hitting the test runner.
    init(
        executable: String, arguments: [String], outputPrefix: String,
        ownProcessGroup: Bool = false
    ) throws {
        self.arguments = arguments
        outputPath = outputPrefix + ".out"
        errorPath = outputPrefix + ".err"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(
            &actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(
            &actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal: Int32 in 1..<32 where signal != SIGKILL && signal != SIGSTOP {
            sigaddset(&defaults, signal)
        }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        if ownProcessGroup {
            flags |= POSIX_SPAWN_SETPGROUP
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = [executable] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer {
            for pointer in cArguments {
                free(pointer)
            }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, &cArguments, environ)
        guard status == 0 else {
            throw TestSetupError(
                "posix_spawn of \(argv.joined(separator: " ")) failed: "
                    + String(cString: strerror(status)))
        }
        pid = child
    }

    /// Reaps the process if it has ended, without waiting.
    @discardableResult
    func poll() -> Termination? {
        if let termination {
            return termination
        }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid {
            termination = Termination(waitStatus: status)
        }
        return termination
    }

    /// Waits up to `timeout` for the process to end; nil when it is still running.
    func wait(timeout: Duration) async -> Termination? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let termination = poll() {
                return termination
            }
            if ContinuousClock.now >= deadline {
                return nil
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits like `wait(timeout:)` but blocks the calling thread; for dedicated threads only.
    func waitBlocking(timeout: Duration) -> Termination? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let termination = poll() {
                return termination
            }
            if ContinuousClock.now >= deadline {
                return nil
            }
            usleep(5_000)
        }
    }

    /// Sends `signal` unless the process has been reaped; returns whether kill(2) succeeded.
    @discardableResult
    func send(_ signal: Int32) -> Bool {
        guard termination == nil else { return false }
        return kill(pid, signal) == 0
    }

    /// Kills the process with SIGKILL if it is still running, and reaps it.
    func stop() {
        guard poll() == nil else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        termination = Termination(waitStatus: status)
    }

    /// Everything written to standard error so far.
    var standardError: String {
        (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    }

    /// Everything written to standard output so far.
    var standardOutput: String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }
}
