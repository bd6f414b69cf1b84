import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension RuntimeSuite {
    /// An agent that dies or freezes mid-run: the coordinator names it and its round within
    /// the heartbeat timeout, keeps what was written, stops the others and exits non-zero.
    ///
    /// The scenario is ring8-faults.yaml: a ring of 8 with self-weight 0.5 and 0.25 on each
    /// neighbour, a heartbeat interval of 0.5 s, so an agent silent for 1 s is lost. Agent
    /// id 4 has index 3; its neighbours 3 and 5 have indices 2 and 4.
    @Suite("Lost agent")
    struct LostAgentTests {
        static let scenario = TestPaths.scenario("ring8-faults.yaml")
        /// Two heartbeat intervals of ring8-faults.yaml.
        static let heartbeatTimeout: Duration = .seconds(1)
        /// Slack over the heartbeat timeout for the coordinator's 50 ms poll, the reaping of
        /// children every 0.1 s and a test polling on two busy cores.
        static let detectionSlack: Duration = .milliseconds(500)
        /// A run that lasts long enough to be caught at round 50, with a row per round.
        static let longRun = ["faults=[]", "rounds=100000", "report_every=1"]

        /// The scenario's own fault: agent 4 exits with status 3 at the start of round 50.
        @Test("fault injected at round 50")
        func injectedExit() async throws {
            let sandbox = try Sandbox("lost-agent-fault")
            defer { sandbox.cleanUp() }

            let run = try sandbox.startRun(Self.scenario, output: "run")
            let termination = await run.wait(timeout: .seconds(30))
            let log = run.standardError
            #expect(termination == .exited(1), "\(log)")
            let lost = logLine(containing: "lost at round", in: log) ?? ""
            #expect(lost.contains("agent 4 lost at round 50"), "\(log)")
            #expect(lost.contains("exited with status 3"), "\(lost)")
            #expect(lost.contains("agents 3, 5 were waiting for its share"), "\(lost)")
            expectNeighboursStopped(log)
            #expect(sandbox.agents(launchedBy: run).isEmpty)
            // Agent processes name themselves by topology id, as the coordinator does.
            #expect(log.contains("hearsay agent 4: exiting at round 50"), "\(log)")

            // Rows of the report rounds before the failure (every 10th round) are kept, and
            // they are the rows that `hearsay simulate` writes for those rounds.
            let folder = RunFolder(sandbox.path("run"))
            #expect(
                folder.beliefRounds == [10, 20, 30, 40].flatMap { Array(repeating: $0, count: 8) })
            #expect(folder.status == "failed")
            // The stopped agents hand over their outcomes, so the summary counts every round
            // that all agents completed, as the in-process engine does.
            #expect(folder.summary?.contains("\"rounds\": 49,") == true, "\(folder.summary ?? "")")
            #expect(
                folder.error?.contains("agent 4 lost at round 50") == true, "\(folder.error ?? "")")
            let reference = try await sandbox.simulate(
                Self.scenario, output: "simulate", expectedStatus: 1)
            #expect(reference.beliefs?.hasPrefix(folder.beliefs ?? "<missing>") == true)
        }

        @Test("SIGKILL at round 50")
        func killedAgent() async throws {
            try await expectLoss(signal: SIGKILL, cause: "its process was killed by SIGKILL")
        }

        @Test("SIGSTOP at round 50")
        func stoppedAgent() async throws {
            try await expectLoss(signal: SIGSTOP, cause: "no message for")
        }

        /// Under `runtime.on_agent_loss: drop`, agents 3 and 5 go on without agent 4 and
        /// renormalise their weights: self 0.5 → 2/3, the remaining neighbour 0.25 → 1/3
        /// (the weights themselves are checked in SocialLearningTests.AgentLossTests). The
        /// in-process engine drops the agent at the same round, so the files are identical.
        @Test("drop and continue after an injected fault")
        func dropAndContinue() async throws {
            let sandbox = try Sandbox("lost-agent-drop")
            defer { sandbox.cleanUp() }
            let overrides = ["runtime.on_agent_loss=drop"]

            let run = try sandbox.startRun(Self.scenario, output: "run", overrides: overrides)
            let termination = await run.wait(timeout: .seconds(30))
            let log = run.standardError
            #expect(termination == .exited(0), "\(log)")
            #expect(log.contains("agent 4 lost at round 50"), "\(log)")
            #expect(log.contains("dropping it from round 50 on"), "\(log)")
            #expect(
                log.contains(
                    "hearsay agent 3: agent 4 was lost; combining without it from round 50"),
                "\(log)")
            #expect(
                log.contains(
                    "hearsay agent 5: agent 4 was lost; combining without it from round 50"),
                "\(log)")
            let reference = try await sandbox.simulate(
                Self.scenario, output: "simulate", overrides: overrides)
            let folder = RunFolder(sandbox.path("run"))
            #expect(firstDifference(folder.beliefs, reference.beliefs) == nil)
            #expect(firstDifference(folder.summary, reference.summary) == nil)
            #expect(folder.status == "completed")
            #expect(folder.lastBeliefRound == 200)
            #expect(folder.summary?.contains("\"dropped_agents\"") == true)
            // Agent 4 has rows up to round 40 and none from round 50 on.
            let rows = folder.beliefs?.split(separator: "\n") ?? []
            #expect(rows.contains { $0.hasPrefix("40,4,") })
            #expect(!rows.contains { $0.hasPrefix("50,4,") || $0.hasPrefix("200,4,") })
            #expect(rows.filter { $0.hasPrefix("200,") }.count == 7)
            #expect(sandbox.agents(launchedBy: run).isEmpty)
        }

        /// The same policy when agent 4 is killed from outside: the run goes on to its end
        /// and exits 0, and the summary names the round agent 4 was dropped from.
        @Test("drop and continue after SIGKILL")
        func dropAfterKill() async throws {
            let sandbox = try Sandbox("lost-agent-drop-kill")
            defer { sandbox.cleanUp() }
            let overrides = [
                "faults=[]", "rounds=3000", "report_every=1", "runtime.on_agent_loss=drop",
            ]
            let run = try sandbox.startRun(Self.scenario, output: "run", overrides: overrides)
            let folder = RunFolder(sandbox.path("run"))
            guard
                await waitForBeliefRound(50, in: folder, while: run, timeout: .seconds(30))
                    != nil
            else {
                Issue.record("the run never reached round 50: \(run.standardError)")
                return
            }
            guard let victim = sandbox.agents(launchedBy: run).first(where: { $0.agentIndex == 3 })
            else {
                Issue.record("no agent process with --index 3")
                return
            }
            kill(victim.pid, SIGKILL)
            let termination = await run.wait(timeout: .seconds(60))
            let log = run.standardError
            #expect(termination == .exited(0), "\(log)")
            #expect(log.contains("killed by SIGKILL"), "\(log)")
            #expect(folder.status == "completed")
            #expect(folder.lastBeliefRound == 3000)
            #expect(folder.summary?.contains("\"dropped_agents\"") == true)
            let rows = folder.beliefs?.split(separator: "\n") ?? []
            #expect(rows.filter { $0.hasPrefix("3000,") }.count == 7)
            #expect(sandbox.agents(launchedBy: run).isEmpty)
            #expect(!isRunning(victim.pid))
        }

        /// Sends `signal` to agent 4 once the run has passed round 50, and checks the report
        /// (which must contain `cause`), its timing, the rows kept, the exit status and that
        /// no agent is left.
        private func expectLoss(
            signal: Int32, cause: String, sourceLocation: SourceLocation = #_sourceLocation
        ) async throws {
            let sandbox = try Sandbox("lost-agent")
            defer { sandbox.cleanUp() }
            let run = try sandbox.startRun(Self.scenario, output: "run", overrides: Self.longRun)
            let folder = RunFolder(sandbox.path("run"))
            guard
                await waitForBeliefRound(50, in: folder, while: run, timeout: .seconds(30))
                    != nil
            else {
                Issue.record("the run never reached round 50: \(run.standardError)")
                return
            }
            guard let victim = sandbox.agents(launchedBy: run).first(where: { $0.agentIndex == 3 })
            else {
                Issue.record("no agent process with --index 3", sourceLocation: sourceLocation)
                return
            }
            kill(victim.pid, signal)

            let detection = await waitForLog(
                "lost at round", of: run,
                timeout: Self.heartbeatTimeout + Self.detectionSlack + .seconds(5))
            #expect(
                detection.map { $0 < Self.heartbeatTimeout + Self.detectionSlack } == true,
                "the coordinator took \(detection.map { "\($0)" } ?? "over 6 s") to report",
                sourceLocation: sourceLocation)
            let termination = await run.wait(timeout: .seconds(10))
            let log = run.standardError
            #expect(termination == .exited(1), "\(log)", sourceLocation: sourceLocation)
            let lost = logLine(containing: "lost at round", in: log) ?? ""
            #expect(lost.contains(cause), "\(lost)", sourceLocation: sourceLocation)
            #expect(
                lost.contains("agents 3, 5 were waiting for its share"), "\(lost)",
                sourceLocation: sourceLocation)
            expectNeighboursStopped(log, sourceLocation: sourceLocation)
            #expect(sandbox.agents(launchedBy: run).isEmpty, sourceLocation: sourceLocation)
            #expect(!isRunning(victim.pid), sourceLocation: sourceLocation)

            // Every round before the lost one has its row, with the bits `simulate` writes.
            let rounds = folder.beliefRounds
            let last = rounds.last ?? 0
            guard let round = lostRound(agent: "4", in: log) else {
                Issue.record("no round in the report: \(log)", sourceLocation: sourceLocation)
                return
            }
            #expect(round >= 50, sourceLocation: sourceLocation)
            #expect(last >= 50, "last row \(last)", sourceLocation: sourceLocation)
            #expect(last < round, "last row \(last)", sourceLocation: sourceLocation)
            #expect(
                rounds == (1...last).flatMap { Array(repeating: $0, count: 8) },
                sourceLocation: sourceLocation)
            #expect(folder.status == "failed", sourceLocation: sourceLocation)
            let reference = try await sandbox.simulate(
                Self.scenario, output: "simulate",
                overrides: ["faults=[]", "rounds=\(last)", "report_every=1"])
            #expect(
                firstDifference(folder.beliefs, reference.beliefs) == nil,
                sourceLocation: sourceLocation)
        }

        /// Agents 3 and 5 (indices 2 and 4) waited for agent 4's share; they must have been
        /// stopped by the coordinator instead of blocking.
        private func expectNeighboursStopped(
            _ log: String, sourceLocation: SourceLocation = #_sourceLocation
        ) {
            for name in ["3", "5"] {
                #expect(
                    log.contains("hearsay agent \(name): stopped by the coordinator"),
                    "agent \(name): \(log)", sourceLocation: sourceLocation)
            }
        }
    }
}
