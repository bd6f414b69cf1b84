import Foundation
import Scenario
import SocialLearning

/// The short text report printed at the end of a run.
public enum RunReport {
    /// Returns the report: verdict, decisions, clusters and measured against predicted rates.
    public static func text(
        scenario: Scenario, outcome: RunOutcome, theory: TheorySummary, folder: String
    ) -> String {
        let names = scenario.topology.names
        let hypotheses = scenario.hypotheses
        let report = outcome.report
        var lines: [String] = []
        lines.append(
            "\(scenario.name): \(names.count) agent\(names.count == 1 ? "" : "s"), "
                + "\(hypotheses.count) hypotheses, "
                + "\(outcome.rounds) of \(scenario.rounds) rounds, truth `\(hypotheses[report.truth])`"
        )
        if let failure = outcome.failure {
            lines.append("FAILED: \(failure)")
        }
        for (agent, round) in report.droppedFrom.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "agent \(names[agent]) was lost and dropped from round \(round) on; its "
                    + "out-neighbours rescaled their remaining weights")
        }
        if let round = report.convergedRound {
            // Name the truth of that round: after a change of truth it differs from the last.
            let truthThen = scenario.model.truth.truth(atRound: round)
            var verdict = "converged to `\(hypotheses[truthThen])` at round \(round)"
            if report.adaptive {
                verdict += " (every decision right for \(scenario.convergence.window) rounds)"
                if let rate = report.errorRate {
                    verdict += "; steady-state error rate \(format(rate))"
                }
            } else {
                verdict += " (every belief in the truth ≥ 1 − \(scenario.convergence.epsilon))"
            }
            lines.append(verdict)
        } else {
            lines.append("not converged after \(outcome.rounds) rounds")
        }
        for recovery in report.recoveries {
            if let rounds = recovery.rounds {
                lines.append(
                    "truth changed at round \(recovery.changeRound): recovered in \(rounds) rounds")
            } else {
                lines.append(
                    "truth changed at round \(recovery.changeRound): not recovered by the end")
            }
        }
        if report.clusters.count > 1 {
            lines.append("opinion clusters (agents disagree at the end):")
            for cluster in report.clusters {
                let members = cluster.agents.map { names[$0] }.joined(separator: " ")
                lines.append("  `\(hypotheses[cluster.decision])`: \(members)")
            }
        } else if let cluster = report.clusters.first, cluster.decision != report.truth {
            lines.append("every agent decides `\(hypotheses[cluster.decision])`, not the truth")
        }
        if !theory.unidentifiable.isEmpty {
            let list = theory.unidentifiable.map { "`\(hypotheses[$0])`" }.joined(separator: ", ")
            lines.append("ambiguous: no agent can tell \(list) from the truth")
        }
        if !report.converged {
            let unresolved = unresolvedHypotheses(outcome: outcome, truth: report.truth)
            if !unresolved.isEmpty {
                let list = unresolved.map { "`\(hypotheses[$0])`" }.joined(separator: ", ")
                lines.append("still holding ≥ 1% belief somewhere: \(list)")
            }
            // A run that failed before its agents sent final beliefs has none to list.
            if outcome.finalLogBeliefs.contains(where: { !$0.isEmpty }) {
                lines.append("final decisions:")
            }
            for (agent, logBelief) in outcome.finalLogBeliefs.enumerated()
            where !logBelief.isEmpty {
                let decision = LogMath.argmax(logBelief)
                lines.append(
                    "  \(names[agent]): `\(hypotheses[decision])` (belief in truth "
                        + "\(format(exp(logBelief[report.truth]))))")
            }
        }
        if let rates = theory.rates, outcome.rounds > 0, !report.adaptive,
            outcome.finalLogBeliefs.contains(where: { !$0.isEmpty })
        {
            lines.append("rate of rejecting each wrong hypothesis (λ/i, measured vs predicted):")
            for h in hypotheses.indices where h != report.truth {
                let rate = RunSummary.measuredRate(
                    outcome, hypothesis: h, rounds: Double(outcome.rounds))
                // Undefined when every agent gives both hypotheses a belief of exactly 0.
                lines.append(
                    "  `\(hypotheses[h])`: \(rate.map(format) ?? "undefined") vs "
                        + "\(format(rates[h]))")
            }
        }
        if let steady = theory.steadyState {
            lines.append("steady state of λ (measured vs exact theory):")
            let moments = RunSummary.steadyMoments(
                outcome.statistics, hypotheses: hypotheses.count)
            for h in hypotheses.indices where h != report.truth {
                // No agent may have reached the steady state (a short or failed run).
                let mean = moments[h].mean.map(format) ?? "not measured"
                let variance = moments[h].variance.map(format) ?? "not measured"
                lines.append(
                    "  `\(hypotheses[h])`: mean \(mean) vs "
                        + "\(format(RunSummary.average(steady.mean[h]))), variance "
                        + "\(variance) vs \(format(RunSummary.average(steady.variance[h])))")
            }
        }
        lines.append("results: \(folder)")
        return lines.joined(separator: "\n")
    }

    /// Hypotheses other than the truth that some agent still gives at least 1%.
    static func unresolvedHypotheses(outcome: RunOutcome, truth: Int) -> [Int] {
        let beliefs = outcome.finalLogBeliefs.filter { !$0.isEmpty }
        guard let first = beliefs.first else { return [] }
        return first.indices.filter { h in
            h != truth && beliefs.contains { exp($0[h]) >= 0.01 }
        }
    }

    /// Formats a number with about six significant digits.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let magnitude = abs(value)
        if magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e6) {
            return String(format: "%.4e", value)
        }
        return String(format: "%.6g", value)
    }
}
