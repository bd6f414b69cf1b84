import Foundation
import SocialLearning
import Testing

/// Returns (log r/(1+r), log 1/(1+r)): the log-belief of two hypotheses with odds r : 1.
private func logBelief(odds r: Double) -> [Double] {
    [log(r) - log1p(r), -log1p(r)]
}

/// Returns log(values / Σ values).
private func normalizedLog(_ values: [Double]) -> [Double] {
    let total = values.reduce(0, +)
    return values.map { log($0 / total) }
}

/// Returns an agent whose intermediate belief ψ equals `belief` (given as probabilities).
private func agent(id: Int, intermediate belief: [Double]) throws -> AgentState {
    var state = AgentState(id: id, logBelief: belief.map { log($0) })
    // A zero log-likelihood leaves the belief as it is.
    try state.adapt(
        logLikelihoods: [Double](repeating: 0, count: belief.count), stepSize: nil, round: 1)
    return state
}

/// Checks every component of `values` against `expected` to within `tolerance`.
private func expectClose(
    _ values: [Double], _ expected: [Double], tolerance: Double = 1e-14, _ label: String
) {
    #expect(values.count == expected.count, "\(label): length")
    for (index, (value, reference)) in zip(values, expected).enumerated() {
        #expect(abs(value - reference) < tolerance, "\(label): component \(index)")
    }
}

/// Two agents and two hypotheses, computed by hand.
///
/// Agent 0 starts at μ = (1/2, 1/2) and observes L = (0.8, 0.2). Agent 1 starts at
/// μ = (1/4, 3/4) and observes L = (0.6, 0.4). Agent 0 keeps 3/4 for itself and gives 1/4
/// to agent 1, which gives 1/2 to each. Every ratio below is a power of 2.
struct HandComputedRoundTests {
    static let weights = CombinationWeights(matrix: [[0.75, 0.5], [0.25, 0.5]])
    static let priors = [[0.5, 0.5], [0.25, 0.75]]
    static let likelihoods = [[0.8, 0.2], [0.6, 0.4]]

    /// Runs one round with full sharing and returns the agents.
    private func runRound(stepSize: Double?) throws -> [AgentState] {
        var agents = (0..<2).map { AgentState(id: $0, logBelief: Self.priors[$0].map { log($0) }) }
        for index in 0..<2 {
            try agents[index].adapt(
                logLikelihoods: Self.likelihoods[index].map { log($0) }, stepSize: stepSize,
                round: 1)
        }
        for index in 0..<2 {
            let links = Self.weights.incoming[index]
            let messages = links.map { ShareContent.full(agents[$0.agent].logIntermediate) }
            try agents[index].combine(
                messages: messages, links: links, fill: .uniform, ownTerm: .selfAware,
                ownTopic: nil, round: 1, name: "agent\(index)")
        }
        return agents
    }

    @Test("Bayesian round by hand")
    func bayesianRound() throws {
        let agents = try runRound(stepSize: nil)
        // ψ_0 ∝ (0.5 · 0.8, 0.5 · 0.2) = (0.4, 0.1), so ψ_0 = (0.8, 0.2): odds 4.
        expectClose(agents[0].logIntermediate, logBelief(odds: 4), "ψ of agent 0")
        // ψ_1 ∝ (0.25 · 0.6, 0.75 · 0.4) = (0.15, 0.3), so ψ_1 = (1/3, 2/3): odds 1/2.
        expectClose(agents[1].logIntermediate, logBelief(odds: 0.5), "ψ of agent 1")
        // μ_0 ∝ ψ_0^(3/4) ψ_1^(1/4): odds 4^(3/4) · (1/2)^(1/4) = 2^(5/4) ≈ 2.3784, so
        // μ_0 ≈ (0.70398, 0.29602).
        expectClose(agents[0].logBelief, logBelief(odds: pow(2, 1.25)), "μ of agent 0")
        // μ_1 ∝ ψ_0^(1/2) ψ_1^(1/2): odds 4^(1/2) · (1/2)^(1/2) = √2, so μ_1 = (2 − √2, √2 − 1).
        let expected = [log(2 - 2.0.squareRoot()), log(2.0.squareRoot() - 1)]
        expectClose(agents[1].logBelief, expected, "μ of agent 1")
        #expect(agents[0].decision == 0)
        #expect(agents[1].round == 1)
    }

