import Foundation
import SocialLearning
import Testing

struct LikelihoodTests {
    /// Symbols a, b, c. Hypothesis 0 never emits c.
    static let table = CategoricalLikelihood(
        symbols: ["a", "b", "c"],
        probabilities: [[0.5, 0.5, 0], [0.25, 0.25, 0.5], [0.5, 0.25, 0.25]])

    @Test("categorical log-likelihoods")
    func categoricalLogLikelihoods() {
        let likelihood = Likelihood.categorical(Self.table)
        var output = [Double](repeating: 0, count: 3)
        likelihood.logLikelihoods(of: .symbol(2), into: &output)
        #expect(output[0] == -.infinity)
        #expect(output[1] == log(0.5))
        #expect(output[2] == log(0.25))
        #expect(likelihood.hypothesisCount == 3)
    }

    @Test("gaussian log-likelihoods")
    func gaussianLogLikelihoods() {
        let family = GaussianLikelihood(means: [0, 1], standardDeviations: [1, 2])
        var output = [0.0, 0.0]
        Likelihood.gaussian(family).logLikelihoods(of: .value(3), into: &output)
        // log N(3; 0, 1) = −9/2 − log √(2π) and log N(3; 1, 4) = −(2/2)²/2 − log 2 − log √(2π).
        let halfLogTwoPi = 0.5 * log(2 * Double.pi)
        #expect(abs(output[0] - (-4.5 - halfLogTwoPi)) < 1e-14)
        #expect(abs(output[1] - (-0.5 - log(2) - halfLogTwoPi)) < 1e-14)
    }

    @Test("mismatched observation is impossible")
    func mismatchedObservation() {
        var output = [0.0, 0.0, 0.0]
        Likelihood.categorical(Self.table).logLikelihoods(of: .value(0.5), into: &output)
        #expect(output.allSatisfy { $0 == -.infinity })
    }

    @Test("categorical divergence by hand")
    func categoricalDivergence() {
        let likelihood = Likelihood.categorical(Self.table)
        // D(p‖q), p = (1/4, 1/4, 1/2), q = (1/2, 1/4, 1/4): (1/4) log(1/2) + (1/2) log 2.
        let expected = 0.25 * log(0.5) + 0.5 * log(2)
        #expect(abs(likelihood.divergence(truth: 1, hypothesis: 2) - expected) < 1e-15)
        #expect(likelihood.divergence(truth: 1, hypothesis: 1) == 0)
        // Hypothesis 0 misses c, which the truth emits.
        #expect(likelihood.divergence(truth: 1, hypothesis: 0) == .infinity)
        // The reverse is finite: terms with p = 0 contribute nothing.
        let reverse = 0.5 * log(2) + 0.5 * log(2)
        #expect(abs(likelihood.divergence(truth: 0, hypothesis: 1) - reverse) < 1e-15)
    }

    @Test("categorical log-ratio variance by hand")
    func categoricalVariance() {
        let likelihood = Likelihood.categorical(Self.table)
        // x = log p − log q takes log(1/2) w.p. 1/4, 0 w.p. 1/4 and log 2 w.p. 1/2.
        let mean = 0.25 * log(0.5) + 0.5 * log(2)
        let square = 0.25 * log(2) * log(2) + 0.5 * log(2) * log(2)
        let variance = likelihood.logRatioVariance(truth: 1, hypothesis: 2)
        #expect(abs(variance - (square - mean * mean)) < 1e-15)
    }

    @Test("variance is infinite for missing symbol")
    func categoricalVarianceMissingSymbol() {
        // x = +∞ whenever the truth emits c, so x has no finite variance.
        let variance = Likelihood.categorical(Self.table).logRatioVariance(
            truth: 1, hypothesis: 0)
        #expect(!variance.isNaN)
        #expect(variance == .infinity)
    }

    @Test("gaussian divergence and variance")
    func gaussianEqualVariance() {
        let likelihood = Likelihood.gaussian(
            GaussianLikelihood(means: [0.5, 2], standardDeviations: [1.5, 1.5]))
        // d = gap² / (2 s²) and σ² = gap² / s² with gap = 1.5 and s = 1.5.
        #expect(abs(likelihood.divergence(truth: 0, hypothesis: 1) - 0.5) < 1e-15)
        #expect(abs(likelihood.logRatioVariance(truth: 0, hypothesis: 1) - 1) < 1e-15)
    }

    @Test("gaussian unequal variances")
    func gaussianUnequalVariance() {
        let likelihood = Likelihood.gaussian(
            GaussianLikelihood(means: [0, 1], standardDeviations: [1, 2]))
        // D(N(0, 1) ‖ N(1, 4)) = log 2 + (1 + 1) / 8 − 1/2.
        let divergence = likelihood.divergence(truth: 0, hypothesis: 1)
        #expect(abs(divergence - (log(2) - 0.25)) < 1e-15)
        // x = z²(1/4 − 1)/2 − z/4 + constant, so Var x = 2 (3/8)² + (1/4)².
        let variance = likelihood.logRatioVariance(truth: 0, hypothesis: 1)
        #expect(abs(variance - (2 * 0.140625 + 0.0625)) < 1e-15)
    }

    @Test("gaussian samples match moments")
    func gaussianSampling() {
        let family = GaussianLikelihood(means: [2, -1], standardDeviations: [0.5, 3])
        let likelihood = Likelihood.gaussian(family)
        let stream = RandomStream(seed: 23, agent: 0, purpose: .observation)
        let count = 100_000
        var sum = 0.0
        var squares = 0.0
        var logRatios: [Double] = []
        var output = [0.0, 0.0]

        for round in 1...count {
            guard case .value(let x) = likelihood.sample(truth: 1, stream: stream, round: round)
            else {
                Issue.record("a Gaussian model drew a symbol")
                return
            }
            sum += x
            squares += x * x
            likelihood.logLikelihoods(of: .value(x), into: &output)
            logRatios.append(output[1] - output[0])
        }

        let mean = sum / Double(count)
        let variance = squares / Double(count) - mean * mean
        // Standard errors: 3 / sqrt(n) ≈ 0.0095 for the mean, 9 sqrt(2 / n) ≈ 0.04 for the
        // variance.
        #expect(abs(mean - (-1)) < 0.04)
        #expect(abs(variance - 9) < 0.16)

        // The mean of x = log L(ξ | truth) − log L(ξ | 0) estimates d.
        let ratioMean = logRatios.reduce(0, +) / Double(count)
        let divergence = likelihood.divergence(truth: 1, hypothesis: 0)
        let ratioVariance = likelihood.logRatioVariance(truth: 1, hypothesis: 0)
        let standardError = (ratioVariance / Double(count)).squareRoot()
        #expect(abs(ratioMean - divergence) < 4 * standardError)
    }

    @Test("categorical samples match table")
    func categoricalSampling() {
        let likelihood = Likelihood.categorical(Self.table)
        let stream = RandomStream(seed: 29, agent: 4, purpose: .observation)
        let count = 40_000
        var counts = [0, 0, 0]
        for round in 1...count {
            if case .symbol(let symbol) = likelihood.sample(truth: 2, stream: stream, round: round)
            {
                counts[symbol] += 1
            }
        }
        for (symbol, probability) in Self.table.probabilities[2].enumerated() {
            let standardError = (probability * (1 - probability) / Double(count)).squareRoot()
            let frequency = Double(counts[symbol]) / Double(count)
            #expect(abs(frequency - probability) < 4 * standardError, "symbol \(symbol)")
        }
    }
}
