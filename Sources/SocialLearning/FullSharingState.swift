#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
    /// The maximum number of incoming links of an agent.
    private(set) var maxLinks = 0
    let likelihoods: [Likelihood]
    /// Every agent's Gaussian family back to back, when all agents have one: m, s, 1/s and
    /// the log-peak per hypothesis (see `GaussianFamilies`).
    let gaussian: GaussianFamilies?
    let updates: [UpdateRule]
    /// The update rule of every agent when they all have the same, so that δ is computed once
    /// per round.
    let sharedUpdate: UpdateRule?
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
        let rules = model.agents.map(\.update)
        updates = rules
        sharedUpdate = rules.allSatisfy { $0 == rules.first } ? rules.first : nil
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
        maxLinks = 0
        for agentLinks in links {
            for link in agentLinks {
                linkSenders.append(link.agent)
                linkWeights.append(link.weight)
            }
            linkStarts.append(linkSenders.count)
            maxLinks = max(maxLinks, agentLinks.count)
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
        let sharedStepSize = sharedUpdate?.stepSize(atRound: round)
        try GaussianFamilies.withBuffers(gaussian) { gaussian in
            try likelihoods.withUnsafeBufferPointer { likelihoods in
                try logBeliefs.withUnsafeMutableBufferPointer { logBeliefs in
                    try logIntermediates.withUnsafeMutableBufferPointer { logIntermediates in
                        try lastObservations.withUnsafeMutableBufferPointer { observations in
                            try scratch.withUnsafeMutableBufferPointer { scratch in
                                try WorkerTeam.runParts(on: team) { part in
                                    let partScratch = UnsafeMutableBufferPointer(
                                        rebasing: scratch[part * stride..<part * stride + count])
                                    let agents = WorkerTeam.block(part, of: parts, agentCount)
                                    // All draws first: the iterations of this loop do not
                                    // depend on each other, so the processor overlaps the
                                    // random-number mixing of neighbouring agents.
                                    if let gaussian {
                                        for agent in agents where active[agent] {
                                            let truthIndex = agent &* count &+ truth
                                            observations[agent] = .value(
                                                Likelihood.gaussianDraw(
                                                    mean: gaussian.means[truthIndex],
                                                    standardDeviation:
                                                        gaussian
                                                        .standardDeviations[truthIndex],
                                                    stream: streams[agent], round: round))
                                        }
                                    } else {
                                        for agent in agents where active[agent] {
                                            observations[agent] = likelihoods[agent].sample(
                                                truth: truth, stream: streams[agent],
                                                round: round)
                                        }
                                    }
                                    for agent in agents where active[agent] {
                                        guard let observation = observations[agent] else {
                                            preconditionFailure("every active agent has drawn")
                                        }
                                        if let gaussian, case .value(let x) = observation,
                                            Self.adaptGaussian(
                                                agent: agent, observation: x, count: count,
                                                gaussian: gaussian,
                                                stepSize: sharedUpdate == nil
                                                    ? updates[agent].stepSize(atRound: round)
                                                    : sharedStepSize,
                                                logBeliefs: logBeliefs,
                                                logIntermediates: logIntermediates)
                                        {
                                            continue
                                        }
                                        try Self.adapt(
                                            agent: agent, observation: observation,
                                            round: round, model: model, likelihoods: likelihoods,
                                            gaussian: gaussian, update: updates[agent],
                                            logBeliefs: logBeliefs,
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
        let parts = team?.size ?? 1
        let maxLinks = self.maxLinks
        let starts = linkStarts
        let senderList = linkSenders
        let weightList = linkWeights
        try logIntermediates.withUnsafeBufferPointer { logIntermediates in
            guard let senders = logIntermediates.baseAddress else { return }
            try logBeliefs.withUnsafeMutableBufferPointer { logBeliefs in
                try starts.withUnsafeBufferPointer { starts in
                    try senderList.withUnsafeBufferPointer { linkSenders in
                        try weightList.withUnsafeBufferPointer { linkWeights in
                            let links = LinkBuffers(
                                starts: starts, senders: linkSenders, weights: linkWeights)
                            try WorkerTeam.runParts(on: team) { part in
                                let collapsed = Self.withPairScratch(count: count, links: maxLinks)
                                {
                                    Self.combine(
                                        agents: WorkerTeam.block(part, of: parts, active.count),
                                        active: active, count: count, links: links,
                                        logIntermediates: senders, scratch: $0, into: logBeliefs)
                                }
                                // The model is read only here: passed into the loop, its
                                // arrays would be retained and released every round.
                                if let collapsed {
                                    throw SocialLearningError.beliefCollapsed(
                                        agent: model.agents[collapsed].name, round: round)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The incoming links of every agent, read through buffers (see `linkStarts`).
    struct LinkBuffers {
        let starts: UnsafeBufferPointer<Int>
        let senders: UnsafeBufferPointer<Int>
        let weights: UnsafeBufferPointer<Double>
    }

    /// Pools and normalises μ of the active agents in `agents`: two side by side together,
    /// one per lane, and the others one at a time. Returns the first agent left with no
    /// hypothesis, whose combination stops the part, or nil.
    static func combine(
        agents: Range<Int>, active: [Bool], count: Int, links: LinkBuffers,
        logIntermediates: UnsafePointer<Double>, scratch: PairScratch,
        into logBeliefs: UnsafeMutableBufferPointer<Double>
    ) -> Int? {
        var agent = agents.lowerBound
        while agent < agents.upperBound {
            guard active[agent] else {
                agent += 1
                continue
            }
            let members = agent + 1 < agents.upperBound && active[agent + 1] ? 2 : 1
            var normalized = false
            if members == 2 {
                normalized = combinePair(
                    first: agent, count: count, links: links,
                    logIntermediates: logIntermediates, scratch: scratch, into: logBeliefs)
            } else {
                pool(
                    agent: agent, count: count, links: links,
                    logIntermediates: logIntermediates, into: logBeliefs)
            }
            for member in agent..<agent + members where !normalized {
                // Normalise after pooling: the geometric mean of normalised beliefs is not
                // normalised.
                let row = member * count..<(member + 1) * count
                guard LogMath.normalize(UnsafeMutableBufferPointer(rebasing: logBeliefs[row]))
                else { return member }
            }
            agent += members
        }
        return nil
    }

    /// Writes ψ of `agent` in `round` from its observation.
    ///
    /// `scratch` has room for H log-likelihoods. Gaussian families are read from the flat
    /// copies in `gaussian`, the others in place through buffers.
    static func adapt(
        agent: Int, observation: Observation, round: Int, model: NetworkModel,
        likelihoods: UnsafeBufferPointer<Likelihood>, gaussian: GaussianFamilies.Buffers?,
        update: UpdateRule, logBeliefs: UnsafeMutableBufferPointer<Double>,
        logIntermediates: UnsafeMutableBufferPointer<Double>,
        scratch: UnsafeMutableBufferPointer<Double>
    ) throws {
        let count = scratch.count
        let start = agent * count
        if let gaussian, case .value(let x) = observation {
            let range = start..<start + count
            Likelihood.gaussianLogLikelihoods(
                of: x, means: UnsafeBufferPointer(rebasing: gaussian.means[range]),
                inverseStandardDeviations: UnsafeBufferPointer(
                    rebasing: gaussian.inverseStandardDeviations[range]),
                logPeaks: UnsafeBufferPointer(rebasing: gaussian.logPeaks[range]), into: scratch)
        } else {
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
    }

    /// Writes ψ of `agent`, whose family is Gaussian and whose observation is x, under an
    /// adaptive update of step size δ in (0, 1): ψ_h = (1 − δ) μ_h + δ L_h, with L_h =
    /// log-peak_h − ½ ((x − m_h) / s_h)² from the same operations as
    /// `Likelihood.gaussianLogLikelihoods` and ψ from those of `AgentState.adapt`, in one loop
    /// that keeps L in a register.
    ///
    /// Returns false when the update is classical or δ is 0 or 1 (nothing written) or ψ has
    /// no component above −∞; `adapt` then handles the agent again from the start.
    @inline(__always)
    static func adaptGaussian(
        agent: Int, observation x: Double, count: Int, gaussian: GaussianFamilies.Buffers,
        stepSize: Double?, logBeliefs: UnsafeMutableBufferPointer<Double>,
        logIntermediates: UnsafeMutableBufferPointer<Double>
    ) -> Bool {
        guard let delta = stepSize, delta != 0, 1 - delta != 0,
            let allMeans = gaussian.means.baseAddress,
            let allInverses = gaussian.inverseStandardDeviations.baseAddress,
            let allLogPeaks = gaussian.logPeaks.baseAddress,
            let allPriors = logBeliefs.baseAddress, let allPsi = logIntermediates.baseAddress
        else { return false }
        let keep = 1 - delta

        let start = agent &* count
        let means = allMeans + start
        let inverses = allInverses + start
        let logPeaks = allLogPeaks + start
        let prior = UnsafePointer(allPriors) + start
        let psi = allPsi + start

        // Two hypotheses at a time in a register pair, each lane with the scalar operations
        // of the tail loop. `above` records whether a component is above −∞, as
        // `AgentState.adapt` checks (NaN never is).
        var above = SIMDMask<SIMD2<Int64>>(repeating: false)
        var h = 0
        while h &+ 1 < count {
            let z = (x - (means + h).loadPair()) * (inverses + h).loadPair()
            let logLikelihood = (logPeaks + h).loadPair() - 0.5 * z * z
            let value = keep * (prior + h).loadPair() + delta * logLikelihood
            (psi + h).storePair(value)
            above .|= value .> -Double.infinity
            h &+= 2
        }
        var found = any(above)
        if h < count {
            let z = (x - means[h]) * inverses[h]
            let logLikelihood = logPeaks[h] - 0.5 * z * z
            let value = keep * prior[h] + delta * logLikelihood
            psi[h] = value
            found = found || value > -Double.infinity
        }
        return found
    }

    /// Pools the senders' ψ into μ of `agent`, unnormalised: Σ a_ℓk log ψ_ℓ, added link by
    /// link from zero as `AgentState` does.
    static func pool(
        agent: Int, count: Int, links: LinkBuffers, logIntermediates: UnsafePointer<Double>,
        into logBeliefs: UnsafeMutableBufferPointer<Double>
    ) {
        let range = links.starts[agent]..<links.starts[agent + 1]
        let senders = UnsafeBufferPointer(rebasing: links.senders[range])
        let weights = UnsafeBufferPointer(rebasing: links.weights[range])
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
            return
        }
        let linkCount = min(senders.count, weights.count)
        var h = 0
        while h &+ 1 < count {
            var total = SIMD2<Double>(repeating: 0)
            var link = 0
            while link < linkCount {
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
            while link < linkCount {
                total += weightList[link] * logIntermediates[senderList[link] &* count &+ h]
                link &+= 1
            }
            target[h] = total
        }
    }

    /// Room for `combinePair`, on the stack: H pooled pairs, and per link of the pair the
    /// two senders' rows and the two weights.
    static func withPairScratch<Result>(
        count: Int, links: Int, _ body: (PairScratch) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: SIMD2<Double>.self, capacity: count + links) { pairs in
            withUnsafeTemporaryAllocation(of: UnsafePointer<Double>.self, capacity: 2 * links) {
                rows in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { zeros in
                    zeros.initialize(repeating: 0)
                    return body(
                        PairScratch(
                            pooled: UnsafeMutableBufferPointer(rebasing: pairs[0..<count]),
                            weights: UnsafeMutableBufferPointer(rebasing: pairs[count...]),
                            rows: rows, zeros: UnsafeBufferPointer(zeros)))
                }
            }
        }
    }

    struct PairScratch {
        let pooled: UnsafeMutableBufferPointer<SIMD2<Double>>
        /// The weights of link l of both agents.
        let weights: UnsafeMutableBufferPointer<SIMD2<Double>>
        /// The senders' ψ rows of link l: the first agent's at 2l, the second's at 2l + 1.
        let rows: UnsafeMutableBufferPointer<UnsafePointer<Double>>
        let zeros: UnsafeBufferPointer<Double>
    }

    /// Pools and normalises μ of agents `first` and `first + 1` together, one per lane.
    ///
    /// Each lane goes through the operations of `pool` and `LogMath.normalize` for its agent
    /// in the same order, so the bits are theirs. Where the lanes' link counts differ, the
    /// shorter lane adds 0 · 0 = +0, which leaves its sum as it is (a sum started at +0 is
    /// never −0). Returns false, with both rows pooled but not normalised, when a lane needs
    /// the scalar path: a term below e^−708, or no finite component.
    static func combinePair(
        first: Int, count: Int, links incoming: LinkBuffers,
        logIntermediates: UnsafePointer<Double>, scratch: PairScratch,
        into logBeliefs: UnsafeMutableBufferPointer<Double>
    ) -> Bool {
        guard let senders = incoming.senders.baseAddress,
            let weights = incoming.weights.baseAddress,
            let rows = scratch.rows.baseAddress, let pairWeights = scratch.weights.baseAddress,
            let pooled = scratch.pooled.baseAddress, let target = logBeliefs.baseAddress,
            let zeros = scratch.zeros.baseAddress
        else {
            // Empty buffers: no agent has a link. Each agent is pooled alone.
            for member in first...first + 1 {
                pool(
                    agent: member, count: count, links: incoming,
                    logIntermediates: logIntermediates, into: logBeliefs)
            }
            return false
        }
        let startA = incoming.starts[first]
        let startB = incoming.starts[first + 1]
        let linksA = startB - startA
        let linksB = incoming.starts[first + 2] - startB
        let links = max(linksA, linksB)

        var link = 0
        while link < links {
            var weight = SIMD2<Double>.zero
            var rowA = zeros
            var rowB = zeros
            if link < linksA {
                rowA = logIntermediates + senders[startA &+ link] &* count
                weight[0] = weights[startA &+ link]
            }
            if link < linksB {
                rowB = logIntermediates + senders[startB &+ link] &* count
                weight[1] = weights[startB &+ link]
            }
            rows[2 &* link] = rowA
            rows[2 &* link &+ 1] = rowB
            pairWeights[link] = weight
            link &+= 1
        }

        // Components four at a time, then two, then one, each summed over the links in
        // registers. Their bounds are taken in index order as they come.
        var bounds = PairBounds()
        var h = 0
        while h &+ 3 < count {
            var sums = (
                SIMD2<Double>.zero, SIMD2<Double>.zero, SIMD2<Double>.zero, SIMD2<Double>.zero
            )
            for link in 0..<links {
                let rowA = rows[2 &* link] + h
                let rowB = rows[2 &* link &+ 1] + h
                let weight = pairWeights[link]
                sums.0 += weight * SIMD2(rowA[0], rowB[0])
                sums.1 += weight * SIMD2(rowA[1], rowB[1])
                sums.2 += weight * SIMD2(rowA[2], rowB[2])
                sums.3 += weight * SIMD2(rowA[3], rowB[3])
            }
            (pooled[h], pooled[h &+ 1], pooled[h &+ 2], pooled[h &+ 3]) = sums
            bounds.include(sums.0)
            bounds.include(sums.1)
            bounds.include(sums.2)
            bounds.include(sums.3)
            h &+= 4
        }
        if h &+ 1 < count {
            var sums = (SIMD2<Double>.zero, SIMD2<Double>.zero)
            for link in 0..<links {
                let rowA = rows[2 &* link] + h
                let rowB = rows[2 &* link &+ 1] + h
                let weight = pairWeights[link]
                sums.0 += weight * SIMD2(rowA[0], rowB[0])
                sums.1 += weight * SIMD2(rowA[1], rowB[1])
            }
            (pooled[h], pooled[h &+ 1]) = sums
            bounds.include(sums.0)
            bounds.include(sums.1)
            h &+= 2
        }
        if h < count {
            var sum = SIMD2<Double>.zero
            for link in 0..<links {
                sum += pairWeights[link] * SIMD2(rows[2 &* link][h], rows[2 &* link &+ 1][h])
            }
            pooled[h] = sum
            bounds.include(sum)
        }

        let rowA = target + first &* count
        let rowB = rowA + count
        guard
            let totals = pairLogSumExp(
                UnsafeBufferPointer(start: pooled, count: count), bounds: bounds)
        else {
            for h in 0..<count {
                rowA[h] = pooled[h][0]
                rowB[h] = pooled[h][1]
            }
            return false
        }

        for h in 0..<count {
            let normalized = pooled[h] - totals
            rowA[h] = normalized[0]
            rowB[h] = normalized[1]
        }
        return true
    }

    /// The largest and smallest value of each lane so far, compared as `LogMath.logSumExp`
    /// compares (a NaN never replaces a bound).
    struct PairBounds {
        var maximum = SIMD2<Double>(repeating: -.infinity)
        var minimum = SIMD2<Double>(repeating: .infinity)

        @inline(__always)
        mutating func include(_ value: SIMD2<Double>) {
            maximum.replace(with: value, where: value .> maximum)
            minimum.replace(with: value, where: value .< minimum)
        }
    }

    /// Returns `LogMath.logSumExp` of each lane, with its operations lane by lane, or nil when
    /// a lane has a term below e^−708 or no finite result. `bounds` must cover every value,
    /// taken in index order.
    static func pairLogSumExp(_ values: UnsafeBufferPointer<SIMD2<Double>>, bounds: PairBounds)
        -> SIMD2<Double>?
    {
        let maximum = bounds.maximum
        guard maximum[0].isFinite, maximum[1].isFinite,
            all(bounds.minimum - maximum .>= SIMD2(repeating: -708))
        else { return nil }
        var sum = SIMD2<Double>.zero
        for value in values {
            sum += LogMath.exponential(ofNonPositiveInRange: value - maximum)
        }
        let totals = maximum + SIMD2(log(sum[0]), log(sum[1]))
        guard totals[0].isFinite, totals[1].isFinite else { return nil }
        return totals
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
