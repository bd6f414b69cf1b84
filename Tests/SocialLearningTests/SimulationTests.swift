import Foundation
import SocialLearning
import Testing

struct SimulationTests {
    /// Four agents on the ring 0 → 1 → 2 → 3 → 0 plus 1 → 3, with self-loops, three Gaussian
    /// hypotheses, a decaying step size and a truth that changes at round 15.
    private func model(sharing: SharingPolicy, seed: UInt64 = 12) -> NetworkModel {
        let weights = Fixture.uniformWeights(inNeighbours: [[3], [0], [1], [2, 1]])
        let schedule = StepSizeSchedule(initial: 0.3, decay: .timeBased(rate: 0.05))
        let agents = Fixture.gaussianAgents(
            means: [[0, 1, 2], [0, 0.5, 1], [0, 1, 0], [1, 1, 0]], standardDeviation: 1,
            update: .adaptive(schedule))
        let truth = TruthSchedule(
            initial: 0, changes: [TruthSchedule.Change(round: 15, hypothesis: 2)])
        return Fixture.model(
            agents: agents, weights: weights, sharing: sharing, truth: truth, seed: seed)
    }

    /// Replays `rounds` rounds with the step-level API: draws, log-likelihoods, topics and
    /// links are all taken from the model by hand, not through `Simulation`.
    private func manualRun(_ model: NetworkModel, rounds: Int) throws -> [AgentState] {
        var agents = model.agents.indices.map {
            AgentState(id: $0, logBelief: model.agents[$0].initialLogBelief)
        }
        var logLikelihoods = [Double](repeating: 0, count: model.hypothesisCount)
        for round in 1...rounds {
            let truth = model.truth.truth(atRound: round)
            for index in agents.indices {
                let agentModel = model.agents[index]
                let stream = RandomStream(seed: model.seed, agent: index, purpose: .observation)
                let observation = agentModel.likelihood.sample(
                    truth: truth, stream: stream, round: round)
                agentModel.likelihood.logLikelihoods(of: observation, into: &logLikelihoods)
                try agents[index].adapt(
                    logLikelihoods: logLikelihoods,
                    stepSize: agentModel.update.stepSize(atRound: round), round: round,
                    normalize: model.sharing.rule.isPartial)
            }
            for index in agents.indices {
                let links = model.weights.incoming[index]
                let messages = links.map { link -> ShareContent in
                    let sender = agents[link.agent]
                    guard let topic = model.topic(sender: link.agent, round: round) else {
                        return .full(sender.logIntermediate)
                    }
                    return sender.share(topic: topic)
                }
                try agents[index].combine(
                    messages: messages, links: links, fill: model.sharing.fill,
                    ownTerm: model.sharing.ownTerm,
                    ownTopic: model.topic(sender: index, round: round), round: round,
                    name: model.agents[index].name)
            }
        }
        return agents
    }

    static let policies = [
        SharingPolicy(rule: .full),
        SharingPolicy(rule: .fixedTopic(1), fill: .ownBelief, ownTerm: .memoryless),
        SharingPolicy(
            rule: .randomTopic(distribution: [1, 2, 1], perSender: false), fill: .uniform,
            ownTerm: .selfAware),
        SharingPolicy(
            rule: .randomTopic(distribution: [1, 1, 1], perSender: true), fill: .ownBelief,
            ownTerm: .memoryless),
    ]

    @Test("engine matches step-level replay", arguments: policies)
    func engineMatchesReplay(policy: SharingPolicy) throws {
        let model = model(sharing: policy)
        let rounds = 30
        var simulation = Simulation(model: model, rounds: rounds, settings: ConvergenceSettings())
        for _ in 0..<rounds {
            try simulation.step()
        }
        let manual = try manualRun(model, rounds: rounds)
        for (engine, replay) in zip(simulation.agents, manual) {
            // The same operations in the same order must give the same bits.
            #expect(engine.logBelief == replay.logBelief, "agent \(engine.id)")
            #expect(engine.logIntermediate == replay.logIntermediate, "agent \(engine.id)")
        }
        #expect(simulation.round == rounds)
    }

