#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The mutable state of one agent and the three steps of a round: adapt, share, combine.
///
/// Both engines drive agents only through these methods, in the same order, so that a run of
/// the in-process engine and a distributed run give bit-identical beliefs.
public struct AgentState: Sendable {
    /// The agent's 0-based index.
    public let id: Int
    /// log μ_{k,i}: the belief after the last combination (natural log, normalised).
    public private(set) var logBelief: [Double]
    /// log ψ_{k,i}: the belief after the last adaptation (natural log, normalised).
    public private(set) var logIntermediate: [Double]
    /// The last round this agent completed (0 before the first).
    public private(set) var round: Int = 0
    /// The observation drawn in the last adaptation.
    public private(set) var lastObservation: Observation?
    private var logLikelihood: [Double]

    /// Creates agent `id` of `model` with its initial belief.
    public init(id: Int, model: NetworkModel) {
        self.id = id
        logBelief = model.agents[id].initialLogBelief
        logIntermediate = logBelief
        logLikelihood = [Double](repeating: 0, count: model.hypothesisCount)
    }

    /// Creates an agent with an explicit initial log-belief (for replaying recorded traces).
    public init(id: Int, logBelief: [Double]) {
        self.id = id
        self.logBelief = logBelief
        logIntermediate = logBelief
        logLikelihood = [Double](repeating: 0, count: logBelief.count)
    }

    /// The decision argmax_θ μ_{k,i}(θ), lowest index on ties.
    public var decision: Int { LogMath.argmax(logBelief) }

    // MARK: - Step 1: adapt

    /// Draws this round's private observation from L_k(· | θ°) and updates ψ with it.
    @discardableResult
    public mutating func adapt(round: Int, model: NetworkModel) throws -> Observation {
        let agent = model.agents[id]
        let truth = model.truth.truth(atRound: round)
        let stream = RandomStream(seed: model.seed, agent: id, purpose: .observation)
        let observation = agent.likelihood.sample(truth: truth, stream: stream, round: round)
        agent.likelihood.logLikelihoods(of: observation, into: &logLikelihood)
        lastObservation = observation
        do {
            try adapt(
                logLikelihoods: logLikelihood, stepSize: agent.update.stepSize(atRound: round),
                round: round)
        } catch {
            throw SocialLearningError.impossibleObservation(
                agent: agent.name, round: round,
                observation: Self.describe(observation, likelihood: agent.likelihood),
                key: agent.likelihoodKey)
        }
        return observation
    }

    /// Updates ψ with given log-likelihoods: ψ ∝ μ · L (no step size) or μ^(1−δ) · L^δ.
    ///
    /// Throws when the observation is impossible under every hypothesis the agent holds.
    public mutating func adapt(logLikelihoods: [Double], stepSize: Double?, round: Int) throws {
        self.round = round
        if let delta = stepSize {
            let keep = 1 - delta
            for h in logIntermediate.indices {
                // A zero coefficient must ignore a −∞ term (0 · −∞ counts as 0).
                let prior = keep == 0 ? 0 : keep * logBelief[h]
                let evidence = delta == 0 ? 0 : delta * logLikelihoods[h]
                logIntermediate[h] = prior + evidence
            }
        } else {
            for h in logIntermediate.indices {
                logIntermediate[h] = logBelief[h] + logLikelihoods[h]
            }
        }
        // Normalise here so that shares carry a proper distribution, and so that magnitudes
        // stay bounded by the log of the smallest belief instead of growing every round.
        guard LogMath.normalize(&logIntermediate) else {
            throw SocialLearningError.impossibleObservation(
                agent: "\(id)", round: round, observation: "an observation", key: "likelihood")
        }
    }

    // MARK: - Step 2: share

    /// Returns the message this agent sends to `receiver` in `round`.
    @inlinable
    public func share(to receiver: Int, round: Int, model: NetworkModel) -> ShareContent {
        switch model.sharing.rule {
        case .full:
            return .full(logIntermediate)
        case .randomNeighbour:
            guard model.speaker(listener: receiver, round: round) == id else { return .silent }
            return .full(logIntermediate)
        case .fixedTopic, .randomTopic:
            let topic = model.topic(sender: id, round: round) ?? 0
            return share(topic: topic)
        }
    }

    /// Returns the one-topic message (log x, log(1 − x)) for the belief on `topic`.
    @inlinable
    public func share(topic: Int) -> ShareContent {
        .topic(
            topic, logValue: logIntermediate[topic],
            logRest: LogMath.logSumExp(logIntermediate, excluding: topic))
    }

