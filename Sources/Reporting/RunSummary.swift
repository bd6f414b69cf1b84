import Foundation
import Scenario
import SocialLearning

/// Builds summary.json: the verdict, the final beliefs and the measured figures next to the
/// predicted ones. It holds nothing that depends on the engine or the clock.
public enum RunSummary {
    /// Returns the summary of a run.
    public static func make(scenario: Scenario, outcome: RunOutcome, theory: TheorySummary)
        -> JSONValue
    {
        let names = scenario.topology.names
        let hypotheses = scenario.hypotheses
        let report = outcome.report
        let truth = report.truth
        var pairs: [(String, JSONValue)] = [
            ("scenario", .string(scenario.name)),
            ("status", .string(outcome.failure == nil ? "completed" : "failed")),
            ("error", .optional(outcome.failure) { .string($0) }),
            ("agents", .int(names.count)),
            ("hypotheses", .array(hypotheses.map { .string($0) })),
            ("truth", .string(hypotheses[truth])),
            ("seed", .string("\(scenario.model.seed)")),
            ("rounds_planned", .int(scenario.rounds)),
            ("rounds", .int(outcome.rounds)),
            ("stopped_early", .bool(outcome.stoppedEarly)),
            ("update", .string(report.adaptive ? "adaptive" : "bayesian")),
            ("converged", .bool(report.converged)),
            ("convergence_round", .optional(report.convergedRound) { .int($0) }),
        ]
        if !report.adaptive {
            pairs.append(
                (
                    "agent_convergence_rounds",
                    .object(
                        zip(names, report.agentRounds).map { name, round in
                            (name, .optional(round) { .int($0) })
                        })
                ))
        } else {
            pairs.append(("error_rate", .optional(report.errorRate) { .double($0) }))
            pairs.append(
                (
                    "recoveries",
                    .array(
                        report.recoveries.map { recovery in
                            .object([
                                ("change_round", .int(recovery.changeRound)),
                                ("rounds_to_recover", .optional(recovery.rounds) { .int($0) }),
                            ])
                        })
                ))
        }
        pairs.append(
            (
                "clusters",
                .array(
                    report.clusters.map { cluster in
                        .object([
                            ("decision", .string(hypotheses[cluster.decision])),
                            ("agents", .array(cluster.agents.map { .string(names[$0]) })),
                        ])
                    })
            ))
        if !report.droppedFrom.isEmpty {
            pairs.append(
                (
                    "dropped_agents",
                    .array(
                        report.droppedFrom.sorted { $0.key < $1.key }.map { agent, round in
                            .object([
                                ("agent", .string(names[agent])),
                                ("from_round", .int(round)),
                            ])
                        })
                ))
        }
        pairs.append(
            ("unidentifiable", .array(theory.unidentifiable.map { .string(hypotheses[$0]) })))
        pairs.append(("final", finalBeliefs(scenario: scenario, outcome: outcome)))
        pairs.append(("theory", theoryJSON(theory, hypotheses: hypotheses)))
        pairs.append(("measured", measured(scenario: scenario, outcome: outcome)))
        return .object(pairs)
    }

    private static func finalBeliefs(scenario: Scenario, outcome: RunOutcome) -> JSONValue {
        let hypotheses = scenario.hypotheses
        let truth = outcome.report.truth
        return .array(
            outcome.finalLogBeliefs.enumerated().map { agent, logBelief in
                guard !logBelief.isEmpty else {
                    return .object([
                        ("agent", .string(scenario.topology.names[agent])),
                        (
                            "dropped_from_round",
                            .optional(outcome.report.droppedFrom[agent]) {
                                .int($0)
                            }
                        ),
                    ])
                }
                return .object([
                    ("agent", .string(scenario.topology.names[agent])),
                    ("decision", .string(hypotheses[LogMath.argmax(logBelief)])),
                    ("belief_in_truth", .double(exp(logBelief[truth]))),
                    ("log_belief", .array(logBelief.map { .double($0) })),
                ])
            })
    }

