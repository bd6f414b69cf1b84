#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Arithmetic on natural-log probabilities.
///
/// Beliefs are stored as natural logarithms so that long runs with sharp likelihoods neither
/// underflow to 0 nor lose the ratio between two tiny beliefs. A component may be −∞ only
/// when a likelihood is structurally zero.
public enum LogMath {
    /// Returns log Σ exp(values), or −∞ when every value is −∞ (or the array is empty).
    @inlinable
    public static func logSumExp(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { logSumExp($0) }
    }

    /// Returns log Σ exp(values), or −∞ when every value is −∞ (or the buffer is empty).
    @inlinable
    public static func logSumExp(_ values: UnsafeBufferPointer<Double>) -> Double {
        var maximum = -Double.infinity
        var minimum = Double.infinity
        for value in values {
            maximum = value > maximum ? value : maximum
            minimum = value < minimum ? value : minimum
        }
        guard maximum.isFinite else { return maximum }
        var sum = 0.0
        var index = 0
        // When no term is below e^−708, two exponentials are taken at a time in a register
        // pair. The sum still adds them one by one in index order, so either way the result
        // has the bits of the scalar loop.
        if minimum - maximum >= -708, let base = values.baseAddress {
            let pairs = values.count / 2
            withUnsafeTemporaryAllocation(of: SIMD2<Double>.self, capacity: pairs) { terms in
                exponentials(of: base, pairs: pairs, minus: maximum, into: terms)
                for pair in terms {
                    sum += pair[0]
                    sum += pair[1]
                }
            }
            index = 2 * pairs
        }
        while index < values.count {
            sum += exponential(ofNonPositive: values[index] - maximum)
            index &+= 1
        }
        return maximum + log(sum)
    }

    /// Returns log Σ exp(values[h]) over every index except `excluded`, for a buffer.
    @inlinable
    public static func logSumExp(_ values: UnsafeBufferPointer<Double>, excluding excluded: Int)
        -> Double
    {
        var maximum = -Double.infinity
        for index in values.indices where index != excluded && values[index] > maximum {
            maximum = values[index]
        }
        guard maximum.isFinite else { return maximum }
        var sum = 0.0
        for index in values.indices where index != excluded {
            sum += exponential(ofNonPositive: values[index] - maximum)
        }
        return maximum + log(sum)
    }

    /// Returns log Σ exp(values[h]) over every index except `excluded`.
    ///
    /// This is log(1 − x) for a normalised belief with x = exp(values[excluded]), computed
    /// from the other components so that it loses nothing to cancellation when x is near 1.
    @inlinable
    public static func logSumExp(_ values: [Double], excluding excluded: Int) -> Double {
        values.withUnsafeBufferPointer { logSumExp($0, excluding: excluded) }
    }

    /// Subtracts log Σ exp(values) from every component so that the exponentials sum to 1.
    ///
    /// Returns false, leaving `values` untouched, when no component is finite: the belief has
    /// no support left and cannot be normalised.
    @inlinable
    @discardableResult
    public static func normalize(_ values: inout [Double]) -> Bool {
        values.withUnsafeMutableBufferPointer { normalize($0) }
    }

    /// Subtracts log Σ exp(values) from every component of a buffer; false when none is finite.
    @inlinable
    @discardableResult
    public static func normalize(_ values: UnsafeMutableBufferPointer<Double>) -> Bool {
        let total = logSumExp(UnsafeBufferPointer(values))
        guard total.isFinite else { return false }
        for index in values.indices {
            values[index] -= total
        }
        return true
    }

    /// Returns the index of the largest component, the lowest index on ties.
    @inlinable
    public static func argmax(_ values: [Double]) -> Int {
        values.withUnsafeBufferPointer { argmax($0) }
    }

    /// Returns the index of the largest component of a buffer, the lowest index on ties.
    @inlinable
    public static func argmax(_ values: UnsafeBufferPointer<Double>) -> Int {
        argmaxAndTie(values).index
    }

