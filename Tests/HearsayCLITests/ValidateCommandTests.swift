import Foundation
import Testing

/// `hearsay validate` on valid files, and on files that parse but cannot learn.
struct ValidateCommandTests {
    static let shippedScenarios = [
        "categorical10", "gaussian10-adaptive", "gaussian10", "karate-drift", "quickstart",
        "ring8-faults",
    ]
    static let shippedTopologies = [
        "barabasi-albert-200", "erdos-renyi-50", "erdos-renyi-directed-30", "grid-5x5", "karate",
        "line3", "pair", "random10", "regular-30", "ring10", "ring8", "sbm-3x20",
        "star-metropolis-10", "torus-6x6", "watts-strogatz-100",
    ]

    @Test("shipped file lists are complete")
    func shippedListsComplete() throws {
        let manager = FileManager.default
        let scenarios = try manager.contentsOfDirectory(atPath: Fixture.shipped("scenarios"))
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
        let topologies = try manager.contentsOfDirectory(atPath: Fixture.shipped("topologies"))
            .filter { $0.hasSuffix(".edges") }.map { String($0.dropLast(6)) }
        #expect(scenarios.sorted() == Self.shippedScenarios.sorted())
        #expect(topologies.sorted() == Self.shippedTopologies.sorted())
    }

    @Test("shipped scenario is valid", arguments: shippedScenarios)
    func shippedScenarioValid(name: String) throws {
        let path = Fixture.shipped("scenarios/\(name).yaml")
        try expectValid(path)
    }

    @Test("shipped topology is valid", arguments: shippedTopologies)
    func shippedTopologyValid(name: String) throws {
        let path = Fixture.shipped("topologies/\(name).edges")
        try expectValid(path)
    }

    @Test(
        "fixture is valid",
        arguments: [
            "topologies/line3.edges", "topologies/line4.edges", "topologies/gaps.edges",
            "topologies/names.edges", "scenarios/line3-gaussian.yaml", "scenarios/gaps.yaml",
            "scenarios/zero-probability.yaml",
        ])
    func fixtureValid(name: String) throws {
        try expectValid(Fixture.path(name))
    }

