#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the step size δ_i of adaptive social learning varies with the round i (rounds start
/// at 1).
public struct StepSizeSchedule: Sendable, Equatable {
    /// The shape of the decay.
    public enum Decay: Sendable, Equatable {
        /// δ_i = δ_0.
        case constant
        /// δ_i = δ_0 / (1 + κ i).
        case timeBased(rate: Double)
        /// δ_i = δ_0 · γ^⌊i / s⌋.
        case step(factor: Double, every: Int)
        /// δ_i = δ_0 · e^(−κ i).
        case exponential(rate: Double)
    }

    /// δ_0.
    public var initial: Double
    /// The decay rule.
    public var decay: Decay
    /// δ_min: the schedule never goes below it.
    public var floor: Double?

    /// Creates a schedule; a constant step size needs only `initial`.
    public init(initial: Double, decay: Decay = .constant, floor: Double? = nil) {
        self.initial = initial
        self.decay = decay
        self.floor = floor
    }

    /// Returns δ_i for round i ≥ 1.
    @inlinable
    public func stepSize(atRound round: Int) -> Double {
        let i = Double(round)
        var value: Double
        switch decay {
        case .constant:
            value = initial
        case .timeBased(let rate):
            value = initial / (1 + rate * i)
        case .step(let factor, let every):
            value = initial * pow(factor, Double(round / every))
        case .exponential(let rate):
            value = initial * exp(-rate * i)
        }
        if let floor, value < floor {
            value = floor
        }
        return value
    }

    /// True when δ never changes, so the steady-state theory applies.
    public var isConstant: Bool {
        if case .constant = decay { return true }
        return false
    }
}

/// The local update of step 1 (adapt).
public enum UpdateRule: Sendable, Equatable {
    /// Classical Bayesian update: ψ ∝ μ · L.
    case bayesian
    /// Adaptive social learning: ψ ∝ μ^(1−δ) · L^δ.
    case adaptive(StepSizeSchedule)

    /// The step size in `round`, or nil for the Bayesian update.
    @inlinable
    public func stepSize(atRound round: Int) -> Double? {
        switch self {
        case .bayesian: return nil
        case .adaptive(let schedule): return schedule.stepSize(atRound: round)
        }
    }
}
