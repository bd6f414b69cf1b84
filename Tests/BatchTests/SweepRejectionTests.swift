import Batch
import Foundation
import Testing

/// Sweeps that cannot give the runs they list: repeated values in one axis, and keys that
/// make every run fail. Both are rejected before any run starts.
struct SweepRejectionTests {
    private func failure(_ body: String) throws -> String? {
        let file = try Fixture.path("sweeps/test.yaml")
        do {
            _ = try Sweep.parse("scenario: ../scenarios/ring8.yaml\n" + body, file: file)
            return nil
        } catch let error as BatchError {
            return error.description
        }
    }

    @Test("repeated grid value rejected")
    func repeatedGridValue() throws {
        let message = try #require(try failure("grid:\n  update.step_size: [0.1, 0.2, 0.1]\n"))
        #expect(message.contains("test.yaml:3: `grid.update.step_size`"), "\(message)")
        #expect(message.contains("`update.step_size=0.1` appears more than once"), "\(message)")
    }

    @Test("repeated zip pair and range value rejected")
    func repeatedZipAndRange() throws {
        let zip = try failure(
            """
            zip:
              - update.step_size: [0.1, 0.1]
                likelihood.std: [1, 1]
            """)
        #expect(zip?.contains("appears more than once") == true, "\(zip ?? "accepted")")
        let range = try failure(
            "grid:\n  likelihood.std: {from: 1, to: 1, count: 3}\n")
        #expect(range?.contains("appears more than once") == true, "\(range ?? "accepted")")
        #expect(try failure("grid:\n  update.step_size: [0.1, 0.2]\n") == nil)
    }

    @Test("a misspelt key shared by every run is one problem of the sweep")
    func sharedProblem() throws {
        let bad = try Sweep.load(path: try Fixture.path("sweeps/bad-key.yaml"))
        let problem = try #require(bad.sharedProblem())
        #expect(problem.contains("update.stepsize"), "\(problem)")
        #expect(problem.contains("did you mean `step_size`?"), "\(problem)")
        let some = try Sweep.load(path: try Fixture.path("sweeps/some-invalid.yaml"))
        #expect(some.sharedProblem() == nil, "only one of two runs is invalid")
        let good = try Sweep.load(path: try Fixture.path("sweeps/grid2.yaml"))
        #expect(good.sharedProblem() == nil)
    }
}

extension BatchCommandSuite {
    /// `hearsay batch` on sweeps that cannot run: exit status 2 before any run.
    struct SweepRejectionCommandTests {
        @Test("repeated values and a misspelt key exit 2, with and without --dry-run")
        func rejectedBeforeRunning() throws {
            let work = try TemporaryFolder()
            defer { work.remove() }
            let cases = [
                ("duplicate-values", "`update.step_size=0.1` appears more than once"),
                ("bad-key", "every run of"),
            ]
            for (name, expected) in cases {
                let sweep = try Fixture.path("sweeps/\(name).yaml")
                for extra in [["--dry-run"], ["--jobs", "1"]] {
                    let folder = work.path(name)
                    let result = try Hearsay.run(
                        ["batch", sweep, "--output", folder] + extra, in: work.url)
                    #expect(result.status == 2, "\(name) \(extra): \(result.standardError)")
                    #expect(result.standardError.contains(expected), "\(result.standardError)")
                    #expect(!FileManager.default.fileExists(atPath: folder), "nothing written")
                }
            }
            let bad = try Hearsay.run(
                ["batch", try Fixture.path("sweeps/bad-key.yaml"), "--dry-run"], in: work.url)
            #expect(bad.standardError.contains("update.stepsize"), "\(bad.standardError)")
        }

        @Test("a value invalid at one grid point stays a per-run failure in --dry-run")
        func partlyInvalidStaysPerRun() throws {
            let work = try TemporaryFolder()
            defer { work.remove() }
            let result = try Hearsay.run(
                ["batch", try Fixture.path("sweeps/some-invalid.yaml"), "--dry-run"],
                in: work.url)
            #expect(result.status == 1, "\(result.standardError)")
            #expect(result.standardOutput.contains("update.step_size=-1 rep=1"))
            #expect(result.standardError.contains("1 runs have an invalid scenario"))
        }
    }
}
