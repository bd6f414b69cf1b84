import Foundation
import SocialLearning
import Testing

/// Dense matrix helpers, written separately from the core so that they check it.
enum Dense {
    /// Returns the product of two square matrices.
    static func multiply(_ left: [[Double]], _ right: [[Double]]) -> [[Double]] {
        let count = left.count
        var result = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        for row in 0..<count {
            for column in 0..<count {
                for inner in 0..<count {
                    result[row][column] += left[row][inner] * right[inner][column]
                }
            }
        }
        return result
    }

    /// Returns Mᵀ v for a square matrix M.
    static func transposeTimes(_ matrix: [[Double]], _ vector: [Double]) -> [Double] {
        (0..<matrix.count).map { column in
            (0..<matrix.count).reduce(0) { $0 + matrix[$1][column] * vector[$1] }
        }
    }
}

struct TheoryTests {
    /// A strongly connected 3-agent network with self-loops. Its columns sum to 1.
    static let matrix: [[Double]] = [
        [0.5, 0.25, 0],
        [0.5, 0.25, 0.4],
        [0, 0.5, 0.6],
    ]
    static let weights = CombinationWeights(matrix: matrix)
    /// d_ℓ and σ_ℓ² of three Gaussian agents with s = 1 and mean gaps 1, 0.5 and 1.5.
    static let divergence = [0.5, 0.125, 1.125]
    static let variance = [1.0, 0.25, 2.25]

    @Test("Perron vector of 3-agent chain")
    func perronChain() throws {
        // A v = v on the path with self-loops: v_1 / 2 + v_2 / 3 = v_1 gives v_2 = 3 v_1 / 2,
        // and by symmetry v_3 = v_1, so v = (2/7, 3/7, 2/7).
        let weights = Fixture.uniformWeights(inNeighbours: Fixture.pathNeighbours(count: 3))
        let perron = try #require(Theory.perronVector(weights))
        let expected = [2.0 / 7, 3.0 / 7, 2.0 / 7]
        for agent in 0..<3 {
            #expect(abs(perron[agent] - expected[agent]) < 1e-12, "agent \(agent)")
        }
    }

    @Test("Perron vector of asymmetric network")
    func perronAsymmetric() throws {
        // Row 1 of A v = v gives v_2 = 2 v_1 and row 3 gives v_3 = 5 v_2 / 4, so
        // v = (2, 4, 5) / 11.
        let perron = try #require(Theory.perronVector(Self.weights))
        let expected = [2.0 / 11, 4.0 / 11, 5.0 / 11]
        for agent in 0..<3 {
            #expect(abs(perron[agent] - expected[agent]) < 1e-12, "agent \(agent)")
        }
    }

    @Test("Perron vector nil when periodic")
    func perronPeriodic() {
        // Without self-loops the path alternates between its two ends and its middle.
        let weights = Fixture.uniformWeights(
            inNeighbours: Fixture.pathNeighbours(count: 3), selfLoops: false)
        #expect(Theory.perronVector(weights) == nil)
    }

    @Test("Perron vector nil for bare ring")
    func perronRingWithoutSelfLoops() {
        // The directed ring 0 → 1 → 2 → 0 without self-loops has period 3. Its uniform vector
        // satisfies A v = v, but A is not primitive, so there is no Perron vector to return.
        let weights = Fixture.uniformWeights(inNeighbours: [[2], [0], [1]], selfLoops: false)
        #expect(Theory.perronVector(weights) == nil)
    }

    @Test("Perron vector nil when reducible")
    func perronReducible() {
        // Agent 0 listens only to itself and agent 1 listens to both, so the graph is not
        // strongly connected: the only fixed point (1, 0) has no influence for agent 1.
        let weights = CombinationWeights(matrix: [[1, 0.5], [0, 0.5]])
        #expect(Theory.perronVector(weights) == nil)
    }

    @Test("divergence table and rates")
    func divergencesAndRates() throws {
        let agents = Fixture.gaussianAgents(
            means: [[0, 1, 2], [0, 0, 2], [0, 1, 0]], standardDeviation: 1, update: .bayesian)
        let model = Fixture.model(agents: agents, weights: Self.weights)
        let divergences = Theory.divergences(model, truth: 0)
        #expect(divergences == [[0, 0.5, 2], [0, 0, 2], [0, 0.5, 0]])
        let variances = Theory.logRatioVariances(model, truth: 0)
        #expect(variances == [[0, 1, 4], [0, 0, 4], [0, 1, 0]])
        // m_ave = Σ v_ℓ d_ℓ with v = (2, 4, 5) / 11.
        let perron = try #require(Theory.perronVector(Self.weights))
        let rates = Theory.asymptoticRates(perron: perron, divergences: divergences)
        #expect(rates[0] == 0)
        #expect(abs(rates[1] - (2 * 0.5 + 5 * 0.5) / 11) < 1e-12)
        #expect(abs(rates[2] - (2 * 2 + 4 * 2) / 11) < 1e-12)
        #expect(Theory.unidentifiable(divergences: divergences, truth: 0) == [])
    }

