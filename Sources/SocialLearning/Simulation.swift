/// The in-process engine: every agent of the network in one process, round by round.
///
/// A round runs adapt for every agent, then builds each agent's incoming messages from the
/// senders' ψ, then combines. The distributed runtime calls the same `AgentState` methods with
/// the same messages, so both produce the same bits.
///
/// Under full sharing the engine keeps μ and ψ of all agents in flat arrays
/// (`FullSharingState`) and applies the same arithmetic to them, so it needs no four arrays
/// per agent. `agents` rebuilds the `AgentState` values when it is read.
///
/// With `threads` above 1, each phase of a round (adapt, combine, statistics) is split into
/// contiguous blocks of agents, one per thread. No agent reads what another writes within a
/// phase, so the beliefs are the same bits as on one thread.
public struct Simulation: Sendable {
    public let model: NetworkModel
    public let settings: ConvergenceSettings
    /// Every agent's state; under full sharing its numbers live in `full` between rounds.
    private var states: [AgentState]
    /// Flat arrays of μ and ψ under full sharing, nil under the other rules.
    private var full: FullSharingState?
    public private(set) var statistics: [AgentStatistics]
    public private(set) var tracker: ConvergenceTracker
    /// The last round completed.
    public private(set) var round = 0
    /// False for an agent that was dropped: it no longer adapts, shares or combines.
    public private(set) var active: [Bool]
    /// Every agent's ψ of the current round, back to back, reused across rounds.
    private var intermediates: [Double] = []
    /// The outcomes of the current round, one per agent.
    private var outcomes: [RoundOutcome] = []
    /// The threads that share each round's work; nil to run on the calling thread alone.
    private let team: WorkerTeam?

    /// The number of threads a round runs on (1 unless a team could be started).
    public var threads: Int { team?.size ?? 1 }

    /// Creates the engine for a run of `rounds` rounds on up to `threads` threads.
    ///
    /// More threads than agents are not started, and a team that cannot be started (the
    /// system refuses a thread) leaves the engine on the calling thread.
    public init(
        model: NetworkModel, rounds: Int, settings: ConvergenceSettings, threads: Int = 1
    ) {
        let size = min(threads, model.agentCount)
        team = size >= 2 ? WorkerTeam(size: size) : nil
        self.model = model
        self.settings = settings
        states = (0..<model.agentCount).map { AgentState(id: $0, model: model) }
        if case .full = model.sharing.rule {
            full = FullSharingState(model: model, agents: states)
        }
        active = [Bool](repeating: true, count: model.agentCount)
        let start = settings.steadyStateStart(rounds: rounds, truth: model.truth)
        statistics = [AgentStatistics](
            repeating: AgentStatistics(
                hypothesisCount: model.hypothesisCount, steadyStateStart: start,
                settings: settings),
            count: model.agentCount)
        tracker = ConvergenceTracker(
            agentCount: model.agentCount, settings: settings, adaptive: model.isAdaptive,
            truth: model.truth)
    }

    /// Every agent's state after the last round.
    public var agents: [AgentState] {
        guard let full else { return states }
        let count = model.hypothesisCount
        return full.logBeliefs.withUnsafeBufferPointer { logBeliefs in
            full.logIntermediates.withUnsafeBufferPointer { logIntermediates in
                states.indices.map { agent in
                    var state = states[agent]
                    let range = agent * count..<(agent + 1) * count
                    state.restore(
                        logBelief: UnsafeBufferPointer(rebasing: logBeliefs[range]),
                        logIntermediate: UnsafeBufferPointer(rebasing: logIntermediates[range]),
                        round: full.rounds[agent], lastObservation: full.lastObservations[agent])
                    return state
                }
            }
        }
    }

    /// Returns log μ of `agent` after the last round.
    public func logBelief(of agent: Int) -> [Double] {
        guard let full else { return states[agent].logBelief }
        let count = model.hypothesisCount
        return Array(full.logBeliefs[agent * count..<(agent + 1) * count])
    }

    /// Removes `agent` from the next round on, as the distributed runtime does with a lost
    /// agent under `runtime.on_agent_loss: drop`: its out-neighbours rescale their remaining
    /// weights (see `AgentState.drop(sender:model:)`) and the tracker stops counting it.
    public mutating func drop(agent: Int) {
        guard active[agent] else { return }
        active[agent] = false
        for receiver in model.weights.outgoing[agent] where active[receiver] {
            states[receiver].drop(sender: agent, model: model)
        }
        full?.setLinks(states.map { $0.incomingLinks(model) })
        tracker.drop(agent: agent, fromRound: round + 1)
    }

    /// Runs one round for every agent and returns their outcomes; a dropped agent's outcome
    /// repeats its last decision and is not counted.
    ///
    /// When an agent fails, the round is abandoned and the failure of the lowest-numbered
    /// failing agent is thrown, as one thread visiting agents in order would.
    @discardableResult
    public mutating func step() throws -> [RoundOutcome] {
        if outcomes.count != states.count {
            outcomes = [RoundOutcome](
                repeating: RoundOutcome(decision: 0, confident: false), count: states.count)
        }
        if full != nil {
            try stepFullSharing()
        } else {
            try stepAgents()
        }
        return outcomes
    }

