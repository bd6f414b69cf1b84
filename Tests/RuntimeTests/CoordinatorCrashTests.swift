import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension RuntimeSuite {
    /// The coordinator of a tcp run on fixed ports is killed with SIGKILL: its agents must
    /// not outlive it, and the same ports must be usable again at once.
    @Suite("Crashed coordinator")
    struct CoordinatorCrashTests {
        static let scenario = TestPaths.scenario("ring8-faults.yaml")
        /// Eight agents: the coordinator on port P and agent k on P + 1 + k.
        static let portCount = 9

        @Test("SIGKILL at round 20, relaunch on same ports")
        func killedCoordinator() async throws {
            let sandbox = try Sandbox("coordinator-crash")
            defer { sandbox.cleanUp() }
            guard let port = FreePorts.range(count: Self.portCount) else {
                Issue.record("no \(Self.portCount) consecutive free tcp ports in 20000–30000")
                return
            }

            let first = try sandbox.startRun(
                Self.scenario, output: "first", transport: "tcp", port: port,
                overrides: ["faults=[]", "rounds=100000", "report_every=1"])
            let folder = RunFolder(sandbox.path("first"))
            guard
                await waitForBeliefRound(20, in: folder, while: first, timeout: .seconds(30))
                    != nil
            else {
                Issue.record("the run never reached round 20: \(first.standardError)")
                return
            }
            let agents = sandbox.agents(launchedBy: first)
            #expect(agents.count == 8)
            first.stop()
            #expect(first.termination == .signalled(SIGKILL))

            // The agents get SIGTERM from the kernel when their parent dies.
            let agentsExited = await waitUntil(timeout: .seconds(5)) {
                agents.allSatisfy { !isRunning($0.pid) }
            }
            let left = agents.filter { isRunning($0.pid) }.map(\.pid)
            #expect(agentsExited, "agent processes still running 5 s after the kill: \(left)")
            let rows = folder.lastBeliefRound ?? 0
            #expect(rows >= 20, "rows written before the kill")

            let overrides = ["faults=[]", "rounds=200"]
            let second = try sandbox.startRun(
                Self.scenario, output: "second", transport: "tcp", port: port,
                overrides: overrides)
            let termination = await second.wait(timeout: .seconds(60))
            let log = second.standardError
            if termination == .exited(0) {
                let reference = try await sandbox.simulate(
                    Self.scenario, output: "simulate", overrides: overrides)
                let relaunched = RunFolder(sandbox.path("second"))
                #expect(firstDifference(relaunched.beliefs, reference.beliefs) == nil)
            } else {
                // A refusal must name a port of the run that is still taken.
                let named = (port..<port + Self.portCount).contains { candidate in
                    log.contains("port \(candidate) is still in use")
                }
                #expect(named, "the relaunch ended with \(String(describing: termination)): \(log)")
            }
            #expect(sandbox.agents(launchedBy: second).isEmpty)
        }
    }
}
