import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `hearsay run` child of the batch, in its own process group, with its standard output and
/// error in a log file.
///
/// The child requests SIGTERM from Linux when the thread that started it ends (prctl
/// PR_SET_PDEATHSIG), so that a batch killed with SIGKILL leaves no run writing into a folder
/// that `--resume` is about to reuse. Its own process group keeps a terminal's Ctrl-C away
/// from it: the batch decides whether runs in progress finish or stop.
final class ChildProcess {
    let pid: pid_t
    private(set) var exitStatus: Int32?
    private(set) var signal: Int32?

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// prctl is variadic in C, so Swift cannot import it; it is looked up once, before any
    /// fork, and called through the fixed five-argument form the kernel takes.
    private typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
    private static let prctl: Prctl? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl")
        .map { unsafeBitCast($0, to: Prctl.self) }
    /// PR_SET_PDEATHSIG from <linux/prctl.h>.
    private static let setParentDeathSignal: Int32 = 1

    /// Starts `executable` with `arguments`, standard input from /dev/null and standard output
    /// and error appended to `logPath`.
    static func start(executable: String, arguments: [String], logPath: String) throws
        -> ChildProcess
    {
        let log = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard log >= 0 else {
            throw BatchError.cannotWrite(path: logPath, reason: String(cString: strerror(errno)))
        }
        defer { close(log) }
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(input) }
        var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) }
        argv.append(nil)
        defer {
            for pointer in argv { free(pointer) }
        }
        let parent = getpid()
        let prctl = Self.prctl
        // exec keeps the signal mask and ignored signals: without a reset, a child of a batch
        // started with SIGTERM blocked would never act on SIGTERM (neither ours nor the
        // parent-death one), and every child would inherit the batch's ignored SIGPIPE.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        // Descriptors this process inherited without close-on-exec (a test runner's pipe,
        // say) would otherwise live on in every run's processes.
        let inherited = Self.openDescriptors().filter { $0 > 2 && $0 != log && $0 != input }
        // Everything the child needs is prepared above: between fork and exec it makes only
        // system calls, because another thread may hold the allocator's lock.
        let pid = argv.withUnsafeBufferPointer { buffer -> pid_t in
            let child = fork()
            guard child == 0 else { return child }
            _ = setpgid(0, 0)
            _ = sigprocmask(SIG_SETMASK, &noSignals, nil)
            _ = Glibc.signal(SIGPIPE, SIG_DFL)
            _ = prctl?(setParentDeathSignal, UInt(SIGTERM), 0, 0, 0)
            if getppid() != parent {
                _exit(126)
            }
            _ = dup2(input, 0)
            _ = dup2(log, 1)
            _ = dup2(log, 2)
            for descriptor in inherited {
                _ = close(descriptor)
            }
            if let path = buffer[0], let base = buffer.baseAddress {
                execv(path, base)
            }
            _exit(127)
        }
        guard pid > 0 else {
            throw BatchError.spawnFailed(
                executable: executable, reason: String(cString: strerror(errno)))
        }
        return ChildProcess(pid: pid)
    }

    /// The open file descriptors of this process, from /proc/self/fd.
    private static func openDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }
    }

    /// Waits for the child to end. Every 10 ms it asks `shouldStop`; once that is true the
    /// child gets SIGTERM, and SIGKILL if it is still there `grace` seconds later.
    func wait(shouldStop: () -> Bool, grace: Double = 10) {
        var terminatedAt: Double?
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) {
                if result == pid {
                    if status & 0x7f == 0 {
                        exitStatus = (status >> 8) & 0xff
                    } else {
                        signal = status & 0x7f
                    }
                }
                return
            }
            if let start = terminatedAt {
                if Timestamp.monotonic() - start > grace {
                    kill(pid, SIGKILL)
                }
            } else if shouldStop() {
                kill(pid, SIGTERM)
                terminatedAt = Timestamp.monotonic()
            }
            usleep(10_000)
        }
    }
}
