import Foundation
import Scenario
import SocialLearning
import Testing

/// `hearsay simulate`: the run folder, reproducibility, overrides and exit statuses.
struct SimulateCommandTests {
    /// Runs `simulate SCENARIO --output <folder>/run EXTRA…` and returns the result and the
    /// run folder.
    private func simulate(
        _ scenario: String, in work: TemporaryFolder, output: String = "run", _ extra: String...,
        whileRunning: ((Process) -> Void)? = nil
    ) throws -> (CommandResult, URL)? {
        let folder = work.url.appendingPathComponent(output)
        let arguments = ["simulate", scenario, "--output", folder.path] + extra
        guard let result = try Hearsay.run(arguments, in: work.url, whileRunning: whileRunning)
        else { return nil }
        return (result, folder)
    }

    private func text(_ folder: URL, _ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    private func data(_ folder: URL, _ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }

    private func summary(_ folder: URL) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: data(folder, "summary.json"))
        return try #require(object as? [String: Any])
    }

    @Test("run folder files")
    func runFolderFiles() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/line3-gaussian.yaml")
        guard let (result, folder) = try simulate(scenario, in: work) else { return }
        #expect(!result.signalled)
        #expect(result.status == 0, "standard error: \(result.standardError)")
        #expect(result.standardOutput.contains("results: \(folder.path)"))

        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let expected = [
            "agents.csv", "beliefs.csv", "scenario.yaml", "summary.json", "topology.edges",
        ]
        #expect(files == expected)
        #expect(try text(folder, "agents.csv") == "index,agent\n0,1\n1,2\n2,3\n")
        #expect(
            try text(folder, "topology.edges")
                == String(contentsOfFile: Fixture.path("topologies/line3.edges"), encoding: .utf8))
        #expect(try work.contents() == ["run"], "nothing but the run folder in the work folder")
    }

    @Test("beliefs.csv rows")
    func beliefsRows() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/line3-gaussian.yaml")
        guard let (result, folder) = try simulate(scenario, in: work) else { return }
        #expect(result.status == 0)

        let lines = try text(folder, "beliefs.csv").split(separator: "\n").map(String.init)
        #expect(lines.first == "round,agent,calm,storm")
        let rows = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
        // 25 rounds reported every 10: rounds 10 and 20, then the last round 25.
        #expect(rows.map { $0[0] } == ["10", "10", "10", "20", "20", "20", "25", "25", "25"])
        #expect(rows.map { $0[1] } == ["1", "2", "3", "1", "2", "3", "1", "2", "3"])
        for row in rows {
            #expect(row.count == 4)
            let beliefs = row.dropFirst(2).compactMap(Double.init)
            #expect(beliefs.count == 2, "row \(row)")
            #expect(abs(beliefs.reduce(0, +) - 1) < 1e-12, "row \(row)")
        }
    }

    @Test("summary.json")
    func summaryJSON() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/line3-gaussian.yaml")
        guard let (result, folder) = try simulate(scenario, in: work) else { return }
        #expect(result.status == 0)
        let summary = try summary(folder)
        #expect(summary["scenario"] as? String == "line3-gaussian")
        #expect(summary["status"] as? String == "completed")
        #expect(summary["agents"] as? Int == 3)
        #expect(summary["rounds"] as? Int == 25)
        #expect(summary["seed"] as? String == "4")
        #expect(summary["truth"] as? String == "calm")
        #expect(summary["hypotheses"] as? [String] == ["calm", "storm"])
    }

    @Test("undefined rate is not NaN")
    func undefinedRate() throws {
        // Agent 1 starts with a belief of 0 in the truth `a` and agent 2 with 0 in `b`. Pooling
        // gives both agents both zeros, so λ(b) = log 0 − log 0 has no value.
        let work = try TemporaryFolder()
        defer { work.remove() }
        try "agents: 2\ndirected: false\nweights: uniform\n1 2\n".write(
            toFile: work.path("pair.edges"), atomically: true, encoding: .utf8)
        let scenario = """
            topology: pair.edges
            hypotheses: [a, b, c]
            truth: a
            likelihood: {family: gaussian, means: [0, 1, 2], std: 1}
            agents:
              "1": {initial_belief: [0, 0.5, 0.5]}
              "2": {initial_belief: [0.5, 0, 0.5]}
            rounds: 5
            """
        try scenario.write(toFile: work.path("zeros.yaml"), atomically: true, encoding: .utf8)
        guard let (result, folder) = try simulate(work.path("zeros.yaml"), in: work) else {
            return
        }
        #expect(result.status == 0, "standard error: \(result.standardError)")
        #expect(result.standardOutput.contains("`b`: undefined vs 0.5"))
        #expect(!result.standardOutput.lowercased().contains("nan"))
        let measured = try #require(summary(folder)["measured"] as? [String: Any])
        let rates = try #require(measured["rates"] as? [String: Any])
        #expect(rates["b"] is NSNull)
    }

    @Test("resolved scenario reloads")
    func resolvedScenarioReloads() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/line3-gaussian.yaml")
        guard let (result, folder) = try simulate(scenario, in: work, "rounds=30", "seed=9")
        else { return }
        #expect(result.status == 0)
        let resolved = try text(folder, "scenario.yaml")
        #expect(resolved.contains("topology: topology.edges\n"))
        #expect(resolved.contains("rounds: 30\n"))
        #expect(resolved.contains("seed: 9\n"))

        let reloaded = try Scenario.load(path: folder.appendingPathComponent("scenario.yaml").path)
        let original = try Scenario.load(path: scenario, overrides: ["rounds=30", "seed=9"])
        #expect(reloaded.model == original.model)
        #expect(reloaded.rounds == 30)
        #expect(reloaded.reportEvery == original.reportEvery)
    }

    @Test("same seed gives identical files")
    func sameSeedIdenticalFiles() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/zero-probability.yaml")
        guard let (first, one) = try simulate(scenario, in: work, output: "one"),
            let (second, two) = try simulate(scenario, in: work, output: "two")
        else { return }
        #expect(first.status == 0)
        #expect(second.status == 0)
        #expect(try data(one, "beliefs.csv") == data(two, "beliefs.csv"))
        #expect(try data(one, "summary.json") == data(two, "summary.json"))
    }

    @Test("threads keep the files")
    func threadsKeepFiles() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/line3-gaussian.yaml")
        guard let (first, one) = try simulate(scenario, in: work, output: "one"),
            let (second, two) = try simulate(scenario, in: work, output: "two", "--threads", "2"),
            let (third, three) = try simulate(scenario, in: work, output: "three", "--threads=3")
        else { return }
        for result in [first, second, third] {
            #expect(result.status == 0, "standard error: \(result.standardError)")
        }
        for folder in [two, three] {
            #expect(try data(one, "beliefs.csv") == data(folder, "beliefs.csv"))
            #expect(try data(one, "summary.json") == data(folder, "summary.json"))
        }
    }

    @Test("threads outside 1 to 256", arguments: ["0", "-2", "257", "two"])
    func invalidThreads(value: String) throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/line3-gaussian.yaml")
        guard let (result, folder) = try simulate(scenario, in: work, "--threads", value)
        else { return }
        #expect(!result.signalled)
        #expect(result.status == 2)
        let expected =
            Int(value) == nil
            ? "hearsay: error: option --threads expects a whole number, found `\(value)`\n"
            : "hearsay: error: option --threads expects a number of threads from 1 to 256, "
                + "found \(value)\n"
        #expect(result.standardError == expected)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test(
        "interrupt exits with 128 plus signal",
        arguments: [SIGINT, SIGTERM])
    func interrupted(signal: Int32) throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/line3-gaussian.yaml")
        let folder = work.url.appendingPathComponent("run")
        let beliefs = folder.appendingPathComponent("beliefs.csv")

        var sent = false
        let arguments = [
            "simulate", scenario, "--output", folder.path, "--threads", "2",
            "rounds=100000000", "report_every=1000",
        ]
        guard
            let result = try Hearsay.run(
                arguments, in: work.url,
                whileRunning: { process in
                    // Once some rows are written, as a person would press Ctrl-C.
                    let size = (try? beliefs.resourceValues(forKeys: [.fileSizeKey]))?.fileSize
                    if !sent, (size ?? 0) > 10_000 {
                        kill(process.processIdentifier, signal)
                        sent = true
                    }
                })
        else { return }

        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        #expect(sent)
        #expect(!result.signalled)
        #expect(result.status == 128 + signal, "standard error: \(result.standardError)")
        #expect(result.standardError.contains("the run failed: interrupted by \(name) after round"))

        let summary = try summary(folder)
        #expect(summary["status"] as? String == "failed")
        #expect((summary["error"] as? String)?.hasPrefix("interrupted by \(name)") == true)

        // Every recorded round is complete: three agents per reported round.
        let rows = try text(folder, "beliefs.csv").split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty)
        #expect(rows.count % 3 == 0)
    }

    @Test("unknown option, too many threads")
    func optionChecks() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/line3-gaussian.yaml")
        guard let (quiet, _) = try simulate(scenario, in: work, output: "quiet", "--quiet"),
            let (many, folder) = try simulate(
                scenario, in: work, output: "many", "--threads", "256")
        else { return }
        #expect(quiet.status == 2)
        #expect(quiet.standardError.hasPrefix("hearsay: error: unknown option --quiet\n"))
        #expect(many.status == 0)
        let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        if cores < 256 {
            #expect(
                many.standardError.contains(
                    "hearsay: warning: --threads 256 is more than the \(cores) cores online; "
                        + "using \(cores)\n"))
        }
        #expect(
            FileManager.default.fileExists(
                atPath: folder.appendingPathComponent("summary.json").path))
    }

    @Test("overrides change the run")
    func overridesChangeRun() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/line3-gaussian.yaml")
        guard let (plain, base) = try simulate(scenario, in: work, output: "base"),
            let (seeded, other) = try simulate(scenario, in: work, output: "seed", "seed=5"),
            let (adaptive, fast) = try simulate(
                scenario, in: work, output: "adaptive", "update.rule=adaptive",
                "update.step_size=0.05")
        else { return }
        #expect(plain.status == 0)
        #expect(seeded.status == 0)
        #expect(adaptive.status == 0)
        #expect(try data(base, "beliefs.csv") != data(other, "beliefs.csv"))
        #expect(try summary(other)["seed"] as? String == "5")
        #expect(try data(base, "beliefs.csv") != data(fast, "beliefs.csv"))
        #expect(try summary(base)["update"] as? String == "bayesian")
        #expect(try summary(fast)["update"] as? String == "adaptive")
        #expect(try text(fast, "scenario.yaml").contains("step_size: 0.05"))
    }

    @Test("invalid override rejected")
    func invalidOverrideRejected() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/line3-gaussian.yaml")
        guard let (result, folder) = try simulate(scenario, in: work, "likelihood.means.7=1")
        else { return }
        #expect(!result.signalled)
        #expect(result.status == 2)
        #expect(
            result.standardError
                == "hearsay: error: invalid override `likelihood.means.7=1`: the list "
                + "`likelihood.means` has no item `7`; its items are numbered 0 to 1\n")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test("ids with gaps in the run folder")
    func idsWithGaps() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/gaps.yaml")
        guard let (result, folder) = try simulate(scenario, in: work) else { return }
        #expect(result.status == 0)
        #expect(try text(folder, "agents.csv") == "index,agent\n0,1\n1,5\n2,1000\n")
        let agents = try text(folder, "beliefs.csv").split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",")[1] }
        #expect(agents == ["1", "5", "1000", "1", "5", "1000"])
    }

    @Test("zero-probability symbol")
    func zeroProbabilitySymbol() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/zero-probability.yaml")
        guard let (result, folder) = try simulate(scenario, in: work) else { return }
        #expect(!result.signalled)
        #expect(result.status == 0, "standard error: \(result.standardError)")

        let beliefs = try text(folder, "beliefs.csv")
        #expect(!beliefs.lowercased().contains("nan"))
        let rows = beliefs.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",").map(String.init)
        }
        let last = rows.filter { $0[0] == "300" }
        #expect(last.map { $0[1] } == ["1", "2", "3", "4"])
        for row in last {
            // The belief in h1 is exactly 0 once `c` has been seen somewhere in the network.
            #expect(row[2] == "0.0", "agent \(row[1]): \(row)")
            let h2 = try #require(Double(row[3]))
            let h3 = try #require(Double(row[4]))
            #expect(h2 > h3, "agent \(row[1]) decides h2: \(row)")
        }

        let summary = try summary(folder)
        #expect(summary["status"] as? String == "completed")
        let final = try #require(summary["final"] as? [[String: Any]])
        #expect(final.count == 4)
        for agent in final {
            #expect(agent["decision"] as? String == "h2", "\(agent)")
        }
    }

    @Test("injected fault exits with 1")
    func injectedFaultExitsWithOne() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = Fixture.shipped("scenarios/ring8-faults.yaml")
        guard let (result, folder) = try simulate(scenario, in: work) else { return }
        #expect(!result.signalled)
        #expect(result.status == 1)
        #expect(
            result.standardError.contains(
                "hearsay: error: the run failed: agent 4 lost at round 50"))
        let summary = try summary(folder)
        #expect(summary["status"] as? String == "failed")
        #expect(summary["rounds"] as? Int == 49)
        let rounds = try text(folder, "beliefs.csv").split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",")[0] }
        #expect(Set(rounds) == ["10", "20", "30", "40", "49"])
    }

    /// libigraph loads OpenBLAS, whose thread pool spun on a second core for the first 0.2 s
    /// of every process. `hearsay` ends that pool as it starts, so a run on one thread has
    /// one thread.
    @Test("a one-thread run has one thread")
    func oneThreadRunHasOneThread() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/line3-gaussian.yaml")
        let started = Date()
        var counts: [Int] = []
        guard
            let (result, _) = try simulate(
                scenario, in: work, "rounds=100000000", "report_every=100000000",
                whileRunning: { process in
                    // Past start-up: the libraries are loaded and the rounds are running.
                    guard Date().timeIntervalSince(started) > 1, counts.count < 20 else { return }
                    let tasks = "/proc/\(process.processIdentifier)/task"
                    counts.append(
                        (try? FileManager.default.contentsOfDirectory(atPath: tasks).count) ?? 0)
                    if counts.count == 20 {
                        process.terminate()
                    }
                })
        else { return }
        #expect(counts.count == 20, "the run ended before it was looked at: \(result)")
        // The later half only: on a busy machine the first look may come before `main`.
        #expect(counts.suffix(10).allSatisfy { $0 == 1 }, "threads seen: \(counts)")
    }
}
