/// The numbers of every agent under full sharing, in flat arrays, for the in-process engine.
///
/// Under full sharing a round needs no message but the senders' ψ, so the engine keeps μ and
/// ψ of all agents back to back (agent k at k · H ..< (k + 1) · H) and the incoming links as
/// one list, instead of one `AgentState` with four arrays per agent. The arithmetic is that of
/// `AgentState`: the same `AgentState.adapt` on the same operands, the same pooling in link
/// order from zero, and the same `LogMath.normalize`, so the bits are those of the distributed
/// runtime, whose agents send ψ and pool what they receive.
struct FullSharingState: Sendable {
    let hypothesisCount: Int
    /// log μ of every agent, back to back.
    var logBeliefs: [Double]
    /// log ψ of every agent, back to back (unnormalised, as `AgentState.logIntermediate`).
    var logIntermediates: [Double]
    var lastObservations: [Observation?]
    /// The last round each agent completed.
    var rounds: [Int]
    /// Incoming links of agent k at `linkStarts[k] ..< linkStarts[k + 1]`.
    private(set) var linkStarts: [Int] = []
    private(set) var linkSenders: [Int] = []
    private(set) var linkWeights: [Double] = []
    let likelihoods: [Likelihood]
    /// Every agent's Gaussian family back to back, when all agents have one: m, s, 1/s and
    /// the log-peak per hypothesis (see `GaussianFamilies`).
    let gaussian: GaussianFamilies?
    let updates: [UpdateRule]
    let streams: [RandomStream]

    init(model: NetworkModel, agents: [AgentState]) {
        let count = model.hypothesisCount
        hypothesisCount = count
        logBeliefs = model.agents.flatMap(\.initialLogBelief)
        logIntermediates = logBeliefs
        lastObservations = [Observation?](repeating: nil, count: model.agentCount)
        rounds = [Int](repeating: 0, count: model.agentCount)
        likelihoods = model.agents.map(\.likelihood)
        gaussian = GaussianFamilies(likelihoods)
        updates = model.agents.map(\.update)
        streams = (0..<model.agentCount).map {
            RandomStream(seed: model.seed, agent: $0, purpose: .observation)
        }
        setLinks(agents.map { $0.incomingLinks(model) })
    }

    /// Replaces the incoming links, after an in-neighbour was dropped.
    mutating func setLinks(_ links: [[WeightedLink]]) {
        linkStarts = [0]
        linkSenders = []
        linkWeights = []
        for agentLinks in links {
            for link in agentLinks {
                linkSenders.append(link.agent)
                linkWeights.append(link.weight)
            }
            linkStarts.append(linkSenders.count)
        }
    }

