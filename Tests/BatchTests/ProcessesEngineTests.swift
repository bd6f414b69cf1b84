import Batch
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension BatchCommandSuite {
    /// `--engine processes`: each run is a `hearsay run` child with one process per agent.
    @Suite("Processes engine")
    struct ProcessesEngineTests {
        @Test("lost agent fails only its run")
        func lostAgentFailsOneRun() throws {
            let work = try TemporaryFolder()
            defer { work.remove() }
            let sweep = try Fixture.path("sweeps/ring-fault.yaml")
            let distributed = work.path("processes")
            let run = try Hearsay.run(
                ["batch", sweep, "--output", distributed, "--jobs", "3", "--engine", "processes"],
                in: work.url)
            #expect(run.status == 1, "standard error: \(run.standardError)")

            let rows = try BatchIndex.rowsByKey(distributed)
            #expect(rows.count == 3)
            let lost = try #require(rows["run=lost_agent rep=1"])
            #expect(lost.status == .failed)
            #expect(lost.error?.contains("agent 3 lost at round 30") == true, "\(lost.error ?? "")")
            #expect(lost["engine"].text == "processes")
            #expect(lost["command"].text?.hasPrefix("hearsay run ") == true)

            // Both engines write the same run folders for the runs that completed.
            let inProcess = work.path("in-process")
            let reference = try Hearsay.run(
                ["batch", sweep, "--output", inProcess, "--jobs", "2"], in: work.url)
            #expect(reference.status == 1)
            for key in ["run=clean rep=1", "run=again rep=1"] {
                let row = try #require(rows[key])
                #expect(row.status == .completed, "\(key): \(row.error ?? "")")
                let trace = BatchIndex.runFile(distributed, row, "beliefs.csv")
                #expect(trace != nil)
                #expect(trace == BatchIndex.runFile(inProcess, row, "beliefs.csv"), "\(key)")
            }
            let logs = try FileManager.default.contentsOfDirectory(
                atPath: (distributed as NSString).appendingPathComponent("logs"))
            #expect(logs.count == 3, "one log per run: \(logs)")
        }

        @Test("killed driver leaves no run behind")
        func killedDriverLeavesNoRun() throws {
            let work = try TemporaryFolder()
            defer { work.remove() }
            let sweep = try work.write(
                """
                name: long
                scenario: \(try Fixture.path("scenarios/ring8.yaml"))
                set:
                  rounds: 1000000
                  report_every: 1000
                repetitions: 2
                """, to: "long.yaml")
            let folder = work.path("long")
            let driver = try Hearsay.start(
                ["batch", sweep, "--output", folder, "--jobs", "2", "--engine", "processes"],
                in: work.url)

            // Wait until both runs have their coordinator and 8 agents.
            var family = Set<Int32>()
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline && driver.process.isRunning && family.count < 2 * 9 + 1 {
                Thread.sleep(forTimeInterval: 0.05)
                family = ProcessTable().family(containing: folder)
            }
            family.remove(driver.process.processIdentifier)
            #expect(family.count >= 2 * 9, "runs started: \(family.count) processes")
            driver.send(SIGKILL)

            // The runs' processes go first: until they end, Foundation may not notice that
            // the driver ended.
            let exitDeadline = Date().addingTimeInterval(20)
            while Date() < exitDeadline && ProcessTable.anyAlive(family) {
                Thread.sleep(forTimeInterval: 0.05)
            }
            #expect(!ProcessTable.anyAlive(family), "processes of the runs outlived the driver")
            for pid in family where ProcessTable.anyAlive([pid]) {
                kill(pid, SIGKILL)
            }
            let killed = try driver.wait(timeout: 30)
            #expect(killed.signalled)

            let rows = try BatchIndex.rows(folder)
            #expect(rows.count == 2)
            #expect(rows.allSatisfy { $0.status == .running }, "killed runs stay unfinished")
        }
    }
}
