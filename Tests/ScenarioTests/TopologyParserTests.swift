import Foundation
import SocialLearning
import Testing
import Topology

/// The plain-text edge-list format: header keys, edge lines and the three weight rules.
struct TopologyParserTests {
    @Test("defaults without a header")
    func defaultsWithoutHeader() throws {
        let topology = try parseTopology("1 2", "2 3")
        #expect(topology.directed == false)
        #expect(topology.weightRule == .uniform)
        #expect(topology.selfLoops == .implied)
        #expect(topology.names == ["1", "2", "3"])
        #expect(topology.edges.count == 2)
        #expect(topology.warnings.isEmpty)
    }

    @Test("weight column implies given weights")
    func weightColumnImpliesGiven() throws {
        // Undirected by default: agent 2 hears 1 and 3, and implied self-loops take the rest.
        let topology = try parseTopology("1 2 0.25", "2 3 0.5")
        #expect(topology.weightRule == .given)
        #expect(topology.weight(from: "2", to: "1") == 0.25)
        #expect(topology.weight(from: "1", to: "1") == 0.75)
        #expect(topology.weight(from: "2", to: "2") == 0.25)
    }

    @Test("edge line runs from speaker to listener")
    func edgeDirection() throws {
        // `2 1 0.3`: agent 1 listens to agent 2 and gives it weight 0.3.
        let topology = try parseTopology(
            "directed: true", "weights: given", "self_loops: explicit",
            "1 1 0.7", "2 1 0.3", "2 2 0.6", "1 2 0.4")
        #expect(topology.weight(from: "2", to: "1") == 0.3)
        #expect(topology.weight(from: "1", to: "2") == 0.4)
        #expect(topology.weight(from: "1", to: "1") == 0.7)
        #expect(topology.weights.matrix == [[0.7, 0.4], [0.3, 0.6]])
    }

    @Test("shipped pair topology")
    func shippedPair() throws {
        let topology = try Topology.load(path: Fixture.shipped("topologies/pair.edges"))
        #expect(topology.weight(from: "2", to: "1") == 0.3)
        #expect(topology.weight(from: "1", to: "2") == 0.4)
        #expect(topology.incomingSum(of: "1") == 1)
        #expect(topology.incomingSum(of: "2") == 1)
    }

    @Test("separators, arrows and comments")
    func separatorsAndComments() throws {
        let plain = try parseTopology("directed: true", "1 2", "2 3", "3 1")
        let mixed = try parseTopology(
            "# a comment line", "directed: true   # trailing comment", "",
            "1\t2", "2, 3", "3 -> 1  # back to the start")
        #expect(mixed.names == plain.names)
        #expect(mixed.weights == plain.weights)
        #expect(mixed.edges.map(\.from) == plain.edges.map(\.from))
        #expect(mixed.edges.map(\.to) == plain.edges.map(\.to))
        #expect(mixed.edges.map(\.line) == [4, 5, 6])
    }

    @Test("undirected double dash")
    func undirectedDoubleDash() throws {
        let topology = try parseTopology("1 -- 2")
        #expect(topology.weight(from: "1", to: "2") == 0.5)
        #expect(topology.weight(from: "2", to: "1") == 0.5)
    }

    @Test("header spellings")
    func headerSpellings() throws {
        let topology = try parseTopology(
            "directed: yes", "weights: Uniform", "self-loops: explicit", "normalise: no",
            "1 2", "2 1")
        #expect(topology.directed)
        #expect(topology.weightRule == .uniform)
        #expect(topology.selfLoops == .explicit)
        #expect(topology.weight(from: "2", to: "1") == 1)
    }

    @Test("uniform weights on a directed graph")
    func uniformDirected() throws {
        // Agent 3 hears 1 and 2 and, with implied self-loops, itself: 1/3 each.
        let topology = try parseTopology("directed: true", "1 3", "2 3", "3 1", "3 2")
        #expect(isClose(topology.weight(from: "1", to: "3"), 1.0 / 3))
        #expect(isClose(topology.weight(from: "2", to: "3"), 1.0 / 3))
        #expect(isClose(topology.weight(from: "3", to: "3"), 1.0 / 3))
        #expect(topology.weight(from: "3", to: "1") == 0.5)
        #expect(topology.weight(from: "1", to: "1") == 0.5)
        #expect(topology.weight(from: "1", to: "2") == 0)
    }

    @Test("implied self-loop takes the rest")
    func impliedSelfLoopTakesRest() throws {
        let topology = try parseTopology("weights: given", "1 2 0.25", "2 3 0.5")
        #expect(topology.weight(from: "1", to: "1") == 0.75)
        #expect(topology.weight(from: "2", to: "2") == 0.25)
        #expect(topology.weight(from: "3", to: "3") == 0.5)
        for agent in topology.names {
            #expect(isClose(topology.incomingSum(of: agent), 1), "agent \(agent)")
        }
    }

    @Test("implied self-loop omitted when full")
    func impliedSelfLoopOmittedWhenFull() throws {
        let topology = try parseTopology("directed: true", "weights: given", "1 2 1", "2 1 1")
        #expect(topology.weight(from: "1", to: "1") == 0)
        #expect(topology.weight(from: "2", to: "2") == 0)
    }

