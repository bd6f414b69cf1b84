import Testing

extension RuntimeSuite {
    /// Heartbeats must keep flowing while the coordinator is busy, or agents that hear nothing
    /// for three intervals plus 2 s leave a healthy run.
    @Suite("Heartbeats")
    struct HeartbeatTests {
        /// 34 agents report every round while the coordinator writes every row. With a 0.1 s
        /// interval the agents give up on a coordinator that is silent for 2.3 s.
        @Test("busy coordinator keeps sending heartbeats")
        func busyCoordinator() async throws {
            let sandbox = try Sandbox("heartbeats")
            defer { sandbox.cleanUp() }
            let scenario = TestPaths.scenario("quickstart.yaml")
            let overrides = ["rounds=500", "report_every=1", "runtime.heartbeat_interval=0.1"]

            let run = try sandbox.startRun(scenario, output: "run", overrides: overrides)
            let termination = await run.wait(timeout: .seconds(60))
            let log = run.standardError
            let reference = try await sandbox.simulate(
                scenario, output: "simulate", overrides: overrides)
            let folder = RunFolder(sandbox.path("run"))
            // The coordinator handles messages for at most 20 ms at a time, then sends its
            // heartbeats. Before that limit, a backlog kept it silent until the agents left.
            #expect(termination == .exited(0), "\(log)")
            #expect(!log.contains("lost the coordinator"), "\(log)")
            #expect(firstDifference(folder.beliefs, reference.beliefs) == nil)
            #expect(firstDifference(folder.summary, reference.summary) == nil)
            #expect(sandbox.agents(launchedBy: run).isEmpty)
        }
    }
}
