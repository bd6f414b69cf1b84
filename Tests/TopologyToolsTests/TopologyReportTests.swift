import Foundation
import Testing
import Topology
import TopologyTools

private func report(_ file: String, options: TopologyImporter.Options = .init()) throws
    -> TopologyReport
{
    try TopologyReport(
        topology: TopologyImporter.topology(path: Fixture.path(file), options: options))
}

@Suite("TopologyReport")
struct TopologyReportTests {
    @Test("disconnected graph is flagged with its groups")
    func disconnected() throws {
        for file in HardCaseTests.files("disconnected") {
            let result = try report(file, options: .init(selfLoops: .implied))
            #expect(result.weakComponents.count == 2, "\(file)")
            #expect(
                result.problems.first
                    == "the graph is disconnected: 2 groups of agents share no edge, "
                    + "{1 2 3}, {4 5 6}; add edges between the groups", "\(file)")
            #expect(!result.isFitForLearning, "\(file)")
        }
    }

    @Test("sink component is flagged")
    func sink() throws {
        for file in HardCaseTests.files("sink") {
            let result = try report(
                file, options: .init(directed: true, selfLoops: .implied))
            #expect(result.check.sinkComponents == [[3, 4]], "\(file)")
            #expect(
                result.problems.contains {
                    $0.hasPrefix("the graph is not strongly connected: 2 strongly connected")
                }, "\(file)")
            #expect(
                result.problems.contains(
                    "agents {4 5} form a sink component: they hear other agents but no agent "
                        + "outside hears them, so their observations never reach the rest of "
                        + "the network; add an edge from them to another agent"), "\(file)")
        }
    }

    @Test("bipartite graph without self-loops is periodic")
    func bipartite() throws {
        let square = try Topology.parse(
            "self_loops: explicit\n1 2\n2 3\n3 4\n4 1\n", file: "square")
        let result = try TopologyReport(topology: square)
        #expect(result.check.period == 2)
        #expect(
            result.problems == [
                "the graph is periodic (period 2) and no agent has a self-loop, so beliefs can "
                    + "oscillate forever; add self-loops (`self_loops: implied`, or "
                    + "--self-loops on when converting)"
            ])
        #expect(result.spectralGap == nil)
        let looped = try TopologyReport(
            topology: Topology.parse("1 2\n2 3\n3 4\n4 1\n", file: "square"))
        #expect(looped.problems.isEmpty)
    }

    @Test("weights that are not stochastic name the agent")
    func nonStochastic() throws {
        #expect {
            try report("nonstochastic.gml")
        } throws: { error in
            "\(error)".contains("weights into agent 3 sum to 0.8, not 1")
        }
        let edgeList =
            "directed: true\nself_loops: explicit\n1 1 0.5\n2 1 0.5\n1 2 1\n2 2 0.25\n"
        #expect {
            try TopologyImporter.document(
                bytes: Array(edgeList.utf8), format: .edges, source: "w.edges")
        } throws: { error in
            "\(error)".contains("w.edges:5: weights into agent 2 sum to 1.25, not 1 (lines 5, 6)")
        }
        // An agent without in-neighbours under uniform weights would have a column of zeros.
        #expect {
            try TopologyImporter.document(
                bytes: Array("agents: a b c\nself_loops: explicit\na b\nb a\n".utf8),
                format: .edges, source: "lonely.edges")
        } throws: { error in
            "\(error)".contains("agent c has no incoming edge")
        }
    }

    @Test("degrees, self-loops and Perron vector of a star")
    func starSummary() throws {
        let star = try Topology.parse("1 2\n1 3\n1 4\n1 5\n", file: "star")
        let result = try TopologyReport(topology: star)
        #expect(result.inDegrees == [4, 1, 1, 1, 1])
        #expect(result.outDegrees == [4, 1, 1, 1, 1])
        #expect(result.selfLoopCount == 5)
        // Uniform weights with self-loops on an undirected graph: v_k ∝ degree + 1.
        let perron = try #require(result.check.perron)
        #expect(abs(perron[0] - 5.0 / 13) < 1e-12)
        #expect(abs(perron[1] - 2.0 / 13) < 1e-12)
        let text = result.text()
        #expect(
            text.contains("star: 5 agents, 4 edges between agents (undirected), weights uniform"))
        #expect(text.contains("in-degree, self excluded: min 1, mean 1.6, max 4"))
        #expect(text.contains("  1  0.3846"))
        #expect(text.contains("fit for social learning: yes"))
    }

    @Test("Perron listing is cut to the top and bottom")
    func listing() throws {
        let document = try TopologyGenerator.generate(.barabasiAlbert(agents: 60, edgesPerAgent: 2))
            .document
        let result = try TopologyReport(topology: document.topology(source: "ba"))
        let short = result.text(listed: 3)
        #expect(short.contains("… 54 more (--all lists every agent)"))
        let full = result.text(listed: nil)
        #expect(!full.contains("more (--all"))
    }

    @Test("|λ₂| of a ring: exact and power iteration")
    func spectralGapOfRing() throws {
        // A = (I + P + Pᵀ)/3 has eigenvalues (1 + 2 cos(2πj/N))/3.
        let size = 40
        let text = (1...size).map { "\($0) \($0 % size + 1)" }.joined(separator: "\n")
        let ring = try Topology.parse(text, file: "ring")
        let expected = (1 + 2 * cos(2 * Double.pi / Double(size))) / 3
        let perron = [Double](repeating: 1 / Double(size), count: size)
        let exact = try SpectralGap(weights: ring.weights, perron: perron)
        #expect(exact.method == .exact)
        #expect(abs(exact.secondModulus - expected) < 1e-10)
        let iterated = try SpectralGap(
            weights: ring.weights, perron: perron, denseLimit: 0, maximumSteps: 5_000)
        #expect(iterated.method == .powerIteration)
        #expect(abs(iterated.secondModulus - expected) < 1e-3)
        #expect(iterated.secondModulus <= expected + 1e-9)
    }

    @Test("|λ₂| of a directed cycle is complex but found")
    func spectralGapOfDirectedCycle() throws {
        // A = (I + P)/2 on a directed 6-cycle: eigenvalues (1 + e^{2πij/6})/2.
        let cycle = try Topology.parse(
            "directed: true\n1 2\n2 3\n3 4\n4 5\n5 6\n6 1\n", file: "cycle")
        let expected = abs(cos(Double.pi / 6))
        let perron = [Double](repeating: 1.0 / 6, count: 6)
        let exact = try SpectralGap(weights: cycle.weights, perron: perron)
        #expect(abs(exact.secondModulus - expected) < 1e-10)
        let iterated = try SpectralGap(weights: cycle.weights, perron: perron, denseLimit: 0)
        #expect(abs(iterated.secondModulus - expected) < 1e-3)
    }

    @Test("mixing estimate from |λ₂|")
    func mixingRounds() throws {
        let pair = try Topology.parse("directed: true\n1 2\n2 1\n", file: "pair")
        let gap = try SpectralGap(weights: pair.weights, perron: [0.5, 0.5])
        // A = [[1/2, 1/2], [1/2, 1/2]] mixes in one round.
        #expect(gap.secondModulus < 1e-12)
        #expect(gap.mixingRounds() == 1)
        let ring = try Topology.parse("1 2\n2 3\n3 4\n4 5\n5 1\n", file: "ring5")
        let ringGap = try SpectralGap(
            weights: ring.weights, perron: Array(repeating: 0.2, count: 5))
        let rounds = try #require(ringGap.mixingRounds(tolerance: 1e-3))
        #expect(pow(ringGap.secondModulus, Double(rounds)) <= 1e-3)
        #expect(pow(ringGap.secondModulus, Double(rounds - 1)) > 1e-3)
    }
}
