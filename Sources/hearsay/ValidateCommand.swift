import Reporting
import Scenario
import SocialLearning
import Topology

/// `hearsay validate SCENARIO|TOPOLOGY`: checks a file without running it.
enum ValidateCommand {
    static let help = """
        usage: hearsay validate FILE [key=value …]

        Checks a scenario (.yaml, .yml, .json) or a topology file without running it: syntax,
        values, strong connectivity, aperiodicity (a self-loop somewhere), stochastic weights
        and, for scenarios, that every wrong hypothesis can be told from the truth.

        Exit status: 0 valid, 2 invalid (each problem is printed).
        """

    static func run(_ arguments: [String]) -> Int32 {
        let parsed: Arguments
        switch Arguments.read(
            arguments, valued: [], flags: [], help: help, file: "file")
        {
        case .proceed(let arguments): parsed = arguments
        case .exit(let status): return status
        }
        let path = parsed.positionals[0]
        let isScenario = [".yaml", ".yml", ".json"].contains { path.lowercased().hasSuffix($0) }
        var problems: [String]
        var description: String
        do {
            if isScenario {
                let scenario = try Scenario.load(path: path, overrides: parsed.overrides)
                for warning in scenario.topology.warnings {
                    Console.warning(warning)
                }
                problems = learningWarnings(scenario)
                description =
                    "\(scenario.topology.agentCount) agents, \(scenario.hypotheses.count) "
                    + "hypotheses, \(scenario.rounds) rounds"
            } else {
                let topology = try Topology.load(path: path)
                for warning in topology.warnings {
                    Console.warning(warning)
                }
                problems = graphProblems(topology)
                description = "\(topology.agentCount) agents, \(topology.edges.count) edges"
            }
        } catch {
            Console.error("\(error)")
            return 2
        }
        guard problems.isEmpty else {
            for problem in problems {
                Console.error("\(path): \(problem)")
            }
            return 2
        }
        print("\(path): valid (\(description))")
        return 0
    }

    /// Problems of the graph that stop a network from learning.
    static func graphProblems(_ topology: Topology) -> [String] {
        let check = TopologyCheck(weights: topology.weights)
        let names = topology.names
        var problems: [String] = []
        if !check.isStronglyConnected {
            let groups = check.components.map { component in
                "{" + component.map { names[$0] }.joined(separator: " ") + "}"
            }
            problems.append(
                "the graph is not strongly connected: \(check.components.count) components "
                    + groups.prefix(10).joined(separator: ", ")
                    + "; add edges so that every agent can reach every other")
        } else if let period = check.period, period > 1 {
            problems.append(
                "the graph is periodic (period \(period)) and no agent has a self-loop, so "
                    + "beliefs can oscillate forever; add self-loops (`self_loops: implied`)")
        }
        for (agent, sum) in check.nonStochastic {
            problems.append(
                "weights into agent \(names[agent]) sum to \(sum), not 1; fix the weights")
        }
        return problems
    }

    /// Problems of a scenario that stop its network from learning the truth.
    static func learningWarnings(_ scenario: Scenario) -> [String] {
        var problems = graphProblems(scenario.topology)
        let truth = scenario.model.truth.truth(atRound: scenario.rounds)
        let divergences = Theory.divergences(scenario.model, truth: truth)
        for hypothesis in Theory.unidentifiable(divergences: divergences, truth: truth) {
            problems.append(
                "hypothesis `\(scenario.hypotheses[hypothesis])` cannot be told from the truth "
                    + "`\(scenario.hypotheses[truth])` by any agent (every likelihood is the "
                    + "same under both); change a likelihood so that some agent separates them")
        }
        return problems
    }
}
