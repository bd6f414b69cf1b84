/// Everything one agent needs to know about itself.
public struct AgentModel: Sendable, Equatable {
    /// The agent's id or name in the topology file, used in every message a person reads.
    public var name: String
    /// L_k(ξ | θ).
    public var likelihood: Likelihood
    /// Bayesian or adaptive with a step-size schedule.
    public var update: UpdateRule
    /// log μ_{k,0}, normalised.
    public var initialLogBelief: [Double]
    /// The scenario key the likelihood came from, named in errors about observations.
    public var likelihoodKey: String

    public init(
        name: String, likelihood: Likelihood, update: UpdateRule, initialLogBelief: [Double],
        likelihoodKey: String = "likelihood"
    ) {
        self.name = name
        self.likelihood = likelihood
        self.update = update
        self.initialLogBelief = initialLogBelief
        self.likelihoodKey = likelihoodKey
    }
}

/// The true state θ° and the rounds at which it changes.
public struct TruthSchedule: Sendable, Equatable {
    /// One change: from `round` on (inclusive), the truth is `hypothesis`.
    public struct Change: Sendable, Equatable {
        public var round: Int
        public var hypothesis: Int

        public init(round: Int, hypothesis: Int) {
            self.round = round
            self.hypothesis = hypothesis
        }
    }

    /// θ° before the first change.
    public var initial: Int
    /// Changes in increasing round order.
    public var changes: [Change]

    public init(initial: Int, changes: [Change] = []) {
        self.initial = initial
        self.changes = changes.sorted { $0.round < $1.round }
    }

    /// Returns θ° in `round`.
    @inlinable
    public func truth(atRound round: Int) -> Int {
        var current = initial
        for change in changes {
            guard change.round <= round else { break }
            current = change.hypothesis
        }
        return current
    }
}

/// The whole network as the core sees it: agents, weights, sharing, truth and seed.
///
/// It is immutable during a run and identical in every process of a distributed run, so any
/// process can derive any random draw of any agent from it.
public struct NetworkModel: Sendable, Equatable {
    public var hypothesisCount: Int
    public var agents: [AgentModel]
    public var weights: CombinationWeights
    public var sharing: SharingPolicy
    public var truth: TruthSchedule
    public var seed: UInt64

    public init(
        hypothesisCount: Int, agents: [AgentModel], weights: CombinationWeights,
        sharing: SharingPolicy, truth: TruthSchedule, seed: UInt64
    ) {
        self.hypothesisCount = hypothesisCount
        self.agents = agents
        self.weights = weights
        self.sharing = sharing
        self.truth = truth
        self.seed = seed
    }

    /// The number of agents N.
    public var agentCount: Int { agents.count }

    /// True when some agent uses an adaptive update.
    public var isAdaptive: Bool {
        agents.contains { agent in
            if case .adaptive = agent.update { return true }
            return false
        }
    }

    /// The topic `sender` shares in `round`, or nil when the rule shares no single topic.
    @inlinable
    public func topic(sender: Int, round: Int) -> Int? {
        switch sharing.rule {
        case .fixedTopic(let topic):
            return topic
        case .randomTopic(let distribution, let perSender):
            let agent = perSender ? sender : RandomStream.networkAgent
            let stream = RandomStream(seed: seed, agent: agent, purpose: .topic)
            return stream.choose(weights: distribution, round: round)
        case .full, .randomNeighbour:
            return nil
        }
    }

    /// The in-neighbour that `listener` hears in `round` under random-neighbour sharing, drawn
    /// with probability a_ℓk / (1 − a_kk); nil when the agent has no in-neighbour but itself.
    @inlinable
    public func speaker(listener: Int, round: Int) -> Int? {
        let links = weights.incoming[listener].filter { $0.agent != listener }
        guard !links.isEmpty else { return nil }
        let stream = RandomStream(seed: seed, agent: listener, purpose: .neighbour)
        let position = stream.choose(weights: links.map(\.weight), round: round)
        return links[position].agent
    }
}
