import Batch
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension BatchCommandSuite {
    /// A sweep of 4 step sizes × 3 sharing rules × 3 repetitions on the karate club,
    /// interrupted half-way with SIGINT, then resumed.
    @Suite("Interrupt and resume")
    struct InterruptResumeTests {
        static let runCount = 36

        @Test("SIGINT half-way then resume")
        func interruptThenResume() throws {
            let work = try TemporaryFolder()
            defer { work.remove() }
            let sweep = try Fixture.path("sweeps/step-sharing.yaml")
            let folder = work.path("interrupted")
            let arguments = ["batch", sweep, "--output", folder, "--jobs", "4"]

            let driver = try Hearsay.start(arguments, in: work.url)
            let halfWay = BatchIndex.waitForFinished(
                folder, atLeast: Self.runCount / 2, while: driver)
            #expect(halfWay, "the driver ended before half of the runs finished")
            driver.send(SIGINT)
            let interrupted = try driver.wait()
            #expect(!interrupted.signalled)
            #expect(interrupted.status == 130, "standard error: \(interrupted.standardError)")
            #expect(interrupted.standardError.contains("interrupted: no new runs start"))
            #expect(interrupted.standardError.contains("--resume"))

            let stopped = try BatchIndex.rows(folder)
            let finishedBefore = stopped.filter(\.isFinished).count
            #expect(finishedBefore >= Self.runCount / 2)
            #expect(finishedBefore < Self.runCount, "SIGINT stopped nothing")
            #expect(stopped.allSatisfy { $0.isFinished }, "runs in progress finish after SIGINT")

            let again = try Hearsay.run(arguments, in: work.url)
            #expect(again.status == 2, "a started folder needs --resume")
            #expect(again.standardError.contains("pass --resume"))

            let resumed = try Hearsay.run(arguments + ["--resume"], in: work.url)
            #expect(resumed.status == 0, "standard error: \(resumed.standardError)")
            let toRun = Self.runCount - finishedBefore
            #expect(
                resumed.standardError.contains(
                    "\(finishedBefore) finished before, \(toRun) to run"))

            let rows = try BatchIndex.rows(folder)
            #expect(rows.count == Self.runCount)
            #expect(Set(rows.map(\.key)).count == Self.runCount, "duplicate run keys")
            #expect(rows.map(\.index) == Array(1...Self.runCount))
            #expect(rows.allSatisfy { $0.status == .completed })
            #expect(rows.allSatisfy { $0["attempts"].integer == 1 }, "a finished run ran twice")

            let clean = work.path("clean")
            let cleanRun = try Hearsay.run(
                ["batch", sweep, "--output", clean, "--jobs", "2"], in: work.url)
            #expect(cleanRun.status == 0, "standard error: \(cleanRun.standardError)")
            let expected = try BatchIndex.results(clean)
            let found = try BatchIndex.results(folder)
            #expect(found.count == expected.count)
            for (key, values) in expected {
                #expect(found[key] == values, "run \(key) differs from the clean sweep")
            }
            for row in rows {
                for name in ["summary.json", "beliefs.csv"] {
                    let mine = BatchIndex.runFile(folder, row, name)
                    #expect(mine != nil, "\(row.key) has no \(name)")
                    #expect(
                        mine == BatchIndex.runFile(clean, row, name),
                        "\(row.key): \(name) differs from the clean sweep")
                }
            }
        }

        @Test("export writes the index as CSV")
        func exportCSV() throws {
            let work = try TemporaryFolder()
            defer { work.remove() }
            let sweep = try Fixture.path("sweeps/seeds.yaml")
            let folder = work.path("seeds")
            let run = try Hearsay.run(["batch", sweep, "--output", folder], in: work.url)
            #expect(run.status == 0, "standard error: \(run.standardError)")

            let csvPath = work.path("seeds.csv")
            let export = try Hearsay.run(
                ["batch", "export", folder, "--output", csvPath], in: work.url)
            #expect(export.status == 0, "standard error: \(export.standardError)")
            let lines = try String(contentsOfFile: csvPath, encoding: .utf8)
                .split(separator: "\n").map(String.init)
            #expect(lines.count == 11, "a header and 10 runs")
            let header = lines.first?.split(separator: ",").map(String.init) ?? []
            #expect(header.prefix(4) == ["run_key", "run_index", "repetition", "update.step_size"])
            #expect(!header.contains("parameters"), "parameters are spread into columns")
            for column in [
                "seed", "status", "convergence_round", "error_rate", "measured_rate",
                "predicted_rate", "folder", "command",
            ] {
                #expect(header.contains(column), "no column \(column)")
            }
            let rows = try BatchIndex.rows(folder)
            for (line, row) in zip(lines.dropFirst(), rows) {
                #expect(line.hasPrefix("\(row.key),\(row.index),"))
                #expect(line.contains(",\(row.seed),completed,"))
            }

            let chosen = try Hearsay.run(
                ["batch", "export", folder, "--columns", "run_index,update.step_size,seed"],
                in: work.url)
            #expect(chosen.status == 0)
            let chosenLines = chosen.standardOutput.split(separator: "\n").map(String.init)
            #expect(chosenLines.first == "run_index,update.step_size,seed")
            #expect(chosenLines.dropFirst().first == "1,0.05,\(rows.first?.seed ?? "")")

            let unknown = try Hearsay.run(
                ["batch", "export", folder, "--columns", "run_index,nonsense"], in: work.url)
            #expect(unknown.status == 2)
            #expect(unknown.standardError.contains("unknown column `nonsense`"))
        }
    }
}
