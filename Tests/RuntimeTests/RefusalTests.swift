import Foundation
import Testing

extension RuntimeSuite {
    /// Agent processes that are not part of the run: the coordinator refuses them at once,
    /// so they exit with status 2 and a reason instead of waiting for a configuration.
    @Suite("Refused agents")
    struct RefusalTests {
        static let scenario = TestPaths.scenario("ring8-faults.yaml")

        @Test("wrong run id, index out of range, index taken")
        func strayAgentsAreRefused() async throws {
            let sandbox = try Sandbox("refusal")
            defer { sandbox.cleanUp() }
            guard
                let lone = try await LoneCoordinator.start(
                    in: sandbox, scenario: Self.scenario,
                    arguments: [
                        "--output", sandbox.path("run"), "--startup-timeout", "8", "faults=[]",
                    ])
            else { return }
            let (coordinator, endpoint, run) = (lone.process, lone.endpoint, lone.run)

            let otherRun = randomRunID()
            let cases: [(arguments: [String], reason: String)] = [
                (["--run-id", otherRun, "--index", "1"], "not \(otherRun); check --run-id"),
                (["--run-id", run, "--index", "8"], "index 8 is outside this run's agents 0 to 7"),
            ]
            for (index, stray) in cases.enumerated() {
                let agent = try sandbox.start(
                    ["agent", "--coordinator", endpoint] + stray.arguments,
                    label: "stray-\(index)")
                let termination = await agent.wait(timeout: .seconds(5))
                #expect(termination == .exited(2), "\(agent.standardError)")
                #expect(agent.standardError.contains(stray.reason), "\(agent.standardError)")
            }

            // The first agent with index 0 is welcome; a second one is refused.
            let first = try sandbox.start(
                ["agent", "--coordinator", endpoint, "--run-id", run, "--index", "0"],
                label: "first")
            // Give the first agent time to register before the second one sends its HELLO.
            try await Task.sleep(for: .milliseconds(500))
            let second = try sandbox.start(
                ["agent", "--coordinator", endpoint, "--run-id", run, "--index", "0"],
                label: "second")
            let termination = await second.wait(timeout: .seconds(5))
            #expect(termination == .exited(2), "\(second.standardError)")
            #expect(
                second.standardError.contains("agent 1 (index 0) is already taken"),
                "\(second.standardError)")

            // Without its seven peers the run cannot start; the coordinator gives up, stops
            // the agent it registered and exits non-zero.
            let ended = await coordinator.wait(timeout: .seconds(20))
            #expect(ended == .exited(1), "\(coordinator.standardError)")
            #expect(await first.wait(timeout: .seconds(10)) != nil)
        }
    }
}
