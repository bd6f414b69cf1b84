import Foundation
import SocialLearning
import Testing

struct NetworkModelTests {
    /// Five agents: a directed ring 0 → 1 → … → 4 → 0 plus the edges 0 → 2, 3 → 2 and
    /// 4 → 2, uniform weights with self-loops.
    static let weights = Fixture.uniformWeights(inNeighbours: [[4], [0], [1, 0, 3, 4], [2], [3]])

    private func model(rule: SharingRule, seed: UInt64 = 17) -> NetworkModel {
        let agents = Fixture.gaussianAgents(
            means: [[Double]](repeating: [0, 1, 2], count: 5), standardDeviation: 1,
            update: .bayesian)
        return Fixture.model(
            agents: agents, weights: Self.weights, sharing: SharingPolicy(rule: rule), seed: seed)
    }

    @Test("network-wide topic same for all")
    func networkTopicShared() {
        let model = model(rule: .randomTopic(distribution: [1, 1, 1], perSender: false))
        let stream = RandomStream(seed: 17, agent: RandomStream.networkAgent, purpose: .topic)
        for round in 1...500 {
            let expected = stream.choose(weights: [1, 1, 1], round: round)
            for sender in 0..<5 {
                #expect(model.topic(sender: sender, round: round) == expected)
            }
        }
    }

    @Test("network-wide topic frequencies")
    func networkTopicFrequencies() {
        let distribution = [0.5, 0.3, 0.2]
        let model = model(rule: .randomTopic(distribution: distribution, perSender: false))
        let rounds = 20_000
        var counts = [0, 0, 0]
        for round in 1...rounds {
            counts[model.topic(sender: 0, round: round) ?? -1] += 1
        }
        for (topic, probability) in distribution.enumerated() {
            let standardError = (probability * (1 - probability) / Double(rounds)).squareRoot()
            let frequency = Double(counts[topic]) / Double(rounds)
            #expect(abs(frequency - probability) < 4 * standardError, "topic \(topic)")
        }
    }

    @Test("per-sender topics differ")
    func perSenderTopicsDiffer() {
        let model = model(rule: .randomTopic(distribution: [1, 1, 1], perSender: true))
        let rounds = 20_000
        var agreements = 0
        let stream = RandomStream(seed: 17, agent: 0, purpose: .topic)
        for round in 1...rounds {
            let first = model.topic(sender: 0, round: round)
            #expect(first == stream.choose(weights: [1, 1, 1], round: round))
            if first == model.topic(sender: 1, round: round) {
                agreements += 1
            }
        }
        // Two independent uniform draws over three topics agree with probability 1/3.
        let probability = 1.0 / 3
        let standardError = (probability * (1 - probability) / Double(rounds)).squareRoot()
        let frequency = Double(agreements) / Double(rounds)
        #expect(abs(frequency - probability) < 4 * standardError)
    }

    @Test("fixed and full topics")
    func fixedAndFullTopics() {
        let fixed = model(rule: .fixedTopic(2))
        #expect(fixed.topic(sender: 0, round: 1) == 2)
        #expect(fixed.topic(sender: 4, round: 99) == 2)
        #expect(model(rule: .full).topic(sender: 0, round: 1) == nil)
        #expect(model(rule: .randomNeighbour).topic(sender: 0, round: 1) == nil)
    }

    @Test("speaker frequencies follow weights")
    func speakerFrequencies() {
        let model = model(rule: .randomNeighbour)
        let rounds = 20_000
        let listener = 2
        var counts = [Int](repeating: 0, count: 5)
        for round in 1...rounds {
            guard let speaker = model.speaker(listener: listener, round: round) else {
                Issue.record("agent \(listener) has in-neighbours but no speaker")
                return
            }
            counts[speaker] += 1
        }
        #expect(counts[listener] == 0)
        // Agent 2 hears 0, 1, 3 and 4 with weight 1/5 each and keeps 1/5 for itself, so
        // each in-neighbour speaks with probability (1/5) / (1 − 1/5) = 1/4.
        let selfWeight = Self.weights.selfWeight(of: listener)
        for sender in [0, 1, 3, 4] {
            let probability = Self.weights.weight(from: sender, to: listener) / (1 - selfWeight)
            #expect(abs(probability - 0.25) < 1e-15)
            let standardError = (probability * (1 - probability) / Double(rounds)).squareRoot()
            let frequency = Double(counts[sender]) / Double(rounds)
            #expect(abs(frequency - probability) < 4 * standardError, "sender \(sender)")
        }
    }

    @Test("speaker of lone agent is nil")
    func speakerWithoutNeighbours() {
        let weights = CombinationWeights(matrix: [[1, 0.5], [0, 0.5]])
        let agents = Fixture.gaussianAgents(
            means: [[0, 1], [0, 1]], standardDeviation: 1, update: .bayesian)
        let model = Fixture.model(
            agents: agents, weights: weights, sharing: SharingPolicy(rule: .randomNeighbour))
        #expect(model.speaker(listener: 0, round: 1) == nil)
        #expect(model.speaker(listener: 1, round: 1) == 0)
    }

    @Test("truth schedule changes in order")
    func truthSchedule() {
        let schedule = TruthSchedule(
            initial: 0,
            changes: [
                TruthSchedule.Change(round: 300, hypothesis: 1),
                TruthSchedule.Change(round: 100, hypothesis: 2),
            ])
        #expect(schedule.changes.map(\.round) == [100, 300])
        #expect(schedule.truth(atRound: 99) == 0)
        #expect(schedule.truth(atRound: 100) == 2)
        #expect(schedule.truth(atRound: 299) == 2)
        #expect(schedule.truth(atRound: 300) == 1)
    }

    @Test("adaptive flag follows agents")
    func adaptiveFlag() {
        var agents = Fixture.gaussianAgents(
            means: [[0, 1], [0, 1]], standardDeviation: 1, update: .bayesian)
        let weights = Fixture.uniformWeights(inNeighbours: [[1], [0]])
        #expect(!Fixture.model(agents: agents, weights: weights).isAdaptive)
        agents[1].update = .adaptive(StepSizeSchedule(initial: 0.1))
        #expect(Fixture.model(agents: agents, weights: weights).isAdaptive)
    }
}
