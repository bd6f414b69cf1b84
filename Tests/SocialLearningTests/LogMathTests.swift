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
}
