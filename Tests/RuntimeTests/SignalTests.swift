import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension RuntimeSuite {
    /// Signals other than SIGINT and SIGTERM change nothing; those two stop a process.
    @Suite("Signals")
    struct SignalTests {
        /// The karate club, 34 agents: 500 rounds with a row per round last about 4 s in a
        /// debug build on two cores, long enough to outlast the signals.
        static let quickstart = TestPaths.scenario("quickstart.yaml")
        static let overrides = ["rounds=500", "report_every=1"]
        /// A ring of 8 for the shutdown signals.
        static let ring8 = TestPaths.scenario("ring8-faults.yaml")
        /// Signals that must not disturb a run: SIGCHLD, SIGWINCH and SIGUSR1, which shells,
        /// terminals and job tools send, and the others that docs/protocol.md lists as ignored.
        static let harmless = [SIGCHLD, SIGWINCH, SIGUSR1, SIGUSR2, SIGHUP, SIGPIPE]
        static let repetitions = 100

        /// Once the rounds have begun, every agent and the coordinator get each harmless
        /// signal 100 times, and the run must still write the beliefs of `simulate`.
        @Test("harmless signals, 100 times each")
        func harmlessSignals() async throws {
            let sandbox = try Sandbox("signals")
            defer { sandbox.cleanUp() }

            let run = try sandbox.startRun(
                Self.quickstart, output: "run", overrides: Self.overrides)
            let folder = RunFolder(sandbox.path("run"))
            guard
                await waitForBeliefRound(1, in: folder, while: run, timeout: .seconds(30)) != nil
            else {
                Issue.record("the run never reached round 1: \(run.standardError)")
                return
            }
            let agents = sandbox.agents(launchedBy: run)
            #expect(agents.count == 34)
            let targets = agents.map(\.pid) + [run.pid]

            var failedKills = 0
            for _ in 0..<Self.repetitions {
                for pid in targets {
                    for signal in Self.harmless where kill(pid, signal) != 0 {
                        failedKills += 1
                    }
                }
                try await Task.sleep(for: .milliseconds(1))
            }
            // Signalling began after round 1. A run that is still short of round 500 now got
            // every signal during the rounds.
            let runningAfterSignals = run.poll() == nil
            let roundAfterSignals = folder.lastBeliefRound ?? 0

            let termination = await run.wait(timeout: .seconds(60))
            #expect(termination == .exited(0), "\(run.standardError)")
            #expect(failedKills == 0, "\(failedKills) signals found their target gone")
            #expect(runningAfterSignals, "the run ended before the last signal")
            #expect(roundAfterSignals < 500, "the rounds ended before the last signal")
            let reference = try await sandbox.simulate(
                Self.quickstart, output: "simulate", overrides: Self.overrides)
            #expect(firstDifference(folder.beliefs, reference.beliefs) == nil, "beliefs.csv")
            #expect(firstDifference(folder.summary, reference.summary) == nil, "summary.json")
            #expect(!run.standardError.contains("shutting down"), "\(run.standardError)")
            #expect(sandbox.agents(launchedBy: run).isEmpty)
        }

        /// SIGINT or SIGTERM to one agent shuts that agent down with 128 + the signal, and
        /// the coordinator reports it as lost.
        @Test("SIGINT or SIGTERM stops an agent", arguments: [SIGINT, SIGTERM])
        func shutdownSignal(_ signal: Int32) async throws {
            let sandbox = try Sandbox("shutdown-signal")
            defer { sandbox.cleanUp() }

            let run = try sandbox.startRun(
                Self.ring8, output: "run",
                overrides: ["faults=[]", "rounds=100000", "report_every=1"])
            let folder = RunFolder(sandbox.path("run"))
            guard
                await waitForBeliefRound(20, in: folder, while: run, timeout: .seconds(30))
                    != nil
            else {
                Issue.record("the run never reached round 20: \(run.standardError)")
                return
            }
            guard let victim = sandbox.agents(launchedBy: run).first(where: { $0.agentIndex == 3 })
            else {
                Issue.record("no agent process with --index 3")
                return
            }
            kill(victim.pid, signal)

            let termination = await run.wait(timeout: .seconds(10))
            let log = run.standardError
            #expect(termination == .exited(1), "\(log)")
            let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
            #expect(log.contains("hearsay agent 4: received \(name); shutting down"), "\(log)")
            let lost = logLine(containing: "lost at round", in: log) ?? ""
            #expect(lost.contains("agent 4 lost at round"), "\(log)")
            #expect(lost.contains("exited with status \(128 + signal)"), "\(lost)")
            #expect(sandbox.agents(launchedBy: run).isEmpty)
        }
    }
}