    /// Adapts every active agent in `round`, each part of the agents on its own thread.
    mutating func adaptAll(
        round: Int, truth: Int, model: NetworkModel, active: [Bool], team: WorkerTeam?
    ) throws {
        let count = hypothesisCount
        let agentCount = active.count
        let parts = team?.size ?? 1
        // The threads' log-likelihoods are at least a cache line (64 bytes, eight values)
        // apart, so that two threads never write to the same line.
        let stride = (count + 7) / 8 * 8 + 8
        var scratch = [Double](repeating: 0, count: parts * stride)
        let streams = self.streams
        let updates = self.updates
        try GaussianFamilies.withBuffers(gaussian) { gaussian in
            try likelihoods.withUnsafeBufferPointer { likelihoods in
                try logBeliefs.withUnsafeMutableBufferPointer { logBeliefs in
                    try logIntermediates.withUnsafeMutableBufferPointer { logIntermediates in
                        try lastObservations.withUnsafeMutableBufferPointer { observations in
                            try scratch.withUnsafeMutableBufferPointer { scratch in
                                try WorkerTeam.runParts(on: team) { part in
                                    let partScratch = UnsafeMutableBufferPointer(
                                        rebasing: scratch[part * stride..<part * stride + count])
                                    for agent in WorkerTeam.block(part, of: parts, agentCount)
                                    where active[agent] {
                                        observations[agent] = try Self.adapt(
                                            agent: agent, round: round, truth: truth,
                                            model: model, likelihoods: likelihoods,
                                            gaussian: gaussian, update: updates[agent],
                                            stream: streams[agent], logBeliefs: logBeliefs,
                                            logIntermediates: logIntermediates,
                                            scratch: partScratch)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Pools and normalises μ of every active agent in `round` from the senders' ψ, each part
    /// of the agents on its own thread.
    mutating func combineAll(round: Int, model: NetworkModel, active: [Bool], team: WorkerTeam?)
        throws
    {
        let count = hypothesisCount
        let agentCount = active.count
        let parts = team?.size ?? 1
        let starts = linkStarts
        let senderList = linkSenders
        let weightList = linkWeights
        try logIntermediates.withUnsafeBufferPointer { logIntermediates in
            guard let senders = logIntermediates.baseAddress else { return }
            try logBeliefs.withUnsafeMutableBufferPointer { logBeliefs in
                try senderList.withUnsafeBufferPointer { linkSenders in
                    try weightList.withUnsafeBufferPointer { linkWeights in
                        try WorkerTeam.runParts(on: team) { part in
                            for agent in WorkerTeam.block(part, of: parts, agentCount)
                            where active[agent] {
                                let links = starts[agent]..<starts[agent + 1]
                                let pooled = Self.combine(
                                    agent: agent, count: count,
                                    senders: UnsafeBufferPointer(rebasing: linkSenders[links]),
                                    weights: UnsafeBufferPointer(rebasing: linkWeights[links]),
                                    logIntermediates: senders, into: logBeliefs)
                                guard pooled else {
                                    throw SocialLearningError.beliefCollapsed(
                                        agent: model.agents[agent].name, round: round)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adapts `agent` in `round`: draws its observation and writes its ψ.
    ///
    /// `scratch` has room for H log-likelihoods. Gaussian families are read from the flat
    /// copies in `gaussian`, the others in place through buffers.
    static func adapt(
        agent: Int, round: Int, truth: Int, model: NetworkModel,
        likelihoods: UnsafeBufferPointer<Likelihood>, gaussian: GaussianFamilies.Buffers?,
        update: UpdateRule, stream: RandomStream, logBeliefs: UnsafeMutableBufferPointer<Double>,
        logIntermediates: UnsafeMutableBufferPointer<Double>,
        scratch: UnsafeMutableBufferPointer<Double>
    ) throws -> Observation {
        let count = scratch.count
        let start = agent * count
        let observation: Observation
        if let gaussian {
            let x = Likelihood.gaussianDraw(
                mean: gaussian.means[start + truth],
                standardDeviation: gaussian.standardDeviations[start + truth], stream: stream,
                round: round)
            let range = start..<start + count
            Likelihood.gaussianLogLikelihoods(
                of: x, means: UnsafeBufferPointer(rebasing: gaussian.means[range]),
                inverseStandardDeviations: UnsafeBufferPointer(
                    rebasing: gaussian.inverseStandardDeviations[range]),
                logPeaks: UnsafeBufferPointer(rebasing: gaussian.logPeaks[range]), into: scratch)
            observation = .value(x)
        } else {
            observation = likelihoods[agent].sample(truth: truth, stream: stream, round: round)
            likelihoods[agent].logLikelihoods(of: observation, into: scratch)
        }
        let possible = AgentState.adapt(
            prior: UnsafeBufferPointer(rebasing: logBeliefs[start..<start + count]),
            logLikelihoods: UnsafeBufferPointer(scratch),
            stepSize: update.stepSize(atRound: round),
            into: UnsafeMutableBufferPointer(rebasing: logIntermediates[start..<start + count]),
            normalize: false)
        guard possible else {
            throw AgentState.impossible(observation, agent: model.agents[agent], round: round)
        }
        return observation
    }

    /// Pools the senders' ψ into μ of `agent` and normalises it: Σ a_ℓk log ψ_ℓ, added link
    /// by link from zero as `AgentState` does. Returns false when no hypothesis is left.
    static func combine(
        agent: Int, count: Int, senders: UnsafeBufferPointer<Int>,
        weights: UnsafeBufferPointer<Double>, logIntermediates: UnsafePointer<Double>,
        into logBeliefs: UnsafeMutableBufferPointer<Double>
    ) -> Bool {
        let target = UnsafeMutableBufferPointer(
            rebasing: logBeliefs[agent * count..<(agent + 1) * count])
        // Each component is the same chain of additions, from 0 in link order, as in
        // `AgentState`. Two components at a time are summed over the links in a register
        // pair; SIMD lanes round each lane on its own, as scalars do.
        guard let senderList = senders.baseAddress, let weightList = weights.baseAddress
        else {
            for h in 0..<count {
                target[h] = 0
            }
            return LogMath.normalize(target)
        }
        let links = min(senders.count, weights.count)
        var h = 0
        while h &+ 1 < count {
            var total = SIMD2<Double>(repeating: 0)
            var link = 0
            while link < links {
                let source = logIntermediates + (senderList[link] &* count &+ h)
                total += SIMD2(repeating: weightList[link]) * SIMD2(source[0], source[1])
                link &+= 1
            }
            target[h] = total[0]
            target[h &+ 1] = total[1]
            h &+= 2
        }
        if h < count {
            var total = 0.0
            var link = 0
            while link < links {
                total += weightList[link] * logIntermediates[senderList[link] &* count &+ h]
                link &+= 1
            }
            target[h] = total
        }
        // Normalise after pooling: the geometric mean of normalised beliefs is not normalised.
        return LogMath.normalize(target)
    }
}

/// The Gaussian families of all agents in flat arrays (agent k at k · H ..< (k + 1) · H).
///
/// Reading a family through `Likelihood` inside the engine's loop counts references to its
/// arrays, which all agents with the default likelihood share. With two threads those counts
/// bounce one cache line between the cores, so the loop reads these plain copies instead.
struct GaussianFamilies: Sendable {
    let means: [Double]
    let standardDeviations: [Double]
    let inverseStandardDeviations: [Double]
    let logPeaks: [Double]

    /// Buffers over the four arrays, valid inside `withBuffers`.
    struct Buffers {
        let means: UnsafeBufferPointer<Double>
        let standardDeviations: UnsafeBufferPointer<Double>
        let inverseStandardDeviations: UnsafeBufferPointer<Double>
        let logPeaks: UnsafeBufferPointer<Double>
    }

    /// Collects the families; nil unless every agent's likelihood is Gaussian.
    init?(_ likelihoods: [Likelihood]) {
        var families: [GaussianLikelihood] = []
        for likelihood in likelihoods {
            guard case .gaussian(let family) = likelihood else { return nil }
            families.append(family)
        }
        means = families.flatMap(\.means)
        standardDeviations = families.flatMap(\.standardDeviations)
        inverseStandardDeviations = families.flatMap(\.inverseStandardDeviations)
        logPeaks = families.flatMap(\.logPeaks)
    }

    /// Calls `body` with buffers over the families, or with nil when there are none.
    static func withBuffers(
        _ families: GaussianFamilies?, _ body: (Buffers?) throws -> Void
    ) rethrows {
        guard let families else { return try body(nil) }
        try families.withBuffers { try body($0) }
    }

    /// Calls `body` with buffers over the four arrays.
    func withBuffers<Result>(_ body: (Buffers) throws -> Result) rethrows -> Result {
        try means.withUnsafeBufferPointer { means in
            try standardDeviations.withUnsafeBufferPointer { standardDeviations in
                try inverseStandardDeviations.withUnsafeBufferPointer { inverses in
                    try logPeaks.withUnsafeBufferPointer { logPeaks in
                        try body(
                            Buffers(
                                means: means, standardDeviations: standardDeviations,
                                inverseStandardDeviations: inverses, logPeaks: logPeaks))
                    }
                }
            }
        }
    }
}