    @Test("adaptive round by hand")
    func adaptiveRound() throws {
        let agents = try runRound(stepSize: 0.5)
        // ψ_0 ∝ μ^(1/2) L^(1/2): odds 1^(1/2) · 4^(1/2) = 2, so ψ_0 = (2/3, 1/3).
        expectClose(agents[0].logIntermediate, normalizedLog([2, 1]), "ψ of agent 0")
        // ψ_1: odds (1/3)^(1/2) · (3/2)^(1/2) = 2^(−1/2), so ψ_1 = (√2 − 1, 2 − √2).
        let root = 2.0.squareRoot()
        expectClose(agents[1].logIntermediate, [log(root - 1), log(2 - root)], "ψ of agent 1")
        // μ_0: odds 2^(3/4) · (2^(−1/2))^(1/4) = 2^(5/8) ≈ 1.5422, μ_0 ≈ (0.60663, 0.39337).
        expectClose(agents[0].logBelief, logBelief(odds: pow(2, 0.625)), "μ of agent 0")
        // μ_1: odds 2^(1/2) · 2^(−1/4) = 2^(1/4) ≈ 1.1892, μ_1 ≈ (0.54323, 0.45677).
        expectClose(agents[1].logBelief, logBelief(odds: pow(2, 0.25)), "μ of agent 1")
    }
}

struct AgentStateTests {
    /// The receiver's ψ and the sender's ψ of the fill examples, whose topic is hypothesis 0.
    static let receiverBelief = [0.5, 0.125, 0.375]
    static let senderBelief = [0.2, 0.6, 0.2]
    static let links = [WeightedLink(agent: 0, weight: 0.5), WeightedLink(agent: 1, weight: 0.5)]

    /// Combines the sender's topic-0 message into agent 0 with equal weights.
    private func combineTopicMessage(fill: FillRule, ownTerm: OwnTerm) throws -> [Double] {
        var receiver = try agent(id: 0, intermediate: Self.receiverBelief)
        let sender = try agent(id: 1, intermediate: Self.senderBelief)
        let messages = [ShareContent.silent, sender.share(topic: 0)]
        try receiver.combine(
            messages: messages, links: Self.links, fill: fill, ownTerm: ownTerm, ownTopic: 0,
            round: 1, name: "receiver")
        return receiver.logBelief
    }

    @Test("topic message carries log x and log(1 − x)")
    func topicMessage() throws {
        let sender = try agent(id: 1, intermediate: Self.senderBelief)
        guard case .topic(let topic, let logValue, let logRest) = sender.share(topic: 1) else {
            Issue.record("share(topic:) did not return a topic message")
            return
        }
        #expect(topic == 1)
        #expect(abs(logValue - log(0.6)) < 1e-15)
        #expect(abs(logRest - log(0.4)) < 1e-15)
    }

    @Test("uniform fill spreads remaining mass")
    func uniformFill() throws {
        // ψ̂_1 = (0.2, 0.8 / 2, 0.8 / 2) = (0.2, 0.4, 0.4), and
        // μ_0 ∝ (ψ_0 ψ̂_1)^(1/2) = (0.1, 0.05, 0.15)^(1/2).
        let belief = try combineTopicMessage(fill: .uniform, ownTerm: .selfAware)
        let expected = normalizedLog([sqrt(0.1), sqrt(0.05), sqrt(0.15)])
        expectClose(belief, expected, "μ of receiver")
    }

