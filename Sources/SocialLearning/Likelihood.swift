#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One private observation ξ: a symbol of a finite alphabet or a real value.
public enum Observation: Sendable, Equatable, CustomStringConvertible {
    /// Index of a symbol in the categorical alphabet.
    case symbol(Int)
    /// A real-valued Gaussian observation.
    case value(Double)

    public var description: String {
        switch self {
        case .symbol(let index): return "symbol \(index)"
        case .value(let value): return "\(value)"
        }
    }
}

/// Categorical likelihoods: for each hypothesis θ a probability table over a finite alphabet.
public struct CategoricalLikelihood: Sendable, Equatable {
    /// Symbol names, in alphabet order.
    public let symbols: [String]
    /// probabilities[θ][s] = L(s | θ); each row sums to 1.
    public let probabilities: [[Double]]
    /// log of `probabilities`; log 0 = −∞ for structurally impossible symbols.
    public let logProbabilities: [[Double]]

    /// Creates the table; rows are indexed by hypothesis and columns by symbol.
    public init(symbols: [String], probabilities: [[Double]]) {
        self.symbols = symbols
        self.probabilities = probabilities
        self.logProbabilities = probabilities.map { row in row.map { log($0) } }
    }
}

/// Gaussian likelihoods N(m_θ, s_θ²), one mean and standard deviation per hypothesis.
public struct GaussianLikelihood: Sendable, Equatable {
    /// m_θ for each hypothesis.
    public let means: [Double]
    /// s_θ for each hypothesis (all equal for a shared variance).
    public let standardDeviations: [Double]
    /// log s_θ for each hypothesis, computed once instead of at every observation.
    public let logStandardDeviations: [Double]
    /// 1 / s_θ, so that an observation costs multiplications and no division.
    public let inverseStandardDeviations: [Double]
    /// −log s_θ − ½ log 2π, the log-density at the mean.
    public let logPeaks: [Double]

    /// Creates the family; both arrays have one entry per hypothesis.
    public init(means: [Double], standardDeviations: [Double]) {
        self.means = means
        self.standardDeviations = standardDeviations
        logStandardDeviations = standardDeviations.map { log($0) }
        inverseStandardDeviations = standardDeviations.map { 1 / $0 }
        logPeaks = logStandardDeviations.map { -$0 - 0.5 * log(2 * Double.pi) }
    }
}

/// An agent's likelihood model L_k(ξ | θ) for every hypothesis θ.
public enum Likelihood: Sendable, Equatable {
    case categorical(CategoricalLikelihood)
    case gaussian(GaussianLikelihood)

    /// The number of hypotheses the model covers.
    public var hypothesisCount: Int {
        switch self {
        case .categorical(let table): return table.probabilities.count
        case .gaussian(let family): return family.means.count
        }
    }

    /// Writes log L(ξ | θ) for every θ into `output` (natural log).
    @inlinable
    public func logLikelihoods(of observation: Observation, into output: inout [Double]) {
        output.withUnsafeMutableBufferPointer { logLikelihoods(of: observation, into: $0) }
    }

    /// Writes log L(ξ | θ) for every θ into a buffer of one entry per hypothesis.
    @inlinable
    public func logLikelihoods(
        of observation: Observation, into output: UnsafeMutableBufferPointer<Double>
    ) {
        switch (self, observation) {
        case (.categorical(let table), .symbol(let symbol)):
            for hypothesis in output.indices {
                output[hypothesis] = table.logProbabilities[hypothesis][symbol]
            }
        case (.gaussian(let family), .value(let x)):
            family.means.withUnsafeBufferPointer { means in
                family.inverseStandardDeviations.withUnsafeBufferPointer { inverses in
                    family.logPeaks.withUnsafeBufferPointer { logPeaks in
                        Self.gaussianLogLikelihoods(
                            of: x, means: means, inverseStandardDeviations: inverses,
                            logPeaks: logPeaks, into: output)
                    }
                }
            }
        default:
            for hypothesis in output.indices {
                output[hypothesis] = -Double.infinity
            }
        }
    }

    /// Draws an observation from L(· | truth) with `stream` in `round`.
    @inlinable
    public func sample(truth: Int, stream: RandomStream, round: Int) -> Observation {
        if case .categorical(let table) = self {
            return .symbol(stream.choose(weights: table.probabilities[truth], round: round))
        }
        guard case .gaussian(let family) = self else { return .value(0) }
        return .value(
            Self.gaussianDraw(
                mean: family.means[truth], standardDeviation: family.standardDeviations[truth],
                stream: stream, round: round))
    }

    /// Draws from N(mean, standardDeviation²) with `stream` in `round` (see `Ziggurat`).
    ///
    /// The in-process engine calls this with parameters it keeps in flat arrays, so that no
    /// reference to a family's arrays, which every agent shares, is counted around the draw.
    @inlinable
    public static func gaussianDraw(
        mean: Double, standardDeviation: Double, stream: RandomStream, round: Int
    ) -> Double {
        mean + standardDeviation * Ziggurat.standardNormal(stream: stream, round: round)
    }

    /// Writes log N(x; m_θ, s_θ²) = log-peak_θ − ½ ((x − m_θ) / s_θ)² for every θ.
    @inlinable
    public static func gaussianLogLikelihoods(
        of x: Double, means: UnsafeBufferPointer<Double>,
        inverseStandardDeviations: UnsafeBufferPointer<Double>,
        logPeaks: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>
    ) {
        for hypothesis in output.indices {
            let z = (x - means[hypothesis]) * inverseStandardDeviations[hypothesis]
            output[hypothesis] = logPeaks[hypothesis] - 0.5 * z * z
        }
    }

    /// D_KL(L(·|truth) ‖ L(·|θ)) in nats; +∞ when L(·|θ) misses a symbol the truth can emit.
    public func divergence(truth: Int, hypothesis: Int) -> Double {
        switch self {
        case .categorical(let table):
            var sum = 0.0
            for (symbol, p) in table.probabilities[truth].enumerated() where p > 0 {
                sum += p * (log(p) - table.logProbabilities[hypothesis][symbol])
            }
            return sum
        case .gaussian(let family):
            let s0 = family.standardDeviations[truth]
            let s = family.standardDeviations[hypothesis]
            let gap = family.means[truth] - family.means[hypothesis]
            return log(s / s0) + (s0 * s0 + gap * gap) / (2 * s * s) - 0.5
        }
    }

    /// Var of x = log L(ξ|truth) − log L(ξ|θ) with ξ ~ L(·|truth); +∞ where x can be +∞.
    public func logRatioVariance(truth: Int, hypothesis: Int) -> Double {
        switch self {
        case .categorical(let table):
            var mean = 0.0
            var square = 0.0
            for (symbol, p) in table.probabilities[truth].enumerated() where p > 0 {
                let x = log(p) - table.logProbabilities[hypothesis][symbol]
                mean += p * x
                square += p * x * x
            }
            // A symbol impossible under θ makes x = +∞, and ∞ − ∞ would give NaN.
            guard mean.isFinite else { return .infinity }
            return square - mean * mean
        case .gaussian(let family):
            // With ξ = m° + s° z, x = a z² + b z + constant and Var(a z² + b z) = 2a² + b².
            let s0 = family.standardDeviations[truth]
            let s = family.standardDeviations[hypothesis]
            let gap = family.means[truth] - family.means[hypothesis]
            let a = (s0 * s0 / (s * s) - 1) / 2
            let b = s0 * gap / (s * s)
            return 2 * a * a + b * b
        }
    }
}