    @Test(
        "threads keep the bits",
        arguments: policies + [SharingPolicy(rule: .randomNeighbour)])
    func threadsKeepBits(policy: SharingPolicy) throws {
        let model = model(sharing: policy)
        let rounds = 40
        var reference = Simulation(model: model, rounds: rounds, settings: ConvergenceSettings())
        var outcomes: [[RoundOutcome]] = []
        for round in 1...rounds {
            if round == 20 {
                reference.drop(agent: 2)
            }
            outcomes.append(try reference.step())
        }
        for threads in [2, 3, 4, 9] {
            var parallel = Simulation(
                model: model, rounds: rounds, settings: ConvergenceSettings(), threads: threads)
            #expect(parallel.threads == min(threads, model.agentCount))
            for round in 1...rounds {
                if round == 20 {
                    parallel.drop(agent: 2)
                }
                #expect(try parallel.step() == outcomes[round - 1], "round \(round)")
            }
            for (one, many) in zip(reference.agents, parallel.agents) {
                #expect(one.logBelief == many.logBelief, "agent \(one.id), \(threads) threads")
                #expect(one.logIntermediate == many.logIntermediate)
            }
            #expect(reference.statistics == parallel.statistics)
            #expect(
                reference.tracker.report(finalDecisions: [])
                    == parallel.tracker.report(
                        finalDecisions: []))
        }
    }

    @Test("failure stops round on threads")
    func failureWithThreads() throws {
        // Agent 3 is certain of hypothesis 1, and the truth (0) emits only the symbol that
        // hypothesis 1 rules out: its observation is impossible under all it still holds.
        var agents = Fixture.gaussianAgents(
            means: [[0, 1], [0, 1], [0, 1], [0, 1]], standardDeviation: 1, update: .bayesian)
        agents[3].likelihood = .categorical(
            CategoricalLikelihood(symbols: ["a", "b"], probabilities: [[1, 0], [0, 1]]))
        agents[3].initialLogBelief = [-.infinity, 0]
        let model = Fixture.model(
            agents: agents, weights: Fixture.uniformWeights(inNeighbours: [[3], [0], [1], [2]]))
        for threads in [1, 2, 4] {
            var simulation = Simulation(
                model: model, rounds: 5, settings: ConvergenceSettings(), threads: threads)
            #expect(throws: SocialLearningError.self) { try simulation.step() }
            #expect(simulation.round == 0)
            #expect(simulation.statistics.allSatisfy { $0.count == 0 })
        }
    }

    @Test("tie is not a decision")
    func tiesAreNotDecisions() throws {
        // A step size this small leaves every belief at exactly 1/3: a three-way tie whose
        // lowest index is the truth.
        let schedule = StepSizeSchedule(initial: 1e-300, decay: .constant)
        let agents = Fixture.gaussianAgents(
            means: [[0, 1, 2], [0, 1, 2]], standardDeviation: 1, update: .adaptive(schedule))
        let model = Fixture.model(
            agents: agents, weights: Fixture.uniformWeights(inNeighbours: [[1], [0]]))
        let settings = ConvergenceSettings()
        for threads in [1, 2] {
            var simulation = Simulation(
                model: model, rounds: 200, settings: settings, threads: threads)
            for _ in 0..<200 {
                let outcomes = try simulation.step()
                #expect(outcomes.allSatisfy { $0.tied })
                #expect(outcomes.allSatisfy { $0.decision == 0 })
                #expect(outcomes.allSatisfy { !$0.decides(0) })
            }
            let report = simulation.tracker.report(finalDecisions: [0, 0])
            #expect(report.convergedRound == nil)
        }
    }

    @Test("a larger belief after a tie clears it")
    func tieClearedByLargerBelief() throws {
        // Beliefs stay at (¼, ¼, ½): hypotheses 0 and 1 tie, then 2 is larger and decides.
        let schedule = StepSizeSchedule(initial: 1e-300, decay: .constant)
        var agents = Fixture.gaussianAgents(
            means: [[0, 1, 2], [0, 1, 2], [0, 1, 2]], standardDeviation: 1,
            update: .adaptive(schedule))
        for index in agents.indices {
            agents[index].initialLogBelief = [log(0.25), log(0.25), log(0.5)]
        }
        let model = Fixture.model(
            agents: agents, weights: Fixture.uniformWeights(inNeighbours: [[1], [2], [0]]),
            truth: TruthSchedule(initial: 2))
        var simulation = Simulation(
            model: model, rounds: 20, settings: ConvergenceSettings(burnIn: 0))
        for _ in 0..<20 {
            let outcomes = try simulation.step()
            #expect(outcomes.allSatisfy { $0.decides(2) })
            #expect(outcomes.allSatisfy { !$0.tied })
        }
    }

    /// Five agents, an odd number, with 2 to 4 incoming links including the self-loop. The
    /// engine combines and records agents 0 and 1, then 2 and 3, together, and agent 4 alone.
    /// It pads the shorter link list of the first agent in one pair and of the second in the
    /// other.
    private static let unevenNeighbours = [[4], [0, 3, 4], [1, 4], [2], [3]]

    /// Networks whose rounds take each branch of the two-agent path. "adaptive": moderate
    /// Gaussians, five hypotheses (an odd count) and one agent with its own δ. "sharp": the
    /// classical update with terms below e^−708, which go the scalar way. "zeros": categorical
    /// tables with structural zeros (−∞ components). "unlinked": no incoming link at all.
    static let pairModels: [String] = ["adaptive", "sharp", "zeros", "unlinked"]

    private func pairModel(_ name: String) -> NetworkModel {
        let weights = Fixture.uniformWeights(inNeighbours: Self.unevenNeighbours)
        let means = (0..<5).map { agent in (0..<5).map { Double(($0 + agent) % 5) / 4 } }
        switch name {
        case "adaptive":
            // Agent 3 has a step size of its own, so δ is found agent by agent.
            var agents = Fixture.gaussianAgents(
                means: means, standardDeviation: 0.8,
                update: .adaptive(StepSizeSchedule(initial: 0.2)))
            agents[3].update = .adaptive(StepSizeSchedule(initial: 0.05))
            return Fixture.model(agents: agents, weights: weights, seed: 5)
        case "unlinked":
            // No agent hears anyone, itself included: every combination is the uniform
            // belief, and the engine has no link at all to pair up.
            let agents = Fixture.gaussianAgents(
                means: means, standardDeviation: 0.8,
                update: .adaptive(StepSizeSchedule(initial: 0.2)))
            let none = Fixture.uniformWeights(
                inNeighbours: [[Int]](repeating: [], count: 5), selfLoops: false)
            return Fixture.model(agents: agents, weights: none, seed: 8)
        case "sharp":
            let agents = Fixture.gaussianAgents(
                means: means, standardDeviation: 0.05, update: .bayesian)
            return Fixture.model(agents: agents, weights: weights, seed: 6)
        default:
            // Symbol "c" is impossible under hypothesis 2, and the truth emits it: belief in
            // hypothesis 2 drops to exactly 0 wherever it is heard.
            let table = CategoricalLikelihood(
                symbols: ["a", "b", "c"],
                probabilities: [[0.3, 0.3, 0.4], [0.4, 0.3, 0.3], [0.5, 0.5, 0]])
            let agents = (0..<5).map { index in
                AgentModel(
                    name: "agent\(index)", likelihood: .categorical(table),
                    update: .adaptive(StepSizeSchedule(initial: 0.1)),
                    initialLogBelief: Fixture.uniformLogBelief(count: 3))
            }
            return Fixture.model(agents: agents, weights: weights, seed: 7)
        }
    }

    @Test("pairs keep the bits of single agents", arguments: pairModels)
    func pairsMatchSingleAgents(name: String) throws {
        let model = pairModel(name)
        let rounds = 60
        let settings = ConvergenceSettings(burnIn: 10)
        var simulation = Simulation(model: model, rounds: rounds, settings: settings)
        // The same rounds through `AgentState` and one `record` call per agent.
        var agents = model.agents.indices.map {
            AgentState(id: $0, logBelief: model.agents[$0].initialLogBelief)
        }
        var statistics = model.agents.map { _ in
            AgentStatistics(
                hypothesisCount: model.hypothesisCount,
                steadyStateStart: settings.steadyStateStart(rounds: rounds, truth: model.truth),
                settings: settings)
        }
        for round in 1...rounds {
            let outcomes = try simulation.step()
            for index in agents.indices {
                try agents[index].adapt(round: round, model: model)
            }
            let senders = agents.flatMap(\.logIntermediate)
            for index in agents.indices {
                try senders.withUnsafeBufferPointer {
                    try agents[index].combine(intermediates: $0, round: round, model: model)
                }
                let outcome = statistics[index].record(
                    logBelief: agents[index].logBelief, round: round, truth: 0)
                #expect(outcome == outcomes[index], "agent \(index), round \(round)")
            }
        }
        for (engine, single) in zip(simulation.agents, agents) {
            #expect(engine.logBelief == single.logBelief, "agent \(engine.id)")
        }
        #expect(simulation.statistics == statistics)
        if name == "zeros" {
            #expect(agents.allSatisfy { $0.logBelief[2] == -.infinity })
        }
    }

    @Test("same seed gives same bits")
    func determinism() throws {
        let policy = SharingPolicy(rule: .randomTopic(distribution: [1, 1, 1], perSender: false))
        var first = Simulation(
            model: model(sharing: policy), rounds: 40, settings: ConvergenceSettings())
        var second = first
        var other = Simulation(
            model: model(sharing: policy, seed: 13), rounds: 40, settings: ConvergenceSettings())
        for _ in 0..<40 {
            try first.step()
            try second.step()
            try other.step()
        }
        #expect(first.agents.map(\.logBelief) == second.agents.map(\.logBelief))
        #expect(first.agents.map(\.logBelief) != other.agents.map(\.logBelief))
    }

    @Test("statistics start at burn-in")
    func statisticsWindow() throws {
        var simulation = Simulation(
            model: model(sharing: SharingPolicy(rule: .full)), rounds: 40,
            settings: ConvergenceSettings(burnIn: 25))
        for _ in 0..<40 {
            try simulation.step()
        }
        for statistics in simulation.statistics {
            #expect(statistics.count + statistics.infiniteCount == 15)
        }
        #expect(simulation.tracker.lastRound == 40)
    }
}
