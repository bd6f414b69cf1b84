import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A progress event of a running batch, delivered on the thread that called `BatchRunner.run`.
public enum BatchEvent: Sendable {
    /// A run completed or failed, and its row is committed.
    case runFinished(PlannedRun, RunResult, duration: Double)
    /// A run was stopped by a second interrupt; it stays unfinished in the index.
    case runAbandoned(PlannedRun)
    /// A SIGINT or SIGTERM arrived: `signals` so far, `running` runs in progress.
    case interrupted(signals: Int, running: Int)
    /// Writing to the index failed; the batch stops handing out runs.
    case indexFailed(String)
    /// About once a second, and after every event: the counts so far.
    case progress(BatchProgress)
}

/// The outcome of a batch.
public struct BatchReport: Sendable {
    public var progress: BatchProgress
    /// Runs stopped by a second interrupt.
    public var abandoned = 0
    /// Runs never started because the batch was interrupted or the index failed.
    public var notStarted = 0
    public var interrupted = false
    public var indexError: String?
}

/// Options of a batch.
public struct BatchOptions: Sendable {
    /// Runs at the same time, each on its own worker thread.
    public var jobs: Int
    public var engine: Engine = .inProcess
    /// The `hearsay` binary that the processes engine starts.
    public var executable = "/proc/self/exe"
    /// Continue a batch folder that already has results.
    public var resume = false
    /// With `resume`, run failed runs again too.
    public var retryFailed = false
    /// Run only this slice of the sweep, with its own index under `shards/`.
    public var shard: Shard?

    public init(jobs: Int) {
        self.jobs = jobs
    }
}

/// Runs a sweep: plans its runs, skips those the index has as finished, and runs the rest on
/// a pool of worker threads, committing each run's row as it starts and ends.
public final class BatchRunner {
    public let sweep: Sweep
    /// The batch folder: sweep.yaml, index.sqlite, runs/, logs/ and shards/.
    public let folder: String
    public let options: BatchOptions
    public let index: ResultIndex
    /// The runs of the sweep, or of the shard.
    public let plan: [PlannedRun]
    /// The runs this batch will run, in plan order.
    public let pending: [PlannedRun]
    /// Rows whose key is not part of the sweep any more (its grid or repetitions changed).
    public let strayRows: Int
    /// Completed rows that were run again because their summary.json is missing.
    public let missingSummaries: Int
    private var progress: BatchProgress

    /// Opens or creates the batch folder and its index and decides which runs to run.
    ///
    /// Throws when the folder already has finished runs and `options.resume` is false, or
    /// when its index belongs to another sweep.
    public init(sweep: Sweep, folder: String, options: BatchOptions) throws {
        self.sweep = sweep
        self.folder = folder
        self.options = options
        var plan = sweep.plan()
        if let shard = options.shard {
            plan = plan.filter(shard.contains)
        }
        self.plan = plan
        try Self.createFolders(folder, shard: options.shard != nil)
        let mainPath = (folder as NSString).appendingPathComponent("index.sqlite")
        var indexPath = mainPath
        if let shard = options.shard {
            indexPath = ((folder as NSString).appendingPathComponent("shards") as NSString)
                .appendingPathComponent(shard.indexName)
        }
        index = try ResultIndex(path: indexPath)
        var rows = try index.rows()
        if options.shard != nil, FileManager.default.fileExists(atPath: mainPath) {
            // A shard also skips what an earlier run of the whole sweep finished.
            let main = try ResultIndex(path: mainPath, readOnly: true)
            try Self.checkFingerprint(main, sweep: sweep)
            rows += try main.rows()
        }
        let finishedRows = rows.filter(\.isFinished)
        if !options.resume && !finishedRows.isEmpty {
            throw BatchError.alreadyStarted(folder: folder, finished: finishedRows.count)
        }
        try index.adopt(sweep, plannedRuns: plan.count)
        // Written only once the index accepted the sweep, so that a rejected sweep leaves the
        // folder's record of the sweep that made it.
        try Self.writeAtomically(
            sweep.text, to: (folder as NSString).appendingPathComponent("sweep.yaml"))
        let planned = Set(plan.map(\.key))
        strayRows = Set(rows.map(\.key)).subtracting(planned).count
        var finished: [String: RunRow] = [:]
        var missing = 0
        for row in finishedRows where planned.contains(row.key) {
            if row.status == .failed && options.retryFailed {
                continue
            }
            let summary = ((folder as NSString).appendingPathComponent(row.folder) as NSString)
                .appendingPathComponent("summary.json")
            if row.status == .completed && !FileManager.default.fileExists(atPath: summary) {
                missing += 1
                continue
            }
            finished[row.key] = row
        }
        missingSummaries = missing
        pending = plan.filter { finished[$0.key] == nil }
        progress = BatchProgress(total: plan.count)
        progress.finishedBefore = finished.count
        progress.failedBefore = finished.values.filter { $0.status == .failed }.count
    }