    @Test("unidentifiable hypotheses listed")
    func unidentifiableHypotheses() {
        let divergences: [[Double]] = [[0, 0, 1, 0], [0.3, 0, 0, 0]]
        #expect(Theory.unidentifiable(divergences: divergences, truth: 1) == [3])
        #expect(Theory.unidentifiable(divergences: divergences, truth: 0) == [1, 3])
    }

    @Test("classical mean matches matrix powers")
    func classicalMeanFormula() {
        // E λ_i = (Aᵀ)^i λ_0 + Σ_{m=1..i} (Aᵀ)^m d, summed here with explicit powers.
        let initial = [0.3, -1.2, 0.7]
        let rounds = 6
        var power = Self.matrix
        var expected = [Double](repeating: 0, count: 3)
        for _ in 1...rounds {
            let term = Dense.transposeTimes(power, Self.divergence)
            for agent in 0..<3 {
                expected[agent] += term[agent]
            }
            power = Dense.multiply(Self.matrix, power)
        }
        // After the loop `power` is A^(i+1), but (Aᵀ)^i λ_0 needs A^i.
        var initialPower = Self.matrix
        for _ in 1..<rounds {
            initialPower = Dense.multiply(Self.matrix, initialPower)
        }
        let carried = Dense.transposeTimes(initialPower, initial)
        let mean = Theory.classicalMean(
            weights: Self.weights, initial: initial, divergence: Self.divergence, rounds: rounds)
        for agent in 0..<3 {
            let value = expected[agent] + carried[agent]
            #expect(abs(mean[agent] - value) < 1e-13, "agent \(agent)")
        }
    }

    @Test("adaptive steady state matches series", arguments: [0.3, 0.1, 0.02])
    func adaptiveSteadyStateSeries(delta: Double) throws {
        // Sums both series term by term with explicit powers of A until (1 − δ)^m < 1e-18.
        var expectedMean = [Double](repeating: 0, count: 3)
        var expectedVariance = [Double](repeating: 0, count: 3)
        var power = Self.matrix
        var m = 0
        while pow(1 - delta, Double(m)) > 1e-18 {
            let meanFactor = delta * pow(1 - delta, Double(m))
            let varianceFactor = delta * delta * pow(1 - delta, Double(2 * m))
            let drift = Dense.transposeTimes(power, Self.divergence)
            for agent in 0..<3 {
                expectedMean[agent] += meanFactor * drift[agent]
                var spread = 0.0
                for sender in 0..<3 {
                    spread += power[sender][agent] * power[sender][agent] * Self.variance[sender]
                }
                expectedVariance[agent] += varianceFactor * spread
            }
            power = Dense.multiply(Self.matrix, power)
            m += 1
        }
        let perron = try #require(Theory.perronVector(Self.weights))
        let steady = Theory.adaptiveSteadyState(
            weights: Self.weights, perron: perron, divergence: Self.divergence,
            variance: Self.variance, stepSize: delta)
        for agent in 0..<3 {
            #expect(relativeError(steady.mean[agent], expectedMean[agent]) < 1e-10)
            #expect(relativeError(steady.variance[agent], expectedVariance[agent]) < 1e-10)
        }
    }

    @Test(
        "small step limits approach exact",
        arguments: [(0.01, 0.015, 0.05), (0.001, 0.002, 0.005)])
    func smallStepLimits(delta: Double, meanTolerance: Double, varianceTolerance: Double)
        throws
    {
        // The gap between the limits and the exact formula is O(δ). On this network it is at
        // most 0.97% of the mean and 3.2% of the variance at δ = 0.01, and ten times smaller at
        // δ = 0.001 (computed separately with NumPy).
        let perron = try #require(Theory.perronVector(Self.weights))
        let steady = Theory.adaptiveSteadyState(
            weights: Self.weights, perron: perron, divergence: Self.divergence,
            variance: Self.variance, stepSize: delta)
        let limits = Theory.smallStepLimits(
            perron: perron, divergence: Self.divergence, variance: Self.variance,
            stepSize: delta)
        // Σ v_ℓ d_ℓ = (2 · 0.5 + 4 · 0.125 + 5 · 1.125) / 11 and
        // Σ v_ℓ² σ_ℓ² = (4 · 1 + 16 · 0.25 + 25 · 2.25) / 121.
        #expect(abs(limits.mean - 7.125 / 11) < 1e-12)
        let spread: Double = (4.0 + 4.0 + 56.25) / 121
        #expect(abs(limits.variance - delta * spread / 2) < 1e-15)
        for agent in 0..<3 {
            #expect(relativeError(steady.mean[agent], limits.mean) < meanTolerance)
            #expect(relativeError(steady.variance[agent], limits.variance) < varianceTolerance)
        }
    }
}
