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
        // (reference − value) · 0 is ±0 when the ratio is finite and NaN when it is not, and
        // NaN stays in the sum: one pass without a branch per hypothesis.
        var probe = 0.0
        for value in logBelief {
            probe += (reference - value) * 0
        }
        guard probe == 0 else {
            infiniteCount += 1
            return outcome
        }
        addRound(logBelief: logBelief, reference: reference)
        return outcome
    }

    /// Adds λ(θ) = reference − log μ(θ) of one more round to the running moments (Welford).
    private mutating func addRound(logBelief: UnsafeBufferPointer<Double>, reference: Double) {
        count += 1
        // One division per round instead of one per hypothesis.
        let weight = 1 / Double(count)
        let hypotheses = min(logBelief.count, mean.count, squaredDeviations.count)
        mean.withUnsafeMutableBufferPointer { mean in
            squaredDeviations.withUnsafeMutableBufferPointer { squares in
                guard let belief = logBelief.baseAddress, let mean = mean.baseAddress,
                    let squares = squares.baseAddress
                else { return }
                // Two hypotheses at a time in a register pair: each lane has the operations of
                // the scalar update below, so the bits are the same.
                var h = 0
                while h &+ 1 < hypotheses {
                    let ratio = reference - (belief + h).loadPair()
                    let delta = ratio - (mean + h).loadPair()
                    let updated = (mean + h).loadPair() + delta * weight
                    (mean + h).storePair(updated)
                    (squares + h).storePair((squares + h).loadPair() + delta * (ratio - updated))
                    h &+= 2
                }
                if h < hypotheses {
                    let ratio = reference - belief[h]
                    let delta = ratio - mean[h]
                    mean[h] += delta * weight
                    squares[h] += delta * (ratio - mean[h])
                }
            }
        }
    }

    /// Records the beliefs of two agents in `round` and returns their outcomes.
    ///
    /// The decision, the tie and the finite check take one SIMD lane per agent, each with the
    /// operations of `record` in the same order, so both agents end with the bits that two
    /// calls of `record` give. When either agent is outside the steady state or has an
    /// infinite ratio, it makes those two calls instead.
    static func recordPair(
        _ first: inout AgentStatistics, _ second: inout AgentStatistics,
        logBeliefs: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>), round: Int,
        truth: Int
    ) -> (RoundOutcome, RoundOutcome) {
        let (beliefA, beliefB) = logBeliefs
        let count = beliefA.count
        let counting = round >= first.steadyStateStart && round >= second.steadyStateStart
        guard counting, count > 0, beliefB.count == count, first.mean.count == count,
            second.mean.count == count
        else {
            return (
                first.record(logBelief: beliefA, round: round, truth: truth),
                second.record(logBelief: beliefB, round: round, truth: truth)
            )
        }

        let reference = SIMD2(beliefA[truth], beliefB[truth])
        // `LogMath.argmaxAndTie` lane by lane: a larger value moves the decision and clears
        // the tie, an equal one sets it.
        var best = SIMD2(beliefA[0], beliefB[0])
        var decision = SIMD2<Int64>.zero
        var tied = SIMDMask<SIMD2<Int64>>(repeating: false)
        // Only compared with 0 below, so it may start at the first term.
        var probe = (reference - best) * 0
        for h in 1..<count {
            let value = SIMD2(beliefA[h], beliefB[h])
            let larger = value .> best
            tied = (tied .| (value .== best)) .& .!larger
            best.replace(with: value, where: larger)
            decision.replace(with: Int64(h), where: larger)
            probe += (reference - value) * 0
        }

        let outcomes = (
            RoundOutcome(
                decision: Int(decision[0]), confident: reference[0] >= first.logThreshold,
                tied: tied[0]),
            RoundOutcome(
                decision: Int(decision[1]), confident: reference[1] >= second.logThreshold,
                tied: tied[1])
        )
        guard probe[0] == 0, probe[1] == 0 else {
            return (
                first.record(logBelief: beliefA, round: round, truth: truth),
                second.record(logBelief: beliefB, round: round, truth: truth)
            )
        }
        first.addRound(logBelief: beliefA, reference: reference[0])
        second.addRound(logBelief: beliefB, reference: reference[1])
        return outcomes
    }

    /// The sample variance of λ(θ) per hypothesis (nil with fewer than two rounds).
    public var variance: [Double]? {
        guard count > 1 else { return nil }
        return squaredDeviations.map { $0 / Double(count - 1) }
    }
}
