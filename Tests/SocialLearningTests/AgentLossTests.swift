import Foundation
import SocialLearning
import Testing

/// Dropping a lost agent (case 4 of the hard cases, drop-and-continue variant).
struct AgentLossTests {
    /// Returns the ring of 8 of case 4: self-weight 0.5 and 0.25 for each of the two neighbours.
    private func ringOfEight() -> NetworkModel {
        var incoming: [[WeightedLink]] = []
        for agent in 0..<8 {
            incoming.append([
                WeightedLink(agent: agent, weight: 0.5),
                WeightedLink(agent: (agent + 7) % 8, weight: 0.25),
                WeightedLink(agent: (agent + 1) % 8, weight: 0.25),
            ])
        }
        let agents = Fixture.gaussianAgents(
            means: [[Double]](repeating: [0, 1], count: 8), standardDeviation: 1,
            update: .bayesian)
        return Fixture.model(
            agents: agents, weights: CombinationWeights(incoming: incoming),
            sharing: SharingPolicy(rule: .full), truth: TruthSchedule(initial: 0), seed: 5)
    }

    @Test("neighbours of a dropped agent rescale to 2/3 and 1/3")
    func neighboursRescale() {
        let model = ringOfEight()
        // Agent 3 (0-based) is the fourth agent; its neighbours are 2 and 4.
        for neighbour in [2, 4] {
            var agent = AgentState(id: neighbour, model: model)
            agent.drop(sender: 3, model: model)
            let links = agent.incomingLinks(model)
            #expect(links.count == 2)
            #expect(!links.contains { $0.agent == 3 })
            #expect(abs((links.first { $0.agent == neighbour }?.weight ?? 0) - 2.0 / 3) < 1e-15)
            let other = neighbour == 2 ? 1 : 5
            #expect(abs((links.first { $0.agent == other }?.weight ?? 0) - 1.0 / 3) < 1e-15)
        }
    }

    @Test("dropping a sender that is not an in-neighbour changes nothing")
    func unrelatedDrop() {
        let model = ringOfEight()
        var agent = AgentState(id: 0, model: model)
        agent.drop(sender: 4, model: model)
        #expect(agent.droppedLinks == nil)
        #expect(agent.incomingLinks(model) == model.weights.incoming[0])
    }

    @Test("an agent whose only in-neighbour is dropped keeps its own belief")
    func lastNeighbourDropped() {
        // 0 → 1 with no self-loop at 1: after the drop agent 1 listens to itself alone.
        let weights = CombinationWeights(incoming: [
            [WeightedLink(agent: 0, weight: 1)], [WeightedLink(agent: 0, weight: 1)],
        ])
        let agents = Fixture.gaussianAgents(
            means: [[0, 1], [0, 1]], standardDeviation: 1, update: .bayesian)
        let model = Fixture.model(
            agents: agents, weights: weights, sharing: SharingPolicy(rule: .full),
            truth: TruthSchedule(initial: 0), seed: 1)
        var agent = AgentState(id: 1, model: model)
        agent.drop(sender: 0, model: model)
        #expect(agent.incomingLinks(model) == [WeightedLink(agent: 1, weight: 1)])
    }

    @Test("a dropped agent stops, the others go on and still converge")
    func simulationGoesOn() throws {
        let model = ringOfEight()
        var simulation = Simulation(model: model, rounds: 200, settings: ConvergenceSettings())
        for _ in 0..<49 {
            try simulation.step()
        }
        let frozen = simulation.agents[3].logBelief
        simulation.drop(agent: 3)
        for _ in 0..<151 {
            try simulation.step()
        }
        #expect(simulation.agents[3].logBelief == frozen)
        #expect(simulation.active == [true, true, true, false, true, true, true, true])
        #expect(simulation.tracker.droppedFrom == [3: 50])
        let decisions = simulation.agents.map(\.decision)
        let report = simulation.tracker.report(finalDecisions: decisions)
        #expect(report.converged)
        #expect(report.clusters.count == 1)
        #expect(report.clusters.first?.agents == [0, 1, 2, 4, 5, 6, 7])
        for agent in simulation.agents where agent.id != 3 {
            #expect(agent.logBelief.allSatisfy { !$0.isNaN })
        }
    }
}
