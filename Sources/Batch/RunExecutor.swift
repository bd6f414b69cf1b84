import Foundation
import Reporting
import Scenario

/// The engine that runs each run of a batch.
public enum Engine: String, Sendable, CaseIterable {
    /// `InProcessRunner` on a worker thread of the batch process.
    case inProcess = "in-process"
    /// A `hearsay run` child: one coordinator plus one process per agent over ZeroMQ.
    case processes
}

/// Runs one planned run on the chosen engine and reads its result from summary.json.
struct RunExecutor: Sendable {
    /// How a run ended, from the batch's point of view.
    enum Outcome: Sendable {
        /// Completed or failed; the result goes into the index.
        case finished(RunResult)
        /// Stopped by the user before the end; not recorded as finished.
        case abandoned
    }

    let sweep: Sweep
    /// The batch folder; run folders and logs are below it.
    let folder: String
    let engine: Engine
    /// The `hearsay` binary, for the processes engine.
    let executable: String

    /// The command that repeats `run` alone, for the index's `command` column.
    func command(for run: PlannedRun) -> String {
        let subcommand = engine == .inProcess ? "simulate" : "run"
        let arguments =
            ["hearsay", subcommand, sweep.scenarioPath] + run.overrides
            + ["--output", runFolder(run)]
        return arguments.map(Self.shellQuoted).joined(separator: " ")
    }

    /// The absolute path of the run's folder, so that the recorded command works from any
    /// directory.
    func runFolder(_ run: PlannedRun) -> String {
        var base = folder
        if !base.hasPrefix("/") {
            base = (FileManager.default.currentDirectoryPath as NSString)
                .appendingPathComponent(base)
        }
        return ((base as NSString).appendingPathComponent(run.folder) as NSString)
            .standardizingPath
    }

    /// Runs `run` to its end, or until `abandon` turns true.
    ///
    /// Files left in the run folder by an earlier, unfinished attempt are removed first, so
    /// that no stale file is mistaken for this attempt's output.
    func execute(_ run: PlannedRun, abandon: @escaping () -> Bool) -> Outcome {
        let target = runFolder(run)
        if FileManager.default.fileExists(atPath: target) {
            do {
                try FileManager.default.removeItem(atPath: target)
            } catch {
                return .finished(
                    RunResult(
                        status: .failed,
                        error: "cannot remove the unfinished run folder \(target): \(error)"))
            }
        }
        let scenario: Scenario
        do {
            scenario = try Scenario.parse(
                sweep.scenarioText, file: sweep.scenarioPath, overrides: run.overrides)
        } catch {
            return .finished(RunResult(status: .failed, error: "\(error)"))
        }
        switch engine {
        case .inProcess:
            return runInProcess(scenario, folder: target, abandon: abandon)
        case .processes:
            return runAsProcesses(run, folder: target, abandon: abandon)
        }
    }

    private func runInProcess(_ scenario: Scenario, folder: String, abandon: @escaping () -> Bool)
        -> Outcome
    {
        var runner = InProcessRunner(scenario: scenario, folder: folder)
        runner.progress = { _, _ in !abandon() }
        let outcome: RunOutcome
        do {
            outcome = try runner.run()
        } catch {
            return .finished(RunResult(status: .failed, error: "\(error)"))
        }
        if outcome.failure != nil && abandon() {
            return .abandoned
        }
        return .finished(readSummary(folder: folder, fallback: nil))
    }

    private func runAsProcesses(_ run: PlannedRun, folder: String, abandon: @escaping () -> Bool)
        -> Outcome
    {
        let logs = (self.folder as NSString).appendingPathComponent("logs")
        let log = (logs as NSString).appendingPathComponent(
            (run.folder as NSString).lastPathComponent + ".log")
        let child: ChildProcess
        do {
            try FileManager.default.createDirectory(
                atPath: logs, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: log)
            child = try ChildProcess.start(
                executable: executable,
                arguments: ["run", sweep.scenarioPath] + run.overrides + ["--output", folder],
                logPath: log)
        } catch {
            return .finished(RunResult(status: .failed, error: "\(error)"))
        }
        var stopped = false
        child.wait(shouldStop: {
            stopped = stopped || abandon()
            return stopped
        })
        if stopped {
            return .abandoned
        }
        let ending =
            child.exitStatus.map { "exited with status \($0)" }
            ?? "was killed by signal \(child.signal ?? 0)"
        var fallback = "hearsay run \(ending); see \(log)"
        if let message = Self.lastError(inLog: log) {
            fallback = "\(message) (hearsay run \(ending); log: \(log))"
        }
        return .finished(readSummary(folder: folder, fallback: fallback))
    }

    /// The result in the run folder's summary.json; a missing or incomplete summary is a
    /// failure with `fallback` (or a generic message) as its reason.
    private func readSummary(folder: String, fallback: String?) -> RunResult {
        let path = (folder as NSString).appendingPathComponent("summary.json")
        if let result = RunResult.read(summaryAt: path) {
            return result
        }
        return RunResult(
            status: .failed,
            error: fallback ?? "the run wrote no complete summary.json in \(folder)")
    }

    /// The last `hearsay: error:` line of a child's log, without the prefix.
    static func lastError(inLog path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let prefix = "hearsay: error: "
        return text.split(separator: "\n").last { $0.hasPrefix(prefix) }
            .map { String($0.dropFirst(prefix.count)) }
    }

    /// `text` as one shell word: unchanged when it holds only safe characters, else in
    /// single quotes.
    static func shellQuoted(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy { character in
            switch character {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-", "/", "=", "+", ",", ":", "@":
                return true
            default:
                return false
            }
        }
        if safe && !text.isEmpty {
            return text
        }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
