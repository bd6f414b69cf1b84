import Foundation
import SocialLearning
import Testing

/// A run recorded by an independent implementation of the model: every input (weights,
/// initial beliefs, per-round log-likelihoods, topics) and the expected log-beliefs at
/// checkpoints. Fixtures/golden/README.md describes the format.
struct GoldenTrace: Decodable {
    struct Parameters: Decodable {
        /// "SL" (classical), "ASL" (adaptive), "partial" (fixed topic) or "trending".
        var strategy: String
        var delta: Double?
        /// The fixed topic of "partial", 0-based.
        var tx: Int?
        /// "uniform" or "own".
        var fill: String?
        var selfAware: Bool?

        enum CodingKeys: String, CodingKey {
            case strategy, delta, tx, fill
            case selfAware = "self_aware"
        }
    }

    var description: String
    var params: Parameters
    /// matrix[ℓ][k] = a_ℓk.
    var matrix: [[Double]]
    /// Initial beliefs μ_{k,0} (probabilities), one row per agent.
    var initialBeliefs: [[Double]]
    /// logLikelihoods[t][k][θ]: round t + 1, agent k.
    var logLikelihoods: [[[Double]]]
    /// Log-beliefs after the given number of rounds, keyed by that number.
    var expectedLogBeliefs: [String: [[Double]]]
    /// The topic of round t + 1 for "trending".
    var topics: [Int]?

    enum CodingKeys: String, CodingKey {
        case description, params
        case matrix = "A"
        case initialBeliefs = "mu0"
        case logLikelihoods = "logL"
        case expectedLogBeliefs = "expected_log_mu"
        case topics = "tau"
    }

    /// Loads `Fixtures/golden/<name>.json` from the test bundle.
    static func load(_ name: String) throws -> GoldenTrace {
        let url = try #require(
            Bundle.module.url(
                forResource: name, withExtension: "json", subdirectory: "Fixtures/golden"),
            "missing fixture \(name).json")
        return try JSONDecoder().decode(GoldenTrace.self, from: Data(contentsOf: url))
    }
}

/// Replays a golden trace through `AgentState` and returns the log-beliefs at `checkpoints`.
///
/// `parameters` overrides the trace's own strategy, for negative controls.
private func replay(
    _ trace: GoldenTrace, checkpoints: Set<Int>, parameters: GoldenTrace.Parameters? = nil
) throws -> [Int: [[Double]]] {
    let weights = CombinationWeights(matrix: trace.matrix)
    var agents = trace.initialBeliefs.enumerated().map { index, belief in
        AgentState(id: index, logBelief: belief.map { log($0) })
    }
    let parameters = parameters ?? trace.params
    let stepSize = parameters.strategy == "ASL" ? parameters.delta : nil
    let fill: FillRule = parameters.fill == "own" ? .ownBelief : .uniform
    let ownTerm: OwnTerm = parameters.selfAware == false ? .memoryless : .selfAware
    var results: [Int: [[Double]]] = [:]

    for (step, roundLikelihoods) in trace.logLikelihoods.enumerated() {
        let round = step + 1
        for index in agents.indices {
            try agents[index].adapt(
                logLikelihoods: roundLikelihoods[index], stepSize: stepSize, round: round)
        }

        var topic: Int?
        switch parameters.strategy {
        case "partial": topic = parameters.tx
        case "trending": topic = trace.topics?[step]
        default: topic = nil
        }
        for index in agents.indices {
            let links = weights.incoming[index]
            let messages = links.map { link -> ShareContent in
                let sender = agents[link.agent]
                guard let topic else { return .full(sender.logIntermediate) }
                return sender.share(topic: topic)
            }
            try agents[index].combine(
                messages: messages, links: links, fill: fill, ownTerm: ownTerm, ownTopic: topic,
                round: round, name: "\(index)")
        }

        if checkpoints.contains(round) {
            results[round] = agents.map(\.logBelief)
        }
    }
    return results
}

struct GoldenTraceTests {
    static let traces = [
        "sl_gauss_unid", "asl_delta0.1_gauss_unid", "partial_tx1_selfaware",
        "trending_random_tau_own_selfaware",
    ]

    @Test("golden trace fixture is complete", arguments: traces)
    func fixtureShape(name: String) throws {
        let trace = try GoldenTrace.load(name)
        #expect(trace.matrix.count == 10)
        #expect(trace.initialBeliefs.count == 10)
        #expect(trace.logLikelihoods.count == 200)
        #expect(trace.expectedLogBeliefs.count == 9)
        for receiver in 0..<trace.matrix.count {
            let total = trace.matrix.reduce(0) { $0 + $1[receiver] }
            #expect(abs(total - 1) < 1e-12, "column \(receiver) of A")
        }
        if trace.params.strategy == "trending" {
            #expect(trace.topics?.count == 200)
        }
    }

    @Test("golden trace replays exactly", arguments: traces)
    func replayMatches(name: String) throws {
        let trace = try GoldenTrace.load(name)
        let checkpoints = Set(trace.expectedLogBeliefs.keys.compactMap { Int($0) })
        #expect(checkpoints == [1, 2, 3, 5, 10, 20, 50, 100, 200])
        let results = try replay(trace, checkpoints: checkpoints)

        for round in checkpoints.sorted() {
            let expected = try #require(trace.expectedLogBeliefs[String(round)])
            let actual = try #require(results[round], "round \(round) never replayed")
            for (agent, row) in expected.enumerated() {
                for (hypothesis, value) in row.enumerated() {
                    let replayed = actual[agent][hypothesis]
                    #expect(
                        abs(replayed - value) <= 1e-9,
                        """
                        round \(round), agent \(agent), hypothesis \(hypothesis): \
                        got \(replayed), expected \(value)
                        """)
                }
            }
        }
    }

    @Test("wrong strategy misses golden trace")
    func replayDetectsWrongStrategy() throws {
        // The classical trace replayed with the adaptive update must not match: this shows
        // that the comparison above can fail.
        let trace = try GoldenTrace.load("sl_gauss_unid")
        var parameters = trace.params
        parameters.strategy = "ASL"
        parameters.delta = 0.1
        let results = try replay(trace, checkpoints: [200], parameters: parameters)
        let actual = try #require(results[200])
        let expected = try #require(trace.expectedLogBeliefs["200"])
        #expect(abs(actual[0][2] - expected[0][2]) > 1)
    }
}
