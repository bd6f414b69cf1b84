import SocialLearning
import Testing
import Topology

/// Graph properties of small topologies: period, primitivity and how self-loops are counted.
struct TopologyCheckTests {
    /// The path 1 – 2 – 3 with uniform weights and the given self-loop rule.
    static func path(selfLoops: String) throws -> Topology {
        try parseTopology(
            "agents: 3", "directed: false", "weights: uniform", "self_loops: \(selfLoops)",
            "1 2", "2 3")
    }

    @Test("path without self-loops is periodic")
    func pathWithoutSelfLoopsIsPeriodic() throws {
        let topology = try Self.path(selfLoops: "explicit")
        let check = TopologyCheck(weights: topology.weights)
        #expect(check.isStronglyConnected)
        #expect(check.period == 2)
        #expect(check.isPrimitive == false)
        #expect(check.perron == nil)
        #expect(check.nonStochastic.isEmpty)
    }

    @Test("path without self-loops oscillates")
    func pathWithoutSelfLoopsOscillates() throws {
        let topology = try Self.path(selfLoops: "explicit")
        // Agent 2 hears 1 and 3 at 1/2 each; agents 1 and 3 hear only agent 2.
        var values = [1.0, 0, 0]
        for _ in 0..<1_000 {
            values = topology.weights.multiplyTransposed(values)
        }
        let next = topology.weights.multiplyTransposed(values)
        #expect(values == [0.5, 0, 0.5])
        #expect(next == [0, 0.5, 0])
    }

    @Test("path with self-loops averages to 2/7")
    func pathWithSelfLoopsAverages() throws {
        let topology = try Self.path(selfLoops: "implied")
        #expect(topology.weight(from: "1", to: "1") == 0.5)
        #expect(topology.weight(from: "2", to: "1") == 0.5)
        #expect(isClose(topology.weight(from: "2", to: "2"), 1.0 / 3))
        let check = TopologyCheck(weights: topology.weights)
        #expect(check.period == 1)
        #expect(check.isPrimitive)

        var values = [1.0, 0, 0]
        for _ in 0..<200 {
            values = topology.weights.multiplyTransposed(values)
        }
        for (agent, value) in values.enumerated() {
            #expect(abs(value - 2.0 / 7) < 1e-12, "agent \(agent + 1): \(value)")
        }
        let perron = try #require(check.perron)
        let expected = [2.0 / 7, 3.0 / 7, 2.0 / 7]
        for agent in 0..<3 {
            #expect(abs(perron[agent] - expected[agent]) < 1e-12, "Perron entry \(agent + 1)")
        }
    }

    @Test("explicit self-loops counted once", arguments: ["implied", "explicit"])
    func explicitSelfLoopsCountedOnce(rule: String) throws {
        let topology = try parseTopology(
            "directed: false", "weights: uniform", "self_loops: \(rule)",
            "1 1", "2 2", "3 3", "1 2", "2 3", "3 1")
        for listener in ["1", "2", "3"] {
            for speaker in ["1", "2", "3"] {
                #expect(
                    isClose(topology.weight(from: speaker, to: listener), 1.0 / 3),
                    "a from \(speaker) to \(listener)")
            }
        }
        #expect(topology.edges.count == 6)
    }

    @Test("disconnected graph")
    func disconnectedGraph() throws {
        let topology = try parseTopology("agents: 4", "1 2", "3 4")
        let check = TopologyCheck(weights: topology.weights)
        #expect(check.components == [[0, 1], [2, 3]])
        #expect(check.isStronglyConnected == false)
        #expect(check.period == nil)
        #expect(check.perron == nil)
    }

    @Test("one-way link makes a source")
    func oneWayLinkMakesSource() throws {
        // 1 and 2 talk to each other and to 3, but 3 talks to nobody.
        let topology = try parseTopology("directed: true", "1 2", "2 1", "2 3")
        let check = TopologyCheck(weights: topology.weights)
        #expect(check.sourceComponents == [[0, 1]])
        #expect(check.sinkComponents == [[2]])
    }
}
