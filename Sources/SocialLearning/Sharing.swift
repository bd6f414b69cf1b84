/// What an agent sends its out-neighbours in step 2 (share).
public enum SharingRule: Sendable, Equatable {
    /// The whole intermediate belief ψ.
    case full
    /// The belief on one fixed hypothesis of interest (0-based index).
    case fixedTopic(Int)
    /// A topic drawn each round from `distribution` (weights over hypotheses), the same draw
    /// for the whole network unless `perSender` asks for an independent draw per sender.
    case randomTopic(distribution: [Double], perSender: Bool)
    /// Each agent listens to one in-neighbour per round, drawn with probability
    /// a_ℓk / (1 − a_kk), which sends its whole ψ.
    case randomNeighbour

    /// True when messages carry one component and must be filled in by the receiver.
    public var isPartial: Bool {
        switch self {
        case .fixedTopic, .randomTopic: return true
        case .full, .randomNeighbour: return false
        }
    }
}

/// How a receiver completes a one-component message into a full belief (step 3, fill).
public enum FillRule: Sendable, Equatable {
    /// The remaining mass 1 − x is spread evenly over the other hypotheses.
    case uniform
    /// The remaining mass is spread like the receiver's own ψ over the other hypotheses.
    case ownBelief
}

/// Which belief an agent uses for its own term of the combination under partial sharing.
public enum OwnTerm: Sendable, Equatable {
    /// The agent's true ψ.
    case selfAware
    /// The filled version of the agent's own message, as if it had received it.
    case memoryless
}

/// The sharing strategy of a run: rule, fill and own term.
public struct SharingPolicy: Sendable, Equatable {
    public var rule: SharingRule
    public var fill: FillRule
    public var ownTerm: OwnTerm

    /// Creates a policy; fill and own term matter only for partial rules.
    public init(rule: SharingRule, fill: FillRule = .uniform, ownTerm: OwnTerm = .selfAware) {
        self.rule = rule
        self.fill = fill
        self.ownTerm = ownTerm
    }
}

/// The content of one message from a sender to one receiver in one round.
public enum ShareContent: Sendable, Equatable {
    /// The sender's whole log-belief ψ (natural log).
    case full([Double])
    /// log x and log(1 − x) for the sender's belief x on `topic`; the second is computed from
    /// the other components so that 1 − x suffers no cancellation.
    case topic(Int, logValue: Double, logRest: Double)
    /// Nothing this round (random-neighbour sharing, receiver listens to someone else).
    case silent
}
