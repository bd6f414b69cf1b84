import Foundation
import Testing

/// One invalid file of `Fixtures/broken` and the text its error message must contain.
struct BrokenFile: Sendable, CustomTestStringConvertible {
    /// The file name inside `Fixtures/broken`.
    var name: String
    /// Fragments that must all appear on standard error: place, key, problem and fix.
    var expected: [String]
    /// Fragments that must not appear (a wrong place or a false statement).
    var absent: [String]

    init(_ name: String, _ expected: String..., absent: [String] = []) {
        self.name = name
        self.expected = expected
        self.absent = absent
    }

    /// True for scenario files, which `simulate` reads too.
    var isScenario: Bool { name.hasPrefix("scenario-") }

    var testDescription: String { name }
}

/// Every broken file must make `hearsay validate` (and, for scenarios, `hearsay simulate`)
/// exit with status 2 and print its own message, without crashing or writing a run folder.
struct BrokenFileTests {
    static let corpus: [BrokenFile] = [
        // Topology files.
        BrokenFile(
            "topology-agent-declared-twice.edges",
            "topology-agent-declared-twice.edges:2: agent `alice` is declared twice",
            "fix: list each agent once"),
        BrokenFile(
            "topology-agents-too-many.edges",
            "topology-agents-too-many.edges:2: `agents: 3000000000` is more than the 10000000 "
                + "agents a file may declare",
            "fix: check the number; larger networks are not supported"),
        BrokenFile(
            "topology-agents-empty.edges",
            "topology-agents-empty.edges:2: `agents:` has no value",
            "fix: write the number of agents (ids 1…N) or their names"),
        BrokenFile(
            "topology-agents-zero.edges",
            "topology-agents-zero.edges:2: `agents: 0` declares no agent",
            "fix: give a positive number of agents or their names"),
        BrokenFile(
            "topology-bad-directed.edges",
            "topology-bad-directed.edges:2: invalid value `maybe` for `directed:`",
            "fix: write `directed: true` or `directed: false`"),
        BrokenFile(
            "topology-bad-normalize.edges",
            "topology-bad-normalize.edges:2: invalid value `sometimes` for `normalize:`",
            "fix: write `normalize: true` or `normalize: false`"),
        BrokenFile(
            "topology-comments-only.edges",
            "topology-comments-only.edges: the file declares no agent and no edge",
            "fix: add `agents: N` and edge lines such as `1 2`"),
        BrokenFile(
            "topology-duplicate-edge-weights.edges",
            "topology-duplicate-edge-weights.edges:7: edge 1–2 repeats line 5 with another weight",
            "fix: keep one line per edge"),
        BrokenFile(
            "topology-empty.edges",
            "topology-empty.edges: the file declares no agent and no edge",
            "fix: add `agents: N` and edge lines such as `1 2`"),
        BrokenFile(
            "topology-header-after-edges.edges",
            "topology-header-after-edges.edges:4: header line `directed:` after the first edge",
            "fix: move every `key: value` line above the edges"),
        BrokenFile(
            "topology-header-twice.edges",
            "topology-header-twice.edges:3: `directed:` is given twice (first on line 2)",
            "fix: keep one of the two lines"),
        BrokenFile(
            "topology-metropolis-directed.edges",
            "topology-metropolis-directed.edges:3: Metropolis weights need an undirected graph",
            "fix: write `directed: false`, or use `weights: uniform` or `weights: given`"),
        BrokenFile(
            "topology-missing-weight.edges",
            "topology-missing-weight.edges:5: edge has no weight but `weights: given`",
            "fix: add a third column with the weight, or use `weights: uniform`"),
        BrokenFile(
            "topology-nan-weight.edges",
            "topology-nan-weight.edges:4: weight `nan` is not a decimal number",
            "fix: write a decimal number such as 0.25"),
        BrokenFile(
            "topology-negative-weight.edges",
            "topology-negative-weight.edges:6: negative weight -0.25",
            "fix: combination weights must be ≥ 0"),
        BrokenFile(
            "topology-no-incoming-weight.edges",
            "topology-no-incoming-weight.edges: agent 3 has no incoming weight",
            "fix: add edges into agent 3 (a self-loop `3 3 1` at least)"),
        BrokenFile(
            "topology-not-utf8.edges",
            "topology-not-utf8.edges: cannot read the topology file: the file is not valid UTF-8 "
                + "text"),
        BrokenFile(
            "topology-not-stochastic.edges",
            "topology-not-stochastic.edges:11: negative weight -0.5",
            "topology-not-stochastic.edges:12: weights into agent 3 sum to 0.8, not 1 "
                + "(lines 12, 13, 14)",
            "fix: correct the weights, or add `normalize: true` to rescale them",
            "topology-not-stochastic.edges: agent 4 has no incoming weight",
            "fix: add edges into agent 4 (a self-loop `4 4 1` at least)",
            absent: ["agent 2"]),
        BrokenFile(
            "topology-one-field.edges",
            "topology-one-field.edges:3: expected `FROM TO` or `FROM TO WEIGHT`, found 1",
            "fix: write one edge per line, e.g. `1 2` or `1 2 0.5`"),
        BrokenFile(
            "topology-several-problems.edges",
            "topology-several-problems.edges:5: negative weight -0.5",
            "topology-several-problems.edges:6: weight `lots` is not a decimal number",
            "topology-several-problems.edges:7: unknown agent `7`"),
        BrokenFile(
            "topology-too-many-fields.edges",
            "topology-too-many-fields.edges:3: expected `FROM TO` or `FROM TO WEIGHT`, found 4 "
                + "fields",
            "fix: write one edge per line, e.g. `1 2` or `1 2 0.5`"),
        BrokenFile(
            "topology-undirected-reverse-duplicate.edges",
            "topology-undirected-reverse-duplicate.edges:6: edge 2–1 repeats line 5 with another "
                + "weight",
            "fix: keep one line per edge; in an undirected file `2 1` and `1 2` are the same "
                + "edge"),
        BrokenFile(
            "topology-uniform-no-incoming.edges",
            "topology-uniform-no-incoming.edges: agent 3 has no incoming edge, so uniform "
                + "weights give it nothing to combine",
            "fix: add an edge into agent 3, a self-loop `3 3`, or write `self_loops: implied`"),
        BrokenFile(
            "topology-unknown-agent.edges",
            "topology-unknown-agent.edges:6: unknown agent `4`",
            "fix: declare it in the `agents:` line, or correct the id"),
        BrokenFile(
            "topology-unknown-header.edges",
            "topology-unknown-header.edges:2: unknown header key `weighting`",
            "fix: valid keys are agents, directed, weights, self_loops and normalize"),
        BrokenFile(
            "topology-unknown-self-loop-rule.edges",
            "topology-unknown-self-loop-rule.edges:2: unknown self-loop rule `none`",
            "fix: write `self_loops: implied` or `self_loops: explicit`"),
        BrokenFile(
            "topology-unknown-weight-rule.edges",
            "topology-unknown-weight-rule.edges:2: unknown weight rule `random`",
            "fix: write `weights: given`, `weights: uniform` or `weights: metropolis`"),
        BrokenFile(
            "topology-weight-not-number.edges",
            "topology-weight-not-number.edges:4: weight `half` is not a decimal number",
            "fix: write a decimal number such as 0.25",
            absent: ["declares no agent and no edge"]),
        BrokenFile(
            "topology-weight-with-uniform.edges",
            "topology-weight-with-uniform.edges:5: edge has a weight but the file says "
                + "`weights: uniform`",
            "fix: write `weights: given` to use the weights, or drop the weight column"),
        BrokenFile(
            "topology-weights-sum-0.9.edges",
            "topology-weights-sum-0.9.edges:10: weights into agent 3 sum to 0.9, not 1 "
                + "(lines 10, 11)",
            "fix: correct the weights, or add `normalize: true` to rescale them"),

        // Scenario files.
        BrokenFile(
            "scenario-adaptive-no-step-size.yaml",
            "scenario-adaptive-no-step-size.yaml:9: `update.step_size`: missing; the adaptive "
                + "update needs a step size in (0, 1)"),
        BrokenFile(
            "scenario-agent-not-in-topology.yaml",
            "scenario-agent-not-in-topology.yaml:10: `agents.9`: agent `9` is not in the "
                + "topology",
            "; use an id from its edge list"),
        BrokenFile(
            "scenario-alias.yaml",
            "scenario-alias.yaml:11:17: invalid syntax: YAML aliases (*name) are not supported; "
                + "write the value out"),
        BrokenFile(
            "scenario-burn-in-too-late.yaml",
            "scenario-burn-in-too-late.yaml:11: `convergence.burn_in`: must be from 0 to "
                + "rounds − 1 (99), found 100"),
        BrokenFile(
            "scenario-distribution-without-random-topic.yaml",
            "scenario-distribution-without-random-topic.yaml:12: `sharing.distribution`: used "
                + "only with `rule: random_topic`; set that rule, or remove `distribution`"),
        BrokenFile(
            "scenario-duplicate-key.yaml",
            "scenario-duplicate-key.yaml:10: `rounds`: key `rounds` is given twice (first on "
                + "line 9); keep one"),
        BrokenFile(
            "scenario-empty.yaml",
            "scenario-empty.yaml: the scenario is empty; expected at least `topology`, "
                + "`hypotheses`, `truth`, `likelihood` and `rounds`",
            absent: ["(command line)"]),
        BrokenFile(
            "scenario-factor-without-step-decay.yaml",
            "scenario-factor-without-step-decay.yaml:15: `update.step_size.factor`: used only "
                + "with `decay: step`; set that decay, or remove `factor`"),
        BrokenFile(
            "scenario-fault-action.yaml",
            "scenario-fault-action.yaml:13: `faults.0.action`: invalid value `crash`; expected "
                + "one of `exit`, `hang`"),
        BrokenFile(
            "scenario-fault-agent.yaml",
            "scenario-fault-agent.yaml:11: `faults.0.agent`: agent `12` is not in the topology"),
        BrokenFile(
            "scenario-heartbeat-too-short.yaml",
            "scenario-heartbeat-too-short.yaml:11: `runtime.heartbeat_interval`: must be from "
                + "0.05 to 60 seconds, found 0.01"),
        BrokenFile(
            "scenario-hypotheses-too-many.yaml",
            "scenario-hypotheses-too-many.yaml:3: `hypotheses`: 1000000000000 hypotheses is more "
                + "than the 100000 allowed"),
        BrokenFile(
            "scenario-initial-belief-sum.yaml",
            "scenario-initial-belief-sum.yaml:9: `initial_belief`: beliefs sum to 0.8, not 1"),
        BrokenFile(
            "scenario-json-comment.json",
            "scenario-json-comment.json:2:3: invalid syntax: expected a key in double quotes, "
                + "found `/`; JSON has no comments, so remove it or write the scenario in YAML"),
        BrokenFile(
            "scenario-json-duplicate-key.json",
            "scenario-json-duplicate-key.json:7: `truth`: key `truth` is given twice (first on "
                + "line 4); keep one"),
        BrokenFile(
            "scenario-json-nested-too-deep.json",
            "scenario-json-nested-too-deep.json:2:76: invalid syntax: lists and mappings are "
                + "nested more than 64 levels deep; a scenario needs only a few"),
        BrokenFile(
            "scenario-json-quoted-number.json",
            "scenario-json-quoted-number.json:6: `rounds`: expected a whole number, found the "
                + "quoted text \"100\"; remove the quotes"),
        BrokenFile(
            "scenario-json-syntax.json",
            "scenario-json-syntax.json:4:3: invalid syntax: expected `,` or `}` after the value "
                + "of \"hypotheses\", found `\"`; is a comma missing at the end of line 3?"),
        BrokenFile(
            "scenario-json-trailing-comma.json",
            "scenario-json-trailing-comma.json:7:1: invalid syntax: expected a quoted key after "
                + "`,`, found `}`; JSON allows no comma before `}`"),
        BrokenFile(
            "scenario-json-unknown-key.json",
            "scenario-json-unknown-key.json:7: `round_limit`: unknown key; valid keys here are "
                + "`name`, "),
        BrokenFile(
            "scenario-means-count.yaml",
            "scenario-means-count.yaml:7: `likelihood.means`: expected 3 values (one per "
                + "hypothesis), found 2"),
        BrokenFile(
            "scenario-missing-rounds.yaml",
            "scenario-missing-rounds.yaml:2: `rounds`: missing; expected a whole number ≥ 1"),
        BrokenFile(
            "scenario-missing-topology.yaml",
            "scenario-missing-topology.yaml:2: `topology`: missing; expected the path of an edge "
                + "list"),
        BrokenFile(
            "scenario-nested-too-deep.yaml",
            "scenario-nested-too-deep.yaml:3:72: invalid syntax: lists and mappings are nested "
                + "more than 64 levels deep; a scenario needs only a few"),
        BrokenFile(
            "scenario-not-a-mapping.yaml",
            "scenario-not-a-mapping.yaml:2: ",
            "expected a mapping of `key: value` lines, found a list"),
        BrokenFile(
            "scenario-not-utf8.yaml",
            "scenario-not-utf8.yaml: cannot read the scenario: the file is not UTF-8 text"),
        BrokenFile(
            "scenario-one-hypothesis.yaml",
            "scenario-one-hypothesis.yaml:3: `hypotheses`: need at least 2 hypotheses, found 1"),
        BrokenFile(
            "scenario-probabilities-sum.yaml",
            "scenario-probabilities-sum.yaml:10: `likelihood.probabilities.storm`: probabilities "
                + "of `storm` sum to 0.9, not 1"),
        BrokenFile(
            "scenario-probability-row-length.yaml",
            "scenario-probability-row-length.yaml:10: `likelihood.probabilities.1`: row of "
                + "`storm` has 2 probabilities for 3 symbols"),
        BrokenFile(
            "scenario-rate-without-decay.yaml",
            "scenario-rate-without-decay.yaml:13: `update.step_size.rate`: used only with "
                + "`decay: time` or `decay: exponential`; set one of them, or remove `rate`",
            absent: ["unknown key"]),
        BrokenFile(
            "scenario-report-every-zero.yaml",
            "scenario-report-every-zero.yaml:10: `report_every`: must be at least 1, found 0"),
        BrokenFile(
            "scenario-rounds-quoted.yaml",
            "scenario-rounds-quoted.yaml:9: `rounds`: expected a whole number, found the quoted "
                + "text \"100\"; remove the quotes"),
        BrokenFile(
            "scenario-rounds-text.yaml",
            "scenario-rounds-text.yaml:9: `rounds`: expected a whole number, found `abc`"),
        BrokenFile(
            "scenario-rounds-zero.yaml",
            "scenario-rounds-zero.yaml:9: `rounds`: must be at least 1, found 0"),
        BrokenFile(
            "scenario-seed-negative.yaml",
            "scenario-seed-negative.yaml:10: `seed`: expected a whole number from 0 to 2^64 − 1, "
                + "found `-3`"),
        BrokenFile(
            "scenario-sharing-rule-unknown.yaml",
            "scenario-sharing-rule-unknown.yaml:10: `sharing.rule`: invalid value `gossip`; "
                + "expected one of `full`, `topic`, `random_topic`, `random_neighbour`"),
        BrokenFile(
            "scenario-std-and-variance.yaml",
            "scenario-std-and-variance.yaml:9: `likelihood.variance`: give `std` or `variance`, "
                + "not both"),
        BrokenFile(
            "scenario-std-zero.yaml",
            "scenario-std-zero.yaml:8: `likelihood.std`: standard deviation 0.0 of `storm` must "
                + "be > 0"),
        BrokenFile(
            "scenario-step-size-1.5.yaml",
            "scenario-step-size-1.5.yaml:11: `update.step_size`: step size must be in (0, 1), "
                + "found 1.5"),
        BrokenFile(
            "scenario-step-size-bayesian.yaml",
            "scenario-step-size-bayesian.yaml:11: `update.step_size`: a step size needs "
                + "`rule: adaptive`; remove it for the Bayesian update"),
        BrokenFile(
            "scenario-symbol-impossible.yaml",
            "scenario-symbol-impossible.yaml:8: `likelihood.probabilities`: symbol `hail` has "
                + "probability 0 under every hypothesis, so it can never be observed; remove it "
                + "or give it a positive probability"),
        BrokenFile(
            "scenario-topic-unknown.yaml",
            "scenario-topic-unknown.yaml:11: `sharing.topic`: unknown hypothesis `weather`; "
                + "expected one of `calm`, `storm`"),
        BrokenFile(
            "scenario-topic-with-full.yaml",
            "scenario-topic-with-full.yaml:11: `sharing.topic`: used only with `rule: topic`; "
                + "set that rule, or remove `topic`"),
        BrokenFile(
            "scenario-topology-invalid.yaml",
            "topology-negative-weight.edges:6: negative weight -0.25",
            "fix: combination weights must be ≥ 0"),
        BrokenFile(
            "scenario-topology-not-found.yaml",
            "scenario-topology-not-found.yaml:2: `topology`: no readable topology file at `",
            "/topologies/missing.edges`; paths are relative to the scenario's folder"),
        BrokenFile(
            "scenario-truth-change-after-end.yaml",
            "scenario-truth-change-after-end.yaml:7: `truth.changes.0.round`: a change at round "
                + "500 is after the last round 100; remove it or raise `rounds`",
            absent: ["(command line)"]),
        BrokenFile(
            "scenario-truth-changes-order.yaml",
            "scenario-truth-changes-order.yaml:9: `truth.changes.1.round`: rounds of changes "
                + "must increase and be ≥ 2, found 40"),
        BrokenFile(
            "scenario-truth-unknown.yaml",
            "scenario-truth-unknown.yaml:4: `truth`: unknown hypothesis `sunny`; expected one of "
                + "`calm`, `storm`"),
        BrokenFile(
            "scenario-two-documents.yaml",
            "scenario-two-documents.yaml:10:1: invalid syntax: the file holds more than one YAML "
                + "document; keep one"),
        BrokenFile(
            "scenario-unknown-decay.yaml",
            "scenario-unknown-decay.yaml:13: `update.step_size.decay`: invalid value `linear`; "
                + "expected one of `constant`, `time`, `step`, `exponential`"),
        BrokenFile(
            "scenario-unknown-key.yaml",
            "scenario-unknown-key.yaml:9: `sharring`: unknown key; valid keys here are `name`, ",
            "; did you mean `sharing`?"),
        BrokenFile(
            "scenario-unknown-nested-key.yaml",
            "scenario-unknown-nested-key.yaml:12: `convergence.windw`: unknown key; valid keys "
                + "here are `epsilon`, `window`, `burn_in`, `stop_on_convergence`; did you mean "
                + "`window`?"),
        BrokenFile(
            "scenario-yaml-syntax.yaml",
            "scenario-yaml-syntax.yaml:4:6: invalid syntax: did not find expected ',' or ']' "
                + "while parsing a flow sequence"),
        // Findings of the breaker's report (numbers 6 to 11, 21, 22, 24 and 26).
        BrokenFile(
            "topology-agents-huge.edges",
            "topology-agents-huge.edges:2: `agents: 99999999999999999999` is more than the "
                + "10000000 agents a file may declare",
            "fix: check the number; larger networks are not supported"),
        BrokenFile(
            "topology-agents-scientific.edges",
            "topology-agents-scientific.edges:2: `agents: 1e3` is not a whole number",
            "fix: expected a whole number written in digits, such as `agents: 1000`"),
        BrokenFile(
            "topology-hex-weight.edges",
            "topology-hex-weight.edges:3: weight `0x10` is not a decimal number",
            "fix: write a decimal number such as 0.25"),
        BrokenFile(
            "topology-chained-arrow.edges",
            "topology-chained-arrow.edges:2: `->` or `--` may stand only between the two ids of "
                + "one edge, found 2 on this line"),
        BrokenFile(
            "topology-second-bom.edges",
            "topology-second-bom.edges:1: invisible character U+FEFF (byte-order mark) at "
                + "column 1",
            "fix: delete it"),
        BrokenFile(
            "topology-nul-in-id.edges",
            "topology-nul-in-id.edges:2: invisible character U+0000 (NUL) at column 4",
            "fix: delete it"),
        BrokenFile(
            "scenario-floor-above-initial.yaml",
            "scenario-floor-above-initial.yaml:13: `update.step_size.floor`: the floor 0.5 is "
                + "above the initial step size 0.1; it must be ≤ `initial`"),
        BrokenFile(
            "scenario-truth-change-same.yaml",
            "scenario-truth-change-same.yaml:7: `truth.changes.0.to`: `calm` is already the "
                + "truth at round 10; remove this change"),
        BrokenFile(
            "scenario-std-tiny.yaml",
            "scenario-std-tiny.yaml:5: `likelihood.std`: standard deviation 1e-200 of `calm` is "
                + "outside the usable range 1e-150 to 1e150"),
        BrokenFile(
            "scenario-tab-indent.yaml",
            "scenario-tab-indent.yaml:6:1: invalid syntax: ",
            "(YAML does not allow tabs for indentation; use spaces)"),
        BrokenFile(
            "scenario-topology-gml.yaml",
            "scenario-topology-gml.yaml:2: `topology`: `",
            "/topologies/ring.gml` is a .gml graph; `topology` must name an edge-list file; "
                + "convert it with `hearsay topology convert ",
            "/topologies/ring.gml OUT.edges`"),
        BrokenFile(
            "scenario-topology-yaml.yaml",
            "scenario-topology-yaml.yaml:2: `topology`: `",
            "/broken/scenario-empty.yaml` is a .yaml file; `topology` must name an edge-list "
                + "file",
            absent: ["expected `FROM TO`"]),
        BrokenFile(
            "scenario-topology-binary.yaml",
            "scenario-topology-binary.yaml:2: `topology`: `",
            "/topologies/binary.edges` is not a text file; `topology` must name an edge-list "
                + "file",
            absent: ["no readable topology file"]),
        BrokenFile(
            "scenario-sweep-file.yaml",
            "scenario-sweep-file.yaml:2: `grid`: this is a sweep file (it has `scenario:` and "
                + "`grid:`), not a scenario; check it with `hearsay batch ",
            "scenario-sweep-file.yaml --dry-run`",
            absent: ["`topology`: missing"]),
        BrokenFile(
            "scenario-distribution-unknown-hypothesis.yaml",
            "scenario-distribution-unknown-hypothesis.yaml:8: `sharing.distribution.rain`: "
                + "unknown hypothesis `rain`; expected one of `calm`, `storm`",
            absent: ["missing"]),
        BrokenFile(
            "scenario-fault-after-end.yaml",
            "scenario-fault-after-end.yaml:8: `faults.0.round`: a fault at round 5000 is after "
                + "the last round 50, so it would never happen"),
        BrokenFile(
            "scenario-name-empty.yaml",
            "scenario-name-empty.yaml:2: `name`: a run name must not be empty or start with `-`"),
        BrokenFile(
            "scenario-name-dash.yaml",
            "scenario-name-dash.yaml:2: `name`: a run name must not be empty or start with `-`, "
                + "found \"-rf\""),
    ]

