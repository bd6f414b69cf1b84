import Scenario
import SocialLearning

/// The predictions of the theory for a scenario, where they apply.
public struct TheorySummary: Sendable {
    /// The Perron vector, when A is primitive.
    public var perron: [Double]?
    /// d_ℓ(θ) per agent and hypothesis, for the final truth.
    public var divergences: [[Double]]
    /// σ_ℓ²(θ) per agent and hypothesis.
    public var variances: [[Double]]
    /// m_ave(θ) per hypothesis (0 for the truth), when A is primitive.
    public var rates: [Double]?
    /// Wrong hypotheses no agent can tell from the truth.
    public var unidentifiable: [Int]
    /// Why the rates or steady state do not apply, when they do not.
    public var notes: [String]
    /// Exact steady-state mean and variance of λ_k(θ) per hypothesis (agent-averaged and per
    /// agent), for adaptive updates with one constant δ and full sharing.
    public var steadyState: SteadyState?
    /// The truth the predictions are about.
    public var truth: Int

    /// Exact and small-δ steady-state predictions.
    public struct SteadyState: Sendable {
        public var stepSize: Double
        /// mean[θ][k] and variance[θ][k].
        public var mean: [[Double]]
        public var variance: [[Double]]
        /// Small-δ limits per hypothesis.
        public var limitMean: [Double]
        public var limitVariance: [Double]
    }

    /// The largest network for which the exact steady-state variance is computed.
    public static let exactVarianceLimit = 400

    /// Computes every prediction that applies to `scenario`.
    public init(scenario: Scenario) {
        let model = scenario.model
        truth = model.truth.truth(atRound: scenario.rounds)
        divergences = Theory.divergences(model, truth: truth)
        variances = Theory.logRatioVariances(model, truth: truth)
        unidentifiable = Theory.unidentifiable(divergences: divergences, truth: truth)
        notes = []
        perron = Theory.perronVector(model.weights)
        steadyState = nil
        guard let perron else {
            rates = nil
            notes.append(
                "the combination matrix is not primitive (not strongly connected, or periodic), "
                    + "so no Perron vector and no rate apply")
            return
        }
        rates = Theory.asymptoticRates(perron: perron, divergences: divergences)
        if model.sharing.rule.isPartial {
            notes.append(
                "partial sharing has no closed form; the rates shown are those of full sharing")
        }
        let schedules = model.agents.map(\.update)
        guard case .adaptive(let first) = schedules.first,
            first.isConstant, schedules.allSatisfy({ $0 == schedules.first })
        else {
            if model.isAdaptive {
                notes.append(
                    "the steady-state formulas need one constant step size for every agent")
            }
            return
        }
        guard !model.sharing.rule.isPartial, model.sharing.rule != .randomNeighbour else {
            notes.append("the steady-state formulas hold for full sharing only")
            return
        }
        let delta = first.initial
        var means: [[Double]] = []
        var spreads: [[Double]] = []
        var limitMeans: [Double] = []
        var limitSpreads: [Double] = []
        // Wrong hypotheses with finite figures; the exact variances of all of them come from
        // one pass over the powers of A.
        var exactVariances: [(hypothesis: Int, variance: [Double])] = []
        let exact = model.agentCount <= Self.exactVarianceLimit
        for hypothesis in 0..<model.hypothesisCount {
            let d = divergences.map { $0[hypothesis] }
            let s = variances.map { $0[hypothesis] }
            guard hypothesis != truth, d.allSatisfy(\.isFinite), s.allSatisfy(\.isFinite) else {
                let zeros = [Double](repeating: 0, count: model.agentCount)
                means.append(zeros)
                spreads.append(zeros)
                limitMeans.append(0)
                limitSpreads.append(0)
                continue
            }
            let limit = Theory.smallStepLimits(
                perron: perron, divergence: d, variance: s, stepSize: delta)
            if exact {
                means.append(
                    Theory.exactSteadyMean(
                        weights: model.weights, perron: perron, divergence: d, stepSize: delta))
                exactVariances.append((hypothesis, s))
            } else {
                means.append(
                    Theory.adaptiveSteadyMean(
                        weights: model.weights, divergence: d, stepSize: delta))
            }
            spreads.append([Double](repeating: limit.variance, count: model.agentCount))
            limitMeans.append(limit.mean)
            limitSpreads.append(limit.variance)
        }
        let exactSpreads = Theory.adaptiveSteadyVariances(
            weights: model.weights, perron: perron, variances: exactVariances.map(\.variance),
            stepSize: delta)
        for (entry, spread) in zip(exactVariances, exactSpreads) {
            spreads[entry.hypothesis] = spread
        }
        if model.agentCount > Self.exactVarianceLimit {
            notes.append(
                "with more than \(Self.exactVarianceLimit) agents the steady-state variance "
                    + "shown is the small-step limit; the exact sum costs agents × edges × "
                    + "mixing time")
        }
        steadyState = SteadyState(
            stepSize: delta, mean: means, variance: spreads, limitMean: limitMeans,
            limitVariance: limitSpreads)
    }
}
