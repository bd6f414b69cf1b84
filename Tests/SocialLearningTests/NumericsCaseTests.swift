import Foundation
import SocialLearning
import Testing

/// Hard numerical cases: underflow, structural zeros and very long runs.
struct NumericsCaseTests {
    static let selfOnly = [WeightedLink(agent: 0, weight: 1)]

    /// Runs one classical round of a lone agent that keeps all weight on itself.
    private func soloRound(_ state: inout AgentState, logLikelihoods: [Double], round: Int)
        throws
    {
        try state.adapt(logLikelihoods: logLikelihoods, stepSize: nil, round: round)
        try state.combine(
            messages: [.silent], links: Self.selfOnly, fill: .uniform, ownTerm: .selfAware,
            ownTopic: nil, round: round, name: "solo")
    }

    @Test("gaussian far observation underflows")
    func gaussianUnderflow() throws {
        let likelihood = Likelihood.gaussian(
            GaussianLikelihood(means: [0, 0.1], standardDeviations: [0.1, 0.1]))
        var logLikelihoods = [0.0, 0.0]
        likelihood.logLikelihoods(of: .value(40), into: &logLikelihoods)
        var state = AgentState(id: 0, logBelief: Fixture.uniformLogBelief(count: 2))
        try soloRound(&state, logLikelihoods: logLikelihoods, round: 1)

        // log L(40 | 0) − log L(40 | 0.1) = (39.9² − 40²) / (2 · 0.01) = −399.5, so
        // μ = (e^−399.5, 1) / (1 + e^−399.5) ≈ (3.16e-174, 1).
        let belief = state.logBelief
        #expect(containsNoNaN(belief))
        #expect(abs(belief[0] - (-399.5)) < 1e-9)
        #expect(belief[1] == 0)
        #expect(relativeError(exp(belief[0]), 3.16e-174) < 1e-2)
        #expect(exp(belief[0]) > 0)
    }

    @Test("binary run underflows slowly")
    func binaryUnderflow() throws {
        let table = CategoricalLikelihood(
            symbols: ["0", "1"], probabilities: [[0.6, 0.4], [0.4, 0.6]])
        let likelihood = Likelihood.categorical(table)
        var state = AgentState(id: 0, logBelief: Fixture.uniformLogBelief(count: 2))
        var logLikelihoods = [0.0, 0.0]
        for round in 1...2_000 {
            let symbol = round <= 1_100 ? 0 : 1
            likelihood.logLikelihoods(of: .symbol(symbol), into: &logLikelihoods)
            try soloRound(&state, logLikelihoods: logLikelihoods, round: round)
        }

        // The log odds of hypothesis 2 are 1100 log(2/3) + 900 log(3/2) = −200 log 1.5,
        // so its belief is 1.5^−200 / (1 + 1.5^−200) ≈ 6.05e-36.
        let logOdds = -200 * log(1.5)
        let expected = logOdds - log1p(exp(logOdds))
        let belief = state.logBelief
        #expect(containsNoNaN(belief))
        #expect(abs(belief[1] - expected) < 1e-10)
        #expect(relativeError(exp(belief[1]), 6.05e-36) < 1e-2)
        #expect(state.decision == 0)
    }

    /// Symbols a, b, c. Hypothesis 0 never emits c, and the truth is hypothesis 1.
    static let zeroTable = CategoricalLikelihood(
        symbols: ["a", "b", "c"],
        probabilities: [[0.5, 0.5, 0], [0.2, 0.3, 0.5], [0.4, 0.1, 0.5]])

    /// Returns the first seed ≥ 1 under which agent 0 draws c in round 1.
    private func seedWithEarlyC() -> UInt64? {
        (UInt64(1)...UInt64(200)).first { seed in
            let stream = RandomStream(seed: seed, agent: 0, purpose: .observation)
            return stream.choose(weights: Self.zeroTable.probabilities[1], round: 1) == 2
        }
    }

