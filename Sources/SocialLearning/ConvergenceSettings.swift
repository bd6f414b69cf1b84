#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How convergence is decided and measured.
public struct ConvergenceSettings: Sendable, Equatable {
    /// ε: the classical update has converged once every belief in θ° stays ≥ 1 − ε.
    public var epsilon: Double
    /// W: an adaptive run has converged once every decision is θ° for W consecutive rounds.
    public var window: Int
    /// The first round counted in the steady-state statistics; nil picks a default.
    public var burnIn: Int?
    /// Stop the run as soon as convergence is established.
    public var stopOnConvergence: Bool

    public init(
        epsilon: Double = 1e-3, window: Int = 100, burnIn: Int? = nil,
        stopOnConvergence: Bool = false
    ) {
        self.epsilon = epsilon
        self.window = window
        self.burnIn = burnIn
        self.stopOnConvergence = stopOnConvergence
    }

    /// log(1 − ε), the threshold on log μ(θ°).
    public var logThreshold: Double { log1p(-epsilon) }

    /// The first round of the steady-state statistics for a run of `rounds` rounds.
    ///
    /// Defaults to one fifth of the way from the last change of truth to the end, so the
    /// transient after the start or the change is left out.
    public func steadyStateStart(rounds: Int, truth: TruthSchedule) -> Int {
        if let burnIn { return burnIn + 1 }
        let lastChange = truth.changes.last?.round ?? 1
        return lastChange + max(0, rounds - lastChange) / 5
    }
}

/// What the convergence code needs from one agent in one round.
public struct RoundOutcome: Sendable, Equatable {
    /// argmax_θ μ_{k,i}(θ).
    public var decision: Int
    /// μ_{k,i}(θ°) ≥ 1 − ε.
    public var confident: Bool
    /// True when another hypothesis has the same largest belief as `decision`: the agent has
    /// not decided, and its decision does not count as right even if it names the truth.
    public var tied: Bool

    public init(decision: Int, confident: Bool, tied: Bool = false) {
        self.decision = decision
        self.confident = confident
        self.tied = tied
    }

    /// Returns true when the agent decides `truth` and nothing else.
    public func decides(_ truth: Int) -> Bool {
        decision == truth && !tied
    }
}