    @Test("valid topology summary")
    func validTopologySummary() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let path = try Fixture.path("topologies/gaps.edges")
        guard let result = try Hearsay.run(["validate", path], in: work.url) else { return }
        #expect(result.standardOutput == "\(path): valid (3 agents, 3 edges)\n")
    }

    @Test("periodic topology rejected")
    func periodicTopologyRejected() throws {
        let path = try Fixture.path("topologies/periodic3.edges")
        let message = try expectInvalid(["validate", path])
        #expect(message.contains("\(path): the graph is periodic (period 2)"))
        #expect(message.contains("add self-loops (`self_loops: implied`)"))
    }

    @Test("disconnected topology rejected")
    func disconnectedTopologyRejected() throws {
        let path = try Fixture.path("topologies/disconnected4.edges")
        let message = try expectInvalid(["validate", path])
        #expect(
            message.contains(
                "\(path): the graph is not strongly connected: 2 components {1 2}, {3 4}"))
        #expect(message.contains("add edges so that every agent can reach every other"))
    }

    @Test("unidentifiable scenario rejected")
    func unidentifiableScenarioRejected() throws {
        let path = try Fixture.path("scenarios/unidentifiable.yaml")
        let message = try expectInvalid(["validate", path])
        #expect(
            message.contains(
                "\(path): hypothesis `storm` cannot be told from the truth `calm` by any agent"))
        #expect(message.contains("change a likelihood so that some agent separates them"))
        #expect(!message.contains("`drought`"))
    }

    @Test("duplicate edge warns but validates")
    func duplicateEdgeWarns() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let path = work.path("dup.edges")
        try "directed: false\nweights: given\n1 2 0.4\n1 2 0.4\n2 1 0.4\n2 3 0.6\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        guard let result = try Hearsay.run(["validate", path], in: work.url) else { return }
        #expect(result.status == 0)
        #expect(result.standardOutput == "\(path): valid (3 agents, 2 edges)\n")
        #expect(
            result.standardError
                == "hearsay: warning: \(path):4: duplicate of the edge on line 3; it is counted "
                + "once\n"
                + "hearsay: warning: \(path):5: duplicate of the edge on line 3; it is counted "
                + "once\n")
    }

    @Test("override applied before validation")
    func overrideAppliedBeforeValidation() throws {
        let path = try Fixture.path("scenarios/line3-gaussian.yaml")
        let message = try expectInvalid(["validate", path, "update.step_size=2"])
        #expect(
            message.contains(
                "\(path) (command line): `update.step_size`: step size must be in (0, 1), "
                    + "found 2.0"))
    }

    @Test("singular agent and edge counts")
    func singularCounts() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let path = work.path("one.edges")
        try "self_loops: explicit\n1 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        guard let result = try Hearsay.run(["validate", path], in: work.url) else { return }
        #expect(result.status == 0, "standard error: \(result.standardError)")
        #expect(result.standardOutput == "\(path): valid (1 agent, 1 edge)\n")
    }

    @Test("weight sum names one line")
    func singularLine() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let path = work.path("sum.edges")
        try "directed: true\nself_loops: explicit\n1 1 1\n1 2 0.5\n2 1 1\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let message = try expectInvalid(["validate", path])
        #expect(message.contains("weights into agent 2 sum to 0.5, not 1 (line 4)"), "\(message)")
    }

    @Test("zero belief in truth warns")
    func zeroBeliefOnTruthWarns() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let topology = try Fixture.path("topologies/line3.edges")
        let path = work.path("zero.yaml")
        try """
        topology: \(topology)
        hypotheses: [calm, storm]
        truth: calm
        likelihood: {family: gaussian, means: [0, 1], std: 1}
        initial_belief: [0, 1]
        rounds: 20
        """.write(toFile: path, atomically: true, encoding: .utf8)
        guard let result = try Hearsay.run(["validate", path], in: work.url) else { return }
        #expect(result.status == 0)
        #expect(
            result.standardError
                == "hearsay: warning: \(path): `initial_belief`: agents 1, 2, 3 start with belief "
                + "0 in the truth `calm`, so they can never learn it; give the truth a positive "
                + "initial belief\n")
    }

    @Test("scenario with .txt extension")
    func scenarioWithTextExtension() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let path = work.path("scenario.txt")
        try "topology: ring.edges\nhypotheses: [calm, storm]\nrounds: 5\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let message = try expectInvalid(["validate", path])
        #expect(
            message.contains(
                "\(path): read as an edge-list topology, because validate reads only files "
                    + "ending in .yaml, .yml or .json as scenarios"))
    }

    @Test("overrides on topology rejected")
    func overridesOnTopology() throws {
        let path = try Fixture.path("topologies/line3.edges")
        #expect(
            try expectInvalid(["validate", path, "rounds=5"])
                == "hearsay: error: \(path): the override `rounds=5` cannot apply: overrides "
                + "apply to scenarios (.yaml, .yml, .json), and this file is read as a topology\n")
    }

    @Test("empty override value rejected")
    func emptyOverride() throws {
        let path = try Fixture.path("scenarios/line3-gaussian.yaml")
        let message = try expectInvalid(["validate", path, "rounds="])
        #expect(message.contains("invalid override `rounds=`: the value is empty or null"))
        #expect(!message.contains("missing"))
    }

    @Test("missing file")
    func missingFile() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let scenario = work.path("nowhere.yaml")
        let topology = work.path("nowhere.edges")
        #expect(
            try expectInvalid(["validate", scenario])
                == "hearsay: error: \(scenario): cannot read the scenario: no readable file at "
                + "this path\n")
        #expect(
            try expectInvalid(["validate", topology])
                == "hearsay: error: \(topology): cannot read the topology file: no readable "
                + "file at this path\n")
    }

    @Test("usage errors")
    func usageErrors() throws {
        #expect(try expectInvalid(["validate"]).contains("expected one file"))
        #expect(
            try expectInvalid(["validate", "--fast", "x.yaml"]).contains("unknown option --fast"))
        #expect(try expectInvalid(["frobnicate"]).contains("unknown command `frobnicate`"))
    }

    @Test("a graph of another tool is sent to topology check and convert")
    func foreignGraphFormat() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let path = work.path("ring.gml")
        try "graph [ node [ id 0 ] node [ id 1 ] edge [ source 0 target 1 ] ]\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let message = try expectInvalid(["validate", path])
        #expect(message.contains("a .gml graph, not a Hearsay edge list"), "\(message)")
        #expect(message.contains("hearsay topology convert \(path) OUT.edges"), "\(message)")
    }

    /// Runs `validate PATH` and checks exit status 0 with the `valid` line.
    private func expectValid(_ path: String) throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        guard let result = try Hearsay.run(["validate", path], in: work.url) else { return }
        #expect(!result.signalled)
        #expect(result.status == 0, "standard error: \(result.standardError)")
        #expect(result.standardOutput.hasPrefix("\(path): valid ("))
        #expect(!result.standardError.contains("error"), "\(result.standardError)")
    }

    /// Runs `hearsay ARGUMENTS…`, checks exit status 2 without a signal and returns stderr.
    private func expectInvalid(_ arguments: [String]) throws -> String {
        let work = try TemporaryFolder()
        defer { work.remove() }
        guard let result = try Hearsay.run(arguments, in: work.url) else { return "" }
        #expect(!result.signalled)
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("hearsay: error: "))
        return result.standardError
    }
}