    @Test("corpus matches the fixture folder")
    func corpusMatchesFolder() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixture.path("broken"))
        #expect(Set(files) == Set(Self.corpus.map(\.name)))
        #expect(Self.corpus.count == Set(Self.corpus.map(\.name)).count, "a file has two rows")
        #expect(Self.corpus.count >= 30)
    }

    @Test("validate rejects broken file", arguments: corpus)
    func validateRejects(file: BrokenFile) throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let path = try Fixture.path("broken/\(file.name)")
        guard let result = try Hearsay.run(["validate", path], in: work.url) else { return }
        Self.expectRejection(result, of: file)
        #expect(try work.contents().isEmpty, "validate wrote into its working folder")
    }

    @Test("simulate rejects broken scenario", arguments: corpus.filter(\.isScenario))
    func simulateRejects(file: BrokenFile) throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let path = try Fixture.path("broken/\(file.name)")
        let output = work.path("run")
        guard let result = try Hearsay.run(["simulate", path, "--output", output], in: work.url)
        else { return }
        Self.expectRejection(result, of: file)
        #expect(!FileManager.default.fileExists(atPath: output), "simulate created \(output)")
        #expect(try work.contents().isEmpty, "simulate wrote into its working folder")
    }

    /// Checks exit status 2, no signal, nothing on standard output and the expected message.
    private static func expectRejection(_ result: CommandResult, of file: BrokenFile) {
        #expect(!result.signalled, "ended by signal \(result.status)")
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        let message = result.standardError
        #expect(message.hasPrefix("hearsay: error: "), "standard error: \(message)")
        for fragment in file.expected {
            #expect(message.contains(fragment), "missing `\(fragment)` in: \(message)")
        }
        for fragment in file.absent {
            #expect(!message.contains(fragment), "unexpected `\(fragment)` in: \(message)")
        }
    }
}
