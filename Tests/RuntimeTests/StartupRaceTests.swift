import Foundation
import Testing

extension RuntimeSuite {
    @Suite("Start-up race")
    struct StartupRaceTests {
        /// Repetitions of the race; two run at a time. 50 take about 15 s in a debug build on
        /// two cores (measured with this suite alone).
        static let repetitions = 50

        /// Three agents on the line 1 – 2 – 3 and the coordinator are started together, 50
        /// times, and every run must write the beliefs.csv and summary.json of `simulate`.
        ///
        /// Byte identity is what proves the share count. With `report_every=1` beliefs.csv
        /// holds every agent's belief after every round, and each belief is a weighted
        /// geometric average of the agent's own intermediate belief and the shares it
        /// received. In the in-process engine agent 2 combines the round-i shares of agents 1
        /// and 3, and agents 1 and 3 combine the round-i share of agent 2. A share lost at
        /// start-up would be filled from the receiver's own belief, and a share of round i + 1
        /// mixed into round i would carry a different observation, so either changes the
        /// bits of that row (with probability 1 for Gaussian observations).
        @Test("line of 3 started at once")
        func lineStartedAtOnce() async throws {
            let sandbox = try Sandbox("startup-race")
            defer { sandbox.cleanUp() }
            let scenario = TestPaths.scenario("ring8-faults.yaml")
            let overrides = [
                "topology=\(TestPaths.topology("line3.edges"))", "faults=[]", "rounds=5",
                "report_every=1",
            ]
            let reference = try await sandbox.simulate(
                scenario, output: "simulate", overrides: overrides)

            var next = 0
            while next < Self.repetitions {
                let batch = Array(next..<min(next + 2, Self.repetitions))
                next += batch.count
                var races: [Race] = []
                for repetition in batch {
                    races.append(
                        try Race(
                            repetition: repetition, sandbox: sandbox, scenario: scenario,
                            overrides: overrides))
                }
                for race in races {
                    try await race.check(against: reference)
                }
            }
        }
    }
}

/// One repetition: `hearsay coordinator` and three `hearsay agent` processes, started
/// back to back without waiting for each other.
private struct Race {
    let repetition: Int
    let output: String
    let coordinator: ChildProcess
    let agents: [ChildProcess]

    init(repetition: Int, sandbox: Sandbox, scenario: String, overrides: [String]) throws {
        self.repetition = repetition
        output = sandbox.path("run-\(repetition)")
        let run = randomRunID()
        let endpoint = "ipc://@hearsay-test-\(run)"
        coordinator = try sandbox.start(
            [
                "coordinator", scenario, "--bind", endpoint, "--run-id", run, "--output",
                output, "--startup-timeout", "20",
            ] + overrides, label: "coordinator-\(repetition)")
        agents = try (0..<3).map { index in
            try sandbox.start(
                [
                    "agent", "--coordinator", endpoint, "--run-id", run, "--index", "\(index)",
                ], label: "agent-\(repetition)-\(index)")
        }
    }

    func check(against reference: RunFolder) async throws {
        let termination = await coordinator.wait(timeout: .seconds(30))
        #expect(
            termination == .exited(0),
            "repetition \(repetition): \(coordinator.standardError)")
        for (index, agent) in agents.enumerated() {
            let agentTermination = await agent.wait(timeout: .seconds(5))
            #expect(
                agentTermination == .exited(0),
                "repetition \(repetition), agent index \(index): \(agent.standardError)")
        }
        let folder = RunFolder(output)
        #expect(
            firstDifference(folder.beliefs, reference.beliefs) == nil,
            "repetition \(repetition): beliefs.csv")
        #expect(
            firstDifference(folder.summary, reference.summary) == nil,
            "repetition \(repetition): summary.json")
    }
}
