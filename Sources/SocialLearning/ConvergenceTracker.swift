/// Decides when the network has converged to the truth, from per-round outcomes of all agents.
///
/// The coordinator of a distributed run and the in-process engine feed it the same outcomes in
/// round order, so both report the same convergence.
///
/// - Classical update: converged at round i* when, from i* to the end, every agent's belief in
///   θ° is ≥ 1 − ε. Agent k's own first such round is reported too.
/// - Adaptive update: converged at the first round from which every decision is θ° for W
///   consecutive rounds. The steady-state error rate is the fraction of agent-rounds with a
///   wrong decision from that round on; after each change of truth, the rounds needed until
///   the next such window starts are the recovery time.
public struct ConvergenceTracker: Sendable {
    public let settings: ConvergenceSettings
    public let adaptive: Bool
    public let agentCount: Int
    private let truth: TruthSchedule

    /// The last round recorded.
    public private(set) var lastRound = 0
    private var lastUnconfident: [Int]
    private var streakStart: Int?
    private var convergedRound: Int?
    private var wrongAfterConvergence = 0
    private var agentRoundsAfterConvergence = 0
    private var wrongByAgent: [Int]
    private var pendingChanges: [Int]
    private var recoveries: [Recovery] = []
    /// For each dropped agent, the first round without it; its outcomes from then on are
    /// ignored, and so is its final decision.
    public private(set) var droppedFrom: [Int: Int] = [:]

    /// The recovery after one change of truth.
    public struct Recovery: Sendable, Equatable, Codable {
        /// The round of the change.
        public var changeRound: Int
        /// Rounds from the change until the first all-correct window started; nil if none did.
        public var rounds: Int?
    }

    public init(
        agentCount: Int, settings: ConvergenceSettings, adaptive: Bool, truth: TruthSchedule
    ) {
        self.agentCount = agentCount
        self.settings = settings
        self.adaptive = adaptive
        self.truth = truth
        lastUnconfident = [Int](repeating: 0, count: agentCount)
        wrongByAgent = [Int](repeating: 0, count: agentCount)
        pendingChanges = truth.changes.map(\.round)
    }

    /// Records the outcomes of every agent in `round`; rounds must arrive in order.
    public mutating func record(round: Int, outcomes: [RoundOutcome]) {
        precondition(round == lastRound + 1, "rounds must be recorded in order")
        lastRound = round
        let truthNow = truth.truth(atRound: round)
        var allCorrect = true
        var present = 0
        for (agent, outcome) in outcomes.enumerated() {
            if let from = droppedFrom[agent], round >= from {
                continue
            }
            present += 1
            if !outcome.confident {
                lastUnconfident[agent] = round
            }
            if !outcome.decides(truthNow) {
                allCorrect = false
                if convergedRound != nil {
                    wrongByAgent[agent] += 1
                    wrongAfterConvergence += 1
                }
            }
        }
        if convergedRound != nil {
            agentRoundsAfterConvergence += present
        }
        // A change of truth restarts the count: correctness before it was about the old truth.
        if truth.changes.contains(where: { $0.round == round }) {
            streakStart = nil
        }
        guard allCorrect else {
            streakStart = nil
            return
        }
        let start = streakStart ?? round
        streakStart = start
        guard round - start + 1 == settings.window else { return }
        if convergedRound == nil {
            convergedRound = start
            // The window's own agent-rounds were all correct.
            agentRoundsAfterConvergence += present * settings.window
        }
        while let change = pendingChanges.first, change <= start {
            recoveries.append(Recovery(changeRound: change, rounds: start - change))
            pendingChanges.removeFirst()
        }
    }

    /// True when the run may stop early: asked for, and convergence is established.
    public var shouldStop: Bool {
        guard settings.stopOnConvergence, pendingChanges.isEmpty else { return false }
        if adaptive {
            return convergedRound != nil
        }
        let latest = latestUnconfident
        return lastRound - latest >= settings.window
    }

    /// Stops counting `agent` from round `round` on (it was lost and dropped from the run).
    public mutating func drop(agent: Int, fromRound round: Int) {
        guard droppedFrom[agent] == nil else { return }
        droppedFrom[agent] = round
    }

    /// The last round in which an agent still in the run was not confident.
    private var latestUnconfident: Int {
        var latest = 0
        for (agent, last) in lastUnconfident.enumerated() where droppedFrom[agent] == nil {
            latest = max(latest, last)
        }
        return latest
    }

    /// Builds the report from the outcomes so far and the agents' final decisions; a dropped
    /// agent's decision is left out of the clusters.
    public func report(finalDecisions: [Int]) -> ConvergenceReport {
        let truthNow = truth.truth(atRound: lastRound)
        var agentRounds: [Int?] = []
        var round: Int?
        if adaptive {
            round = convergedRound
        } else {
            agentRounds = lastUnconfident.enumerated().map { agent, last in
                droppedFrom[agent] == nil && last < lastRound ? last + 1 : nil
            }
            let latest = latestUnconfident
            round = latest < lastRound ? latest + 1 : nil
        }
        var errorRate: Double?
        if adaptive, convergedRound != nil, agentRoundsAfterConvergence > 0 {
            errorRate = Double(wrongAfterConvergence) / Double(agentRoundsAfterConvergence)
        }
        var clusters: [Int: [Int]] = [:]
        for (agent, decision) in finalDecisions.enumerated() where droppedFrom[agent] == nil {
            clusters[decision, default: []].append(agent)
        }
        let unrecovered = pendingChanges.map { Recovery(changeRound: $0, rounds: nil) }
        return ConvergenceReport(
            adaptive: adaptive, rounds: lastRound, truth: truthNow, convergedRound: round,
            agentRounds: agentRounds, errorRate: errorRate,
            wrongDecisionsByAgent: adaptive ? wrongByAgent : [],
            recoveries: recoveries + unrecovered, finalDecisions: finalDecisions,
            clusters: clusters.keys.sorted().map {
                DecisionCluster(decision: $0, agents: clusters[$0] ?? [])
            }, droppedFrom: droppedFrom)
    }
}

/// Agents that share a final decision.
public struct DecisionCluster: Sendable, Equatable, Codable {
    public var decision: Int
    public var agents: [Int]
}

/// The verdict on a run: converged or not, when, and how well.
public struct ConvergenceReport: Sendable, Equatable {
    public var adaptive: Bool
    public var rounds: Int
    /// θ° in the last round.
    public var truth: Int
    /// i*, or nil when the run did not converge.
    public var convergedRound: Int?
    /// Classical update: each agent's first round from which its belief in θ° stays ≥ 1 − ε.
    public var agentRounds: [Int?]
    /// Adaptive update: the fraction of agent-rounds with a wrong decision after convergence.
    public var errorRate: Double?
    /// Adaptive update: wrong decisions of each agent after convergence.
    public var wrongDecisionsByAgent: [Int]
    public var recoveries: [ConvergenceTracker.Recovery]
    public var finalDecisions: [Int]
    /// Agents grouped by final decision, in decision order; more than one means disagreement.
    public var clusters: [DecisionCluster]
    /// Agents dropped from the run, each with the first round without it.
    public var droppedFrom: [Int: Int] = [:]

    /// True when convergence was reached.
    public var converged: Bool { convergedRound != nil }
}
