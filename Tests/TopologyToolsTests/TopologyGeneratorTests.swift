import Testing
import Topology
import TopologyTools

/// Degrees of a generated document: undirected degree, or in- and out-degree when directed.
private struct Degrees {
    var inDegree: [Int]
    var outDegree: [Int]

    init(_ document: TopologyDocument) {
        inDegree = Array(repeating: 0, count: document.agentCount)
        outDegree = inDegree
        for edge in document.edges where edge.from != edge.to {
            outDegree[edge.from] += 1
            inDegree[edge.to] += 1
            if !document.directed {
                outDegree[edge.to] += 1
                inDegree[edge.from] += 1
            }
        }
    }

    var degree: [Int] { inDegree }
}

private func generate(
    _ model: GraphModel, seed: UInt64 = 7, directed: Bool = false,
    connectivity: TopologyGenerator.Connectivity = .retry(attempts: 100)
) throws -> TopologyDocument {
    let options = TopologyGenerator.Options(
        seed: seed, directed: directed, connectivity: connectivity)
    return try TopologyGenerator.generate(model, options: options).document
}

private func nonLoopEdges(_ document: TopologyDocument) -> Int {
    document.edges.count { $0.from != $0.to }
}

@Suite("TopologyGenerator")
struct TopologyGeneratorTests {
    @Test("ring: N edges, every degree 2")
    func ring() throws {
        let document = try generate(.ring(agents: 8))
        #expect(document.agentCount == 8)
        #expect(nonLoopEdges(document) == 8)
        #expect(Degrees(document).degree.allSatisfy { $0 == 2 })
        let directed = try generate(.ring(agents: 8), directed: true)
        #expect(directed.directed)
        #expect(nonLoopEdges(directed) == 8)
        #expect(Degrees(directed).inDegree.allSatisfy { $0 == 1 })
        #expect(Degrees(directed).outDegree.allSatisfy { $0 == 1 })
    }

    @Test("path: N − 1 edges, two ends of degree 1")
    func path() throws {
        let document = try generate(.path(agents: 5))
        #expect(nonLoopEdges(document) == 4)
        #expect(Degrees(document).degree == [1, 2, 2, 2, 1])
    }

