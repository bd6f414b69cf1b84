/// Predictions of social-learning theory for a network model.
///
/// d_ℓ(θ) = D_KL(L_ℓ(·|θ°) ‖ L_ℓ(·|θ)) and σ_ℓ²(θ) is the variance of
/// x = log L_ℓ(ξ|θ°) − log L_ℓ(ξ|θ). With full sharing the log-belief ratio
/// λ_k(θ) = log μ_k(θ°) − log μ_k(θ) follows a linear recursion, which gives the formulas here.
public enum Theory {
    /// Returns the Perron vector v of A (A v = v, v > 0, Σ v = 1), or nil when power iteration
    /// does not settle (A is not primitive: not strongly connected, or periodic).
    public static func perronVector(_ weights: CombinationWeights, tolerance: Double = 1e-14)
        -> [Double]?
    {
        let count = weights.agentCount
        // Power iteration alone cannot tell: a periodic doubly-stochastic matrix has the
        // uniform start as a fixed point, and a reducible one leaves entries of order 1e-14.
        guard count > 0, GraphStructure.isPrimitive(weights) else { return nil }
        var vector = [Double](repeating: 1 / Double(count), count: count)
        for _ in 0..<200_000 {
            let next = weights.multiply(vector)
            var change = 0.0
            for index in 0..<count {
                change = max(change, abs(next[index] - vector[index]))
            }
            vector = next
            if change < tolerance {
                return vector.allSatisfy({ $0 > 0 }) ? vector : nil
            }
        }
        return nil
    }

    /// d_ℓ(θ) for every agent ℓ (rows) and hypothesis θ (columns), in nats.
    public static func divergences(_ model: NetworkModel, truth: Int) -> [[Double]] {
        model.agents.map { agent in
            (0..<model.hypothesisCount).map {
                agent.likelihood.divergence(truth: truth, hypothesis: $0)
            }
        }
    }

    /// σ_ℓ²(θ) for every agent and hypothesis.
    public static func logRatioVariances(_ model: NetworkModel, truth: Int) -> [[Double]] {
        model.agents.map { agent in
            (0..<model.hypothesisCount).map {
                agent.likelihood.logRatioVariance(truth: truth, hypothesis: $0)
            }
        }
    }

    /// The asymptotic rate m_ave(θ) = Σ_ℓ v_ℓ d_ℓ(θ) at which λ_k(θ)/i grows, for every θ.
    public static func asymptoticRates(perron: [Double], divergences: [[Double]]) -> [Double] {
        guard let first = divergences.first else { return [] }
        return first.indices.map { hypothesis in
            var sum = 0.0
            for (agent, weight) in perron.enumerated() {
                sum += weight * divergences[agent][hypothesis]
            }
            return sum
        }
    }

    /// Wrong hypotheses that no agent can tell from the truth (d_ℓ(θ) = 0 for every ℓ).
    public static func unidentifiable(divergences: [[Double]], truth: Int) -> [Int] {
        guard let first = divergences.first else { return [] }
        return first.indices.filter { hypothesis in
            hypothesis != truth && divergences.allSatisfy { $0[hypothesis] <= 1e-15 }
        }
    }

    /// E λ_{k,i}(θ) for the classical update after `rounds` rounds:
    /// [(Aᵀ)^i λ_0]_k + Σ_{m=1..i} [(Aᵀ)^m d]_k, computed by the recursion
    /// E λ_i = Aᵀ (E λ_{i−1} + d).
    public static func classicalMean(
        weights: CombinationWeights, initial: [Double], divergence: [Double], rounds: Int
    ) -> [Double] {
        var mean = initial
        for _ in 0..<rounds {
            for index in mean.indices {
                mean[index] += divergence[index]
            }
            mean = weights.multiplyTransposed(mean)
        }
        return mean
    }

    /// The exact steady state (i → ∞) of λ_k for the adaptive update with constant δ:
    /// E λ_k = Σ_{m≥0} δ (1−δ)^m [(Aᵀ)^{m+1} d]_k and
    /// Var λ_k = Σ_{m≥0} δ² (1−δ)^{2m} Σ_ℓ ([A^{m+1}]_{ℓk})² σ_ℓ².
    ///
    /// The sums run until the powers of A reach their limit v 1ᵀ (to 1e-13); the remaining
    /// tail is a geometric series, added in closed form.
    public static func adaptiveSteadyState(
        weights: CombinationWeights, perron: [Double], divergence: [Double],
        variance: [Double], stepSize delta: Double
    ) -> (mean: [Double], variance: [Double]) {
        let mean = exactSteadyMean(
            weights: weights, perron: perron, divergence: divergence, stepSize: delta)
        let variances = adaptiveSteadyVariances(
            weights: weights, perron: perron, variances: [variance], stepSize: delta)
        return (mean, variances[0])
    }

