import Foundation
import Scenario
import SocialLearning

/// Runs a scenario on the in-process engine and writes its run folder.
public struct InProcessRunner {
    public let scenario: Scenario
    public let folder: String
    /// Also write observations.csv (and topics) for independent re-computation.
    public var exportObservations = false
    /// Threads that share each round; the beliefs are the same bits for any number.
    public var threads = 1
    /// Called after every round with the round number; return false to stop (Ctrl-C).
    public var progress: ((Int, [RoundOutcome]) -> Bool)?
    /// The cause recorded when `progress` stops the run, e.g. "interrupted by SIGINT".
    public var stopReason: () -> String = { "interrupted" }

    public init(scenario: Scenario, folder: String) {
        self.scenario = scenario
        self.folder = folder
    }

    /// Runs to the end (or to convergence, or to the first failure) and returns the outcome.
    ///
    /// A failure in a round keeps everything recorded before it: the outcome carries the
    /// failure and summary.json is written with status `failed`.
    public func run() throws -> RunOutcome {
        let recorder = try RunRecorder(scenario: scenario, folder: folder)
        var simulation = Simulation(
            model: scenario.model, rounds: scenario.rounds, settings: scenario.convergence,
            threads: threads)
        var observations: UnsafeMutablePointer<FILE>?
        if exportObservations {
            observations = try openObservations()
            try recorder.write(ModelExport.json(scenario).rendered() + "\n", to: "model.json")
        }
        defer {
            if let observations { fclose(observations) }
        }
        var failure: String?
        var stepFailed = false
        var stoppedEarly = false
        while simulation.round < scenario.rounds {
            let faults = scenario.faults.filter {
                $0.round == simulation.round + 1 && simulation.active[$0.agent]
            }
            if let fault = faults.first, scenario.runtime.onAgentLoss == .stop {
                // One process holds every agent, so an injected fault ends the whole run, as a
                // lost agent ends a distributed one.
                let name = scenario.topology.names[fault.agent]
                failure =
                    "agent \(name) lost at round \(fault.round): fault injected by the "
                    + "scenario (\(fault.action.rawValue))"
                break
            }
            // Under `on_agent_loss: drop` the lost agent leaves before the round it fails in,
            // as its out-neighbours in a distributed run stop waiting for its share.
            for fault in faults {
                simulation.drop(agent: fault.agent)
            }
            if !simulation.active.contains(true) {
                failure = "every agent was lost by round \(simulation.round + 1)"
                break
            }
            let outcomes: [RoundOutcome]
            do {
                outcomes = try simulation.step()
            } catch {
                failure = "\(error)"
                stepFailed = true
                break
            }
            let round = simulation.round
            if let observations {
                writeObservations(simulation: simulation, round: round, to: observations)
            }
            if recorder.isReportRound(round) {
                recorder.record(round: round, logBeliefs: presentBeliefs(simulation))
            }
            if simulation.tracker.shouldStop {
                stoppedEarly = round < scenario.rounds
                break
            }
            if let progress, !progress(round, outcomes) {
                failure = "\(stopReason()) after round \(round)"
                break
            }
        }
        // A failed round leaves some agents half-updated, so only complete rounds are reported.
        let beliefs: [[Double]] = stepFailed ? [] : presentBeliefs(simulation)
        let statistics = simulation.statistics.indices.filter { simulation.active[$0] }.map {
            simulation.statistics[$0]
        }
        let outcome = RunOutcome(
            rounds: simulation.round,
            report: simulation.tracker.report(finalDecisions: beliefs.map(LogMath.argmax)),
            finalLogBeliefs: beliefs, statistics: statistics,
            stoppedEarly: stoppedEarly, failure: failure)
        return try recorder.finish(outcome, theory: TheorySummary(scenario: scenario))
    }

    /// Returns every agent's log-belief, empty for an agent that was dropped.
    private func presentBeliefs(_ simulation: Simulation) -> [[Double]] {
        simulation.active.indices.map {
            simulation.active[$0] ? simulation.logBelief(of: $0) : []
        }
    }

    private func openObservations() throws -> UnsafeMutablePointer<FILE> {
        let path = (folder as NSString).appendingPathComponent("observations.csv")
        guard let handle = fopen(path, "w") else {
            throw ReportingError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        fputs("round,agent,observation,topic,speaker\n", handle)
        return handle
    }

    /// One line per agent: the observation (symbol index or value), the topic it shared and
    /// the in-neighbour it heard, each empty when the sharing rule has none.
    private func writeObservations(
        simulation: Simulation, round: Int, to handle: UnsafeMutablePointer<FILE>
    ) {
        var text = ""
        for agent in simulation.agents {
            var observation = ""
            switch agent.lastObservation {
            case .symbol(let index): observation = "\(index)"
            case .value(let value): observation = "\(value)"
            case nil: break
            }
            let topic = scenario.model.topic(sender: agent.id, round: round).map(String.init) ?? ""
            var speaker = ""
            if scenario.model.sharing.rule == .randomNeighbour {
                speaker =
                    scenario.model.speaker(listener: agent.id, round: round)
                    .map(String.init) ?? ""
            }
            text += "\(round),\(agent.id),\(observation),\(topic),\(speaker)\n"
        }
        fputs(text, handle)
    }
}
