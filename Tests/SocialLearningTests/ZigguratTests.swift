import Foundation
import SocialLearning
import Testing

/// The ziggurat draws of Gaussian observations: tables, moments and tails.
struct ZigguratTests {
    /// Two million standard normal draws: 250,000 rounds of 8 agents' streams.
    static let draws: [Double] = {
        var values: [Double] = []
        values.reserveCapacity(2_000_000)
        for agent in 0..<8 {
            let stream = RandomStream(seed: 31, agent: agent, purpose: .observation)
            for round in 1...250_000 {
                values.append(Ziggurat.standardNormal(stream: stream, round: round))
            }
        }
        return values
    }()

    /// The standard normal distribution function, Φ(x) = erfc(−x / √2) / 2.
    private func cumulative(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    @Test("tail start matches published value")
    func tailStart() {
        // The 256-layer table in David Bateman's ziggurat code has r = 3.6541528853610088.
        #expect(abs(Ziggurat.tailStart - 3.654_152_885_361_008_8) < 1e-12)
    }

    @Test("moments of two million draws")
    func moments() {
        let values = Self.draws
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let second = values.reduce(0) { $0 + $1 * $1 } / n
        let fourth = values.reduce(0) { $0 + $1 * $1 * $1 * $1 } / n
        let positive = Double(values.filter { $0 > 0 }.count) / n
        // Five standard errors: √(1/n), √(2/n), √(96/n) and √(1/4n).
        #expect(abs(mean) < 5 * (1 / n).squareRoot(), "mean \(mean)")
        #expect(abs(second - 1) < 5 * (2 / n).squareRoot(), "E z² = \(second)")
        #expect(abs(fourth - 3) < 5 * (96 / n).squareRoot(), "E z⁴ = \(fourth)")
        #expect(abs(positive - 0.5) < 5 * (0.25 / n).squareRoot(), "share above 0: \(positive)")
    }

    @Test("frequencies of 64 equal-probability bins")
    func binFrequencies() {
        let values = Self.draws
        var counts = [Int](repeating: 0, count: 64)
        for value in values {
            counts[min(63, Int(cumulative(value) * 64))] += 1
        }
        let expected = Double(values.count) / 64
        let chiSquare = counts.reduce(0) { sum, count in
            sum + (Double(count) - expected) * (Double(count) - expected) / expected
        }
        // 63 degrees of freedom: mean 63, standard deviation √126 ≈ 11.2.
        #expect(chiSquare < 63 + 5 * 126.0.squareRoot(), "χ² = \(chiSquare), counts \(counts)")
    }

    @Test("tails beyond r and beyond 4")
    func tails() {
        let values = Self.draws
        let n = Double(values.count)
        for threshold in [Ziggurat.tailStart, 4] {
            let upper = Double(values.filter { $0 > threshold }.count)
            let lower = Double(values.filter { $0 < -threshold }.count)
            let expected = n * (1 - cumulative(threshold))
            let band = 5 * expected.squareRoot()
            #expect(abs(upper - expected) < band, "above \(threshold): \(upper), not \(expected)")
            #expect(abs(lower - expected) < band, "below −\(threshold): \(lower), not \(expected)")
        }
    }

    @Test("a draw depends only on its stream and round")
    func repeatable() {
        let stream = RandomStream(seed: 31, agent: 3, purpose: .observation)
        let again = RandomStream(seed: 31, agent: 3, purpose: .observation)
        for round in 1...1_000 {
            let first = Ziggurat.standardNormal(stream: stream, round: round)
            #expect(
                first.bitPattern == Ziggurat.standardNormal(stream: again, round: round).bitPattern)
        }
    }

    @Test("tail sampler beyond r")
    func tailSampler() {
        // 200,000 draws from the tail beyond r, with uniforms of a linear congruential
        // generator. P(X > r + t | X > r) = erfc((r + t)/√2) / erfc(r/√2).
        let r = Ziggurat.tailStart
        var state: UInt64 = 5
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) * 0x1p-53
        }
        let samples = (0..<200_000).map { _ in Ziggurat.tail(beyond: r, uniform: uniform) }
        #expect(samples.allSatisfy { $0 > r })
        let n = Double(samples.count)
        for t in [0.05, 0.2, 0.35, 0.6, 1.0] {
            let expected = erfc((r + t) / 2.0.squareRoot()) / erfc(r / 2.0.squareRoot())
            let share = Double(samples.filter { $0 > r + t }.count) / n
            let band = 5 * (expected * (1 - expected) / n).squareRoot()
            #expect(abs(share - expected) < band, "above r + \(t): \(share), not \(expected)")
        }
    }
}
