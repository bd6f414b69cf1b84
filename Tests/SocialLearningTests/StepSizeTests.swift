import Foundation
import SocialLearning
import Testing

struct StepSizeTests {
    @Test("constant step size")
    func constantSchedule() {
        let schedule = StepSizeSchedule(initial: 0.1)
        #expect(schedule.stepSize(atRound: 1) == 0.1)
        #expect(schedule.stepSize(atRound: 10_000) == 0.1)
        #expect(schedule.isConstant)
    }

    @Test("time-based decay")
    func timeBasedDecay() {
        // δ_i = 0.2 / (1 + 0.5 i): round 2 gives 0.2 / 2 and round 6 gives 0.2 / 4.
        let schedule = StepSizeSchedule(initial: 0.2, decay: .timeBased(rate: 0.5))
        #expect(abs(schedule.stepSize(atRound: 2) - 0.1) < 1e-16)
        #expect(abs(schedule.stepSize(atRound: 6) - 0.05) < 1e-16)
        #expect(!schedule.isConstant)
    }

    @Test("step decay every s rounds")
    func stepDecay() {
        // δ_i = 0.4 · 0.5^⌊i / 10⌋.
        let schedule = StepSizeSchedule(initial: 0.4, decay: .step(factor: 0.5, every: 10))
        #expect(schedule.stepSize(atRound: 9) == 0.4)
        #expect(schedule.stepSize(atRound: 10) == 0.2)
        #expect(schedule.stepSize(atRound: 29) == 0.1)
        #expect(schedule.stepSize(atRound: 30) == 0.05)
    }

    @Test("exponential decay")
    func exponentialDecay() {
        let schedule = StepSizeSchedule(initial: 0.3, decay: .exponential(rate: 0.01))
        #expect(abs(schedule.stepSize(atRound: 100) - 0.3 * exp(-1)) < 1e-16)
    }

    @Test("floor bounds the decay")
    func floorBoundsDecay() {
        let schedule = StepSizeSchedule(
            initial: 0.4, decay: .timeBased(rate: 1), floor: 0.05)
        #expect(abs(schedule.stepSize(atRound: 3) - 0.1) < 1e-16)
        #expect(schedule.stepSize(atRound: 7) == 0.05)
        #expect(schedule.stepSize(atRound: 1_000) == 0.05)
    }

    @Test("update rule step sizes")
    func updateRuleStepSize() {
        #expect(UpdateRule.bayesian.stepSize(atRound: 5) == nil)
        let adaptive = UpdateRule.adaptive(StepSizeSchedule(initial: 0.05))
        #expect(adaptive.stepSize(atRound: 5) == 0.05)
    }
}
