import Scenario
import SocialLearning
import Testing

/// `key.path=value` overrides, applied to the document before it is decoded.
struct OverridesTests {
    static let adaptive = baseScenario + "update:\n  rule: adaptive\n  step_size: 0.1\n"

    @Test("nested scalar")
    func nestedScalar() throws {
        let scenario = try decodeScenario(Self.adaptive, overrides: ["update.step_size=0.05"])
        for agent in scenario.model.agents {
            #expect(agent.update == .adaptive(StepSizeSchedule(initial: 0.05)), "\(agent.name)")
        }
        #expect(scenario.document["update"]?["step_size"]?.value == .scalar("0.05", quoted: false))
        #expect(scenario.document["update"]?["step_size"]?.line == nil)
    }

    @Test("missing mappings are created")
    func missingMappingsCreated() throws {
        let scenario = try decodeScenario(
            baseScenario,
            overrides: [
                "update.rule=adaptive", "update.step_size=0.2",
                "convergence.epsilon=0.01",
            ])
        #expect(scenario.model.agents[0].update == .adaptive(StepSizeSchedule(initial: 0.2)))
        #expect(scenario.convergence.epsilon == 0.01)
    }

    @Test("later override wins")
    func laterOverrideWins() throws {
        let scenario = try decodeScenario(baseScenario, overrides: ["rounds=10", "rounds=20"])
        #expect(scenario.rounds == 20)
    }

    @Test("list value")
    func listValue() throws {
        let scenario = try decodeScenario(baseScenario, overrides: ["likelihood.means=[0, 0.5]"])
        #expect(
            scenario.model.agents[0].likelihood
                == .gaussian(GaussianLikelihood(means: [0, 0.5], standardDeviations: [1, 1])))
    }

    @Test("index into a list")
    func indexIntoList() throws {
        let scenario = try decodeScenario(baseScenario, overrides: ["likelihood.means.1=3"])
        #expect(
            scenario.model.agents[0].likelihood
                == .gaussian(GaussianLikelihood(means: [0, 3], standardDeviations: [1, 1])))
    }

    @Test("index into a list of mappings")
    func indexIntoListOfMappings() throws {
        let text = baseScenario.replacingOccurrences(
            of: "truth: calm",
            with: "truth:\n  initial: calm\n  changes:\n    - round: 10\n      to: storm")
        let scenario = try decodeScenario(text, overrides: ["truth.changes.0.round=30"])
        #expect(scenario.model.truth.changes == [.init(round: 30, hypothesis: 1)])
    }

    @Test("mapping value")
    func mappingValue() throws {
        let scenario = try decodeScenario(
            baseScenario, overrides: ["sharing={rule: topic, topic: storm, fill: uniform}"])
        #expect(scenario.model.sharing == SharingPolicy(rule: .fixedTopic(1), fill: .uniform))
    }

    @Test("quoted value stays text")
    func quotedValueStaysText() throws {
        let scenario = try decodeScenario(baseScenario, overrides: ["name='run: one'"])
        #expect(scenario.name == "run: one")
    }

    @Test("value with an equals sign")
    func valueWithEqualsSign() throws {
        let scenario = try decodeScenario(baseScenario, overrides: ["description=a=b"])
        #expect(scenario.document["description"]?.value == .scalar("a=b", quoted: false))
    }

    /// An override and the exact message it is rejected with.
    static let errors: [(String, String)] = [
        ("rounds", "invalid override `rounds`: expected KEY=VALUE, e.g. update.step_size=0.05"),
        (
            "update..rule=x",
            "invalid override `update..rule=x`: the key path `update..rule` has an empty part"
        ),
        (
            "likelihood.means.2=1",
            "invalid override `likelihood.means.2=1`: the list `likelihood.means` has no item "
                + "`2`; its items are numbered 0 to 1"
        ),
        (
            "likelihood.means.first=1",
            "invalid override `likelihood.means.first=1`: the list `likelihood.means` has no "
                + "item `first`; its items are numbered 0 to 1"
        ),
        (
            "faults.0.agent=4",
            "invalid override `faults.0.agent=4`: `faults` has no list item 0 in the file; add "
                + "the item to the file, then override its keys"
        ),
        (
            "rounds=",
            "invalid override `rounds=`: the value is empty or null; give a value such as "
                + "`rounds=…`, or edit the file to remove `rounds`"
        ),
        (
            "likelihood=null",
            "invalid override `likelihood=null`: the value is empty or null; give a value such "
                + "as `likelihood=…`, or edit the file to remove `likelihood`"
        ),
        (
            "rounds.max=3",
            "invalid override `rounds.max=3`: cannot set `max` inside a plain value"
        ),
        ("name=[open", "invalid override `name=[open`: the value is not valid YAML"),
        (
            "rounds=0",
            "/work/study/test.yaml (command line): `rounds`: must be at least 1, found 0"
        ),
        (
            "update.step_size=2",
            "/work/study/test.yaml (command line): `update.step_size`: step size must be in "
                + "(0, 1), found 2.0"
        ),
        (
            "roundz=5",
            "/work/study/test.yaml (command line): `roundz`: unknown key; valid keys here are "
                + "`name`, `description`, `topology`, `hypotheses`, `truth`, `likelihood`, "
                + "`agents`, `initial_belief`, `update`, `sharing`, `rounds`, `seed`, "
                + "`convergence`, `report_every`, `log_beliefs`, `faults`, `runtime`; did you "
                + "mean `rounds`?"
        ),
    ]

    @Test("override error messages", arguments: errors)
    func overrideErrorMessages(override: String, message: String) {
        #expect(scenarioError(baseScenario, overrides: [override]) == message)
    }
}
