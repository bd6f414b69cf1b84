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
    /// log ψ_{k,i}: the belief after the last adaptation (natural log).
    ///
    /// Normalised under partial sharing, whose messages carry probabilities. Under full and
    /// random-neighbour sharing a constant c_ℓ added to log ψ_ℓ adds Σ_ℓ a_ℓk c_ℓ to every
    /// component of the pooled sum, and the normalisation of μ removes it. There ψ is left as
    /// (1 − δ) log μ + δ log L (or log μ + log L), without its own normalisation.
    public private(set) var logIntermediate: [Double]
    /// The last round this agent completed (0 before the first).
    public private(set) var round: Int = 0
    /// The observation drawn in the last adaptation.
    public private(set) var lastObservation: Observation?
    private var logLikelihood: [Double]
    /// The running sum of the combination, kept between rounds to avoid an allocation.
    private var sum: [Double]
    /// Copies of the agent's model, read every round without going through the network model.
    private let likelihood: Likelihood?
    private let update: UpdateRule?
    /// The stream of this agent's observations, derived once from the scenario seed.
    private let observationStream: RandomStream?
    /// The incoming links after in-neighbours were dropped; nil while the topology's hold.
    public private(set) var droppedLinks: [WeightedLink]?

    /// Creates agent `id` of `model` with its initial belief.
    public init(id: Int, model: NetworkModel) {
        self.id = id
        logBelief = model.agents[id].initialLogBelief
        logIntermediate = logBelief
        logLikelihood = [Double](repeating: 0, count: model.hypothesisCount)
        sum = logLikelihood
        likelihood = model.agents[id].likelihood
        update = model.agents[id].update
        observationStream = RandomStream(seed: model.seed, agent: id, purpose: .observation)
    }

    /// Creates an agent with an explicit initial log-belief (for replaying recorded traces).
    public init(id: Int, logBelief: [Double]) {
        self.id = id
        self.logBelief = logBelief
        logIntermediate = logBelief
        logLikelihood = [Double](repeating: 0, count: logBelief.count)
        sum = logLikelihood
        likelihood = nil
        update = nil
        observationStream = nil
    }

    /// Returns the links this agent combines over: the topology's, less any dropped in-neighbour.
    @inlinable
    public func incomingLinks(_ model: NetworkModel) -> [WeightedLink] {
        droppedLinks ?? model.weights.incoming[id]
    }

    /// Stops listening to `sender` (an agent that was lost) from the next combination on.
    ///
    /// The remaining incoming weights are divided by their sum so that they add up to 1 again
    /// (ring of 8 with self 0.5 and 0.25 per neighbour: self 2/3, the other neighbour 1/3).
    /// When nothing positive remains, the agent keeps its own belief (weight 1 on itself).
    /// Under `random_neighbour` the speaker is still drawn from the topology's in-neighbours,
    /// so that every engine draws the same. A round whose speaker was dropped hears no one.
    public mutating func drop(sender: Int, model: NetworkModel) {
        let current = incomingLinks(model)
        guard sender != id, current.contains(where: { $0.agent == sender }) else { return }
        let remaining = current.filter { $0.agent != sender }
        var total = 0.0
        for link in remaining {
            total += link.weight
        }
        if total > 0 {
            droppedLinks = remaining.map {
                WeightedLink(agent: $0.agent, weight: $0.weight / total)
            }
        } else {
            droppedLinks = [WeightedLink(agent: id, weight: 1)]
        }
    }

    /// Sets the numbers of this agent from the in-process engine's flat arrays.
    mutating func restore(
        logBelief: UnsafeBufferPointer<Double>, logIntermediate: UnsafeBufferPointer<Double>,
        round: Int, lastObservation: Observation?
    ) {
        self.logBelief = Array(logBelief)
        self.logIntermediate = Array(logIntermediate)
        self.round = round
        self.lastObservation = lastObservation
    }

    /// The decision argmax_θ μ_{k,i}(θ), lowest index on ties.
    public var decision: Int { LogMath.argmax(logBelief) }

    // MARK: - Step 1: adapt

    /// Draws this round's private observation from L_k(· | θ°) and updates ψ with it.
    @discardableResult
    public mutating func adapt(round: Int, model: NetworkModel) throws -> Observation {
        let truth = model.truth.truth(atRound: round)
        let stream =
            observationStream
            ?? RandomStream(seed: model.seed, agent: id, purpose: .observation)
        // Calling through the stored copy borrows it; binding it to a local would copy the
        // likelihood's arrays (and count references) at every observation.
        let observation: Observation
        if let drawn = self.likelihood?.sample(truth: truth, stream: stream, round: round) {
            observation = drawn
            self.likelihood?.logLikelihoods(of: observation, into: &logLikelihood)
        } else {
            let likelihood = model.agents[id].likelihood
            observation = likelihood.sample(truth: truth, stream: stream, round: round)
            likelihood.logLikelihoods(of: observation, into: &logLikelihood)
        }
        lastObservation = observation
        let stepSize = (update ?? model.agents[id].update).stepSize(atRound: round)
        do {
            try adaptInPlace(
                stepSize: stepSize, round: round, normalize: model.sharing.rule.isPartial)
        } catch {
            throw Self.impossible(observation, agent: model.agents[id], round: round)
        }
        return observation
    }

    /// Returns the error for an observation impossible under every hypothesis `agent` holds.
    static func impossible(_ observation: Observation, agent: AgentModel, round: Int)
        -> SocialLearningError
    {
        .impossibleObservation(
            agent: agent.name, round: round,
            observation: describe(observation, likelihood: agent.likelihood),
            key: agent.likelihoodKey)
    }

    /// Updates ψ with given log-likelihoods: ψ ∝ μ · L (no step size) or μ^(1−δ) · L^δ.
    ///
    /// `normalize` false skips the normalisation of ψ, as `adapt(round:model:)` does under
    /// full and random-neighbour sharing (see `logIntermediate`). Throws when the observation
    /// is impossible under every hypothesis the agent holds.
    public mutating func adapt(
        logLikelihoods: [Double], stepSize: Double?, round: Int, normalize: Bool = true
    ) throws {
        logLikelihood = logLikelihoods
        try adaptInPlace(stepSize: stepSize, round: round, normalize: normalize)
    }

    /// Applies the update, with this round's log-likelihoods already in `logLikelihood`.
    ///
    /// `normalize` false leaves ψ unnormalised (see `logIntermediate`); an observation that is
    /// impossible under every hypothesis is detected either way.
    private mutating func adaptInPlace(stepSize: Double?, round: Int, normalize: Bool) throws {
        self.round = round
        let possible = logIntermediate.withUnsafeMutableBufferPointer { psi in
            logBelief.withUnsafeBufferPointer { mu in
                logLikelihood.withUnsafeBufferPointer { evidence in
                    Self.adapt(
                        prior: mu, logLikelihoods: evidence, stepSize: stepSize, into: psi,
                        normalize: normalize)
                }
            }
        }
        guard possible else {
            throw SocialLearningError.impossibleObservation(
                agent: "\(id)", round: round, observation: "an observation", key: "likelihood")
        }
    }

    /// Writes log ψ = log μ + log L (no step size) or (1 − δ) log μ + δ log L, normalised
    /// when `normalize` is true.
    ///
    /// Returns false when the observation is impossible under every hypothesis.
    @inline(__always)
    static func adapt(
        prior: UnsafeBufferPointer<Double>, logLikelihoods: UnsafeBufferPointer<Double>,
        stepSize: Double?, into psi: UnsafeMutableBufferPointer<Double>, normalize: Bool
    ) -> Bool {
        let count = psi.count
        if let delta = stepSize {
            let keep = 1 - delta
            if keep != 0 && delta != 0 {
                for h in 0..<count {
                    psi[h] = keep * prior[h] + delta * logLikelihoods[h]
                }
            } else {
                for h in 0..<count {
                    // A zero coefficient must ignore a −∞ term (0 · −∞ counts as 0).
                    let past = keep == 0 ? 0 : keep * prior[h]
                    let evidence = delta == 0 ? 0 : delta * logLikelihoods[h]
                    psi[h] = past + evidence
                }
            }
        } else {
            for h in 0..<count {
                psi[h] = prior[h] + logLikelihoods[h]
            }
        }
        // Normalise here so that one-component shares carry a probability. Magnitudes stay
        // bounded either way, because μ is normalised after every combination.
        if normalize {
            return LogMath.normalize(psi)
        }
        return psi.contains { $0 > -Double.infinity }
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
    /// `messages[j]` comes from `incomingLinks(model)[j]`; the entry for the agent itself
    /// is ignored because the agent uses its own ψ (or its filled own message, if memoryless).
    public mutating func combine(messages: [ShareContent], round: Int, model: NetworkModel) throws {
        let links = incomingLinks(model)
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

    /// Combines from the senders' ψ directly, for the in-process engine.
    ///
    /// `intermediates` holds every agent's ψ back to back (agent ℓ at ℓ · H ..< (ℓ + 1) · H).
    /// Each message is built with the same arithmetic as `share`, and accumulated in the same
    /// link order as `combine(messages:round:model:)`, so the bits are the same; this only
    /// skips wrapping every message in an enum.
    public mutating func combine(
        intermediates: UnsafeBufferPointer<Double>, round: Int, model: NetworkModel
    ) throws {
        let rule = model.sharing.rule
        let links = incomingLinks(model)
        let count = logIntermediate.count
        if case .randomNeighbour = rule {
            let speaker = model.speaker(listener: id, round: round)
            let messages = links.map { link -> ShareContent in
                guard link.agent == speaker else { return .silent }
                let start = link.agent * count
                return .full(Array(intermediates[start..<start + count]))
            }
            try combineWithSpeaker(messages: messages, links: links, round: round, model: model)
            return
        }
        if case .full = rule {
            try combineFull(intermediates: intermediates, links: links, round: round, model: model)
            return
        }
        let fill = model.sharing.fill
        let ownTopic = model.topic(sender: id, round: round)
        let ownTerm = model.sharing.ownTerm
        resetSum()
        for link in links {
            if link.agent == id {
                addOwnTerm(weight: link.weight, ownTerm: ownTerm, ownTopic: ownTopic, fill: fill)
                continue
            }
            let sender = UnsafeBufferPointer(
                rebasing: intermediates[link.agent * count..<(link.agent + 1) * count])
            let topic = model.topic(sender: link.agent, round: round) ?? 0
            accumulate(
                topic: topic, logValue: sender[topic],
                logRest: LogMath.logSumExp(sender, excluding: topic), weight: link.weight,
                fill: fill)
        }
        guard finishCombination(round: round) else {
            throw SocialLearningError.beliefCollapsed(agent: model.agents[id].name, round: round)
        }
    }

    /// Full sharing: Σ a_ℓk log ψ_ℓ over the links in order, with the same additions as
    /// `accumulate(full:weight:)`, in one pass over the sum instead of one per link.
    private mutating func combineFull(
        intermediates: UnsafeBufferPointer<Double>, links: [WeightedLink], round: Int,
        model: NetworkModel
    ) throws {
        let count = logIntermediate.count
        let me = id
        precondition(intermediates.count >= model.agentCount * count)
        resetSum()
        sum.withUnsafeMutableBufferPointer { target in
            logIntermediate.withUnsafeBufferPointer { own in
                guard let base = intermediates.baseAddress, let ownBase = own.baseAddress else {
                    return
                }
                for link in links {
                    let weight = link.weight
                    let source = link.agent == me ? ownBase : base + link.agent * count
                    for h in 0..<count {
                        target[h] += weight * source[h]
                    }
                }
            }
        }
        guard finishCombination(round: round) else {
            throw SocialLearningError.beliefCollapsed(agent: model.agents[id].name, round: round)
        }
    }

    /// Combines with explicit links, fill and own topic; the engines and trace replays use it.
    public mutating func combine(
        messages: [ShareContent], links: [WeightedLink], fill: FillRule, ownTerm: OwnTerm,
        ownTopic: Int?, round: Int, name: String
    ) throws {
        resetSum()
        for (link, message) in zip(links, messages) {
            if link.agent == id {
                addOwnTerm(weight: link.weight, ownTerm: ownTerm, ownTopic: ownTopic, fill: fill)
            } else {
                accumulate(message, weight: link.weight, fill: fill)
            }
        }
        guard finishCombination(round: round) else {
            throw SocialLearningError.beliefCollapsed(agent: name, round: round)
        }
    }

    /// Random-neighbour combination: a_kk log ψ_k + (1 − a_kk) log ψ_ℓ for the heard ℓ.
    private mutating func combineWithSpeaker(
        messages: [ShareContent], links: [WeightedLink], round: Int, model: NetworkModel
    ) throws {
        let selfWeight = links.first { $0.agent == id }?.weight ?? 0
        resetSum()
        if selfWeight > 0 {
            accumulate(full: logIntermediate, weight: selfWeight)
        }
        var heard = false
        for (link, message) in zip(links, messages) where link.agent != id {
            if case .full(let values) = message {
                accumulate(full: values, weight: 1 - selfWeight)
                heard = true
            }
        }
        if !heard && selfWeight < 1 {
            // No in-neighbour but itself: the agent keeps its own belief.
            sum = logIntermediate
        }
        guard finishCombination(round: round) else {
            throw SocialLearningError.beliefCollapsed(agent: model.agents[id].name, round: round)
        }
    }

    /// Adds the agent's own term: its ψ, or its filled own message when memoryless.
    private mutating func addOwnTerm(
        weight: Double, ownTerm: OwnTerm, ownTopic: Int?, fill: FillRule
    ) {
        if ownTerm == .memoryless, let ownTopic {
            accumulate(
                topic: ownTopic, logValue: logIntermediate[ownTopic],
                logRest: LogMath.logSumExp(logIntermediate, excluding: ownTopic), weight: weight,
                fill: fill)
        } else {
            accumulate(full: logIntermediate, weight: weight)
        }
    }

    private mutating func resetSum() {
        if sum.count != logIntermediate.count {
            sum = [Double](repeating: 0, count: logIntermediate.count)
        }
        sum.withUnsafeMutableBufferPointer { sum in
            for h in sum.indices {
                sum[h] = 0
            }
        }
    }

    /// Adds weight · log ψ̂ to `sum`, filling a one-topic message first.
    @inline(__always)
    private mutating func accumulate(_ content: ShareContent, weight: Double, fill: FillRule) {
        switch content {
        case .full(let values):
            accumulate(full: values, weight: weight)
        case .topic(let topic, let logValue, let logRest):
            accumulate(
                topic: topic, logValue: logValue, logRest: logRest, weight: weight, fill: fill)
        case .silent:
            break
        }
    }

    /// Adds weight · log ψ for a full belief.
    @inline(__always)
    private mutating func accumulate(full values: [Double], weight: Double) {
        let count = sum.count
        values.withUnsafeBufferPointer { source in
            sum.withUnsafeMutableBufferPointer { target in
                for h in 0..<count {
                    target[h] += weight * source[h]
                }
            }
        }
    }

    /// Adds weight · log ψ̂ for a one-topic message (log x, log(1 − x)) after filling it.
    @inline(__always)
    private mutating func accumulate(
        topic: Int, logValue: Double, logRest: Double, weight: Double, fill: FillRule
    ) {
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
    }

    /// Normalises the pooled sum into μ; false when no hypothesis has positive belief left.
    private mutating func finishCombination(round: Int) -> Bool {
        // Normalise after pooling: the geometric mean of normalised beliefs is not normalised.
        guard LogMath.normalize(&sum) else { return false }
        swap(&logBelief, &sum)
        self.round = round
        return true
    }

    /// Returns the observation as an error message names it: a symbol by its name.
    static func describe(_ observation: Observation, likelihood: Likelihood) -> String {
        if case .symbol(let index) = observation, case .categorical(let table) = likelihood,
            table.symbols.indices.contains(index)
        {
            return "symbol '\(table.symbols[index])'"
        }
        return "\(observation)"
    }
}