    @Test("zero-probability symbol rules out hypothesis")
    func structuralZero() throws {
        let seed = try #require(seedWithEarlyC())
        let agents = (0..<4).map { index in
            AgentModel(
                name: "agent\(index)", likelihood: .categorical(Self.zeroTable), update: .bayesian,
                initialLogBelief: Fixture.uniformLogBelief(count: 3))
        }
        let weights = Fixture.uniformWeights(inNeighbours: Fixture.pathNeighbours(count: 4))
        let model = Fixture.model(
            agents: agents, weights: weights, truth: TruthSchedule(initial: 1), seed: seed)
        var simulation = Simulation(model: model, rounds: 300, settings: ConvergenceSettings())

        try simulation.step()
        let first = simulation.agents[0]
        #expect(first.lastObservation == .symbol(2))
        #expect(first.logIntermediate[0] == -.infinity)
        #expect(first.logBelief[0] == -.infinity)
        // Agent 1 gives weight 1/3 to agent 0's ψ, whose −∞ wins the weighted sum.
        #expect(simulation.agents[1].logBelief[0] == -.infinity)

        var sawNaN = false
        for round in 1...300 {
            if round > 1 {
                try simulation.step()
            }
            for agent in simulation.agents {
                if !containsNoNaN(agent.logBelief) || !containsNoNaN(agent.logIntermediate) {
                    sawNaN = true
                }
            }
        }
        #expect(!sawNaN)
        for agent in simulation.agents {
            #expect(agent.decision == 1, "agent \(agent.id)")
            #expect(agent.logBelief[0] == -.infinity, "agent \(agent.id)")
        }
    }

    @Test("observation impossible under all held")
    func impossibleObservationError() throws {
        // The truth must emit c for the agent to see it, so the agent's prior excludes the
        // truth: it holds only hypotheses 0 and 2, and neither gives c a positive probability.
        let table = CategoricalLikelihood(
            symbols: ["a", "b", "c"],
            probabilities: [[0.5, 0.5, 0], [0.2, 0.3, 0.5], [0.6, 0.4, 0]])
        let carol = AgentModel(
            name: "carol", likelihood: .categorical(table), update: .bayesian,
            initialLogBelief: [log(0.5), -.infinity, log(0.5)],
            likelihoodKey: "agents.carol.likelihood")
        let model = Fixture.model(
            agents: [carol], weights: CombinationWeights(matrix: [[1]]),
            truth: TruthSchedule(initial: 1), seed: 8)
        let stream = RandomStream(seed: 8, agent: 0, purpose: .observation)
        let firstC = try #require(
            (1...100).first { stream.choose(weights: table.probabilities[1], round: $0) == 2 })

        var simulation = Simulation(model: model, rounds: 100, settings: ConvergenceSettings())
        let error = #expect(throws: SocialLearningError.self) {
            for _ in 1...100 {
                try simulation.step()
            }
        }
        let expected = SocialLearningError.impossibleObservation(
            agent: "carol", round: firstC, observation: "symbol 'c'",
            key: "agents.carol.likelihood")
        #expect(error == expected)
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("agent carol"))
        #expect(text.contains("round \(firstC)"))
        #expect(text.contains("symbol 'c'"))
        #expect(text.contains("agents.carol.likelihood"))
    }

    @Test("million sharp rounds stay finite")
    func millionRounds() throws {
        // One agent sees, in every round, a symbol that favours hypothesis 0 by a factor of
        // 10⁶. The log-belief of hypothesis 1 falls by log 10⁶ ≈ 13.8 a round, to ≈ −1.38e7
        // after 10⁶ rounds. That is far from overflow, so every value must stay finite.
        // With one agent the test takes about 2 s in a debug build on a 2-core machine.
        let rounds = 1_000_000
        let logLikelihoods = [log(0.5), log(5e-7)]
        var state = AgentState(id: 0, logBelief: Fixture.uniformLogBelief(count: 2))
        var allFinite = true
        for round in 1...rounds {
            try soloRound(&state, logLikelihoods: logLikelihoods, round: round)
            allFinite = allFinite && state.logBelief[0].isFinite && state.logBelief[1].isFinite
        }
        #expect(allFinite)
        #expect(state.logBelief[0] == 0)
        let expected = -Double(rounds) * log(1e6)
        #expect(relativeError(state.logBelief[1], expected) < 1e-9)
    }
}
