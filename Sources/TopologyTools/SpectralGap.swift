import CIGraph
import SocialLearning

/// The second-largest eigenvalue modulus |λ₂| of a primitive combination matrix A, and the
/// spectral gap 1 − |λ₂|, which sets how fast (Aᵀ)^i approaches its limit 1 vᵀ.
public struct SpectralGap: Sendable, Equatable {
    /// The method that computed |λ₂|.
    public enum Method: String, Sendable {
        /// Every eigenvalue of the dense matrix, from LAPACK's dgeev through libigraph.
        case exact = "all eigenvalues, LAPACK dgeev"
        /// The growth rate of power iteration on A − v 1ᵀ; an estimate that approaches |λ₂|
        /// from below.
        case powerIteration = "power iteration on A − v 1ᵀ, an estimate"
    }

    /// |λ₂|, the largest modulus among the eigenvalues of A other than 1.
    public let secondModulus: Double
    public let method: Method
    /// Steps of power iteration used, or nil for the exact method.
    public let steps: Int?
    /// False when power iteration stopped at its step limit before the estimate settled; the
    /// estimate is then usually below |λ₂|, by much when the gap is small.
    public let converged: Bool

    /// 1 − |λ₂|.
    public var gap: Double { 1 - secondModulus }

    /// Returns the number of rounds i after which |λ₂|^i ≤ `tolerance`, or nil when |λ₂| ≥ 1.
    /// It estimates how many rounds the combination takes to shrink a disagreement between
    /// agents by that factor.
    public func mixingRounds(tolerance: Double = 1e-3) -> Int? {
        guard secondModulus < 1 else { return nil }
        guard secondModulus > 0 else { return 1 }
        return max(1, Int((log(tolerance) / log(secondModulus)).rounded(.up)))
    }

    /// Computes |λ₂| of `weights`, whose Perron vector is `perron`.
    ///
    /// Matrices of up to `denseLimit` agents get every eigenvalue (O(N³) time, O(N²)
    /// memory); larger ones get at most `maximumSteps` steps of power iteration.
    public init(
        weights: CombinationWeights, perron: [Double], denseLimit: Int = 500,
        maximumSteps: Int = 1_000
    ) throws {
        if weights.agentCount <= denseLimit {
            secondModulus = try Self.denseSecondModulus(weights)
            method = .exact
            steps = nil
            converged = true
        } else {
            let estimate = Self.powerIteration(weights, perron: perron, maximumSteps: maximumSteps)
            secondModulus = estimate.modulus
            method = .powerIteration
            steps = estimate.steps
            converged = estimate.converged
        }
    }

    private static func denseSecondModulus(_ weights: CombinationWeights) throws -> Double {
        let count = weights.agentCount
        guard count > 1 else { return 0 }
        return try IGraphLibrary.withLock {
            var matrix = igraph_matrix_t()
            let operation = "computing the eigenvalues of A"
            try IGraphLibrary.check(
                igraph_matrix_init(&matrix, Int64(count), Int64(count)), operation)
            defer { igraph_matrix_destroy(&matrix) }
            // Column-major: entry (ℓ, k) = a_ℓk.
            for (receiver, links) in weights.incoming.enumerated() {
                for link in links {
                    matrix.data.stor_begin[link.agent + receiver * count] = link.weight
                }
            }
            var real = try IGraphReals(count: count)
            defer { real.destroy() }
            var imaginary = try IGraphReals(count: count)
            defer { imaginary.destroy() }
            var info: Int32 = 0
            try IGraphLibrary.check(
                igraph_lapack_dgeev(&matrix, &real.vector, &imaginary.vector, nil, nil, &info),
                operation)
            guard info == 0 else {
                throw TopologyToolsError.igraph(
                    operation: operation, code: Int(info),
                    reason: "LAPACK dgeev did not converge")
            }
            let moduli = zip(real.array, imaginary.array).map { ($0 * $0 + $1 * $1).squareRoot() }
            return moduli.sorted(by: >).dropFirst().first ?? 0
        }
    }

    /// Iterates x ← A x with 1ᵀ x = 0 kept by removing v (1ᵀ x), which deflates the
    /// eigenvalue 1 (its left eigenvector is 1 because A is left-stochastic). The growth of
    /// ‖x‖ per step, as a geometric mean over the last two steps (so that a pair ±λ₂ does not
    /// make it oscillate), estimates |λ₂|. It stops when the estimate moves by less than
    /// 5e-4 of the gap 1 − |λ₂| over 10 steps, so that the mixing estimate is good to about
    /// 0.5 %. A complex pair λ₂, λ̄₂ can keep the growth oscillating until the step limit;
    /// then the mean over the second half of the steps is returned, marked as not converged.
    private static func powerIteration(
        _ weights: CombinationWeights, perron: [Double], maximumSteps: Int
    ) -> (modulus: Double, steps: Int, converged: Bool) {
        let count = weights.agentCount
        // Compressed rows of Aᵀ's transpose: for each receiver k its senders ℓ and a_ℓk.
        var offsets = [Int](repeating: 0, count: count + 1)
        var senders: [Int] = []
        var values: [Double] = []
        for (receiver, links) in weights.incoming.enumerated() {
            for link in links {
                senders.append(link.agent)
                values.append(link.weight)
            }
            offsets[receiver + 1] = senders.count
        }

        // A fixed, irregular start vector, so that results repeat from run to run.
        var vector = (0..<count).map { index in
            Double(index &* 7919 % 10007) / 10007 - 0.5
        }

        var next = [Double](repeating: 0, count: count)
        var logNorms: [Double] = []
        var estimates: [Double] = []
        for step in 1...max(maximumSteps, 1) {
            // next = A x, i.e. next_ℓ = Σ_k a_ℓk x_k.
            for index in 0..<count {
                next[index] = 0
            }
            for receiver in 0..<count {
                let value = vector[receiver]
                for position in offsets[receiver]..<offsets[receiver + 1] {
                    next[senders[position]] += values[position] * value
                }
            }

            let total = next.reduce(0, +)
            var squares = 0.0
            for index in 0..<count {
                next[index] -= perron[index] * total
                squares += next[index] * next[index]
            }
            let norm = squares.squareRoot()
            guard norm > 0, norm.isFinite else { return (0, step, true) }
            for index in 0..<count {
                vector[index] = next[index] / norm
            }

            logNorms.append(log(norm))
            guard step >= 2 else { continue }
            estimates.append(exp((logNorms[step - 1] + logNorms[step - 2]) / 2))
            if estimates.count > 10, step >= 20 {
                let latest = estimates[estimates.count - 1]
                let earlier = estimates[estimates.count - 11]
                if abs(latest - earlier) < 5e-4 * max(1 - latest, 1e-12) {
                    return (latest, step, true)
                }
            }
        }

        let window = logNorms[(logNorms.count / 2)...]
        return (exp(window.reduce(0, +) / Double(window.count)), maximumSteps, false)
    }
}
