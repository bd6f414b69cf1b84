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

        Any other file is read as an edge-list topology; overrides apply to scenarios only.
        A periodic or disconnected graph is an error here, while simulate, run and theory
        only warn about it and go on.

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
                for warning in scenario.topology.warnings + scenario.warnings {
                    Console.warning(warning)
                }
                problems = learningWarnings(scenario)
                description =
                    counted(scenario.topology.agentCount, "agent") + ", "
                    + counted(scenario.hypotheses.count, "hypothesis", "hypotheses") + ", "
                    + counted(scenario.rounds, "round")
            } else {
                if let override = parsed.overrides.first {
                    Console.error(
                        "\(path): the override `\(override)` cannot apply: overrides apply to "
                            + "scenarios (.yaml, .yml, .json), and this file is read as a "
                            + "topology")
                    return 2
                }
                // Graph formats of other tools are converted, not read as edge lists.
                let foreign = [".gml", ".graphml", ".net", ".ncol", ".lgl", ".csv", ".dot"]
                if let suffix = foreign.first(where: { path.lowercased().hasSuffix($0) }) {
                    Console.error(
                        "\(path): a \(suffix) graph, not a Hearsay edge list; check it with "
                            + "`hearsay topology check \(path)`, or convert it with "
                            + "`hearsay topology convert \(path) OUT.edges`")
                    return 2
                }
                let topology: Topology
                do {
                    topology = try Topology.load(path: path)
                } catch let error as TopologyError {
                    guard !path.lowercased().hasSuffix(".edges") else { throw error }
                    Console.error("\(error)")
                    Console.error(
                        "\(path): read as an edge-list topology, because validate reads only "
                            + "files ending in .yaml, .yml or .json as scenarios; rename a "
                            + "scenario file to one of those")
                    return 2
                }
                for warning in topology.warnings {
                    Console.warning(warning)
                }
                problems = graphProblems(topology)
                description =
                    counted(topology.agentCount, "agent") + ", "
                    + counted(topology.edges.count, "edge")
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

    /// `count` followed by the singular or plural noun.
    static func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
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
