import Scenario
import SocialLearning

/// Writes the network model as JSON (model.json) next to observations.csv, so that an
/// independent implementation can recompute a run from the exported observations.
public enum ModelExport {
    /// Returns the model of `scenario` as JSON.
    public static func json(_ scenario: Scenario) -> JSONValue {
        let model = scenario.model
        let matrix = model.weights.matrix
        var sharing: [(String, JSONValue)] = []
        switch model.sharing.rule {
        case .full:
            sharing.append(("rule", .string("full")))
        case .fixedTopic(let topic):
            sharing.append(("rule", .string("topic")))
            sharing.append(("topic", .int(topic)))
        case .randomTopic(let distribution, let perSender):
            sharing.append(("rule", .string("random_topic")))
            sharing.append(("distribution", .array(distribution.map { .double($0) })))
            sharing.append(("per_sender", .bool(perSender)))
        case .randomNeighbour:
            sharing.append(("rule", .string("random_neighbour")))
        }
        sharing.append(("fill", .string(model.sharing.fill == .uniform ? "uniform" : "own")))
        sharing.append(
            ("self_aware", .bool(model.sharing.ownTerm == .selfAware)))
        return .object([
            ("hypotheses", .array(scenario.hypotheses.map { .string($0) })),
            ("agents", .array(scenario.topology.names.map { .string($0) })),
            ("rounds", .int(scenario.rounds)),
            ("report_every", .int(scenario.reportEvery)),
            ("log_beliefs", .bool(scenario.logBeliefs)),
            ("A", .array(matrix.map { .array($0.map { .double($0) }) })),
            ("sharing", .object(sharing)),
            (
                "truth",
                .object([
                    ("initial", .int(model.truth.initial)),
                    (
                        "changes",
                        .array(
                            model.truth.changes.map {
                                .array([.int($0.round), .int($0.hypothesis)])
                            })
                    ),
                ])
            ),
            ("agent_models", .array(model.agents.map(agentJSON))),
        ])
    }

    private static func agentJSON(_ agent: AgentModel) -> JSONValue {
        var pairs: [(String, JSONValue)] = []
        switch agent.likelihood {
        case .gaussian(let family):
            pairs.append(("family", .string("gaussian")))
            pairs.append(("means", .array(family.means.map { .double($0) })))
            pairs.append(("std", .array(family.standardDeviations.map { .double($0) })))
        case .categorical(let table):
            pairs.append(("family", .string("categorical")))
            pairs.append(
                (
                    "probabilities",
                    .array(table.probabilities.map { .array($0.map { .double($0) }) })
                ))
        }
        switch agent.update {
        case .bayesian:
            pairs.append(("step_size", .null))
        case .adaptive(let schedule):
            var fields: [(String, JSONValue)] = [("initial", .double(schedule.initial))]
            switch schedule.decay {
            case .constant:
                fields.append(("decay", .string("constant")))
            case .timeBased(let rate):
                fields.append(("decay", .string("time")))
                fields.append(("rate", .double(rate)))
            case .step(let factor, let every):
                fields.append(("decay", .string("step")))
                fields.append(("factor", .double(factor)))
                fields.append(("every", .int(every)))
            case .exponential(let rate):
                fields.append(("decay", .string("exponential")))
                fields.append(("rate", .double(rate)))
            }
            fields.append(("floor", .optional(schedule.floor) { .double($0) }))
            pairs.append(("step_size", .object(fields)))
        }
        pairs.append(("initial_log_belief", .array(agent.initialLogBelief.map { .double($0) })))
        return .object(pairs)
    }
}