    // MARK: - Steps 3 and 4: fill and combine

    /// Combines the messages of this round into the new belief μ.
    ///
    /// `messages[j]` comes from `model.weights.incoming[id][j]`; the entry for the agent itself
    /// is ignored because the agent uses its own ψ (or its filled own message, if memoryless).
    public mutating func combine(messages: [ShareContent], round: Int, model: NetworkModel) throws {
        let links = model.weights.incoming[id]
        if case .randomNeighbour = model.sharing.rule {
            try combineWithSpeaker(messages: messages, links: links, round: round, model: model)
            return
        }
        let ownTopic = model.topic(sender: id, round: round)
        try combine(
            messages: messages, links: links, fill: model.sharing.fill,
            ownTerm: model.sharing.ownTerm, ownTopic: ownTopic, round: round,
            name: model.agents[id].name)
    }

    /// Combines with explicit links, fill and own topic; the engines and trace replays use it.
    public mutating func combine(
        messages: [ShareContent], links: [WeightedLink], fill: FillRule, ownTerm: OwnTerm,
        ownTopic: Int?, round: Int, name: String
    ) throws {
        var sum = [Double](repeating: 0, count: logIntermediate.count)
        for (link, message) in zip(links, messages) {
            var content = message
            if link.agent == id {
                content = .full(logIntermediate)
                if ownTerm == .memoryless, let ownTopic {
                    content = share(topic: ownTopic)
                }
            }
            accumulate(content, weight: link.weight, fill: fill, into: &sum)
        }
        try finishCombination(sum, round: round, name: name)
    }

    /// Random-neighbour combination: a_kk log ψ_k + (1 − a_kk) log ψ_ℓ for the heard ℓ.
    private mutating func combineWithSpeaker(
        messages: [ShareContent], links: [WeightedLink], round: Int, model: NetworkModel
    ) throws {
        let selfWeight = model.weights.selfWeight(of: id)
        var sum = [Double](repeating: 0, count: logIntermediate.count)
        if selfWeight > 0 {
            accumulate(.full(logIntermediate), weight: selfWeight, fill: .uniform, into: &sum)
        }
        var heard = false
        for (link, message) in zip(links, messages) where link.agent != id {
            if case .full = message {
                accumulate(message, weight: 1 - selfWeight, fill: .uniform, into: &sum)
                heard = true
            }
        }
        if !heard && selfWeight < 1 {
            // No in-neighbour but itself: the agent keeps its own belief.
            sum = logIntermediate
        }
        try finishCombination(sum, round: round, name: model.agents[id].name)
    }

    /// Adds weight · log ψ̂ to `sum`, filling a one-topic message first.
    @inline(__always)
    private func accumulate(
        _ content: ShareContent, weight: Double, fill: FillRule, into sum: inout [Double]
    ) {
        switch content {
        case .full(let values):
            for h in sum.indices {
                sum[h] += weight * values[h]
            }
        case .topic(let topic, let logValue, let logRest):
            let count = sum.count
            var ownRest = -Double.infinity
            if fill == .ownBelief {
                ownRest = LogMath.logSumExp(logIntermediate, excluding: topic)
            }
            if ownRest.isFinite {
                // Spread 1 − x like the receiver's own ψ over the hypotheses other than topic.
                for h in 0..<count where h != topic {
                    sum[h] += weight * (logRest + logIntermediate[h] - ownRest)
                }
            } else {
                // Uniform fill, also the fallback when the receiver holds no mass off topic.
                let spread = logRest - log(Double(count - 1))
                for h in 0..<count where h != topic {
                    sum[h] += weight * spread
                }
            }
            sum[topic] += weight * logValue
        case .silent:
            break
        }
    }

    private mutating func finishCombination(_ sum: [Double], round: Int, name: String) throws {
        var combined = sum
        // Normalise after pooling: the geometric mean of normalised beliefs is not normalised.
        guard LogMath.normalize(&combined) else {
            throw SocialLearningError.beliefCollapsed(agent: name, round: round)
        }
        logBelief = combined
        self.round = round
    }

    private static func describe(_ observation: Observation, likelihood: Likelihood) -> String {
        if case .symbol(let index) = observation, case .categorical(let table) = likelihood,
            table.symbols.indices.contains(index)
        {
            return "symbol '\(table.symbols[index])'"
        }
        return "\(observation)"
    }
}
