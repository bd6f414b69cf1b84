import Foundation
import SocialLearning

/// Builders for the small networks and likelihood models that the core's tests use.
enum Fixture {
    /// Returns uniform combination weights: agent k gives 1/|N_k| to each in-neighbour in
    /// `inNeighbours[k]` and, when `selfLoops` is true, to itself, counted once.
    static func uniformWeights(inNeighbours: [[Int]], selfLoops: Bool = true)
        -> CombinationWeights
    {
        var incoming: [[WeightedLink]] = []
        for (agent, senders) in inNeighbours.enumerated() {
            var group = Set(senders)
            if selfLoops {
                group.insert(agent)
            }
            let weight = 1 / Double(group.count)
            incoming.append(group.sorted().map { WeightedLink(agent: $0, weight: weight) })
        }
        return CombinationWeights(incoming: incoming)
    }

    /// Returns the in-neighbours of the path 0 – 1 – … – (count − 1), edges both ways.
    static func pathNeighbours(count: Int) -> [[Int]] {
        (0..<count).map { agent in
            [agent - 1, agent + 1].filter { (0..<count).contains($0) }
        }
    }

    /// Returns log(1/count) repeated `count` times: the uniform prior.
    static func uniformLogBelief(count: Int) -> [Double] {
        [Double](repeating: -log(Double(count)), count: count)
    }

    /// Returns one agent per row of `means`, each with Gaussian likelihoods of the given
    /// means and a common standard deviation, and a uniform prior.
    static func gaussianAgents(
        means: [[Double]], standardDeviation: Double, update: UpdateRule
    ) -> [AgentModel] {
        means.enumerated().map { index, row in
            let family = GaussianLikelihood(
                means: row,
                standardDeviations: [Double](repeating: standardDeviation, count: row.count))
            return AgentModel(
                name: "agent\(index)", likelihood: .gaussian(family), update: update,
                initialLogBelief: uniformLogBelief(count: row.count))
        }
    }

    /// Returns a network model, with full sharing unless `sharing` is given.
    static func model(
        agents: [AgentModel], weights: CombinationWeights,
        sharing: SharingPolicy = SharingPolicy(rule: .full),
        truth: TruthSchedule = TruthSchedule(initial: 0), seed: UInt64 = 1
    ) -> NetworkModel {
        NetworkModel(
            hypothesisCount: agents[0].initialLogBelief.count, agents: agents,
            weights: weights, sharing: sharing, truth: truth, seed: seed)
    }

    /// In-neighbours of a strongly connected 10-agent graph that is not regular. Its edges
    /// are the ring 9 → 0 → 1 → … → 9 and the chords 0 → 5, 3 → 7, 8 → 2, 6 → 1 and 2 → 9.
    static let tenAgentNeighbours = [
        [9], [0, 6], [1, 8], [2], [3], [4, 0], [5], [6, 3], [7], [8, 2],
    ]

    /// Gaussian means of the 10-agent network with truth 0, for s = 1: agents 5–7 cannot tell
    /// hypothesis 1 from the truth and agents 8–9 cannot tell hypothesis 2, so only the
    /// network as a whole can reject both.
    static let tenAgentMeans: [[Double]] =
        [[Double]](repeating: [0, 1, 2], count: 5)
        + [[Double]](repeating: [0, 0, 2], count: 3)
        + [[Double]](repeating: [0, 1, 0], count: 2)

    /// Returns column `hypothesis` of a table indexed [agent][hypothesis].
    static func column(_ table: [[Double]], _ hypothesis: Int) -> [Double] {
        table.map { $0[hypothesis] }
    }
}

/// Returns |value − reference| / |reference|.
func relativeError(_ value: Double, _ reference: Double) -> Double {
    abs(value - reference) / abs(reference)
}

/// Returns true when no component is NaN.
func containsNoNaN(_ values: [Double]) -> Bool {
    !values.contains { $0.isNaN }
}