    private static func createFolders(_ folder: String, shard: Bool) throws {
        var folders = [folder, (folder as NSString).appendingPathComponent("runs")]
        if shard {
            folders.append((folder as NSString).appendingPathComponent("shards"))
        }
        for path in folders {
            do {
                try FileManager.default.createDirectory(
                    atPath: path, withIntermediateDirectories: true)
            } catch {
                throw BatchError.cannotWrite(path: path, reason: "cannot create the folder")
            }
        }
    }

    private static func checkFingerprint(_ index: ResultIndex, sweep: Sweep) throws {
        let meta = try index.metadata()
        if let fingerprint = meta["fingerprint"], fingerprint != sweep.fingerprint {
            throw BatchError.indexMismatch(
                path: index.path,
                message: "made for another base scenario, `set` or seed (fingerprint "
                    + "\(fingerprint), now \(sweep.fingerprint)); write this sweep to another "
                    + "folder with --output")
        }
    }

    /// Writes `text` through a temporary file and a rename, so no reader sees half a file.
    ///
    /// The temporary name carries the process id, because the tasks of a job array write
    /// the same sweep.yaml at the same time; rename(2) replaces the target atomically.
    static func writeAtomically(_ text: String, to path: String) throws {
        let temporary = path + ".partial-\(getpid())"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw BatchError.cannotWrite(path: path, reason: error.localizedDescription)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw BatchError.cannotWrite(path: path, reason: reason)
        }
    }

    /// Runs the pending runs on `options.jobs` worker threads and returns when all have
    /// ended, or when an interrupt stopped the batch.
    ///
    /// `interrupts` returns the number of SIGINT/SIGTERM signals so far: from 1 on, no new
    /// run starts and the runs in progress finish; from 2 on, they are abandoned too.
    /// `observer` is called on this thread only.
    public func run(interrupts: () -> Int, observer: (BatchEvent) -> Void) -> BatchReport {
        let executor = RunExecutor(
            sweep: sweep, folder: folder, engine: options.engine,
            executable: options.executable)
        let queue = WorkQueue(runs: pending)
        let host = Self.hostName()
        let workerCount = max(1, min(options.jobs, pending.count))
        let started = Timestamp.monotonic()
        for _ in 0..<(pending.isEmpty ? 0 : workerCount) {
            queue.workerStarting()
            let thread = Thread { [index, engine = options.engine] in
                Self.work(
                    queue: queue, executor: executor, index: index, engine: engine, host: host)
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        var report = BatchReport(progress: progress)
        var signals = 0
        var lastProgress = 0.0
        while true {
            let received = interrupts()
            if received > signals {
                signals = received
                queue.stopHandingOut(abandonRunning: received >= 2)
                report.interrupted = true
                observer(.interrupted(signals: received, running: queue.running))
            }
            let (events, finished) = queue.wait(timeout: 0.2)
            for event in events {
                switch event {
                case .runFinished(_, let result, _):
                    if result.status == .completed {
                        report.progress.completed += 1
                    } else {
                        report.progress.failed += 1
                    }
                case .runAbandoned:
                    report.abandoned += 1
                case .indexFailed(let message):
                    report.indexError = message
                default:
                    break
                }
                observer(event)
            }
            report.progress.running = queue.running
            report.progress.elapsed = Timestamp.monotonic() - started
            if finished || !events.isEmpty || report.progress.elapsed - lastProgress >= 1 {
                lastProgress = report.progress.elapsed
                observer(.progress(report.progress))
            }
            if finished {
                break
            }
        }
        report.notStarted = queue.notStarted
        progress = report.progress
        return report
    }

    /// Runs the loop of one worker thread: take a run, mark it running, run it, record it.
    private static func work(
        queue: WorkQueue, executor: RunExecutor, index: ResultIndex, engine: Engine,
        host: String
    ) {
        defer { queue.workerEnded() }
        while let run = queue.take() {
            do {
                try index.markRunning(
                    run, engine: engine.rawValue, command: executor.command(for: run),
                    host: host)
            } catch {
                queue.fail("\(error)", run: run)
                return
            }
            let start = Timestamp.monotonic()
            let outcome = executor.execute(run, abandon: { queue.abandoning })
            let duration = Timestamp.monotonic() - start
            switch outcome {
            case .abandoned:
                queue.post(.runAbandoned(run), ending: run)
            case .finished(let result):
                do {
                    try index.record(key: run.key, result: result, duration: duration)
                    queue.post(.runFinished(run, result, duration: duration), ending: run)
                } catch {
                    queue.fail("\(error)", run: run)
                    return
                }
            }
        }
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The runs still to hand out and the events workers post, shared by the worker threads and
/// the thread that runs the batch. Every member locks `condition` while it touches state.
private final class WorkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var runs: [PlannedRun]
    private var next = 0
    private var handingOut = true
    private var abandon = false
    private var active = 0
    private var workers = 0
    private var events: [BatchEvent] = []

    init(runs: [PlannedRun]) {
        self.runs = runs
    }

    private func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }

    /// Hands out the next run, or nil when none is left or the batch is stopping.
    func take() -> PlannedRun? {
        locked {
            guard handingOut, next < runs.count else { return nil }
            let run = runs[next]
            next += 1
            active += 1
            return run
        }
    }

    /// True once the runs in progress should stop.
    var abandoning: Bool {
        locked { abandon }
    }

    var running: Int {
        locked { active }
    }

    /// Runs never handed out.
    var notStarted: Int {
        locked { runs.count - next }
    }

    func stopHandingOut(abandonRunning: Bool) {
        locked {
            handingOut = false
            abandon = abandon || abandonRunning
        }
    }

    /// Posts the event that ends `run`.
    func post(_ event: BatchEvent, ending run: PlannedRun) {
        locked {
            active -= 1
            events.append(event)
            condition.signal()
        }
    }

    /// Reports an index failure while `run` was in progress and stops handing out runs.
    func fail(_ message: String, run: PlannedRun) {
        locked {
            active -= 1
            handingOut = false
            events.append(.indexFailed(message))
            condition.signal()
        }
    }

    func workerEnded() {
        locked {
            workers -= 1
            condition.signal()
        }
    }

    /// Waits up to `timeout` seconds for events and returns them, with true once every
    /// worker has ended (or none was started).
    func wait(timeout: Double) -> ([BatchEvent], Bool) {
        condition.lock()
        defer { condition.unlock() }
        if events.isEmpty && workers > 0 {
            _ = condition.wait(until: Date(timeIntervalSinceNow: timeout))
        }
        let drained = events
        events.removeAll()
        return (drained, workers <= 0)
    }

    /// Counts a worker thread; call before starting it.
    func workerStarting() {
        locked { workers += 1 }
    }
}
