import Batch
import Foundation
import Testing

extension BatchCommandSuite {
    /// Step size in {0.05, 0.2} × 5 repetitions under master seed 42, run with 1 worker, then
    /// 4, then 4 again: every run's seed and belief trace depend only on its key.
    @Suite("Seeds across workers")
    struct SeedsAcrossWorkersTests {
        @Test("1, 4 and 4 workers agree")
        func workersAgree() throws {
            let work = try TemporaryFolder()
            defer { work.remove() }
            let sweep = try Fixture.path("sweeps/seeds.yaml")
            var folders: [String] = []
            for (number, jobs) in [1, 4, 4].enumerated() {
                let folder = work.path("jobs\(jobs)-\(number)")
                let run = try Hearsay.run(
                    ["batch", sweep, "--output", folder, "--jobs", "\(jobs)"], in: work.url)
                #expect(run.status == 0, "standard error: \(run.standardError)")
                folders.append(folder)
            }

            let first = try BatchIndex.rows(folders[0])
            #expect(first.count == 10)
            #expect(Set(first.map(\.seed)).count == 10, "seeds are not distinct")
            for row in first {
                let derived = RunSeed.derive(base: 42, key: row.key)
                #expect(row.seed == "\(derived)", "\(row.key): seed not derived from its key")
            }
            for folder in folders.dropFirst() {
                let other = try BatchIndex.rowsByKey(folder)
                #expect(other.count == 10)
                for row in first {
                    #expect(other[row.key]?.seed == row.seed, "\(row.key): seed differs")
                    let trace = BatchIndex.runFile(folders[0], row, "beliefs.csv")
                    #expect(trace != nil)
                    let otherTrace = other[row.key].flatMap {
                        BatchIndex.runFile(folder, $0, "beliefs.csv")
                    }
                    #expect(otherTrace == trace, "\(row.key): belief trace differs in \(folder)")
                }
            }

            for step in ["0.05", "0.2"] {
                let traces = first.filter { $0.key.contains("update.step_size=\(step) ") }
                    .compactMap { BatchIndex.runFile(folders[0], $0, "beliefs.csv") }
                #expect(traces.count == 5)
                #expect(Set(traces).count == 5, "repetitions of step \(step) repeat a trace")
            }
        }

        @Test("recorded command reruns one run")
        func recordedCommandReruns() throws {
            let work = try TemporaryFolder()
            defer { work.remove() }
            let sweep = try Fixture.path("sweeps/seeds.yaml")
            let folder = work.path("seeds")
            let run = try Hearsay.run(["batch", sweep, "--output", folder], in: work.url)
            #expect(run.status == 0, "standard error: \(run.standardError)")

            let row = try #require(try BatchIndex.rows(folder).last)
            let command = try #require(row["command"].text)
            #expect(command.hasPrefix("hearsay simulate "))
            #expect(command.contains("seed=\(row.seed)"))
            let original = try #require(BatchIndex.runFile(folder, row, "beliefs.csv"))
            let runFolder = (folder as NSString).appendingPathComponent(row.folder)
            try FileManager.default.removeItem(atPath: runFolder)

            // The command names `hearsay`; a PATH entry makes it the binary under test.
            let binaryFolder = (try Hearsay.path as NSString).deletingLastPathComponent
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            let rerun = try Command.run(
                "/bin/bash", ["-c", command], in: work.url,
                environment: ["PATH": "\(binaryFolder):\(path)"])
            #expect(rerun.status == 0, "standard error: \(rerun.standardError)")
            #expect(BatchIndex.runFile(folder, row, "beliefs.csv") == original)
        }
    }
}
