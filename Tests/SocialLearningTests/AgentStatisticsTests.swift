import Foundation
import SocialLearning
import Testing

struct AgentStatisticsTests {
    @Test("running moments after start round")
    func runningMoments() {
        var statistics = AgentStatistics(
            hypothesisCount: 2, steadyStateStart: 3, settings: ConvergenceSettings())
        // λ = 100 in rounds 1–2 (before the start), then 1, 2, 4, 7: mean 3.5 and sample
        // variance (6.25 + 2.25 + 0.25 + 12.25) / 3 = 7.
        let lambdas = [100.0, 100, 1, 2, 4, 7]
        for (index, lambda) in lambdas.enumerated() {
            _ = statistics.record(logBelief: [0, -lambda], round: index + 1, truth: 0)
        }
        #expect(statistics.count == 4)
        #expect(statistics.mean[0] == 0)
        #expect(abs(statistics.mean[1] - 3.5) < 1e-15)
        let variance = statistics.variance ?? []
        #expect(variance.count == 2)
        #expect(abs((variance.last ?? 0) - 7) < 1e-14)
        #expect(statistics.infiniteCount == 0)
    }

    @Test("infinite ratios counted apart")
    func infiniteRatios() {
        var statistics = AgentStatistics(
            hypothesisCount: 2, steadyStateStart: 1, settings: ConvergenceSettings())
        _ = statistics.record(logBelief: [0, -.infinity], round: 1, truth: 0)
        _ = statistics.record(logBelief: [-.infinity, 0], round: 2, truth: 0)
        _ = statistics.record(logBelief: [log(0.75), log(0.25)], round: 3, truth: 0)
        #expect(statistics.infiniteCount == 2)
        #expect(statistics.count == 1)
        #expect(abs(statistics.mean[1] - log(3)) < 1e-15)
        #expect(statistics.variance == nil)
    }

    @Test("outcome decision and confidence")
    func outcome() {
        var statistics = AgentStatistics(
            hypothesisCount: 3, steadyStateStart: 10, settings: ConvergenceSettings(epsilon: 1e-3))
        let confidentOutcome = statistics.record(
            logBelief: [log(0.0002), log(0.9995), log(0.0003)], round: 1, truth: 1)
        #expect(confidentOutcome == RoundOutcome(decision: 1, confident: true))
        let unconfidentOutcome = statistics.record(
            logBelief: [log(0.6), log(0.399), log(0.001)], round: 2, truth: 1)
        #expect(unconfidentOutcome == RoundOutcome(decision: 0, confident: false))
        #expect(statistics.count == 0)
    }
}
