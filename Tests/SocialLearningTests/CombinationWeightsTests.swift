import Foundation
import SocialLearning
import Testing

struct CombinationWeightsTests {
    /// a_ℓk for a 3-agent example: column k lists what agent k gives each sender.
    static let matrix: [[Double]] = [
        [0.5, 0.25, 0],
        [0.5, 0.25, 0.4],
        [0, 0.5, 0.6],
    ]

    @Test("dense matrix round trip")
    func denseRoundTrip() {
        let weights = CombinationWeights(matrix: Self.matrix)
        #expect(weights.matrix == Self.matrix)
        #expect(weights.agentCount == 3)
    }

    @Test("incoming and outgoing links")
    func linksByReceiver() {
        let weights = CombinationWeights(matrix: Self.matrix)
        #expect(weights.incoming[1].map(\.agent) == [0, 1, 2])
        #expect(weights.incoming[1].map(\.weight) == [0.25, 0.25, 0.5])
        #expect(weights.incoming[2].map(\.agent) == [1, 2])
        #expect(weights.outgoing[0] == [1])
        #expect(weights.outgoing[1] == [0, 2])
        #expect(weights.outgoing[2] == [1])
        #expect(weights.selfWeight(of: 2) == 0.6)
        #expect(weights.weight(from: 2, to: 1) == 0.5)
        #expect(weights.weight(from: 2, to: 0) == 0)
    }

    @Test("zero weights dropped, links sorted")
    func incomingNormalisedOrder() {
        let weights = CombinationWeights(incoming: [
            [WeightedLink(agent: 1, weight: 0.5), WeightedLink(agent: 0, weight: 0.5)],
            [WeightedLink(agent: 0, weight: 0), WeightedLink(agent: 1, weight: 1)],
        ])
        #expect(weights.incoming[0].map(\.agent) == [0, 1])
        #expect(weights.incoming[1].map(\.agent) == [1])
        #expect(weights.outgoing[0] == [])
        #expect(weights.outgoing[1] == [0])
    }

    @Test("multiply and its transpose")
    func products() {
        let weights = CombinationWeights(matrix: Self.matrix)
        let vector = [1.0, 2, 4]
        // (A v)_ℓ = Σ_k a_ℓk v_k and (Aᵀ v)_k = Σ_ℓ a_ℓk v_ℓ.
        let product = weights.multiply(vector)
        let expected = [1.0, 2.6, 3.4]
        for index in 0..<3 {
            #expect(abs(product[index] - expected[index]) < 1e-15, "row \(index) of A v")
        }
        let transposed = weights.multiplyTransposed(vector)
        let expectedTransposed = [1.5, 2.75, 3.2]
        for index in 0..<3 {
            #expect(
                abs(transposed[index] - expectedTransposed[index]) < 1e-15,
                "row \(index) of Aᵀ v")
        }
    }

    @Test("uniform path weights")
    func uniformPathWeights() {
        let weights = Fixture.uniformWeights(inNeighbours: Fixture.pathNeighbours(count: 3))
        // End agents split between themselves and one neighbour, the middle one in thirds.
        #expect(weights.matrix[0] == [0.5, 1.0 / 3, 0])
        #expect(weights.matrix[1] == [0.5, 1.0 / 3, 0.5])
        #expect(weights.matrix[2] == [0, 1.0 / 3, 0.5])
    }

    @Test("path averaging reaches 2/7")
    func pathAveraging() {
        // Repeated averaging x ← Aᵀ x converges to 1 vᵀ x with v = (2/7, 3/7, 2/7), the
        // Perron vector of the path 1 – 2 – 3 with self-loops, so x = (1, 0, 0) ends at v_1.
        let weights = Fixture.uniformWeights(inNeighbours: Fixture.pathNeighbours(count: 3))
        var values = [1.0, 0, 0]
        for _ in 0..<200 {
            values = weights.multiplyTransposed(values)
        }
        for agent in 0..<3 {
            #expect(abs(values[agent] - 2.0 / 7) < 1e-14, "agent \(agent)")
        }
    }
}
