import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension RuntimeSuite {
    /// Ctrl-C (or SIGTERM) on `hearsay run`: the run is recorded as interrupted, every agent
    /// process is gone when the command returns, and no socket is left behind.
    @Suite("Interrupted run")
    struct InterruptTests {
        static let scenario = TestPaths.scenario("ring8-faults.yaml")

        /// How the test delivers the signal.
        enum Delivery: String, Sendable, CustomTestStringConvertible {
            /// SIGINT to the run's process group, as a terminal sends Ctrl-C to the foreground
            /// job.
            case sigintToGroup = "SIGINT to the process group"
            /// SIGINT to the `hearsay run` process alone.
            case sigintToProcess = "SIGINT to the process"
            /// SIGTERM to the `hearsay run` process alone.
            case sigtermToProcess = "SIGTERM to the process"

            var testDescription: String { rawValue }

            var signal: Int32 { self == .sigtermToProcess ? SIGTERM : SIGINT }
        }

        @Test(
            "Ctrl-C and SIGTERM on hearsay run",
            arguments: [Delivery.sigintToGroup, .sigintToProcess, .sigtermToProcess])
        func interrupt(_ delivery: Delivery) async throws {
            let sandbox = try Sandbox("interrupt")
            defer { sandbox.cleanUp() }
            let socketFilesBefore = UnixSockets.hearsayFilesInTemporaryFolder()

            let run = try sandbox.startRun(
                Self.scenario, output: "run",
                overrides: ["faults=[]", "rounds=100000", "report_every=1"],
                ownProcessGroup: true)
            let folder = RunFolder(sandbox.path("run"))
            guard
                await waitForBeliefRound(20, in: folder, while: run, timeout: .seconds(30))
                    != nil
            else {
                Issue.record("the run never reached round 20: \(run.standardError)")
                return
            }
            let agents = sandbox.agents(launchedBy: run)
            #expect(agents.count == 8)
            if delivery == .sigintToGroup {
                #expect(killpg(run.pid, SIGINT) == 0)
            } else {
                #expect(run.send(delivery.signal))
            }

            let termination = await run.wait(timeout: .seconds(10))
            let log = run.standardError
            #expect(termination == .exited(128 + delivery.signal), "\(log)")
            // The coordinator reaps its agents before it exits, so none may be left now.
            let left = agents.filter { isRunning($0.pid) }.map(\.pid)
            #expect(left.isEmpty, "agent processes left: \(left)")
            #expect(sandbox.agents(launchedBy: run).isEmpty)

            if let short = shortRunID(inLog: log) {
                #expect(UnixSockets.abstractNames(containing: "hearsay-\(short)").isEmpty)
            } else {
                Issue.record("no run id in the log: \(log)")
            }
            let newFiles = UnixSockets.hearsayFilesInTemporaryFolder().subtracting(
                socketFilesBefore)
            #expect(newFiles.isEmpty, "socket files left in /tmp: \(newFiles)")
            #expect(socketFiles(under: sandbox.folder).isEmpty)

            // The run is recorded as interrupted, with every complete round kept.
            #expect(folder.status == "failed")
            let name = delivery.signal == SIGINT ? "SIGINT" : "SIGTERM"
            #expect(
                folder.error?.contains("interrupted by \(name)") == true,
                "\(folder.error ?? "no error in summary.json")")
            let rounds = folder.beliefRounds
            let last = rounds.last ?? 0
            #expect(last >= 20)
            #expect(rounds == (1...max(last, 1)).flatMap { Array(repeating: $0, count: 8) })
        }

        /// Socket files anywhere below `folder`.
        private func socketFiles(under folder: String) -> [String] {
            let names = FileManager.default.subpaths(atPath: folder) ?? []
            return names.filter { name in
                var info = stat()
                return lstat(folder + "/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFSOCK
            }
        }
    }
}