    @Test("Metropolis weights on a path")
    func metropolisPath() throws {
        // n = degree + 1 is 2, 3, 2, so a_ℓk = 1/3 on every edge and a_kk takes the rest.
        let topology = try parseTopology("weights: metropolis", "1 2", "2 3")
        #expect(isClose(topology.weight(from: "2", to: "1"), 1.0 / 3))
        #expect(isClose(topology.weight(from: "1", to: "1"), 2.0 / 3))
        #expect(isClose(topology.weight(from: "1", to: "2"), 1.0 / 3))
        #expect(isClose(topology.weight(from: "3", to: "2"), 1.0 / 3))
        #expect(isClose(topology.weight(from: "2", to: "2"), 1.0 / 3))
        #expect(isClose(topology.weight(from: "2", to: "3"), 1.0 / 3))
        #expect(isClose(topology.weight(from: "3", to: "3"), 2.0 / 3))
    }

    @Test("Metropolis weights are symmetric")
    func metropolisSymmetric() throws {
        let topology = try parseTopology("weights: metropolis", "1 2", "1 3", "1 4", "2 3")
        let matrix = topology.weights.matrix
        for sender in 0..<4 {
            for receiver in 0..<4 {
                #expect(
                    isClose(matrix[sender][receiver], matrix[receiver][sender]),
                    "a[\(sender)][\(receiver)]")
            }
        }
        for agent in topology.names {
            #expect(isClose(topology.incomingSum(of: agent), 1), "agent \(agent)")
        }
    }

    @Test("declared agents keep their order")
    func declaredAgentsKeepOrder() throws {
        let topology = try parseTopology("agents: carol alice bob", "alice bob", "bob carol")
        #expect(topology.names == ["carol", "alice", "bob"])
        #expect(topology.index(of: "alice") == 1)
    }

    @Test("declared agent without edges")
    func declaredAgentWithoutEdges() throws {
        let topology = try parseTopology("agents: 4", "1 2", "2 3")
        #expect(topology.agentCount == 4)
        #expect(topology.weight(from: "4", to: "4") == 1)
    }

    @Test("numeric ids sort as numbers")
    func numericIdsSortAsNumbers() throws {
        let topology = try parseTopology("10 2", "2 1")
        #expect(topology.names == ["1", "2", "10"])
    }

    @Test("warnings of a clean file")
    func cleanFileHasNoWarnings() throws {
        let topology = try Topology.load(path: Fixture.shipped("topologies/ring8.edges"))
        #expect(topology.warnings.isEmpty)
        #expect(topology.file == Fixture.shipped("topologies/ring8.edges"))
    }

    @Test("shipped topologies are stochastic")
    func shippedTopologiesStochastic() throws {
        let names = try FileManager.default.contentsOfDirectory(
            atPath: Fixture.shipped("topologies")
        ).filter { $0.hasSuffix(".edges") }
        #expect(names.count >= 6)
        for name in names {
            let topology = try Topology.load(path: Fixture.shipped("topologies/\(name)"))
            let check = TopologyCheck(weights: topology.weights)
            #expect(check.nonStochastic.isEmpty, "\(name)")
            #expect(check.isPrimitive, "\(name)")
        }
    }

    @Test("missing file")
    func missingFile() {
        #expect(
            throws: TopologyError.unreadable(
                file: "/nonexistent/x.edges", reason: "no readable file at this path")
        ) {
            try Topology.load(path: "/nonexistent/x.edges")
        }
    }

    @Test("every problem has its line")
    func problemLines() {
        let problems = topologyProblems(
            "agents: 3", "weights: given", "colour: blue", "1 2 -1", "2 3 x", "3 4 0.5",
            "1 2 3 4")
        // Lines are checked one by one, then agents and weights: sort to compare by line.
        let sorted = problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }
        #expect(sorted.map(\.line) == [3, 4, 5, 6, 7])
        #expect(
            sorted.map(\.message) == [
                "unknown header key `colour`",
                "negative weight -1",
                "weight `x` is not a decimal number",
                "unknown agent `4`",
                "expected `FROM TO` or `FROM TO WEIGHT`, found 4 fields; extra: `4`",
            ])
    }

    @Test(
        "non-decimal weight rejected",
        arguments: ["0x10", "0x1p-2", "inf", "infinity", "nan", "1e", ".", "1..2", "+-1", "1e+"])
    func nonDecimalWeight(weight: String) throws {
        let problems = try #require(problemsOf("weights: given\n1 2 \(weight)\n2 1 1\n"))
        #expect(problems.map(\.message) == ["weight `\(weight)` is not a decimal number"])
    }

    @Test("decimal weight forms accepted", arguments: ["1", "1.", "1.0", "+1", "10e-1"])
    func decimalWeight(weight: String) throws {
        let topology = try Topology.parse(
            "directed: true\nweights: given\n1 2 \(weight)\n2 1 \(weight)\n")
        #expect(topology.edges.map(\.weight) == [1, 1])
    }

    @Test("invisible character rejected")
    func invisibleCharacters() throws {
        let bom = try #require(problemsOf("\u{FEFF}\u{FEFF}1 2\n2 3\n"))
        #expect(bom.map(\.line) == [1])
        #expect(bom.first?.message == "invisible character U+FEFF (byte-order mark) at column 1")
        let nul = try #require(problemsOf("1 2\n2 3\u{0}\n"))
        #expect(nul.map(\.line) == [2])
        #expect(nul.first?.message == "invisible character U+0000 (NUL) at column 4")
        let c1 = try #require(problemsOf("agents: a\u{9B}b c\na c\n"))
        #expect(c1.first?.message == "invisible character U+009B at column 10")
        // Zero-width and direction characters are Unicode format characters, as invisible.
        for (scalar, code) in [
            ("\u{200B}", "U+200B"), ("\u{200D}", "U+200D"), ("\u{2060}", "U+2060"),
            ("\u{00AD}", "U+00AD"), ("\u{202E}", "U+202E"),
        ] {
            let hidden = try #require(problemsOf("a\(scalar) b\nb a\n"))
            #expect(hidden.first?.message == "invisible character \(code) at column 2")
        }
    }

    @Test("numeric agent count rejected")
    func agentCountForms() throws {
        #expect(
            try #require(problemsOf("agents: 1e3\n1 2\n")).first?.message
                == "`agents: 1e3` is not a whole number")
        #expect(
            try #require(problemsOf("agents: 2.5\n1 2\n")).first?.message
                == "`agents: 2.5` is not a whole number")
        #expect(
            try #require(problemsOf("agents: 99999999999999999999\n1 2\n")).first?.message
                == "`agents: 99999999999999999999` is more than the 10000000 agents a file may "
                + "declare")
    }

    @Test("error text names file and line")
    func errorDescription() {
        let error = TopologyError.invalid(
            file: "net.edges",
            problems: [TopologyDiagnostic(line: 4, message: "what is wrong", hint: "the fix")])
        #expect(error.description == "net.edges:4: what is wrong\n  fix: the fix")
    }

    @Test("weight on a uniform file")
    func weightOnUniformFile() {
        let problems = topologyProblems("weights: uniform", "1 2", "2 3 0.5")
        #expect(problems.map(\.line) == [3])
        #expect(problems.first?.message == "edge has a weight but the file says `weights: uniform`")
    }

    @Test("missing weight on a given file")
    func missingWeightOnGivenFile() {
        let problems = topologyProblems("weights: given", "1 2 0.5", "2 3")
        #expect(problems.map(\.line) == [3])
        #expect(problems.first?.message == "edge has no weight but `weights: given`")
    }

    @Test("missing weight when another line has one")
    func missingWeightImpliedGiven() {
        let problems = topologyProblems("1 2", "2 3 0.5")
        #expect(problems.map(\.line) == [1])
        #expect(
            problems.first?.message
                == "edge has no weight, but line 2 has one, so the weights are given")
        #expect(problems.first?.hint == "give every edge a weight, or none for uniform weights")
    }

    @Test("problems listed in line order")
    func problemsInLineOrder() {
        // Line checks run before agent checks, yet the unknown agent on line 2 comes first.
        let problems = topologyProblems("agents: 2", "1 3", "2 1 x", "1 2 3 4")
        #expect(problems.map(\.line) == [2, 3, 4])
    }

    @Test("unreadable weight keeps the agents")
    func unreadableWeightKeepsAgents() {
        let problems = topologyProblems("weights: given", "1 2 half")
        #expect(problems.map(\.message) == ["weight `half` is not a decimal number"])
    }

    @Test("uniform agent without incoming edge")
    func uniformAgentWithoutIncomingEdge() {
        let problems = topologyProblems(
            "directed: true", "self_loops: explicit", "1 2", "2 1", "3 1")
        #expect(
            problems.map(\.message) == [
                "agent 3 has no incoming edge, so uniform weights give it nothing to combine"
            ])
        #expect(problems.first?.line == nil)
    }

    @Test("Metropolis on a directed graph")
    func metropolisDirected() {
        let problems = topologyProblems("directed: true", "weights: metropolis", "1 2", "2 1")
        #expect(problems.map(\.line) == [2])
        #expect(problems.first?.message == "Metropolis weights need an undirected graph")
    }

    @Test("header after the first edge")
    func headerAfterEdge() {
        let problems = topologyProblems("1 2", "directed: true")
        #expect(problems.map(\.line) == [2])
        #expect(problems.first?.hint == "move every `key: value` line above the edges")
    }

    @Test("header key given twice")
    func headerTwice() {
        let problems = topologyProblems("weights: uniform", "weights: uniform", "1 2")
        #expect(problems.map(\.message) == ["`weights:` is given twice (first on line 1)"])
    }
}

/// The problems a topology text is rejected with (optional, for `#require`).
private func problemsOf(_ text: String) -> [TopologyDiagnostic]? {
    topologyProblems(text)
}
