import Foundation
import SocialLearning
import Topology

/// A scenario file decoded into typed values: the network model plus run settings.
public struct Scenario: Sendable {
    /// An agent failure to inject on purpose, for tests and batches.
    public struct Fault: Sendable, Equatable {
        public enum Action: String, Sendable, Equatable, CaseIterable {
            /// The agent process exits at the start of the round.
            case exit
            /// The agent process stops answering (it sleeps) at the start of the round.
            case hang
        }

        /// Dense agent index.
        public var agent: Int
        public var round: Int
        public var action: Action
    }

    /// Options of the distributed runtime.
    public struct RuntimeSettings: Sendable, Equatable {
        /// `ipc` (default, one machine) or `tcp`.
        public var transport: String = "ipc"
        /// Seconds between heartbeats; an agent is lost after two missed intervals.
        public var heartbeatInterval: Double = 1.0
        /// What the run does when an agent is lost: stop (default) or drop it and go on.
        public var onAgentLoss: AgentLossPolicy = .stop
    }

    /// What a run does when an agent fails.
    public enum AgentLossPolicy: String, Sendable, Equatable, CaseIterable {
        /// Stop every agent, keep the results so far, and exit non-zero.
        case stop
        /// Remove the agent: each of its out-neighbours rescales its remaining incoming
        /// weights to sum to 1, and the run goes on without it.
        case drop
    }

    /// The file the scenario came from.
    public var file: String
    public var name: String
    public var topologyPath: String
    public var topology: Topology
    public var hypotheses: [String]
    public var model: NetworkModel
    public var rounds: Int
    public var reportEvery: Int
    public var convergence: ConvergenceSettings
    /// Write natural-log beliefs in beliefs.csv instead of probabilities.
    public var logBeliefs: Bool
    public var faults: [Fault]
    public var runtime: RuntimeSettings
    /// Problems that do not stop a run but probably defeat its purpose, one line each.
    public var warnings: [String] = []
    /// The document after command-line overrides, for writing the resolved scenario.
    public var document: ConfigNode

    /// Reads a scenario file (YAML, or JSON for a `.json` file) and applies overrides.
    public static func load(path: String, overrides: [String] = []) throws -> Scenario {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw ScenarioError.unreadable(file: path, reason: "the file is not UTF-8 text")
            }
            text = decoded
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw ScenarioError.unreadable(file: path, reason: "no readable file at this path")
        }
        return try parse(text, file: path, overrides: overrides)
    }

    /// Parses scenario text; relative topology paths are resolved against `file`'s folder.
    ///
    /// A `file` ending in `.json` is read as strict JSON, any other as YAML; both give the
    /// same document tree, so the schema is the same.
    public static func parse(
        _ text: String, file: String, overrides: [String] = [],
        topologyText: String? = nil
    ) throws -> Scenario {
        var body = text
        if body.hasPrefix("\u{FEFF}") {
            body.removeFirst()
        }
        let parsed =
            file.lowercased().hasSuffix(".json")
            ? try JSONReader.parse(body, file: file)
            : try YAMLReader.parse(body, file: file)
        guard var document = parsed else {
            throw ScenarioError.empty(file: file)
        }
        for override in overrides {
            try Overrides.apply(override, to: &document, file: file)
        }
        var decoder = ScenarioDecoder(file: file, document: document, topologyText: topologyText)
        return try decoder.decode()
    }
}
