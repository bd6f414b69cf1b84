/// A failure of the social-learning math during a run.
public enum SocialLearningError: Error, Equatable, CustomStringConvertible {
    /// The observation has probability zero under every hypothesis the agent still holds.
    case impossibleObservation(agent: String, round: Int, observation: String, key: String)
    /// Combination left no hypothesis with positive belief (neighbours ruled out disjoint sets).
    case beliefCollapsed(agent: String, round: Int)

    public var description: String {
        switch self {
        case .impossibleObservation(let agent, let round, let observation, let key):
            return "agent \(agent) observed \(observation) in round \(round), which has "
                + "probability 0 under every hypothesis it still believes possible; "
                + "give that observation a positive probability under `\(key)`"
        case .beliefCollapsed(let agent, let round):
            return "agent \(agent) has no hypothesis left with positive belief after combining "
                + "in round \(round): its neighbours ruled out every hypothesis between them; "
                + "check the likelihoods for structural zeros"
        }
    }
}
