import Foundation

/// The figures of one finished run that go into the result index, read from its
/// summary.json so that both engines are recorded by the same code.
public struct RunResult: Sendable, Equatable {
    /// Whether the run completed or failed.
    public enum Status: String, Sendable {
        case completed
        case failed
    }

    public var status: Status
    /// Why the run failed; nil for a completed run.
    public var error: String?
    public var converged: Bool?
    public var convergenceRound: Int?
    /// The last round every agent completed.
    public var rounds: Int?
    /// Adaptive runs: the share of wrong decisions among agent-rounds after convergence.
    public var errorRate: Double?
    /// The share of agents whose final decision is not the (final) truth.
    public var finalError: Double?
    /// The wrong hypothesis the rate columns are about: the one with the smallest predicted
    /// rate (the hardest to rule out), else the smallest measured one.
    public var rateHypothesis: String?
    /// λ/T averaged over agents for `rateHypothesis` (summary.json `measured.rates`).
    public var measuredRate: Double?
    /// m_ave for `rateHypothesis` (summary.json `theory.rates`), when the theory applies.
    public var predictedRate: Double?
    /// Adaptive runs: the measured steady-state mean of λ for `rateHypothesis`.
    public var measuredSteadyMean: Double?
    /// Adaptive runs with full sharing: the exact steady-state mean the theory predicts.
    public var predictedSteadyMean: Double?

    public init(status: Status, error: String? = nil) {
        self.status = status
        self.error = error
    }

    /// Reads the summary.json at `path`, or returns nil when it is missing or incomplete.
    public static func read(summaryAt path: String) -> RunResult? {
        guard let data = FileManager.default.contents(atPath: path),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let statusText = json["status"] as? String,
            let status = Status(rawValue: statusText)
        else {
            return nil
        }
        var result = RunResult(status: status, error: json["error"] as? String)
        result.converged = json["converged"] as? Bool
        result.convergenceRound = json["convergence_round"] as? Int
        result.rounds = json["rounds"] as? Int
        result.errorRate = number(json["error_rate"])
        result.finalError = finalError(json)
        result.readRates(json)
        return result
    }

    private static func finalError(_ json: [String: Any]) -> Double? {
        guard let truth = json["truth"] as? String,
            let agents = json["final"] as? [[String: Any]], !agents.isEmpty
        else {
            return nil
        }
        let wrong = agents.filter { ($0["decision"] as? String) != truth }.count
        return Double(wrong) / Double(agents.count)
    }

    private mutating func readRates(_ json: [String: Any]) {
        let theory = json["theory"] as? [String: Any]
        let measured = json["measured"] as? [String: Any]
        let predicted = (theory?["rates"] as? [String: Any]) ?? [:]
        let measuredRates = (measured?["rates"] as? [String: Any]) ?? [:]
        let truth = json["truth"] as? String
        let wrong = ((json["hypotheses"] as? [String]) ?? []).filter { $0 != truth }
        let byPrediction = wrong.compactMap { name in
            Self.number(predicted[name]).map { (name, $0) }
        }
        let byMeasurement = wrong.compactMap { name in
            Self.number(measuredRates[name]).map { (name, $0) }
        }
        guard
            let hardest = (byPrediction.isEmpty ? byMeasurement : byPrediction)
                .min(by: { $0.1 < $1.1 })?.0
        else {
            return
        }
        rateHypothesis = hardest
        measuredRate = Self.number(measuredRates[hardest])
        predictedRate = Self.number(predicted[hardest])
        let measuredSteady = measured?["steady_state"] as? [String: Any]
        let predictedSteady = theory?["steady_state"] as? [String: Any]
        measuredSteadyMean = Self.number((measuredSteady?[hardest] as? [String: Any])?["mean"])
        predictedSteadyMean = Self.number((predictedSteady?[hardest] as? [String: Any])?["mean"])
    }

    /// A JSON number, or the "inf" and "-inf" strings summary.json writes for infinities.
    private static func number(_ value: Any?) -> Double? {
        if let text = value as? String {
            return Double(text)
        }
        return value as? Double
    }
}
