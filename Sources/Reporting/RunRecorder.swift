import Foundation
import Scenario
import SocialLearning

#if canImport(Glibc)
    import Glibc
#endif

/// Errors of the Reporting module.
public enum ReportingError: Error, CustomStringConvertible {
    /// A file or folder of the run could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason):
            return "cannot write `\(path)`: \(reason); check the folder exists and is writable"
        }
    }
}

/// The outcome of a run as both engines hand it to the recorder.
public struct RunOutcome: Sendable {
    /// The last round every agent completed.
    public var rounds: Int
    public var report: ConvergenceReport
    /// log μ of every agent after the last completed round; empty for a dropped agent.
    public var finalLogBeliefs: [[Double]]
    public var statistics: [AgentStatistics]
    public var stoppedEarly: Bool
    /// Why the run failed, or nil for a completed run.
    public var failure: String?
    /// The predictions written into summary.json, set by `RunRecorder.finish`.
    public var theory: TheorySummary?

    public init(
        rounds: Int, report: ConvergenceReport, finalLogBeliefs: [[Double]],
        statistics: [AgentStatistics], stoppedEarly: Bool, failure: String? = nil
    ) {
        self.rounds = rounds
        self.report = report
        self.finalLogBeliefs = finalLogBeliefs
        self.statistics = statistics
        self.stoppedEarly = stoppedEarly
        self.failure = failure
    }
}

/// Writes a run folder: the resolved scenario, the topology, the agent ids, `beliefs.csv` as
/// rounds arrive, and `summary.json` at the end. Every engine writes through it, so the files
/// of two engines can be compared byte for byte.
public final class RunRecorder {
    public let folder: String
    public let scenario: Scenario
    private var beliefs: UnsafeMutablePointer<FILE>?
    private var lastRecorded = 0

    /// Creates the folder (and parents) and writes the files known before the run starts.
    public init(scenario: Scenario, folder: String) throws {
        self.folder = folder
        self.scenario = scenario
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ReportingError.cannotWrite(path: folder, reason: "cannot create the folder")
        }
        try write(RunRecorder.resolvedScenario(scenario), to: "scenario.yaml")
        try write(RunRecorder.topologyText(scenario), to: "topology.edges")
        var agents = "index,agent\n"
        for (index, name) in scenario.topology.names.enumerated() {
            agents += "\(index),\(RunRecorder.csvField(name))\n"
        }
        try write(agents, to: "agents.csv")
        let path = (folder as NSString).appendingPathComponent("beliefs.csv")
        guard let handle = fopen(path, "w") else {
            throw ReportingError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        beliefs = handle
        let header = ["round", "agent"] + scenario.hypotheses.map(RunRecorder.csvField)
        fputs(header.joined(separator: ",") + "\n", handle)
        fflush(handle)
    }

    deinit {
        if let beliefs {
            fclose(beliefs)
        }
    }

    /// True when `round` is one whose beliefs go into beliefs.csv.
    public func isReportRound(_ round: Int) -> Bool {
        round % scenario.reportEvery == 0 || round == scenario.rounds
    }

    /// Appends the beliefs of every agent in `round` (log beliefs, one array per agent).
    public func record(round: Int, logBeliefs: [[Double]]) {
        guard let beliefs, round > lastRecorded else { return }
        lastRecorded = round
        var text = ""
        // A dropped agent has no belief to report (an empty row is skipped).
        for (agent, values) in logBeliefs.enumerated() where !values.isEmpty {
            text += "\(round),\(RunRecorder.csvField(scenario.topology.names[agent]))"
            for value in values {
                text += ","
                text += scenario.logBeliefs ? "\(value)" : "\(exp(value))"
            }
            text += "\n"
        }
        fputs(text, beliefs)
        // Flush every report so that a crash keeps every round already reported.
        fflush(beliefs)
    }

    /// Writes the final round (if not yet written) and summary.json, and closes beliefs.csv.
    @discardableResult
    public func finish(_ outcome: RunOutcome, theory: TheorySummary) throws -> RunOutcome {
        var outcome = outcome
        outcome.theory = theory
        if outcome.rounds > lastRecorded && outcome.rounds > 0
            && outcome.finalLogBeliefs.count == scenario.topology.agentCount
        {
            record(round: outcome.rounds, logBeliefs: outcome.finalLogBeliefs)
        }
        if let beliefs {
            fclose(beliefs)
            self.beliefs = nil
        }
        let summary = RunSummary.make(scenario: scenario, outcome: outcome, theory: theory)
        try write(summary.rendered() + "\n", to: "summary.json")
        return outcome
    }

    /// Writes `text` to a file of the run folder, through a temporary file and a rename so
    /// that a reader never sees half a file.
    public func write(_ text: String, to name: String) throws {
        let path = (folder as NSString).appendingPathComponent(name)
        let temporary = path + ".partial"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            if FileManager.default.fileExists(atPath: path) {
                try FileManager.default.removeItem(atPath: path)
            }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            throw ReportingError.cannotWrite(path: path, reason: "\(error.localizedDescription)")
        }
    }

    /// The scenario text that agents of a distributed run parse: the resolved scenario.
    public static func resolvedScenarioText(_ scenario: Scenario) -> String {
        resolvedScenario(scenario)
    }

    /// The scenario after overrides, pointing at the topology copy in the run folder.
    static func resolvedScenario(_ scenario: Scenario) -> String {
        var document = scenario.document
        if case .mapping(var pairs) = document.value {
            for index in pairs.indices where pairs[index].key == "topology" {
                pairs[index].value = ConfigNode(.scalar("topology.edges", quoted: false), line: nil)
            }
            document.value = .mapping(pairs)
        }
        return "# Resolved scenario of \(scenario.file), overrides applied.\n"
            + YAMLWriter.render(document)
    }

    /// The topology file as read, so that the run folder is self-contained.
    public static func topologyText(_ scenario: Scenario) -> String {
        scenario.topology.text
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The default folder: runs/<scenario name>-<date and time>, made unique with a suffix.
    public static func defaultFolder(for scenario: Scenario, base: String = "runs") -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        let stamp = String(
            format: "%04d%02d%02d-%02d%02d%02d", Int(parts.tm_year) + 1900,
            Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min),
            Int(parts.tm_sec))
        let name = scenario.name.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }
        var folder = "\(base)/\(String(name))-\(stamp)"
        var suffix = 2
        while FileManager.default.fileExists(atPath: folder) {
            folder = "\(base)/\(String(name))-\(stamp)-\(suffix)"
            suffix += 1
        }
        return folder
    }
}
