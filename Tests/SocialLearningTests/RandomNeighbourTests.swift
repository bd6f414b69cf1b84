import Foundation
import SocialLearning
import Testing

/// Random-neighbour sharing: each agent hears one in-neighbour ℓ per round, drawn with
/// probability a_ℓk / (1 − a_kk), and weighs it by 1 − a_kk.
struct RandomNeighbourTests {
    static let weights = Fixture.uniformWeights(inNeighbours: Fixture.tenAgentNeighbours)

    private func model(update: UpdateRule = .bayesian, seed: UInt64 = 31) -> NetworkModel {
        let agents = Fixture.gaussianAgents(
            means: Fixture.tenAgentMeans, standardDeviation: 1, update: update)
        return Fixture.model(
            agents: agents, weights: Self.weights,
            sharing: SharingPolicy(rule: .randomNeighbour), seed: seed)
    }

    @Test("expected combination matrix is A")
    func expectedMatrix() {
        let model = model()
        let rounds = 20_000
        let matrix = Self.weights.matrix
        for listener in 0..<10 {
            var counts = [Int](repeating: 0, count: 10)
            for round in 1...rounds {
                if let speaker = model.speaker(listener: listener, round: round) {
                    counts[speaker] += 1
                }
            }
            // The matrix of one round has a_kk on the diagonal and 1 − a_kk on the speaker.
            // Its average over rounds estimates E[A_i].
            let selfWeight = Self.weights.selfWeight(of: listener)
            for sender in 0..<10 where sender != listener {
                let frequency = Double(counts[sender]) / Double(rounds)
                let probability = matrix[sender][listener] / (1 - selfWeight)
                let standardError = (probability * (1 - probability) / Double(rounds))
                    .squareRoot()
                let estimate = (1 - selfWeight) * frequency
                #expect(
                    abs(estimate - matrix[sender][listener])
                        <= 4 * (1 - selfWeight) * standardError,
                    "a[\(sender)][\(listener)]: \(estimate) vs \(matrix[sender][listener])")
            }
        }
    }

    @Test("only the speaker sends")
    func onlySpeakerSends() throws {
        let model = model()
        let state = AgentState(id: 2, model: model)
        // Agent 2 sends to its out-neighbours 3 and 9 only in rounds where they pick it.
        for receiver in [3, 9] {
            for round in 1...50 {
                let message = state.share(to: receiver, round: round, model: model)
                if model.speaker(listener: receiver, round: round) == 2 {
                    #expect(message == .full(state.logIntermediate))
                } else {
                    #expect(message == .silent)
                }
            }
        }
    }

    @Test("round combines self and speaker")
    func combinesSpeaker() throws {
        let model = model()
        var simulation = Simulation(model: model, rounds: 3, settings: ConvergenceSettings())
        for round in 1...3 {
            try simulation.step()
            for agent in simulation.agents {
                let speaker = try #require(model.speaker(listener: agent.id, round: round))
                let selfWeight = Self.weights.selfWeight(of: agent.id)
                let speakerBelief = simulation.agents[speaker].logIntermediate
                var expected = (0..<3).map {
                    selfWeight * agent.logIntermediate[$0] + (1 - selfWeight) * speakerBelief[$0]
                }
                LogMath.normalize(&expected)
                for hypothesis in 0..<3 {
                    #expect(
                        abs(agent.logBelief[hypothesis] - expected[hypothesis]) < 1e-12,
                        "round \(round), agent \(agent.id), hypothesis \(hypothesis)")
                }
            }
        }
    }

    @Test("random-neighbour rate near m_ave")
    func rate() throws {
        let model = model(seed: 4242)
        let rounds = 20_000
        var simulation = Simulation(model: model, rounds: rounds, settings: ConvergenceSettings())
        for _ in 0..<rounds {
            try simulation.step()
        }
        let perron = try #require(Theory.perronVector(Self.weights))
        let rates = Theory.asymptoticRates(
            perron: perron, divergences: Theory.divergences(model, truth: 0))
        // The random matrices add noise to λ on top of the observations', so the tolerance
        // is 5% instead of the 2% of full sharing.
        for agent in simulation.agents {
            for hypothesis in [1, 2] {
                let rate = (agent.logBelief[0] - agent.logBelief[hypothesis]) / Double(rounds)
                #expect(
                    relativeError(rate, rates[hypothesis]) < 0.05,
                    "agent \(agent.id), hypothesis \(hypothesis): \(rate) vs \(rates[hypothesis])"
                )
            }
        }
    }
}
