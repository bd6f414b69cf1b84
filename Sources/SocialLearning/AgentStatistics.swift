/// Per-agent measurements that both engines accumulate round by round in the same order.
///
/// It keeps running mean and variance (Welford's algorithm) of the log-belief ratio
/// λ_k(θ) = log μ_k(θ°) − log μ_k(θ) over the steady-state rounds, for the comparison of
/// adaptive runs with theory.
public struct AgentStatistics: Sendable, Equatable {
    /// Rounds counted in the steady-state statistics.
    public private(set) var count: Int = 0
    /// Running mean of λ(θ) per hypothesis (0 for θ°).
    public private(set) var mean: [Double]
    /// Running sum of squared deviations of λ(θ) per hypothesis.
    public private(set) var squaredDeviations: [Double]
    /// Rounds in which λ was infinite (a belief of exactly 0) and so left out.
    public private(set) var infiniteCount: Int = 0
    private let steadyStateStart: Int
    private let logThreshold: Double

    /// Creates empty statistics that start counting at round `steadyStateStart`.
    public init(hypothesisCount: Int, steadyStateStart: Int, settings: ConvergenceSettings) {
        mean = [Double](repeating: 0, count: hypothesisCount)
        squaredDeviations = mean
        self.steadyStateStart = steadyStateStart
        logThreshold = settings.logThreshold
    }

    /// Restores statistics received from another process.
    public init(count: Int, mean: [Double], squaredDeviations: [Double], infiniteCount: Int) {
        self.count = count
        self.mean = mean
        self.squaredDeviations = squaredDeviations
        self.infiniteCount = infiniteCount
        steadyStateStart = 0
        logThreshold = 0
    }

    /// Records the belief after combination in `round` and returns the agent's outcome.
    public mutating func record(logBelief: [Double], round: Int, truth: Int) -> RoundOutcome {
        logBelief.withUnsafeBufferPointer { record(logBelief: $0, round: round, truth: truth) }
    }

    /// Records the belief after combination in `round`, read from a buffer.
    public mutating func record(
        logBelief: UnsafeBufferPointer<Double>, round: Int, truth: Int
    ) -> RoundOutcome {
        let reference = logBelief[truth]
        let (decision, tied) = LogMath.argmaxAndTie(logBelief)
        let outcome = RoundOutcome(
            decision: decision, confident: reference >= logThreshold, tied: tied)
        guard round >= steadyStateStart else { return outcome }
        var finite = true
        for value in logBelief where !(reference - value).isFinite {
            finite = false
        }
        guard finite else {
            infiniteCount += 1
            return outcome
        }
        count += 1
        // One division per round instead of one per hypothesis.
        let weight = 1 / Double(count)
        mean.withUnsafeMutableBufferPointer { mean in
            squaredDeviations.withUnsafeMutableBufferPointer { squaredDeviations in
                for h in 0..<min(logBelief.count, mean.count) {
                    let ratio = reference - logBelief[h]
                    let delta = ratio - mean[h]
                    mean[h] += delta * weight
                    squaredDeviations[h] += delta * (ratio - mean[h])
                }
            }
        }
        return outcome
    }

    /// The sample variance of λ(θ) per hypothesis (nil with fewer than two rounds).
    public var variance: [Double]? {
        guard count > 1 else { return nil }
        return squaredDeviations.map { $0 / Double(count - 1) }
    }
}
