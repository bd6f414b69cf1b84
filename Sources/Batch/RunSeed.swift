/// Derives each run's scenario seed from the sweep's base seed and the run key.
///
/// The derivation is a pure function of its inputs, the same in every process and on every
/// machine (Swift's `Hasher` is seeded per process, so it is not used): FNV-1a (64-bit) over
/// the UTF-8 bytes of the key, then the SplitMix64 finaliser over the base seed mixed with
/// that hash.
public enum RunSeed {
    /// Returns the seed of the run with `key` in a sweep whose base seed is `base`.
    public static func derive(base: UInt64, key: String) -> UInt64 {
        finalise(finalise(base) ^ fnv1a(key))
    }

    /// FNV-1a, 64-bit, over the UTF-8 bytes of `text`.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The SplitMix64 output function: adds the golden-ratio increment, then mixes.
    static func finalise(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Returns 16 lowercase hexadecimal digits of the FNV-1a hash of `text`.
    static func hexDigest(_ text: String) -> String {
        let digits = String(fnv1a(text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