    /// Runs one round through `AgentState`, for every sharing rule.
    private mutating func stepAgents() throws {
        let current = round + 1
        // One copy for the round, so that no agent's step retains the model's arrays.
        let model = self.model
        let count = model.hypothesisCount
        let agentCount = states.count
        if intermediates.count != agentCount * count {
            intermediates = [Double](repeating: 0, count: agentCount * count)
        }
        let parts = threads
        let truth = model.truth.truth(atRound: current)
        let active = self.active
        let team = self.team
        try states.withUnsafeMutableBufferPointer { agents in
            try intermediates.withUnsafeMutableBufferPointer { intermediates in
                // Adapt, and copy each ψ where every receiver can read it.
                try WorkerTeam.runParts(on: team) { part in
                    for agent in WorkerTeam.block(part, of: parts, agentCount) where active[agent] {
                        try agents[agent].adapt(round: current, model: model)
                        agents[agent].logIntermediate.withUnsafeBufferPointer {
                            for h in 0..<count {
                                intermediates[agent * count + h] = $0[h]
                            }
                        }
                    }
                }
                // Combination changes only μ, and messages are built from ψ, so agents
                // combine in place while others still read their senders' ψ.
                let senders = UnsafeBufferPointer(intermediates)
                try WorkerTeam.runParts(on: team) { part in
                    for agent in WorkerTeam.block(part, of: parts, agentCount) where active[agent] {
                        try agents[agent].combine(
                            intermediates: senders, round: current, model: model)
                    }
                }
            }
        }
        // Statistics only for complete rounds, so a failed round leaves them as they were.
        try states.withUnsafeBufferPointer { agents in
            try statistics.withUnsafeMutableBufferPointer { statistics in
                try outcomes.withUnsafeMutableBufferPointer { outcomes in
                    try WorkerTeam.runParts(on: team) { part in
                        for agent in WorkerTeam.block(part, of: parts, agentCount) {
                            guard active[agent] else {
                                outcomes[agent] = RoundOutcome(
                                    decision: agents[agent].decision, confident: false)
                                continue
                            }
                            outcomes[agent] = agents[agent].logBelief.withUnsafeBufferPointer {
                                statistics[agent].record(
                                    logBelief: $0, round: current, truth: truth)
                            }
                        }
                    }
                }
            }
        }
        tracker.record(round: current, outcomes: outcomes)
        round = current
    }

    /// Runs one round on the flat arrays of `FullSharingState`: adapt every agent, then pool
    /// and normalise, then record statistics, each phase shared among the threads.
    private mutating func stepFullSharing() throws {
        let current = round + 1
        let model = self.model
        let count = model.hypothesisCount
        let truth = model.truth.truth(atRound: current)
        let active = self.active
        // Taken out for the round so that its arrays can be written through several buffers.
        guard var state = full.take() else { return }
        defer { full = state }
        try state.adaptAll(round: current, truth: truth, model: model, active: active, team: team)
        try state.combineAll(round: current, model: model, active: active, team: team)
        for agent in active.indices where active[agent] {
            state.rounds[agent] = current
        }
        // Statistics only for complete rounds, so a failed round leaves them as they were.
        let parts = threads
        try state.logBeliefs.withUnsafeBufferPointer { logBeliefs in
            try statistics.withUnsafeMutableBufferPointer { statistics in
                try outcomes.withUnsafeMutableBufferPointer { outcomes in
                    try WorkerTeam.runParts(on: team) { part in
                        let agents = WorkerTeam.block(part, of: parts, active.count)
                        var agent = agents.lowerBound
                        while agent < agents.upperBound {
                            let belief = UnsafeBufferPointer(
                                rebasing: logBeliefs[agent * count..<(agent + 1) * count])
                            guard active[agent] else {
                                outcomes[agent] = RoundOutcome(
                                    decision: LogMath.argmax(belief), confident: false)
                                agent += 1
                                continue
                            }
                            // Two active agents side by side are recorded together.
                            guard agent + 1 < agents.upperBound, active[agent + 1] else {
                                outcomes[agent] = statistics[agent].record(
                                    logBelief: belief, round: current, truth: truth)
                                agent += 1
                                continue
                            }
                            let next = UnsafeBufferPointer(
                                rebasing: logBeliefs[(agent + 1) * count..<(agent + 2) * count])
                            (outcomes[agent], outcomes[agent + 1]) = AgentStatistics.recordPair(
                                &statistics[agent], &statistics[agent + 1],
                                logBeliefs: (belief, next), round: current, truth: truth)
                            agent += 2
                        }
                    }
                }
            }
        }
        tracker.record(round: current, outcomes: outcomes)
        round = current
    }

}
