import Foundation
import SocialLearning
import Testing

struct ConvergenceSettingsTests {
    @Test("default epsilon and window")
    func defaults() {
        let settings = ConvergenceSettings()
        #expect(settings.epsilon == 1e-3)
        #expect(settings.window == 100)
        #expect(settings.burnIn == nil)
        #expect(!settings.stopOnConvergence)
        #expect(settings.logThreshold == log1p(-1e-3))
    }

    @Test("steady-state start round")
    func steadyStateStart() {
        // Default: one fifth of the way from round 1, or from the last change, to the end.
        let settings = ConvergenceSettings()
        let fixed = TruthSchedule(initial: 0)
        #expect(settings.steadyStateStart(rounds: 1_000, truth: fixed) == 200)
        let changing = TruthSchedule(
            initial: 0, changes: [TruthSchedule.Change(round: 500, hypothesis: 1)])
        #expect(settings.steadyStateStart(rounds: 1_000, truth: changing) == 600)
        // An explicit burn-in of b rounds starts counting at round b + 1.
        let burnIn = ConvergenceSettings(burnIn: 50)
        #expect(burnIn.steadyStateStart(rounds: 1_000, truth: changing) == 51)
    }
}
