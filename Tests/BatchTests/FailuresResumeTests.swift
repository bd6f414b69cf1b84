import Batch
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension BatchCommandSuite {
    /// 20 runs on 4 workers; run 7 has a Gaussian standard deviation of 0 and run 12 loses
    /// agent 3 at round 30. The driver is SIGKILLed after 12 runs finish and resumed.
    @Suite("Failures and resume")
    struct FailuresResumeTests {
        static let runCount = 20

        @Test("SIGKILL after 12 runs then resume")
        func killThenResume() throws {
            let work = try TemporaryFolder()
            defer { work.remove() }
            let sweep = try Fixture.path("sweeps/failures.yaml")
            let clean = work.path("clean")
            let cleanRun = try Hearsay.run(
                ["batch", sweep, "--output", clean, "--jobs", "4"], in: work.url)
            #expect(cleanRun.status == 1, "failed runs make the exit status 1")
            expectFailures(in: clean)
            #expect(cleanRun.standardError.contains("warning: run 7 (run=r07 rep=1) failed"))

            let folder = work.path("killed")
            let arguments = ["batch", sweep, "--output", folder, "--jobs", "4"]
            let driver = try Hearsay.start(arguments, in: work.url)
            let reached = BatchIndex.waitForFinished(folder, atLeast: 12, while: driver)
            driver.send(SIGKILL)
            let killed = try driver.wait()
            #expect(reached, "the driver ended before 12 runs finished")
            #expect(killed.signalled)

            let atKill = try BatchIndex.rows(folder)
            let finished = atKill.filter(\.isFinished)
            let running = atKill.filter { $0.status == .running }
            #expect(finished.count >= 12)
            #expect(finished.count < Self.runCount)
            #expect(!running.isEmpty, "no run was in progress when the driver was killed")
            // A run may have written its summary.json just before the driver died, with its
            // row still saying running: the row decides, so resume must run it again (the
            // planted summary below checks the same rule on purpose).

            // Half-written results: a summary.json in a folder whose row is still running,
            // and a completed row whose summary.json is gone. Both must run again.
            let planted = try #require(running.first)
            let plantedSummary =
                ((folder as NSString).appendingPathComponent(planted.folder)
                as NSString).appendingPathComponent("summary.json")
            try FileManager.default.createDirectory(
                atPath: (plantedSummary as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            try Data("{\"status\": \"completed\", \"rounds\": 1".utf8)
                .write(to: URL(fileURLWithPath: plantedSummary))
            let emptied = try #require(finished.first { $0.status == .completed })
            try FileManager.default.removeItem(
                atPath: ((folder as NSString).appendingPathComponent(emptied.folder)
                    as NSString).appendingPathComponent("summary.json"))

            let resumed = try Hearsay.run(arguments + ["--resume"], in: work.url)
            #expect(resumed.status == 1, "standard error: \(resumed.standardError)")
            let keptCount = finished.count - 1
            #expect(
                resumed.standardError.contains(
                    "\(keptCount) finished before, \(Self.runCount - keptCount) to run"),
                "standard error: \(resumed.standardError)")
            #expect(resumed.standardError.contains("1 completed runs have no summary.json"))

            let rows = try BatchIndex.rowsByKey(folder)
            #expect(rows.count == Self.runCount)
            expectFailures(in: folder)
            let expected = try BatchIndex.results(clean)
            let found = try BatchIndex.results(folder)
            for (key, values) in expected {
                #expect(found[key] == values, "\(key) differs from the clean sweep")
            }
            for row in try BatchIndex.rows(clean) where row.status == .completed {
                #expect(
                    BatchIndex.runFile(folder, row, "beliefs.csv")
                        == BatchIndex.runFile(clean, row, "beliefs.csv"),
                    "\(row.key): beliefs.csv differs from the clean sweep")
            }

            // Only the missing runs executed on resume: finished rows kept their times.
            for row in finished where row.key != emptied.key {
                let after = try #require(rows[row.key])
                #expect(after["attempts"].integer == 1, "\(row.key) ran again")
                #expect(after["finished_at"] == row["finished_at"], "\(row.key) ran again")
            }
            #expect(rows[emptied.key]?["attempts"].integer == 2)
            for row in running {
                #expect(rows[row.key]?["attempts"].integer == 2, "\(row.key) did not rerun")
                #expect(rows[row.key]?.status != .running)
            }
            let executed = rows.values.filter { row in
                finished.first { $0.key == row.key }?["finished_at"] != row["finished_at"]
            }
            #expect(executed.count == Self.runCount - keptCount)
        }

        /// Checks that runs 7 and 12 failed with their reasons and the other 18 completed.
        private func expectFailures(in folder: String) {
            guard let rows = try? BatchIndex.rows(folder) else {
                Issue.record("no index in \(folder)")
                return
            }
            #expect(rows.count == Self.runCount)
            for row in rows {
                switch row.index {
                case 7:
                    #expect(row.status == .failed)
                    #expect(
                        row.error?.contains("`likelihood.std`: standard deviation 0") == true,
                        "run 7: \(row.error ?? "no error")")
                case 12:
                    #expect(row.status == .failed)
                    #expect(
                        row.error?.contains("agent 3 lost at round 30") == true,
                        "run 12: \(row.error ?? "no error")")
                    #expect(row["rounds"].integer == 29)
                default:
                    #expect(row.status == .completed, "run \(row.index): \(row.error ?? "")")
                    #expect(row.error == nil)
                }
            }
        }
    }
}
