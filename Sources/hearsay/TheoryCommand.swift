import Foundation
import Reporting
import Scenario
import SocialLearning

/// `hearsay theory SCENARIO`: prints the predictions of the theory for a scenario.
enum TheoryCommand {
    static let help = """
        usage: hearsay theory SCENARIO [--json] [key=value …]

        Prints the Perron vector of the combination matrix, the KL divergences d_k(θ), the
        asymptotic rate m_ave(θ) = Σ_k v_k d_k(θ) for each wrong hypothesis, and for adaptive
        updates with one constant step size the exact steady-state mean and variance of the
        log-belief ratio with their small-step limits. --json prints the same as JSON.

        Exit status: 0 printed, 2 invalid input.
        """

    static func run(_ arguments: [String]) -> Int32 {
        let parsed: Arguments
        switch Arguments.read(
            arguments, valued: [], flags: ["json"], help: help, file: "scenario file")
        {
        case .proceed(let arguments): parsed = arguments
        case .exit(let status): return status
        }
        let scenario: Scenario
        do {
            scenario = try Scenario.load(path: parsed.positionals[0], overrides: parsed.overrides)
        } catch {
            Console.error("\(error)")
            return 2
        }
        let theory = TheorySummary(scenario: scenario)
        if parsed.flags.contains("json") {
            print(json(theory, scenario: scenario).rendered())
        } else {
            print(text(theory, scenario: scenario))
        }
        return 0
    }

    static func text(_ theory: TheorySummary, scenario: Scenario) -> String {
        let names = scenario.topology.names
        let hypotheses = scenario.hypotheses
        let format = RunReport.format
        var lines = ["theory for \(scenario.name) (truth `\(hypotheses[theory.truth])`)"]
        if let perron = theory.perron {
            lines.append("Perron vector v (agents' long-run influence):")
            for (agent, value) in perron.enumerated() {
                lines.append("  \(names[agent]): \(format(value))")
            }
        }
        lines.append("KL divergences d_k(θ) in nats (rows: agents):")
        lines.append("  agent: " + hypotheses.joined(separator: " "))
        for (agent, row) in theory.divergences.enumerated() {
            lines.append("  \(names[agent]): " + row.map(format).joined(separator: " "))
        }
        if let rates = theory.rates {
            lines.append("asymptotic rate m_ave(θ) = Σ v_k d_k(θ) (λ/i → m_ave):")
            for h in hypotheses.indices where h != theory.truth {
                lines.append("  `\(hypotheses[h])`: \(format(rates[h]))")
            }
        }
        if let steady = theory.steadyState {
            lines.append(
                "adaptive steady state at δ = \(steady.stepSize) (agent average; small-δ limit):")
            for h in hypotheses.indices where h != theory.truth {
                let mean = RunSummaryAverage.of(steady.mean[h])
                let variance = RunSummaryAverage.of(steady.variance[h])
                lines.append(
                    "  `\(hypotheses[h])`: E λ = \(format(mean)) (\(format(steady.limitMean[h]))), "
                        + "Var λ = \(format(variance)) (\(format(steady.limitVariance[h])))")
            }
        }
        if !theory.unidentifiable.isEmpty {
            let list = theory.unidentifiable.map { "`\(hypotheses[$0])`" }.joined(separator: ", ")
            lines.append("not identifiable: \(list) (every agent has d_k(θ) = 0)")
        }
        for note in theory.notes {
            lines.append("note: \(note)")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ theory: TheorySummary, scenario: Scenario) -> JSONValue {
        let hypotheses = scenario.hypotheses
        var pairs: [(String, JSONValue)] = [
            ("truth", .string(hypotheses[theory.truth])),
            ("perron", .optional(theory.perron) { .array($0.map { .double($0) }) }),
            ("divergences", .array(theory.divergences.map { .array($0.map { .double($0) }) })),
            ("variances", .array(theory.variances.map { .array($0.map { .double($0) }) })),
            (
                "rates",
                .optional(theory.rates) { .object(zip(hypotheses, $0).map { ($0, .double($1)) }) }
            ),
            ("unidentifiable", .array(theory.unidentifiable.map { .string(hypotheses[$0]) })),
            ("notes", .array(theory.notes.map { .string($0) })),
        ]
        if let steady = theory.steadyState {
            pairs.append(("step_size", .double(steady.stepSize)))
            pairs.append(
                (
                    "steady_state",
                    .object(
                        hypotheses.indices.filter { $0 != theory.truth }.map { h in
                            (
                                hypotheses[h],
                                .object([
                                    ("mean", .array(steady.mean[h].map { .double($0) })),
                                    ("variance", .array(steady.variance[h].map { .double($0) })),
                                    ("small_step_mean", .double(steady.limitMean[h])),
                                    ("small_step_variance", .double(steady.limitVariance[h])),
                                ])
                            )
                        })
                ))
        }
        return .object(pairs)
    }
}

/// The plain average used in reports.
enum RunSummaryAverage {
    static func of(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}
