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
        var maximum = -Double.infinity
        for value in values where value > maximum {
            maximum = value
        }
        guard maximum.isFinite else { return maximum }
        var sum = 0.0
        for value in values {
            sum += exp(value - maximum)
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
            sum += exp(values[index] - maximum)
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
        let total = logSumExp(values)
        guard total.isFinite else { return false }
        for index in values.indices {
            values[index] -= total
        }
        return true
    }

    /// Returns the index of the largest component, the lowest index on ties.
    @inlinable
    public static func argmax(_ values: [Double]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] {
            best = index
        }
        return best
    }
}
