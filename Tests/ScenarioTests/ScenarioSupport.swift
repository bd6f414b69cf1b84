import Foundation
import Scenario
import SocialLearning
import Testing

/// The topology most scenario tests use: the path 1 – 2 – 3 with self-loops.
let lineTopology = "agents: 3\ndirected: false\nweights: uniform\n1 2\n2 3\n"

/// A complete scenario with two hypotheses; tests append or override keys.
let baseScenario = """
    topology: net.edges
    hypotheses: [calm, storm]
    truth: calm
    likelihood:
      family: gaussian
      means: [0, 1]
      std: 1
    rounds: 50

    """

/// Decodes scenario text as if it were the file `/work/study/<file>`, next to `net.edges`.
func decodeScenario(
    _ text: String, file: String = "test.yaml", topology: String = lineTopology,
    overrides: [String] = []
) throws -> Scenario {
    try Scenario.parse(
        text, file: "/work/study/\(file)", overrides: overrides, topologyText: topology)
}

/// The message a scenario is rejected with, or nil when it decodes.
func scenarioError(
    _ text: String, file: String = "test.yaml", topology: String = lineTopology,
    overrides: [String] = []
) -> String? {
    do {
        _ = try decodeScenario(text, file: file, topology: topology, overrides: overrides)
        return nil
    } catch let error as ScenarioError {
        return error.description
    } catch {
        Issue.record("unexpected error type: \(error)")
        return "\(error)"
    }
}

/// Natural logs of `beliefs`, the form `AgentModel.initialLogBelief` stores.
func logs(_ beliefs: [Double]) -> [Double] {
    beliefs.map { log($0) }
}