    @Test("directed path is never strongly connected")
    func directedPathFails() throws {
        #expect {
            try generate(.path(agents: 5), directed: true)
        } throws: { error in
            let text = "\(error)"
            return text.contains("not strongly connected after 1 attempt;")
                && text.contains("this model is not random")
        }
        let kept = try generate(.path(agents: 5), directed: true, connectivity: .allow)
        #expect(nonLoopEdges(kept) == 4)
    }

    @Test("star: centre of degree N − 1")
    func star() throws {
        let document = try generate(.star(agents: 6))
        #expect(nonLoopEdges(document) == 5)
        #expect(Degrees(document).degree == [5, 1, 1, 1, 1, 1])
        let directed = try generate(.star(agents: 6), directed: true)
        #expect(nonLoopEdges(directed) == 10)
        #expect(Degrees(directed).inDegree == [5, 1, 1, 1, 1, 1])
    }

    @Test("complete: every pair joined")
    func complete() throws {
        let document = try generate(.complete(agents: 5))
        #expect(nonLoopEdges(document) == 10)
        #expect(Degrees(document).degree.allSatisfy { $0 == 4 })
        let directed = try generate(.complete(agents: 5), directed: true)
        #expect(nonLoopEdges(directed) == 20)
    }

    @Test("grid and torus sizes and degrees")
    func gridAndTorus() throws {
        let grid = try generate(.grid(rows: 3, columns: 4, periodic: false))
        #expect(grid.agentCount == 12)
        #expect(nonLoopEdges(grid) == 3 * 3 + 2 * 4)
        let degrees = Degrees(grid).degree
        #expect(degrees.min() == 2)
        #expect(degrees.max() == 4)
        #expect(degrees.count { $0 == 2 } == 4)
        let torus = try generate(.grid(rows: 3, columns: 4, periodic: true))
        #expect(nonLoopEdges(torus) == 24)
        #expect(Degrees(torus).degree.allSatisfy { $0 == 4 })
    }

    @Test("G(n,p): edge count near p·N(N−1)/2, no loops")
    func erdosRenyiProbability() throws {
        let document = try generate(.erdosRenyiProbability(agents: 50, probability: 0.2))
        // Binomial(1225, 0.2): mean 245, standard deviation 14; ±5 deviations.
        #expect((175...315).contains(nonLoopEdges(document)))
        #expect(document.edges.allSatisfy { $0.from != $0.to })
        let directed = try generate(
            .erdosRenyiProbability(agents: 30, probability: 0.3), directed: true)
        // Binomial(870, 0.3): mean 261, standard deviation 13.5.
        #expect((193...329).contains(nonLoopEdges(directed)))
    }

    @Test("G(n,m): exactly m edges")
    func erdosRenyiEdges() throws {
        let document = try generate(.erdosRenyiEdges(agents: 30, edges: 60))
        #expect(nonLoopEdges(document) == 60)
        let directed = try generate(.erdosRenyiEdges(agents: 20, edges: 80), directed: true)
        #expect(nonLoopEdges(directed) == 80)
    }

    @Test("Watts–Strogatz: N·K edges, mean degree 2K")
    func wattsStrogatz() throws {
        let lattice = try generate(.wattsStrogatz(agents: 30, neighbours: 2, rewiring: 0))
        #expect(nonLoopEdges(lattice) == 60)
        #expect(Degrees(lattice).degree.allSatisfy { $0 == 4 })
        let rewired = try generate(.wattsStrogatz(agents: 30, neighbours: 2, rewiring: 0.3))
        #expect(nonLoopEdges(rewired) == 60)
        #expect(Degrees(rewired).degree.contains { $0 != 4 })
    }

    @Test("Barabási–Albert: m edges per new agent, hubs")
    func barabasiAlbert() throws {
        let document = try generate(.barabasiAlbert(agents: 1_000, edgesPerAgent: 2))
        // The second agent can join only the first; every later one joins 2.
        #expect(nonLoopEdges(document) == 1 + 998 * 2)
        let degrees = Degrees(document).degree
        #expect(degrees.min() ?? 0 >= 1)
        #expect(degrees.dropFirst(2).allSatisfy { $0 >= 2 })
        // Preferential attachment makes hubs far above the mean degree of about 4.
        #expect(degrees.max() ?? 0 >= 20)
    }

    @Test("random regular: every degree equal")
    func randomRegular() throws {
        let document = try generate(.randomRegular(agents: 20, degree: 3))
        #expect(nonLoopEdges(document) == 30)
        #expect(Degrees(document).degree.allSatisfy { $0 == 3 })
        let directed = try generate(.randomRegular(agents: 10, degree: 3), directed: true)
        #expect(Degrees(directed).inDegree.allSatisfy { $0 == 3 })
        #expect(Degrees(directed).outDegree.allSatisfy { $0 == 3 })
    }

    @Test("stochastic block model: dense blocks")
    func stochasticBlock() throws {
        let document = try generate(
            .stochasticBlock(sizes: [10, 10, 10], within: 0.8, between: 0.02))
        #expect(document.agentCount == 30)
        let block = { (agent: Int) in agent / 10 }
        let within = document.edges.count { $0.from != $0.to && block($0.from) == block($0.to) }
        let between = document.edges.count { block($0.from) != block($0.to) }
        // Expected 108 edges within blocks and 6 between.
        #expect(within >= 70)
        #expect(between >= 1)
        #expect(within > 5 * between)
    }

    @Test("same seed, same graph; other seed, other graph")
    func seedReproducibility() throws {
        let models: [(GraphModel, directed: Bool)] = [
            (.erdosRenyiProbability(agents: 40, probability: 0.2), false),
            (.erdosRenyiProbability(agents: 40, probability: 0.2), true),
            (.erdosRenyiEdges(agents: 40, edges: 120), false),
            (.erdosRenyiEdges(agents: 40, edges: 200), true),
            (.wattsStrogatz(agents: 40, neighbours: 2, rewiring: 0.2), false),
            (.barabasiAlbert(agents: 40, edgesPerAgent: 2), false),
            (.randomRegular(agents: 40, degree: 4), false),
            (.randomRegular(agents: 40, degree: 3), true),
            (.stochasticBlock(sizes: [20, 20], within: 0.5, between: 0.05), false),
            (.stochasticBlock(sizes: [20, 20], within: 0.5, between: 0.05), true),
        ]
        for (model, directed) in models {
            let label = "\(model.name), directed \(directed)"
            let first = try generate(model, seed: 11, directed: directed)
            let again = try generate(model, seed: 11, directed: directed)
            let other = try generate(model, seed: 12, directed: directed)
            #expect(try first.text() == again.text(), "\(label)")
            #expect(first.edges != other.edges, "\(label)")
        }
        // Models that are not random ignore the seed.
        let fixed: [GraphModel] = [
            .ring(agents: 6), .path(agents: 6), .star(agents: 6), .complete(agents: 6),
            .grid(rows: 3, columns: 3, periodic: false), .grid(rows: 3, columns: 3, periodic: true),
        ]
        for model in fixed {
            let first = try generate(model, seed: 11)
            let other = try generate(model, seed: 12)
            #expect(first.edges == other.edges, "\(model.name)")
        }
    }

    @Test("retry draws again until strongly connected")
    func retryDrawsAgain() throws {
        // With libigraph 0.10.2 the first two directed G(30, 0.15) graphs of seed 1 are not
        // strongly connected and the third is.
        let model = GraphModel.erdosRenyiProbability(agents: 30, probability: 0.15)
        let options = TopologyGenerator.Options(seed: 1, directed: true)
        let result = try TopologyGenerator.generate(model, options: options)
        #expect(result.attempts == 3)
        #expect(result.document.comments.last?.hasSuffix("strongly connected at attempt 3") == true)
        let report = try TopologyReport(topology: result.document.topology(source: "gnp"))
        #expect(report.check.isStronglyConnected)
        var twice = options
        twice.connectivity = .retry(attempts: 2)
        #expect {
            try TopologyGenerator.generate(model, options: twice)
        } throws: { error in
            "\(error)".hasPrefix(
                "the Erdős–Rényi G(n,p) graph is not strongly connected after 2 "
                    + "attempts; raise --attempts")
        }
        var allowed = options
        allowed.connectivity = .allow
        let kept = try TopologyGenerator.generate(model, options: allowed)
        #expect(kept.attempts == 1)
        let keptReport = try TopologyReport(topology: kept.document.topology(source: "gnp"))
        #expect(!keptReport.check.isStronglyConnected)
    }

    @Test("self-loops off writes no loops")
    func selfLoopsOff() throws {
        let options = TopologyGenerator.Options(seed: 2, directed: true, selfLoops: false)
        let generated = try TopologyGenerator.generate(.complete(agents: 4), options: options)
        let document = generated.document
        #expect(document.selfLoops == .explicit)
        #expect(document.edges.allSatisfy { $0.from != $0.to })
        let topology = try document.topology(source: "complete")
        for agent in 0..<4 {
            #expect(topology.weights.selfWeight(of: agent) == 0)
            #expect(
                abs(topology.weights.weight(from: (agent + 1) % 4, to: agent) - 1.0 / 3) < 1e-15)
        }
    }

    @Test("retries are bounded and named in the error")
    func retryBound() throws {
        let sparse = GraphModel.erdosRenyiProbability(agents: 30, probability: 0.02)
        #expect {
            try generate(sparse, connectivity: .retry(attempts: 5))
        } throws: { error in
            "\(error)".contains("not strongly connected after 5 attempts; raise --attempts")
        }
        let kept = try generate(sparse, connectivity: .allow)
        #expect(kept.agentCount == 30)
        let result = try TopologyGenerator.generate(
            .erdosRenyiProbability(agents: 30, probability: 0.1),
            options: .init(seed: 3, connectivity: .retry(attempts: 100)))
        #expect(result.attempts >= 1)
        #expect(try result.document.topology(source: "test").agentCount == 30)
    }

    @Test("weight rules and self-loops in the header")
    func weightRules() throws {
        let uniform = try generate(.ring(agents: 6))
        #expect(uniform.weightRule == .uniform)
        #expect(uniform.selfLoops == .implied)
        let off = try TopologyGenerator.generate(
            .ring(agents: 6), options: .init(selfLoops: false)
        ).document
        #expect(off.selfLoops == .explicit)
        let metropolis = try TopologyGenerator.generate(
            .star(agents: 5), options: .init(weightRule: .metropolis)
        ).document
        #expect(metropolis.weightRule == .metropolis)
        let given = try TopologyGenerator.generate(
            .star(agents: 5), options: .init(weightRule: .given)
        ).document
        #expect(given.weightRule == .given)
        #expect(given.edges.allSatisfy { $0.weight != nil })
        // The written numbers are the Metropolis weights: the same matrix A.
        let fromRule = try metropolis.topology(source: "metropolis")
        let fromNumbers = try given.topology(source: "given")
        #expect(sameWeights(fromRule, fromNumbers))
        let directedGiven = try TopologyGenerator.generate(
            .ring(agents: 5), options: .init(directed: true, weightRule: .given)
        ).document
        #expect(directedGiven.edges.contains { $0.from != $0.to && $0.weight == 0.5 })
    }

    @Test("invalid parameters name the option")
    func invalidParameters() throws {
        #expect(
            throws: TopologyToolsError.invalidParameter(
                name: "--agents", value: "2", expected: "a whole number ≥ 3 for a ring")
        ) {
            try generate(.ring(agents: 2))
        }
        #expect(throws: TopologyToolsError.self) {
            try generate(.erdosRenyiProbability(agents: 10, probability: 1.5))
        }
        #expect(throws: TopologyToolsError.self) {
            try generate(.randomRegular(agents: 5, degree: 3))
        }
        #expect {
            try generate(.barabasiAlbert(agents: 10, edgesPerAgent: 2), directed: true)
        } throws: { error in
            "\(error)".contains("undirected graphs only")
        }
        #expect {
            try TopologyGenerator.generate(
                .ring(agents: 5), options: .init(directed: true, weightRule: .metropolis))
        } throws: { error in
            "\(error)".contains("Metropolis weights need an undirected graph")
        }
        #expect {
            try TopologyGenerator.generate(
                .ring(agents: 5), options: .init(selfLoops: false, weightRule: .metropolis))
        } throws: { error in
            "\(error)".contains("--self-loops off")
        }
    }
}
