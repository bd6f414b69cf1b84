/// What a random number is drawn for; part of the key of every stream.
public enum RandomPurpose: UInt64, Sendable {
    /// An agent's private observation.
    case observation = 1
    /// The topic of a round under random-topic sharing.
    case topic = 2
    /// The in-neighbour an agent listens to under random-neighbour sharing.
    case neighbour = 3
}

/// A counter-based pseudo-random generator: the n-th number of round i is a pure function of
/// (scenario seed, agent, purpose, round, n).
///
/// Because no state carries from one draw to the next, any engine that runs the same agents in
/// the same rounds draws the same numbers, whatever order it visits agents in, and an agent
/// can compute the draws of a neighbour (as random-neighbour sharing needs). Each number is
/// the SplitMix64 finaliser (Steele, Lea and Flood, OOPSLA 2014) applied twice to a key mixed
/// from those five integers. The same construction, a strong mixing function of a counter,
/// is what counter-based generators such as Philox and Threefry (Salmon et al., SC 2011) use.
public struct RandomStream: Sendable, Hashable {
    /// The key derived from (seed, agent, purpose).
    public let key: UInt64

    /// The agent id used for draws that belong to the whole network (the shared topic).
    public static let networkAgent = -1

    /// Creates the stream of `agent` (0-based, or `networkAgent`) for `purpose`.
    public init(seed: UInt64, agent: Int, purpose: RandomPurpose) {
        var mixed = Self.mix(seed)
        mixed = Self.mix(mixed ^ (UInt64(bitPattern: Int64(agent)) &+ 0x9E37_79B9_7F4A_7C15))
        mixed = Self.mix(mixed ^ (purpose.rawValue &* 0xD1B5_4A32_D192_ED03))
        key = mixed
    }

    /// Returns 64 random bits for draw `index` of `round`.
    @inlinable
    public func bits(round: Int, index: Int = 0) -> UInt64 {
        let counter =
            UInt64(bitPattern: Int64(round)) &* 0x9E37_79B9_7F4A_7C15
            ^ UInt64(bitPattern: Int64(index)) &* 0xC2B2_AE3D_27D4_EB4F
        return Self.mix(Self.mix(key ^ counter) &+ key)
    }

    /// Returns a uniform number in the open interval (0, 1), with 53 random bits.
    @inlinable
    public func uniform(round: Int, index: Int = 0) -> Double {
        let top = bits(round: round, index: index) >> 11
        return (Double(top) + 0.5) * 0x1p-53
    }

    /// Returns index j with probability weights[j] / Σ weights, by inverse transform.
    @inlinable
    public func choose(weights: [Double], round: Int, index: Int = 0) -> Int {
        var total = 0.0
        for weight in weights {
            total += weight
        }
        let target = uniform(round: round, index: index) * total
        var cumulative = 0.0
        var last = 0
        for (position, weight) in weights.enumerated() where weight > 0 {
            cumulative += weight
            last = position
            if target < cumulative {
                return position
            }
        }
        return last
    }

    /// The SplitMix64 output function: a bijection on 64-bit words with good avalanche.
    @inlinable
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
