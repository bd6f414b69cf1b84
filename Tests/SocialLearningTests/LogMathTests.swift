import Foundation
import SocialLearning
import Testing

struct LogMathTests {
    @Test("log-sum-exp of small values")
    func logSumExpSmallValues() {
        let total = LogMath.logSumExp([log(1), log(2), log(3)])
        #expect(abs(total - log(6)) < 1e-15)
    }

    @Test("log-sum-exp without overflow")
    func logSumExpLargeValues() {
        // exp(1000) overflows a double, so only the shifted sum gives the right result.
        let total = LogMath.logSumExp([1000, 1000])
        #expect(abs(total - (1000 + log(2))) < 1e-12)
        let tiny = LogMath.logSumExp([-1000, -1001])
        #expect(abs(tiny - (-1000 + log1p(exp(-1)))) < 1e-12)
    }

    @Test("log-sum-exp skips negative infinity")
    func logSumExpNegativeInfinity() {
        let total = LogMath.logSumExp([-.infinity, log(0.25), -.infinity])
        #expect(abs(total - log(0.25)) < 1e-15)
        #expect(LogMath.logSumExp([-.infinity, -.infinity]) == -.infinity)
        #expect(LogMath.logSumExp([]) == -.infinity)
    }

    @Test("log-sum-exp excluding one index")
    func logSumExpExcluding() {
        let values = [log(0.5), log(0.2), log(0.3)]
        let rest = LogMath.logSumExp(values, excluding: 0)
        #expect(abs(rest - log(0.5)) < 1e-15)
        let onlyExcluded = LogMath.logSumExp([0, -.infinity], excluding: 0)
        #expect(onlyExcluded == -.infinity)
    }

    @Test("excluded rest keeps precision near one")
    func logSumExpExcludingNearOne() {
        // x = 1 − 1e-20 cannot be stored, but its complement is the sum of the others.
        let values = [log1p(-1e-20), log(4e-21), log(6e-21)]
        let rest = LogMath.logSumExp(values, excluding: 0)
        #expect(relativeError(rest, log(1e-20)) < 1e-14)
    }

    @Test("normalize makes exponentials sum to one")
    func normalizeSumsToOne() {
        var values = [2.0, 3.0, -.infinity, 5.0]
        let normalized = LogMath.normalize(&values)
        #expect(normalized)
        let total = values.reduce(0) { $0 + exp($1) }
        #expect(abs(total - 1) < 1e-15)
        #expect(values[2] == -.infinity)
        #expect(abs(values[3] - values[1] - 2) < 1e-14)
    }

    @Test("normalize rejects an empty support")
    func normalizeRejectsNoSupport() {
        var values = [-Double.infinity, -.infinity]
        let normalized = LogMath.normalize(&values)
        #expect(!normalized)
        #expect(values == [-.infinity, -.infinity])
    }

    @Test("argmax picks lowest index on ties")
    func argmaxTies() {
        #expect(LogMath.argmax([-1, 0, 0, -2]) == 1)
        #expect(LogMath.argmax([-.infinity, -3, -.infinity]) == 1)
        #expect(LogMath.argmax([-.infinity, -.infinity]) == 0)
    }

    @Test("exponential within one ulp")
    func exponentialAccuracy() {
        var worst = 0.0
        var x = 0.0
        // 400,000 points from 0 down to −708, denser near 0 where most terms fall.
        for index in 0..<400_000 {
            x = -708 * pow(Double(index) / 400_000, 2) - Double(index % 7) * 1e-17
            let ours = LogMath.exponential(ofNonPositive: x)
            let reference = exp(x)
            worst = max(worst, abs(ours - reference) / reference.ulp)
        }
        #expect(worst <= 1, "largest difference \(worst) ulp")
        #expect(LogMath.exponential(ofNonPositive: 0) == 1)
        #expect(LogMath.exponential(ofNonPositive: -.infinity) == 0)
        #expect(LogMath.exponential(ofNonPositive: -709) == 0)
        #expect(LogMath.exponential(ofNonPositive: -.nan).isNaN)
        #expect(abs(LogMath.exponential(ofNonPositive: -1) - 1 / M_E) <= (1 / M_E).ulp)
    }

    @Test("paired exponential has scalar bits")
    func pairedExponential() {
        var mismatches = 0
        for index in 0..<200_000 {
            let low = -708 * pow(Double(index) / 200_000, 2)
            let high = -Double(index % 1_000) * 0.708 - 1e-17 * Double(index % 3)
            let pair = LogMath.exponential(ofNonPositiveInRange: SIMD2(low, high))
            if pair[0].bitPattern != LogMath.exponential(ofNonPositive: low).bitPattern
                || pair[1].bitPattern != LogMath.exponential(ofNonPositive: high).bitPattern
            {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        #expect(LogMath.exponential(ofNonPositiveInRange: SIMD2(0, -708)) == SIMD2(1, exp(-708)))
    }

    @Test("log-sum-exp has the bits of the scalar loop")
    func logSumExpBits() {
        // The reference adds the terms one by one. The library takes them two at a time when
        // every term is at least e^−708, and must give the same bits either way.
        func reference(_ values: [Double]) -> Double {
            let maximum = values.max() ?? -.infinity
            guard maximum.isFinite else { return maximum }
            var sum = 0.0
            for value in values {
                sum += LogMath.exponential(ofNonPositive: value - maximum)
            }
            return maximum + log(sum)
        }
        var state: UInt64 = 7
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1p-53
        }
        for count in 1...12 {
            for spread in [1.0, 50, 700, 2_000] {
                let values = (0..<count).map { _ in -spread * uniform() }
                #expect(LogMath.logSumExp(values).bitPattern == reference(values).bitPattern)
            }
        }
        #expect(LogMath.logSumExp([0, -.infinity, -1, -.infinity]) == reference([0, -1]))
        #expect(LogMath.logSumExp([-1, .nan, -2]).isNaN)
    }
}
