import Foundation
import Testing

/// `hearsay theory`: the Perron vector and the asymptotic rates of a scenario.
struct TheoryCommandTests {
    @Test("text report")
    func textReport() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/line3-gaussian.yaml")
        guard let result = try Hearsay.run(["theory", scenario], in: work.url) else { return }
        #expect(!result.signalled)
        #expect(result.status == 0, "standard error: \(result.standardError)")
        // Uniform weights with self-loops on the path 1 – 2 – 3 give v = (2, 3, 2) / 7, and
        // N(0, 1) against N(1, 1) gives d = 1/2 at every agent, so m_ave = 1/2.
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains("Perron vector v (agents' long-run influence):"))
        #expect(lines.contains("  1: 0.285714"))
        #expect(lines.contains("  2: 0.428571"))
        #expect(lines.contains("  3: 0.285714"))
        #expect(lines.contains("  1: 0 0.5"))
        #expect(lines.contains("asymptotic rate m_ave(θ) = Σ v_k d_k(θ) (λ/i → m_ave):"))
        #expect(lines.contains("  `storm`: 0.5"))
    }

    @Test("JSON report")
    func jsonReport() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/line3-gaussian.yaml")
        guard let result = try Hearsay.run(["theory", scenario, "--json"], in: work.url)
        else { return }
        #expect(result.status == 0, "standard error: \(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        let report = try #require(object as? [String: Any])
        let perron = try #require(report["perron"] as? [Double])
        let expected = [2.0 / 7, 3.0 / 7, 2.0 / 7]
        #expect(perron.count == 3)
        for (value, target) in zip(perron, expected) {
            #expect(abs(value - target) < 1e-12, "\(perron)")
        }
        let rates = try #require(report["rates"] as? [String: Double])
        #expect(rates["calm"] == 0)
        #expect(abs((rates["storm"] ?? 0) - 0.5) < 1e-12)
        #expect(report["truth"] as? String == "calm")
    }

    @Test("override changes the rates")
    func overrideChangesRates() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("scenarios/line3-gaussian.yaml")
        // Means 0 and 2 with unit variance give d = 2² / 2 = 2.
        guard
            let result = try Hearsay.run(
                ["theory", scenario, "likelihood.means=[0, 2]"], in: work.url)
        else { return }
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("  `storm`: 2\n"))
    }

    @Test("no Perron vector for a periodic graph")
    func periodicGraph() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = work.path("periodic.yaml")
        let topology = try Fixture.path("topologies/periodic3.edges")
        try """
        topology: \(topology)
        hypotheses: [calm, storm]
        truth: calm
        likelihood: {family: gaussian, means: [0, 1], std: 1}
        rounds: 10
        """.write(toFile: scenario, atomically: true, encoding: .utf8)
        guard let result = try Hearsay.run(["theory", scenario], in: work.url) else { return }
        #expect(result.status == 0)
        #expect(!result.standardOutput.contains("Perron vector v"))
        #expect(!result.standardOutput.contains("asymptotic rate"))
        #expect(
            result.standardOutput.contains(
                "note: the combination matrix is not primitive (not strongly connected, or "
                    + "periodic), so no Perron vector and no rate apply"))
    }

    @Test("invalid scenario rejected")
    func invalidScenarioRejected() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = try Fixture.path("broken/scenario-rounds-zero.yaml")
        guard let result = try Hearsay.run(["theory", scenario], in: work.url) else { return }
        #expect(!result.signalled)
        #expect(result.status == 2)
        #expect(result.standardError.contains("`rounds`: must be at least 1, found 0"))
    }
}