    /// Returns the exact steady-state mean of `adaptiveSteadyState`, summed until (Aᵀ)^m d
    /// settles.
    public static func exactSteadyMean(
        weights: CombinationWeights, perron: [Double], divergence: [Double],
        stepSize delta: Double
    ) -> [Double] {
        let count = weights.agentCount
        let limitMean = zip(perron, divergence).reduce(0.0) { $0 + $1.0 * $1.1 }
        // Mean: w_m = (Aᵀ)^{m+1} d.
        var means = [Double](repeating: 0, count: count)
        var power = weights.multiplyTransposed(divergence)
        var factor = delta
        var term = 0
        while true {
            for index in 0..<count {
                means[index] += factor * power[index]
            }
            factor *= 1 - delta
            term += 1
            let settled = power.allSatisfy { abs($0 - limitMean) < 1e-13 * max(1, abs(limitMean)) }
            if settled || factor < 1e-300 || term > 10_000_000 {
                break
            }
            power = weights.multiplyTransposed(power)
        }
        // Tail: Σ_{m≥term} δ (1−δ)^m m_ave = (1−δ)^term m_ave.
        for index in 0..<count {
            means[index] += factor / delta * limitMean
        }
        return means
    }

    /// Returns the exact steady-state variance of `adaptiveSteadyState` for several variance
    /// vectors σ² at once (one per wrong hypothesis), in the same order.
    ///
    /// The powers of A do not depend on σ², so each column of A^{m+1} is computed once and
    /// weighted by every σ²: the cost is that of one hypothesis.
    public static func adaptiveSteadyVariances(
        weights: CombinationWeights, perron: [Double], variances: [[Double]],
        stepSize delta: Double
    ) -> [[Double]] {
        let count = weights.agentCount
        let limits = variances.map { variance in
            zip(perron, variance).reduce(0.0) { $0 + $1.0 * $1.0 * $1.1 }
        }
        var results = [[Double]](
            repeating: [Double](repeating: 0, count: count), count: variances.count)
        guard !variances.isEmpty else { return results }
        let decay = (1 - delta) * (1 - delta)
        for agent in 0..<count {
            // Variance: column k of A^{m+1} for every k, i.e. the matrix power itself.
            var column = [Double](repeating: 0, count: count)
            column[agent] = 1
            column = weights.multiply(column)
            var squareFactor = delta * delta
            var step = 0
            while true {
                for (hypothesis, variance) in variances.enumerated() {
                    var sum = 0.0
                    for index in 0..<count {
                        sum += column[index] * column[index] * variance[index]
                    }
                    results[hypothesis][agent] += squareFactor * sum
                }
                squareFactor *= decay
                step += 1
                var settled = true
                for index in 0..<count where abs(column[index] - perron[index]) > 1e-13 {
                    settled = false
                    break
                }
                if settled || squareFactor < 1e-300 || step > 10_000_000 {
                    break
                }
                column = weights.multiply(column)
            }
            for hypothesis in variances.indices {
                results[hypothesis][agent] += squareFactor / (1 - decay) * limits[hypothesis]
            }
        }
        return results
    }

    /// The exact steady-state mean alone (cheap: one vector per term), for networks too
    /// large for the variance sum.
    public static func adaptiveSteadyMean(
        weights: CombinationWeights, divergence: [Double], stepSize delta: Double
    ) -> [Double] {
        var means = [Double](repeating: 0, count: weights.agentCount)
        var power = weights.multiplyTransposed(divergence)
        var factor = delta
        for _ in 0..<100_000 {
            var largest = 0.0
            for index in means.indices {
                means[index] += factor * power[index]
                largest = max(largest, abs(factor * power[index]))
            }
            factor *= 1 - delta
            if largest < 1e-17 * max(1, abs(means[0])) {
                break
            }
            power = weights.multiplyTransposed(power)
        }
        return means
    }

    /// The small-δ limits: E λ → m_ave and Var λ ≈ δ Σ_ℓ v_ℓ² σ_ℓ² / 2.
    public static func smallStepLimits(
        perron: [Double], divergence: [Double], variance: [Double], stepSize delta: Double
    ) -> (mean: Double, variance: Double) {
        var mean = 0.0
        var spread = 0.0
        for (index, weight) in perron.enumerated() {
            mean += weight * divergence[index]
            spread += weight * weight * variance[index]
        }
        return (mean, delta * spread / 2)
    }
}