    private static func theoryJSON(_ theory: TheorySummary, hypotheses: [String]) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("perron", .optional(theory.perron) { .array($0.map { .double($0) }) }),
            (
                "rates",
                .optional(theory.rates) { rates in
                    .object(zip(hypotheses, rates).map { ($0, .double($1)) })
                }
            ),
            ("notes", .array(theory.notes.map { .string($0) })),
        ]
        if let steady = theory.steadyState {
            pairs.append(
                (
                    "steady_state",
                    .object(
                        hypotheses.indices.filter { $0 != theory.truth }.map { h in
                            (
                                hypotheses[h],
                                .object([
                                    ("mean", .double(average(steady.mean[h]))),
                                    ("variance", .double(average(steady.variance[h]))),
                                    ("small_step_mean", .double(steady.limitMean[h])),
                                    ("small_step_variance", .double(steady.limitVariance[h])),
                                ])
                            )
                        })
                ))
        }
        return .object(pairs)
    }

    /// λ_{k,T}(θ)/T averaged over agents, and the steady-state mean and variance of λ.
    private static func measured(scenario: Scenario, outcome: RunOutcome) -> JSONValue {
        let hypotheses = scenario.hypotheses
        let truth = outcome.report.truth
        let rounds = Double(max(outcome.rounds, 1))
        var rates: [(String, JSONValue)] = []
        for h in hypotheses.indices where h != truth {
            let rate = measuredRate(outcome, hypothesis: h, rounds: rounds)
            rates.append((hypotheses[h], rate.map { .double($0) } ?? .null))
        }
        var pairs: [(String, JSONValue)] = [("rates", .object(rates))]
        if outcome.report.adaptive {
            var steady: [(String, JSONValue)] = []
            let moments = steadyMoments(outcome.statistics, hypotheses: hypotheses.count)
            for h in hypotheses.indices where h != truth {
                steady.append(
                    (
                        hypotheses[h],
                        .object([
                            ("mean", moments[h].mean.map { .double($0) } ?? .null),
                            ("variance", moments[h].variance.map { .double($0) } ?? .null),
                            ("rounds", .int(outcome.statistics.first?.count ?? 0)),
                        ])
                    ))
            }
            pairs.append(("steady_state", .object(steady)))
        }
        return .object(pairs)
    }

    /// Returns λ_{k,T}(θ)/T averaged over the agents that sent final beliefs, or nil when none
    /// did (a run that failed before) or λ is undefined for all of them (μ(θ°) = μ(θ) = 0).
    static func measuredRate(_ outcome: RunOutcome, hypothesis: Int, rounds: Double) -> Double? {
        let truth = outcome.report.truth
        let values = outcome.finalLogBeliefs.filter { !$0.isEmpty }
            .map { ($0[truth] - $0[hypothesis]) / rounds }
            .filter { !$0.isNaN }
        return values.isEmpty ? nil : average(values)
    }

    /// Returns the steady-state mean and variance of λ(θ) per hypothesis, averaged over the
    /// agents that counted at least two rounds, or nil where none did (a short or failed run).
    ///
    /// Each agent's variances are computed once, because per hypothesis they cost H² per agent.
    static func steadyMoments(_ statistics: [AgentStatistics], hypotheses: Int)
        -> [(mean: Double?, variance: Double?)]
    {
        let counted = statistics.filter { $0.count > 1 }
        let variances = counted.compactMap(\.variance)
        return (0..<hypotheses).map { h in
            (
                counted.isEmpty ? nil : average(counted.map { $0.mean[h] }),
                variances.isEmpty ? nil : average(variances.map { $0[h] })
            )
        }
    }

    static func average(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        var sum = 0.0
        for value in values {
            sum += value
        }
        return sum / Double(values.count)
    }
}
