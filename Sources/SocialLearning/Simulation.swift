/// The in-process engine: every agent of the network in one process, round by round.
///
/// A round runs adapt for every agent, then builds each agent's incoming messages from the
/// senders' ψ, then combines. The distributed runtime calls the same `AgentState` methods with
/// the same messages, so both produce the same bits.
public struct Simulation: Sendable {
    public let model: NetworkModel
    public let settings: ConvergenceSettings
    public private(set) var agents: [AgentState]
    public private(set) var statistics: [AgentStatistics]
    public private(set) var tracker: ConvergenceTracker
    /// The last round completed.
    public private(set) var round = 0
    /// False for an agent that was dropped: it no longer adapts, shares or combines.
    public private(set) var active: [Bool]
    /// Every agent's ψ of the current round, back to back, reused across rounds.
    private var intermediates: [Double] = []

    /// Creates the engine for a run of `rounds` rounds.
    public init(model: NetworkModel, rounds: Int, settings: ConvergenceSettings) {
        self.model = model
        self.settings = settings
        agents = (0..<model.agentCount).map { AgentState(id: $0, model: model) }
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

    /// Removes `agent` from the next round on, as the distributed runtime does with a lost
    /// agent under `runtime.on_agent_loss: drop`: its out-neighbours rescale their remaining
    /// weights (see `AgentState.drop(sender:model:)`) and the tracker stops counting it.
    public mutating func drop(agent: Int) {
        guard active[agent] else { return }
        active[agent] = false
        for receiver in model.weights.outgoing[agent] where active[receiver] {
            agents[receiver].drop(sender: agent, model: model)
        }
        tracker.drop(agent: agent, fromRound: round + 1)
    }

    /// Runs one round for every agent and returns their outcomes; a dropped agent's outcome
    /// repeats its last decision and is not counted.
    @discardableResult
    public mutating func step() throws -> [RoundOutcome] {
        let current = round + 1
        // One copy for the round, so that no agent's step retains the model's arrays.
        let model = self.model
        for agent in agents.indices where active[agent] {
            try agents[agent].adapt(round: current, model: model)
        }
        // Combination changes only μ, and messages are built from ψ, so combining in place
        // while later agents still read their senders' ψ is safe.
        let count = model.hypothesisCount
        if intermediates.count != agents.count * count {
            intermediates = [Double](repeating: 0, count: agents.count * count)
        }
        for agent in agents.indices {
            agents[agent].logIntermediate.withUnsafeBufferPointer { source in
                for h in 0..<count {
                    intermediates[agent * count + h] = source[h]
                }
            }
        }
        try intermediates.withUnsafeBufferPointer { buffer in
            for agent in agents.indices where active[agent] {
                try agents[agent].combine(intermediates: buffer, round: current, model: model)
            }
        }
        let truth = model.truth.truth(atRound: current)
        var outcomes: [RoundOutcome] = []
        outcomes.reserveCapacity(agents.count)
        for agent in agents.indices {
            guard active[agent] else {
                outcomes.append(RoundOutcome(decision: agents[agent].decision, confident: false))
                continue
            }
            outcomes.append(
                statistics[agent].record(
                    logBelief: agents[agent].logBelief, round: current, truth: truth))
        }
        tracker.record(round: current, outcomes: outcomes)
        round = current
        return outcomes
    }
}