    /// Returns the index of the largest component (the lowest index on ties) and whether
    /// another component is as large, in one pass.
    @inlinable
    public static func argmaxAndTie(_ values: UnsafeBufferPointer<Double>)
        -> (index: Int, tied: Bool)
    {
        var best = 0
        var tied = false
        for index in values.indices.dropFirst() {
            if values[index] > values[best] {
                best = index
                tied = false
            } else if values[index] == values[best] {
                tied = true
            }
        }
        return (best, tied)
    }

    /// Returns e^x for x ≤ 0, as the terms of a log-sum-exp need it, and 0 below −708.
    ///
    /// Glibc's `exp` is a call with error handling around it, and the normalisations call it
    /// H times per agent and round. This one is inlined: x = (64k + j) · ln 2 / 64 + r with
    /// |r| ≤ ln 2 / 128 (Cody–Waite reduction, ln 2 / 64 split so that n · high is exact),
    /// e^x = 2^k · 2^(j/64) · e^r, and e^r by its Taylor polynomial of degree 5, whose
    /// truncation error r⁶/720 < 4·10⁻¹⁷ stays below half an ulp. The table contains 2^(j/64)
    /// correctly rounded (computed with 60 decimal digits). Below −708 the true value is
    /// under 10⁻³⁰⁷, which cannot change a sum that contains the term e^0 = 1, so 0 is returned.
    @inlinable
    public static func exponential(ofNonPositive x: Double) -> Double {
        guard x >= -708 else { return x.isNaN ? x : 0 }
        // Adding 1.5 · 2^52 rounds x · 64 / ln 2 to the nearest integer n, which then sits in
        // the low bits of the sum (|n| < 2^16 here); subtracting it again gives n as a Double.
        let shifter = 0x1.8p52
        let shifted = x * 0x1.71547652b82fep+6 + shifter
        let rounded = shifted - shifter
        let n = Int(Int32(truncatingIfNeeded: shifted.bitPattern))
        let r = (x - rounded * 0x1.62e42fee00000p-7) - rounded * 0x1.a39ef35793c76p-39
        let polynomial =
            r + r * r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120))))
        let base = powersOfTwoOver64[n & 63]
        let scale = Double(bitPattern: UInt64(truncatingIfNeeded: (n &>> 6) &+ 1023) &<< 52)
        return (base + base * polynomial) * scale
    }

    /// Writes e^(values[i] − maximum) for i < 2 · pairs, two at a time, for values whose
    /// exponent lies in [−708, 0].
    ///
    /// It stays a function of its own, because inlined into a loop that adds the lanes one by
    /// one, the pairs are split back into scalars by the optimiser.
    @usableFromInline @inline(never)
    static func exponentials(
        of values: UnsafePointer<Double>, pairs: Int, minus maximum: Double,
        into terms: UnsafeMutableBufferPointer<SIMD2<Double>>
    ) {
        for pair in 0..<pairs {
            let x = (values + 2 &* pair).loadPair()
            terms[pair] = exponential(ofNonPositiveInRange: x - maximum)
        }
    }

    /// Returns `exponential(ofNonPositive:)` of both lanes, for lanes in [−708, 0] or NaN.
    ///
    /// Each lane goes through the operations of the scalar function and so has its bits.
    /// Lanes below −708 would give garbage, not 0, so the caller checks the range first.
    @inlinable @inline(__always)
    public static func exponential(ofNonPositiveInRange x: SIMD2<Double>) -> SIMD2<Double> {
        let shifter = SIMD2<Double>(repeating: 0x1.8p52)
        let shifted = x * 0x1.71547652b82fep+6 + shifter
        let rounded = shifted - shifter
        let bits = unsafeBitCast(shifted, to: SIMD2<UInt64>.self)
        // n sign-extended from the low 32 bits, as `Int(Int32(truncatingIfNeeded:))` does.
        let n = SIMD2<Int64>(truncatingIfNeeded: SIMD2<Int32>(truncatingIfNeeded: bits))
        let r: SIMD2<Double> =
            (x - rounded * 0x1.62e42fee00000p-7) - rounded * 0x1.a39ef35793c76p-39
        // The scalar polynomial, written in steps for the type checker.
        var tail: SIMD2<Double> = r * (1.0 / 120) + 1.0 / 24
        tail = r * tail + 1.0 / 6
        tail = r * tail + 0.5
        let polynomial: SIMD2<Double> = r + r * r * tail
        let base = powersOfTwoOver64.withUnsafeBufferPointer {
            SIMD2($0[Int(n[0] & 63)], $0[Int(n[1] & 63)])
        }
        let exponent = SIMD2<UInt64>(truncatingIfNeeded: (n &>> 6) &+ 1023) &<< 52
        return (base + base * polynomial) * unsafeBitCast(exponent, to: SIMD2<Double>.self)
    }

    /// 2^(j/64) for j = 0 ..< 64, correctly rounded.
    @usableFromInline
    static let powersOfTwoOver64: [Double] = [
        0x1.0000000000000p+0, 0x1.02c9a3e778061p+0, 0x1.059b0d3158574p+0,
        0x1.0874518759bc8p+0, 0x1.0b5586cf9890fp+0, 0x1.0e3ec32d3d1a2p+0,
        0x1.11301d0125b51p+0, 0x1.1429aaea92de0p+0, 0x1.172b83c7d517bp+0,
        0x1.1a35beb6fcb75p+0, 0x1.1d4873168b9aap+0, 0x1.2063b88628cd6p+0,
        0x1.2387a6e756238p+0, 0x1.26b4565e27cddp+0, 0x1.29e9df51fdee1p+0,
        0x1.2d285a6e4030bp+0, 0x1.306fe0a31b715p+0, 0x1.33c08b26416ffp+0,
        0x1.371a7373aa9cbp+0, 0x1.3a7db34e59ff7p+0, 0x1.3dea64c123422p+0,
        0x1.4160a21f72e2ap+0, 0x1.44e086061892dp+0, 0x1.486a2b5c13cd0p+0,
        0x1.4bfdad5362a27p+0, 0x1.4f9b2769d2ca7p+0, 0x1.5342b569d4f82p+0,
        0x1.56f4736b527dap+0, 0x1.5ab07dd485429p+0, 0x1.5e76f15ad2148p+0,
        0x1.6247eb03a5585p+0, 0x1.6623882552225p+0, 0x1.6a09e667f3bcdp+0,
        0x1.6dfb23c651a2fp+0, 0x1.71f75e8ec5f74p+0, 0x1.75feb564267c9p+0,
        0x1.7a11473eb0187p+0, 0x1.7e2f336cf4e62p+0, 0x1.82589994cce13p+0,
        0x1.868d99b4492edp+0, 0x1.8ace5422aa0dbp+0, 0x1.8f1ae99157736p+0,
        0x1.93737b0cdc5e5p+0, 0x1.97d829fde4e50p+0, 0x1.9c49182a3f090p+0,
        0x1.a0c667b5de565p+0, 0x1.a5503b23e255dp+0, 0x1.a9e6b5579fdbfp+0,
        0x1.ae89f995ad3adp+0, 0x1.b33a2b84f15fbp+0, 0x1.b7f76f2fb5e47p+0,
        0x1.bcc1e904bc1d2p+0, 0x1.c199bdd85529cp+0, 0x1.c67f12e57d14bp+0,
        0x1.cb720dcef9069p+0, 0x1.d072d4a07897cp+0, 0x1.d5818dcfba487p+0,
        0x1.da9e603db3285p+0, 0x1.dfc97337b9b5fp+0, 0x1.e502ee78b3ff6p+0,
        0x1.ea4afa2a490dap+0, 0x1.efa1bee615a27p+0, 0x1.f50765b6e4540p+0,
        0x1.fa7c1819e90d8p+0,
    ]
}
