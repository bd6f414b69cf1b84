import Foundation
import Scenario
import SocialLearning
import Testing
import Topology

/// Every scenario key, its default, and the errors of the decoder.
struct ScenarioDecoderTests {
    @Test("defaults of a minimal scenario")
    func defaultsOfMinimalScenario() throws {
        let scenario = try decodeScenario(baseScenario, file: "minimal.yaml")
        #expect(scenario.name == "minimal")
        #expect(scenario.file == "/work/study/minimal.yaml")
        #expect(scenario.topologyPath == "/work/study/net.edges")
        #expect(scenario.topology.names == ["1", "2", "3"])
        #expect(scenario.hypotheses == ["calm", "storm"])
        #expect(scenario.rounds == 50)
        #expect(scenario.reportEvery == 10)
        #expect(scenario.convergence == ConvergenceSettings())
        #expect(scenario.convergence.epsilon == 1e-3)
        #expect(scenario.convergence.window == 100)
        #expect(scenario.convergence.burnIn == nil)
        #expect(scenario.convergence.stopOnConvergence == false)
        #expect(scenario.logBeliefs == false)
        #expect(scenario.faults.isEmpty)
        #expect(scenario.runtime.transport == "ipc")
        #expect(scenario.runtime.heartbeatInterval == 1.0)

        let model = scenario.model
        #expect(model.hypothesisCount == 2)
        #expect(model.seed == 1)
        #expect(model.truth == TruthSchedule(initial: 0))
        #expect(model.sharing == SharingPolicy(rule: .full, fill: .uniform, ownTerm: .selfAware))
        #expect(model.weights == scenario.topology.weights)
        #expect(model.agents.map(\.name) == ["1", "2", "3"])
        for agent in model.agents {
            #expect(agent.update == .bayesian, "agent \(agent.name)")
            #expect(agent.initialLogBelief == [-log(2.0), -log(2.0)], "agent \(agent.name)")
            #expect(agent.likelihoodKey == "likelihood", "agent \(agent.name)")
            #expect(
                agent.likelihood
                    == .gaussian(GaussianLikelihood(means: [0, 1], standardDeviations: [1, 1])),
                "agent \(agent.name)")
        }
    }

    static let everyKey = """
        name: everything
        description: every key set to a value other than its default
        topology: net.edges
        hypotheses: [calm, storm, drought]
        truth:
          initial: calm
          changes:
            - round: 40
              to: storm
            - round: 80
              to: drought
        likelihood:
          family: gaussian
          means: {calm: 0, storm: 1, drought: 2}
          variance: [1, 4, 0.25]
        agents:
          "2":
            likelihood:
              family: categorical
              symbols: [a, b]
              probabilities: [[0.5, 0.5], [0.9, 0.1], [0.1, 0.9]]
          "3":
            step_size: 0.2
            initial_belief: {calm: 0.5, storm: 0.25, drought: 0.25}
        initial_belief: [0.2, 0.3, 0.5]
        update:
          rule: adaptive
          step_size:
            initial: 0.1
            decay: time
            rate: 0.01
            floor: 0.01
        sharing:
          rule: random_topic
          distribution: [1, 2, 1]
          draw: per_sender
          fill: uniform
          own_term: memoryless
        rounds: 120
        seed: 18446744073709551615
        convergence:
          epsilon: 0.01
          window: 20
          burn_in: 10
          stop_on_convergence: true
        report_every: 5
        log_beliefs: true
        faults:
          - agent: 2
            round: 30
            action: hang
        runtime:
          transport: tcp
          heartbeat_interval: 0.25

        """

    @Test("every key decoded")
    func everyKeyDecoded() throws {
        let scenario = try decodeScenario(Self.everyKey, file: "every.yaml")
        #expect(scenario.name == "everything")
        #expect(scenario.hypotheses == ["calm", "storm", "drought"])
        #expect(scenario.rounds == 120)
        #expect(scenario.reportEvery == 5)
        #expect(
            scenario.convergence
                == ConvergenceSettings(
                    epsilon: 0.01, window: 20, burnIn: 10, stopOnConvergence: true))
        #expect(scenario.logBeliefs)
        #expect(scenario.faults.count == 1)
        #expect(scenario.faults.first?.agent == 1)
        #expect(scenario.faults.first?.round == 30)
        #expect(scenario.faults.first?.action == .hang)
        #expect(scenario.runtime.transport == "tcp")
        #expect(scenario.runtime.heartbeatInterval == 0.25)

        let model = scenario.model
        #expect(model.seed == UInt64.max)
        #expect(
            model.truth
                == TruthSchedule(
                    initial: 0,
                    changes: [.init(round: 40, hypothesis: 1), .init(round: 80, hypothesis: 2)]))
        #expect(
            model.sharing
                == SharingPolicy(
                    rule: .randomTopic(distribution: [1, 2, 1], perSender: true), fill: .uniform,
                    ownTerm: .memoryless))

        let schedule = StepSizeSchedule(initial: 0.1, decay: .timeBased(rate: 0.01), floor: 0.01)
        let gaussian = Likelihood.gaussian(
            GaussianLikelihood(means: [0, 1, 2], standardDeviations: [1, 2, 0.5]))
        let categorical = Likelihood.categorical(
            CategoricalLikelihood(
                symbols: ["a", "b"], probabilities: [[0.5, 0.5], [0.9, 0.1], [0.1, 0.9]]))
        let agents = model.agents
        #expect(agents.count == 3)
        #expect(agents[0].likelihood == gaussian)
        #expect(agents[0].likelihoodKey == "likelihood")
        #expect(agents[0].update == .adaptive(schedule))
        #expect(agents[0].initialLogBelief == logs([0.2, 0.3, 0.5]))
        #expect(agents[1].likelihood == categorical)
        #expect(agents[1].likelihoodKey == "agents.2.likelihood")
        #expect(agents[1].update == .adaptive(schedule))
        #expect(agents[1].initialLogBelief == logs([0.2, 0.3, 0.5]))
        #expect(agents[2].likelihood == gaussian)
        #expect(agents[2].update == .adaptive(StepSizeSchedule(initial: 0.2)))
        #expect(agents[2].initialLogBelief == logs([0.5, 0.25, 0.25]))
    }

    @Test("hypotheses given as a count")
    func hypothesesAsCount() throws {
        let text = """
            topology: net.edges
            hypotheses: 3
            truth: h2
            likelihood: {family: gaussian, means: [0, 1, 2], std: 1}
            rounds: 10
            """
        let scenario = try decodeScenario(text)
        #expect(scenario.hypotheses == ["h1", "h2", "h3"])
        #expect(scenario.model.truth.initial == 1)
    }

    @Test("categorical symbols given as a count")
    func symbolsAsCount() throws {
        let text = """
            topology: net.edges
            hypotheses: [calm, storm]
            truth: calm
            likelihood:
              family: categorical
              symbols: 3
              probabilities:
                - [0.2, 0.3, 0.5]
                - [0.5, 0.3, 0.2]
            rounds: 10
            """
        let scenario = try decodeScenario(text)
        guard case .categorical(let table) = scenario.model.agents[0].likelihood else {
            Issue.record("expected a categorical likelihood")
            return
        }
        #expect(table.symbols == ["0", "1", "2"])
        #expect(table.probabilities == [[0.2, 0.3, 0.5], [0.5, 0.3, 0.2]])
    }

    @Test("standard deviation per hypothesis", arguments: ["[1, 2]", "{calm: 1, storm: 2}"])
    func standardDeviationPerHypothesis(value: String) throws {
        let text = baseScenario.replacingOccurrences(of: "std: 1", with: "std: \(value)")
        let scenario = try decodeScenario(text)
        #expect(
            scenario.model.agents[0].likelihood
                == .gaussian(GaussianLikelihood(means: [0, 1], standardDeviations: [1, 2])))
    }

    @Test("scalar variance")
    func scalarVariance() throws {
        let text = baseScenario.replacingOccurrences(of: "std: 1", with: "variance: 4")
        let scenario = try decodeScenario(text)
        #expect(
            scenario.model.agents[0].likelihood
                == .gaussian(GaussianLikelihood(means: [0, 1], standardDeviations: [2, 2])))
    }

    @Test("truth schedule")
    func truthSchedule() throws {
        let text = baseScenario.replacingOccurrences(
            of: "truth: calm",
            with: """
                truth:
                  initial: storm
                  changes:
                    - {round: 2, to: calm}
                    - {round: 50, to: storm}
                """)
        let truth = try decodeScenario(text).model.truth
        #expect(truth.initial == 1)
        #expect(truth.changes == [.init(round: 2, hypothesis: 0), .init(round: 50, hypothesis: 1)])
        #expect(truth.truth(atRound: 1) == 1)
        #expect(truth.truth(atRound: 2) == 0)
        #expect(truth.truth(atRound: 49) == 0)
        #expect(truth.truth(atRound: 50) == 1)
    }

    @Test("truth as a mapping without changes")
    func truthMappingWithoutChanges() throws {
        let text = baseScenario.replacingOccurrences(
            of: "truth: calm", with: "truth: {initial: storm}")
        #expect(try decodeScenario(text).model.truth == TruthSchedule(initial: 1))
    }

    static let schedules: [(String, StepSizeSchedule)] = [
        ("0.1", StepSizeSchedule(initial: 0.1)),
        ("{initial: 0.1}", StepSizeSchedule(initial: 0.1)),
        (
            "{initial: 0.1, decay: constant, floor: 0.05}",
            StepSizeSchedule(initial: 0.1, floor: 0.05)
        ),
        (
            "{initial: 0.2, decay: time, rate: 0.5}",
            StepSizeSchedule(initial: 0.2, decay: .timeBased(rate: 0.5))
        ),
        (
            "{initial: 0.2, decay: step, factor: 0.5, every: 100}",
            StepSizeSchedule(initial: 0.2, decay: .step(factor: 0.5, every: 100))
        ),
        (
            "{initial: 0.2, decay: step, factor: 1, every: 1}",
            StepSizeSchedule(initial: 0.2, decay: .step(factor: 1, every: 1))
        ),
        (
            "{initial: 0.2, decay: exponential, rate: 0.001, floor: 0.01}",
            StepSizeSchedule(initial: 0.2, decay: .exponential(rate: 0.001), floor: 0.01)
        ),
    ]

    @Test("step-size schedules", arguments: schedules)
    func stepSizeSchedules(text: String, expected: StepSizeSchedule) throws {
        let scenario = try decodeScenario(
            baseScenario + "update: {rule: adaptive, step_size: \(text)}\n")
        for agent in scenario.model.agents {
            #expect(agent.update == .adaptive(expected), "agent \(agent.name)")
        }
    }

    @Test("step size alone means adaptive")
    func stepSizeAloneMeansAdaptive() throws {
        let scenario = try decodeScenario(baseScenario + "update: {step_size: 0.3}\n")
        #expect(scenario.model.agents[0].update == .adaptive(StepSizeSchedule(initial: 0.3)))
    }

    @Test("update without a rule is Bayesian")
    func updateWithoutRule() throws {
        let scenario = try decodeScenario(baseScenario + "update: {}\n")
        #expect(scenario.model.agents[0].update == .bayesian)
    }

    @Test("per-agent overrides")
    func perAgentOverrides() throws {
        let text =
            baseScenario + """
                update: {rule: adaptive, step_size: 0.1}
                agents:
                  "1":
                    update: {rule: bayesian}
                  "3":
                    likelihood: {family: gaussian, means: [0, 2], std: 2}
                    initial_belief: [0.9, 0.1]
                """
        let agents = try decodeScenario(text).model.agents
        #expect(agents[0].update == .bayesian)
        #expect(agents[1].update == .adaptive(StepSizeSchedule(initial: 0.1)))
        #expect(agents[2].update == .adaptive(StepSizeSchedule(initial: 0.1)))
        #expect(
            agents[2].likelihood
                == .gaussian(GaussianLikelihood(means: [0, 2], standardDeviations: [2, 2])))
        #expect(agents[2].likelihoodKey == "agents.3.likelihood")
        #expect(agents[2].initialLogBelief == logs([0.9, 0.1]))
        #expect(agents[0].initialLogBelief == logs([0.5, 0.5]))
        #expect(agents[1].likelihoodKey == "likelihood")
    }

    @Test("per-agent overrides by name")
    func perAgentOverridesByName() throws {
        let topology = "directed: true\nalice bob\nbob alice\n"
        let text = baseScenario + "agents:\n  bob: {step_size: 0.05}\n"
        let agents = try decodeScenario(text, topology: topology).model.agents
        #expect(agents.map(\.name) == ["alice", "bob"])
        #expect(agents[0].update == .bayesian)
        #expect(agents[1].update == .adaptive(StepSizeSchedule(initial: 0.05)))
    }

    static let sharingCases: [(String, SharingPolicy)] = [
        ("{rule: full}", SharingPolicy(rule: .full, fill: .ownBelief)),
        ("{rule: topic, topic: storm}", SharingPolicy(rule: .fixedTopic(1), fill: .ownBelief)),
        (
            "{rule: topic, topic: calm, fill: uniform, own_term: memoryless}",
            SharingPolicy(rule: .fixedTopic(0), fill: .uniform, ownTerm: .memoryless)
        ),
        (
            "{rule: random_topic}",
            SharingPolicy(
                rule: .randomTopic(distribution: [1, 1], perSender: false), fill: .ownBelief)
        ),
        (
            "{rule: random_topic, distribution: {calm: 0, storm: 3}, draw: network}",
            SharingPolicy(
                rule: .randomTopic(distribution: [0, 3], perSender: false), fill: .ownBelief)
        ),
        ("{rule: random_neighbour}", SharingPolicy(rule: .randomNeighbour, fill: .ownBelief)),
    ]

    @Test("sharing rules", arguments: sharingCases)
    func sharingRules(text: String, expected: SharingPolicy) throws {
        let scenario = try decodeScenario(baseScenario + "sharing: \(text)\n")
        #expect(scenario.model.sharing == expected)
    }

    @Test("whole numbers in several spellings", arguments: ["1e3", "1_000", "1000.0", "1000"])
    func wholeNumberSpellings(text: String) throws {
        let scenario = try decodeScenario(
            baseScenario.replacingOccurrences(
                of: "rounds: 50", with: "rounds: \(text)"))
        #expect(scenario.rounds == 1000)
    }

    @Test("booleans in several spellings", arguments: ["true", "yes", "on", "True"])
    func booleanSpellings(text: String) throws {
        #expect(try decodeScenario(baseScenario + "log_beliefs: \(text)\n").logBeliefs)
    }

    @Test("relative topology path")
    func relativeTopologyPath() throws {
        let text = baseScenario.replacingOccurrences(
            of: "topology: net.edges", with: "topology: ../graphs/net.edges")
        let scenario = try decodeScenario(text)
        #expect(scenario.topologyPath == "/work/study/../graphs/net.edges")
        #expect(scenario.topology.file == "/work/study/../graphs/net.edges")
    }

    @Test("absolute topology path")
    func absoluteTopologyPath() throws {
        let text = baseScenario.replacingOccurrences(
            of: "topology: net.edges", with: "topology: /srv/net.edges")
        #expect(try decodeScenario(text).topologyPath == "/srv/net.edges")
    }

    @Test("empty scenario", arguments: ["", "# only a comment\n", "\n\n"])
    func emptyScenario(text: String) {
        #expect(
            scenarioError(text)
                == "/work/study/test.yaml: the scenario is empty; expected at least `topology`, "
                + "`hypotheses`, `truth`, `likelihood` and `rounds`")
    }

    @Test("block collection takes its key's line")
    func blockCollectionLine() {
        let text = baseScenario + "sharing:\n  rule: topic\n"
        #expect(
            scenarioError(text)
                == "/work/study/test.yaml:9: `sharing.topic`: missing; expected the hypothesis "
                + "shared")
    }

    @Test("byte-order mark accepted")
    func byteOrderMarkAccepted() throws {
        let scenario = try decodeScenario("\u{FEFF}" + baseScenario)
        #expect(scenario.rounds == 50)
    }

    @Test("shipped scenarios load")
    func shippedScenariosLoad() throws {
        for name in [
            "categorical10", "gaussian10-adaptive", "gaussian10", "karate-drift", "quickstart",
            "ring8-faults",
        ] {
            let scenario = try Scenario.load(path: Fixture.shipped("scenarios/\(name).yaml"))
            #expect(scenario.name == name)
        }
    }

    @Test("shipped quickstart values")
    func shippedQuickstartValues() throws {
        let scenario = try Scenario.load(path: Fixture.shipped("scenarios/quickstart.yaml"))
        #expect(scenario.topology.agentCount == 34)
        #expect(scenario.hypotheses == ["calm", "storm", "drought"])
        #expect(scenario.rounds == 2000)
        #expect(scenario.reportEvery == 10)
        #expect(scenario.model.seed == 7)
        #expect(
            scenario.model.sharing
                == SharingPolicy(
                    rule: .randomTopic(distribution: [1, 1, 1], perSender: false),
                    fill: .ownBelief))
        #expect(scenario.model.agents[0].update == .adaptive(StepSizeSchedule(initial: 0.1)))
    }

    @Test("missing scenario file")
    func missingScenarioFile() {
        #expect(
            throws: ScenarioError.unreadable(
                file: "/nonexistent/s.yaml", reason: "no readable file at this path")
        ) {
            try Scenario.load(path: "/nonexistent/s.yaml")
        }
    }

    @Test("missing topology file")
    func missingTopologyFile() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("scenario-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("s.yaml").path
        try baseScenario.write(toFile: file, atomically: true, encoding: .utf8)
        let expected = ScenarioError.invalid(
            file: file, key: "topology", line: 1,
            message: "no readable topology file at `\(folder.path)/net.edges`; paths are "
                + "relative to the scenario's folder")
        #expect(throws: expected) {
            try Scenario.load(path: file)
        }
    }

    @Test("invalid topology keeps its own message")
    func invalidTopologyMessage() {
        // The weight column on line 2 makes the weights given, so line 1 lacks a weight.
        let message = scenarioError(baseScenario, topology: "1 2\n2 3 -0.5\n")
        #expect(
            message
                == "/work/study/net.edges:1: edge has no weight, but line 2 has one, so the "
                + "weights are given\n"
                + "  fix: give every edge a weight, or none for uniform weights\n"
                + "/work/study/net.edges:2: negative weight -0.5\n"
                + "  fix: combination weights must be ≥ 0")
    }

    /// A change to `baseScenario` and the exact message the changed text is rejected with.
    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var replace: String
        var with: String
        var message: String

        init(_ replace: String, _ with: String, _ message: String) {
            self.replace = replace
            self.with = with
            self.message = message
        }

        var testDescription: String { message }
    }

    static let errors: [ErrorCase] = [
        ErrorCase(
            "rounds: 50", "rounds: 12.5",
            "test.yaml:8: `rounds`: expected a whole number, found `12.5`"
        ),
        ErrorCase(
            "rounds: 50", "rounds: -4",
            "test.yaml:8: `rounds`: must be at least 1, found -4"
        ),
        ErrorCase(
            "truth: calm", "truth: {initial: calm, changes: [{round: 1, to: storm}]}",
            "test.yaml:3: `truth.changes.0.round`: rounds of changes must increase and be ≥ 2, "
                + "found 1"
        ),
        ErrorCase(
            "truth: calm", "truth: {initial: calm, changes: [{round: 5, to: fog}]}",
            "test.yaml:3: `truth.changes.0.to`: unknown hypothesis `fog`; expected one of "
                + "`calm`, `storm`"
        ),
        ErrorCase(
            "truth: calm", "truth: {start: calm}",
            "test.yaml:3: `truth.initial`: missing; expected the hypothesis true at round 1"
        ),
        ErrorCase(
            "hypotheses: [calm, storm]", "hypotheses: [calm, calm]",
            "test.yaml:2: `hypotheses`: hypothesis `calm` is listed twice; names must be unique"
        ),
        ErrorCase(
            "  std: 1", "  std: 1\n  skew: 2",
            "test.yaml:8: `likelihood.skew`: unknown key; valid keys here are `family`, `means`, "
                + "`std`, `variance`"
        ),
        ErrorCase(
            "  std: 1", "",
            "test.yaml:4: `likelihood.std`: missing; expected `std` (a number, or one per "
                + "hypothesis) or `variance`"
        ),
        ErrorCase(
            "  family: gaussian", "  family: poisson",
            "test.yaml:5: `likelihood.family`: invalid value `poisson`; expected one of "
                + "`gaussian`, `categorical`"
        ),
        ErrorCase(
            "  means: [0, 1]", "  means: {calm: 0}",
            "test.yaml:6: `likelihood.means.storm`: missing; expected a number"
        ),
        ErrorCase(
            "  std: 1", "  variance: -1",
            "test.yaml:7: `likelihood.variance`: variance -1.0 of `calm` must be > 0"
        ),
        ErrorCase(
            "  std: 1", "  std: 1e200",
            "test.yaml:7: `likelihood.std`: standard deviation 1e+200 of `calm` is outside the "
                + "usable range 1e-150 to 1e150 (its square would not be a usable number)"
        ),
        ErrorCase(
            "  std: 1", "  variance: [1, 1e-320]",
            "test.yaml:7: `likelihood.variance`: variance 1e-320 of `storm` is outside the "
                + "usable range 1e-300 to 1e300"
        ),
        ErrorCase(
            "  means: [0, 1]", "  means: {calm: 0, rain: 1}",
            "test.yaml:6: `likelihood.means.rain`: unknown hypothesis `rain`; expected one of "
                + "`calm`, `storm`"
        ),
        ErrorCase(
            "rounds: 50", "rounds: 50\nconvergence: {epsilon: 1}",
            "test.yaml:9: `convergence.epsilon`: must be in (0, 1), found 1.0"
        ),
        ErrorCase(
            "rounds: 50", "rounds: 50\nconvergence: {window: 0}",
            "test.yaml:9: `convergence.window`: must be at least 1, found 0"
        ),
        ErrorCase(
            "rounds: 50", "rounds: 50\nlog_beliefs: maybe",
            "test.yaml:9: `log_beliefs`: expected true or false, found `maybe`"
        ),
        ErrorCase(
            "rounds: 50", "rounds: 50\nruntime: {transport: udp}",
            "test.yaml:9: `runtime.transport`: invalid value `udp`; expected one of `ipc`, `tcp`"
        ),
        ErrorCase(
            "rounds: 50", "rounds: 50\nsharing: {rule: random_topic, distribution: [0, 0]}",
            "test.yaml:9: `sharing.distribution`: at least one topic needs a positive weight"
        ),
        ErrorCase(
            "rounds: 50", "rounds: 50\nsharing: {rule: random_topic, distribution: [1, -1]}",
            "test.yaml:9: `sharing.distribution`: weight -1.0 is negative"
        ),
        ErrorCase(
            "rounds: 50", "rounds: 50\nsharing: {rule: topic}",
            "test.yaml:9: `sharing.topic`: missing; expected the hypothesis shared"
        ),
        ErrorCase(
            "rounds: 50", "rounds: 50\nagents: {\"2\": {stepsize: 0.1}}",
            "test.yaml:9: `agents.2.stepsize`: unknown key; valid keys here are `likelihood`, "
                + "`update`, `step_size`, `initial_belief`; did you mean `step_size`?"
        ),
        ErrorCase(
            "rounds: 50",
            "rounds: 50\nupdate: {rule: adaptive, step_size: {initial: 0.1, "
                + "decay: step, factor: 1.5, every: 10}}",
            "test.yaml:9: `update.step_size.factor`: must be in (0, 1], found 1.5"
        ),
        ErrorCase(
            "rounds: 50",
            "rounds: 50\nupdate: {rule: adaptive, step_size: {initial: 0.1, "
                + "decay: time}}",
            "test.yaml:9: `update.step_size.rate`: missing; expected κ > 0"
        ),
        ErrorCase(
            "rounds: 50",
            "rounds: 50\nupdate: {rule: adaptive, step_size: {initial: 0.1, "
                + "floor: 1}}",
            "test.yaml:9: `update.step_size.floor`: step size must be in (0, 1), found 1.0"
        ),
        ErrorCase(
            "rounds: 50", "rounds: 50\ninitial_belief: [1.2, -0.2]",
            "test.yaml:9: `initial_belief`: belief -0.2 is negative"
        ),
        ErrorCase(
            "rounds: 50", "rounds: 50\nupdate: {step_size: {initial: 0.1, rate: 0.5}}",
            "test.yaml:9: `update.step_size.rate`: used only with `decay: time` or "
                + "`decay: exponential`; set one of them, or remove `rate`"
        ),
        ErrorCase(
            "rounds: 50",
            "rounds: 50\nupdate: {step_size: {initial: 0.1, decay: exponential, "
                + "rate: 0.5, every: 10}}",
            "test.yaml:9: `update.step_size.every`: used only with `decay: step`; set that "
                + "decay, or remove `every`"
        ),
        ErrorCase(
            "rounds: 50", "rounds: 50\nsharing: {rule: random_neighbour, draw: per_sender}",
            "test.yaml:9: `sharing.draw`: used only with `rule: random_topic`; set that rule, "
                + "or remove `draw`"
        ),
        ErrorCase(
            "truth: calm", "truth: {initial: calm, changes: [{round: 51, to: storm}]}",
            "test.yaml:3: `truth.changes.0.round`: a change at round 51 is after the last "
                + "round 50; remove it or raise `rounds`"
        ),
        ErrorCase(
            "rounds: 50", "rounds: '50'",
            "test.yaml:8: `rounds`: expected a whole number, found the quoted text \"50\"; "
                + "remove the quotes"
        ),
        ErrorCase(
            "  std: 1", "  std: \"1\"",
            "test.yaml:7: `likelihood.std`: expected a finite number, found the quoted text "
                + "\"1\"; remove the quotes"
        ),
        ErrorCase(
            "rounds: 50", "rounds: 50\nlog_beliefs: 'yes'",
            "test.yaml:9: `log_beliefs`: expected true or false, found the quoted text \"yes\"; "
                + "remove the quotes"
        ),
        ErrorCase(
            "rounds: 50", "rounds: 50\nreport_evry: 5",
            "test.yaml:9: `report_evry`: unknown key; valid keys here are `name`, "
                + "`description`, `topology`, `hypotheses`, `truth`, `likelihood`, `agents`, "
                + "`initial_belief`, `update`, `sharing`, `rounds`, `seed`, `convergence`, "
                + "`report_every`, `log_beliefs`, `faults`, `runtime`; did you mean "
                + "`report_every`?"
        ),
        ErrorCase(
            "rounds: 50", "rounds: 50\nupdate:\n  rule: adaptive",
            "test.yaml:9: `update.step_size`: missing; the adaptive update needs a step size "
                + "in (0, 1)"
        ),
    ]

    @Test("decoder error messages", arguments: errors)
    func decoderErrorMessages(errorCase: ErrorCase) {
        let text = baseScenario.replacingOccurrences(of: errorCase.replace, with: errorCase.with)
        #expect(text != baseScenario, "`\(errorCase.replace)` is not in the base scenario")
        #expect(scenarioError(text) == "/work/study/\(errorCase.message)")
    }
}