    @Test("own-belief fill follows receiver")
    func ownBeliefFill() throws {
        // The receiver's ψ is 0.125 and 0.375 off topic, so ψ̂_1 = (0.2, 0.8 / 4, 0.8 · 3 / 4)
        // = (0.2, 0.2, 0.6), and μ_0 ∝ (0.1, 0.025, 0.225)^(1/2).
        let belief = try combineTopicMessage(fill: .ownBelief, ownTerm: .selfAware)
        let expected = normalizedLog([sqrt(0.1), sqrt(0.025), sqrt(0.225)])
        expectClose(belief, expected, "μ of receiver")
    }

    @Test("memoryless own term is filled")
    func memorylessOwnTerm() throws {
        // The receiver's own filled message is (0.5, 0.25, 0.25), so
        // μ_0 ∝ (0.5 · 0.2, 0.25 · 0.4, 0.25 · 0.4)^(1/2): all equal.
        let belief = try combineTopicMessage(fill: .uniform, ownTerm: .memoryless)
        expectClose(belief, Fixture.uniformLogBelief(count: 3), "μ of receiver")
    }

    @Test("own-belief fill without off-topic mass")
    func ownBeliefFillFallsBackToUniform() throws {
        // A receiver with all mass on the topic has nothing to copy, so the fill is uniform.
        var receiver = AgentState(id: 0, logBelief: [0, -.infinity, -.infinity])
        try receiver.adapt(logLikelihoods: [0, 0, 0], stepSize: 0.5, round: 1)
        let sender = try agent(id: 1, intermediate: Self.senderBelief)
        try receiver.combine(
            messages: [.silent, sender.share(topic: 0)], links: Self.links, fill: .ownBelief,
            ownTerm: .selfAware, ownTopic: 0, round: 1, name: "receiver")
        // Off topic the own term is −∞, so only the topic survives: μ_0 = (1, 0, 0).
        #expect(receiver.logBelief[0] == 0)
        #expect(receiver.logBelief[1] == -.infinity)
        #expect(containsNoNaN(receiver.logBelief))
    }

    @Test("adaptive update keeps ruled-out hypothesis")
    func adaptiveKeepsZero() throws {
        var state = AgentState(id: 0, logBelief: [-.infinity, log(0.5), log(0.5)])
        try state.adapt(logLikelihoods: [log(0.9), log(0.05), log(0.05)], stepSize: 0.1, round: 1)
        #expect(state.logIntermediate[0] == -.infinity)
        #expect(abs(state.logIntermediate[1] - log(0.5)) < 1e-15)
    }

    @Test("unit step size ignores prior")
    func unitStepSize() throws {
        // δ = 1 gives ψ ∝ μ^0 L: the factor 0 · (−∞) counts as 0, so the prior drops out.
        var state = AgentState(id: 0, logBelief: [-.infinity, 0])
        try state.adapt(logLikelihoods: [log(0.75), log(0.25)], stepSize: 1, round: 1)
        expectClose(state.logIntermediate, [log(0.75), log(0.25)], "ψ")
    }

    @Test("impossible observation throws")
    func impossibleObservation() throws {
        var state = AgentState(id: 3, logBelief: [log(0.5), log(0.5)])
        #expect(throws: SocialLearningError.self) {
            try state.adapt(logLikelihoods: [-.infinity, -.infinity], stepSize: nil, round: 4)
        }
    }

    @Test("disjoint supports collapse belief")
    func beliefCollapse() throws {
        var receiver = AgentState(id: 0, logBelief: [0, -.infinity])
        try receiver.adapt(logLikelihoods: [0, 0], stepSize: nil, round: 6)
        var sender = AgentState(id: 1, logBelief: [-.infinity, 0])
        try sender.adapt(logLikelihoods: [0, 0], stepSize: nil, round: 6)
        let messages = [ShareContent.silent, ShareContent.full(sender.logIntermediate)]
        let error = #expect(throws: SocialLearningError.self) {
            try receiver.combine(
                messages: messages, links: Self.links, fill: .uniform, ownTerm: .selfAware,
                ownTopic: nil, round: 6, name: "alice")
        }
        #expect(error == .beliefCollapsed(agent: "alice", round: 6))
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("agent alice"))
        #expect(text.contains("round 6"))
    }
}
