import Foundation

/// Whether the count of a place × category in the latest window is improbably high against its own
/// baseline (issue 7's spike warning). The baseline is the counts of the same place and category in
/// earlier windows of the same length; the test is a one-sided Poisson test: the chance of seeing at
/// least the observed count if the true rate were the baseline mean. A spike is raised when that chance
/// is below the configured false-alarm rate and the count reaches a minimum (three complaints about
/// something that usually gets one are not yet a spike).
public struct SpikeDetector: Sendable, Hashable, Codable {
    /// The accepted chance of a false alarm per test (e.g. 0.001).
    public var falseAlarmRate: Double
    /// The smallest count that can be a spike.
    public var minimumCount: Int
    /// The expected count never goes below this (a place with no history is not infinitely surprising).
    public var baselineFloor: Double

    public init(falseAlarmRate: Double = 0.001, minimumCount: Int = 5, baselineFloor: Double = 0.5) {
        self.falseAlarmRate = falseAlarmRate
        self.minimumCount = minimumCount
        self.baselineFloor = baselineFloor
    }

    public struct Finding: Sendable, Hashable {
        public let observed: Int
        public let expected: Double
        /// P(X ≥ observed) for X ~ Poisson(expected).
        public let pValue: Double
        public let isSpike: Bool

        /// The reason shown on the warning.
        public var explanation: String {
            String(format: "本期 %d 件，基线均值 %.1f 件；按泊松分布出现不少于 %d 件的概率为 %.2g", observed, expected, observed, pValue)
        }
    }

    public func test(observed: Int, baseline: [Int]) -> Finding {
        let mean = baseline.isEmpty ? 0 : Double(baseline.reduce(0, +)) / Double(baseline.count)
        let expected = max(baselineFloor, mean)
        let p = Self.upperTail(observed, mean: expected)
        return Finding(observed: observed, expected: expected, pValue: p,
                       isSpike: observed >= minimumCount && p < falseAlarmRate)
    }

    /// P(X ≥ k) for X ~ Poisson(λ), summed in log space so that large counts do not overflow.
    public static func upperTail(_ k: Int, mean lambda: Double) -> Double {
        guard k > 0 else { return 1 }
        guard lambda > 0 else { return 0 }
        // P(X ≥ k) = 1 − Σ_{i<k} P(i); for k far above λ, sum the upper terms directly instead.
        if Double(k) > lambda {
            var term = exp(Double(k) * log(lambda) - lambda - lgamma(Double(k) + 1))
            var total = 0.0
            var i = k
            while term > total * 1e-15 || i == k {
                total += term
                i += 1
                term *= lambda / Double(i)
                if i > k + 10_000 { break }
            }
            return min(1, total)
        }
        var term = exp(-lambda)
        var below = 0.0
        for i in 0..<k {
            below += term
            term *= lambda / Double(i + 1)
        }
        return max(0, 1 - below)
    }
}
