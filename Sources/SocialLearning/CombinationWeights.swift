/// One incoming link of the combination: agent k gives `weight` = a_ℓk to what it hears from
/// agent ℓ = `agent`.
public struct WeightedLink: Sendable, Equatable {
    /// ℓ, the 0-based index of the sender.
    public var agent: Int
    /// a_ℓk > 0.
    public var weight: Double

    public init(agent: Int, weight: Double) {
        self.agent = agent
        self.weight = weight
    }
}

/// The combination matrix A = [a_ℓk], stored by receiver.
///
/// a_ℓk is the weight agent k gives to agent ℓ; each agent's incoming weights sum to 1, so the
/// columns of A sum to 1 (A is left-stochastic). Only positive weights are stored, so a zero
/// weight never meets a −∞ log-belief.
public struct CombinationWeights: Sendable, Equatable {
    /// incoming[k]: the links into k, self included when a_kk > 0, in increasing sender order.
    public let incoming: [[WeightedLink]]
    /// outgoing[ℓ]: the receivers k ≠ ℓ with a_ℓk > 0, in increasing order.
    public let outgoing: [[Int]]

    /// Builds the matrix from incoming links; zero weights are dropped and links sorted.
    public init(incoming: [[WeightedLink]]) {
        let sorted = incoming.map { links in
            links.filter { $0.weight > 0 }.sorted { $0.agent < $1.agent }
        }
        var outgoing = [[Int]](repeating: [], count: incoming.count)
        for (receiver, links) in sorted.enumerated() {
            for link in links where link.agent != receiver {
                outgoing[link.agent].append(receiver)
            }
        }
        self.incoming = sorted
        self.outgoing = outgoing.map { $0.sorted() }
    }

    /// Builds the matrix from a dense N × N array with matrix[ℓ][k] = a_ℓk.
    public init(matrix: [[Double]]) {
        var incoming = [[WeightedLink]](repeating: [], count: matrix.count)
        for (sender, row) in matrix.enumerated() {
            for (receiver, weight) in row.enumerated() where weight > 0 {
                incoming[receiver].append(WeightedLink(agent: sender, weight: weight))
            }
        }
        self.init(incoming: incoming)
    }

    /// The number of agents N.
    public var agentCount: Int { incoming.count }

    /// a_kk, zero when agent k ignores itself.
    public func selfWeight(of agent: Int) -> Double {
        incoming[agent].first { $0.agent == agent }?.weight ?? 0
    }

    /// a_ℓk, zero when there is no link.
    public func weight(from sender: Int, to receiver: Int) -> Double {
        incoming[receiver].first { $0.agent == sender }?.weight ?? 0
    }

    /// The dense matrix with matrix[ℓ][k] = a_ℓk.
    public var matrix: [[Double]] {
        var result = [[Double]](
            repeating: [Double](repeating: 0, count: agentCount), count: agentCount)
        for (receiver, links) in incoming.enumerated() {
            for link in links {
                result[link.agent][receiver] = link.weight
            }
        }
        return result
    }

    /// Returns A v, i.e. (A v)_ℓ = Σ_k a_ℓk v_k.
    public func multiply(_ vector: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: agentCount)
        for (receiver, links) in incoming.enumerated() {
            for link in links {
                result[link.agent] += link.weight * vector[receiver]
            }
        }
        return result
    }

    /// Returns Aᵀ v, i.e. (Aᵀ v)_k = Σ_ℓ a_ℓk v_ℓ: one step of combination.
    public func multiplyTransposed(_ vector: [Double]) -> [Double] {
        incoming.map { links in
            var sum = 0.0
            for link in links {
                sum += link.weight * vector[link.agent]
            }
            return sum
        }
    }
}
