import Foundation
import SocialLearning
import Topology

/// Decodes a scenario document into a `Scenario`, key by key, rejecting unknown keys.
struct ScenarioDecoder {
    let file: String
    let document: ConfigNode
    let topologyText: String?

    static let topLevelKeys = [
        "name", "description", "topology", "hypotheses", "truth", "likelihood", "agents",
        "initial_belief", "update", "sharing", "rounds", "seed", "convergence", "report_every",
        "log_beliefs", "faults", "runtime",
    ]

    /// The maximum number of hypotheses, or symbols of a categorical likelihood.
    static let maximumCount = 100_000

    private var hypotheses: [String] = []

    init(file: String, document: ConfigNode, topologyText: String?) {
        self.file = file
        self.document = document
        self.topologyText = topologyText
    }

    mutating func decode() throws -> Scenario {
        let root = try NodeReader(document, path: "", file: file).mapping()
        if root.keys.contains("scenario") && root.keys.contains("grid") {
            throw ScenarioError.invalid(
                file: file, key: "grid", line: document.line,
                message: "this is a sweep file (it has `scenario:` and `grid:`), not a "
                    + "scenario; check it with `hearsay batch \(file) --dry-run`")
        }
        let name = try decodeName(root.optional("name"))
        _ = try root.optional("description")?.string()

        let topologyReader = try root.required("topology", expected: "the path of an edge list")
        let topologyPath = try resolve(try topologyReader.string())
        try checkTopologyKind(topologyPath, reader: topologyReader)
        let topology: Topology
        do {
            if let topologyText {
                topology = try Topology.parse(topologyText, file: topologyPath)
            } else {
                topology = try Topology.load(path: topologyPath)
            }
        } catch let error as TopologyError {
            if case .unreadable(_, let reason) = error, reason.contains("UTF-8") {
                throw topologyReader.error(
                    "`\(topologyPath)` is not a text file; `topology` must name an edge-list "
                        + "file (lines such as `1 2`), see docs/topology-format.md")
            }
            if case .unreadable = error {
                throw topologyReader.error(
                    "no readable topology file at `\(topologyPath)`; paths are relative to "
                        + "the scenario's folder")
            }
            throw ScenarioError.topology(error)
        }

        hypotheses = try decodeHypotheses(
            root.required("hypotheses", expected: "a list of names or a number ≥ 2"))
        let roundsReader = try root.required("rounds", expected: "a whole number ≥ 1")
        let rounds = try roundsReader.integer()
        guard rounds >= 1 else {
            throw roundsReader.error("must be at least 1, found \(rounds)")
        }
        let truth = try decodeTruth(
            root.required("truth", expected: "a hypothesis name, or {initial, changes}"),
            rounds: rounds)
        let defaultLikelihood = try root.required(
            "likelihood", expected: "a mapping with `family: gaussian` or `family: categorical`")
        let defaultUpdate = try decodeUpdate(root.optional("update"), stepSize: nil)
        let defaultBelief =
            try root.optional("initial_belief").map(decodeBelief)
            ?? Self.uniform(hypotheses.count)
        let sharing = try decodeSharing(root.optional("sharing"))

        var agents: [AgentModel] = []
        let baseLikelihood = try decodeLikelihood(defaultLikelihood)
        for agentName in topology.names {
            agents.append(
                AgentModel(
                    name: agentName, likelihood: baseLikelihood, update: defaultUpdate,
                    initialLogBelief: defaultBelief, likelihoodKey: "likelihood"))
        }
        if let overrides = root.optional("agents") {
            try applyAgentOverrides(overrides, topology: topology, to: &agents)
        }

        let seed = try decodeSeed(root.optional("seed"))
        let reportEvery =
            try root.optional("report_every").map { reader in
                let value = try reader.integer()
                guard value >= 1 else { throw reader.error("must be at least 1, found \(value)") }
                return value
            } ?? 10
        let convergence = try decodeConvergence(root.optional("convergence"), rounds: rounds)
        let logBeliefs = try root.optional("log_beliefs")?.boolean() ?? false
        let faults = try decodeFaults(
            root.optional("faults"), topology: topology, rounds: rounds)
        let runtime = try decodeRuntime(root.optional("runtime"))
        try root.finish(valid: Self.topLevelKeys)

        let model = NetworkModel(
            hypothesisCount: hypotheses.count, agents: agents, weights: topology.weights,
            sharing: sharing, truth: truth, seed: seed)
        var scenario = Scenario(
            file: file, name: name, topologyPath: topologyPath, topology: topology,
            hypotheses: hypotheses, model: model, rounds: rounds, reportEvery: reportEvery,
            convergence: convergence, logBeliefs: logBeliefs, faults: faults, runtime: runtime,
            document: document)
        scenario.warnings = beliefWarnings(agents, truth: truth.initial)
        return scenario
    }

    /// Warns about agents whose initial belief in the first true hypothesis is 0: no
    /// evidence can raise a belief from 0, so they can never learn it.
    private func beliefWarnings(_ agents: [AgentModel], truth: Int) -> [String] {
        let stuck = agents.filter { $0.initialLogBelief[truth] == -.infinity }.map(\.name)
        guard !stuck.isEmpty else { return [] }
        let shown = stuck.prefix(10).joined(separator: ", ") + (stuck.count > 10 ? ", …" : "")
        let who = stuck.count == 1 ? "agent \(shown) starts" : "agents \(shown) start"
        return [
            "\(file): `initial_belief`: \(who) with belief 0 in the truth "
                + "`\(hypotheses[truth])`, so \(stuck.count == 1 ? "it" : "they") can never "
                + "learn it; give the truth a positive initial belief"
        ]
    }

    private func decodeName(_ reader: NodeReader?) throws -> String {
        guard let reader else { return Self.defaultName(file) }
        let name = try reader.string()
        guard !name.isEmpty, !name.hasPrefix("-") else {
            throw reader.error(
                "a run name must not be empty or start with `-`, found \"\(name)\"; "
                    + "write a name such as `trial-1`, or remove `name` to use the file name")
        }
        return name
    }

    /// Rejects a topology path that names another kind of file before it is read as an edge
    /// list, so that the message gives the fix instead of a list of edge-list errors.
    private func checkTopologyKind(_ path: String, reader: NodeReader) throws {
        let suffix = (path as NSString).pathExtension.lowercased()
        if ["yaml", "yml", "json"].contains(suffix) {
            throw reader.error(
                "`\(path)` is a .\(suffix) file; `topology` must name an edge-list file "
                    + "(such as `ring8.edges`), see docs/topology-format.md")
        }
        if ["gml", "graphml", "net", "csv"].contains(suffix) {
            throw reader.error(
                "`\(path)` is a .\(suffix) graph; `topology` must name an edge-list file; "
                    + "convert it with `hearsay topology convert \(path) OUT.edges`")
        }
    }

    // MARK: - Hypotheses and truth

    private func decodeHypotheses(_ reader: NodeReader) throws -> [String] {
        var names: [String]
        if reader.isSequence {
            names = try reader.sequence().map { try $0.string() }
        } else {
            let count = try reader.integer()
            guard count >= 2 else {
                throw reader.error("need at least 2 hypotheses, found \(count)")
            }
            // The limit catches a mistyped count before it allocates billions of names.
            guard count <= Self.maximumCount else {
                throw reader.error(
                    "\(count) hypotheses is more than the \(Self.maximumCount) allowed")
            }
            names = (1...count).map { "h\($0)" }
        }
        guard names.count >= 2 else {
            throw reader.error("need at least 2 hypotheses, found \(names.count)")
        }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw reader.error("hypothesis `\(name)` is listed twice; names must be unique")
        }
        return names
    }

    /// Returns the index of the hypothesis named by `reader`.
    private func hypothesis(_ reader: NodeReader) throws -> Int {
        let name = try reader.string()
        guard let index = hypotheses.firstIndex(of: name) else {
            let list = hypotheses.map { "`\($0)`" }.joined(separator: ", ")
            throw reader.error("unknown hypothesis `\(name)`; expected one of \(list)")
        }
        return index
    }

    /// Reads the truth: one hypothesis, or an initial one with changes at rounds 2…`rounds`.
    private func decodeTruth(_ reader: NodeReader, rounds: Int) throws -> TruthSchedule {
        guard reader.isMapping else {
            return TruthSchedule(initial: try hypothesis(reader))
        }
        let mapping = try reader.mapping()
        let initial = try hypothesis(
            mapping.required("initial", expected: "the hypothesis true at round 1"))
        var changes: [TruthSchedule.Change] = []
        if let list = mapping.optional("changes") {
            var previous = 1
            for item in try list.sequence() {
                let change = try item.mapping()
                let roundReader = try change.required("round", expected: "a round ≥ 2")
                let round = try roundReader.integer()
                guard round > previous else {
                    throw roundReader.error(
                        "rounds of changes must increase and be ≥ 2, found \(round)")
                }
                guard round <= rounds else {
                    throw roundReader.error(
                        "a change at round \(round) is after the last round \(rounds); "
                            + "remove it or raise `rounds`")
                }
                previous = round
                let targetReader = try change.required(
                    "to", expected: "the hypothesis true from that round on")
                let target = try hypothesis(targetReader)
                let current = changes.last?.hypothesis ?? initial
                guard target != current else {
                    throw targetReader.error(
                        "`\(hypotheses[target])` is already the truth at round \(round); "
                            + "remove this change")
                }
                try change.finish(valid: ["round", "to"])
                changes.append(TruthSchedule.Change(round: round, hypothesis: target))
            }
        }
        try mapping.finish(valid: ["initial", "changes"])
        return TruthSchedule(initial: initial, changes: changes)
    }

    // MARK: - Likelihoods

    private func decodeLikelihood(_ reader: NodeReader) throws -> Likelihood {
        let mapping = try reader.mapping()
        let family = try mapping.required("family", expected: "`gaussian` or `categorical`")
            .choice(["gaussian", "categorical"])
        if family == "gaussian" {
            let means = try perHypothesis(
                mapping.required("means", expected: "one mean per hypothesis"))
            let deviations: [Double]
            let std = mapping.optional("std")
            let variance = mapping.optional("variance")
            switch (std, variance) {
            case (let std?, nil):
                deviations = try perHypothesisOrScalar(std)
                for (index, value) in deviations.enumerated() where value <= 0 {
                    throw std.error(
                        "standard deviation \(value) of `\(hypotheses[index])` must be > 0")
                }
                for (index, value) in deviations.enumerated() where !Self.usable(value * value) {
                    throw std.error(
                        "standard deviation \(value) of `\(hypotheses[index])` is outside the "
                            + "usable range 1e-150 to 1e150 (its square would not be a usable "
                            + "number)")
                }
            case (nil, let variance?):
                let values = try perHypothesisOrScalar(variance)
                for (index, value) in values.enumerated() where value <= 0 {
                    throw variance.error(
                        "variance \(value) of `\(hypotheses[index])` must be > 0")
                }
                for (index, value) in values.enumerated() where !Self.usable(value) {
                    throw variance.error(
                        "variance \(value) of `\(hypotheses[index])` is outside the usable "
                            + "range 1e-300 to 1e300")
                }
                deviations = values.map { $0.squareRoot() }
            case (nil, nil):
                throw ScenarioError.invalid(
                    file: file, key: "\(reader.path).std", line: reader.node.line,
                    message: "missing; expected `std` (a number, or one per hypothesis) "
                        + "or `variance`")
            case (.some, .some):
                throw variance?.error("give `std` or `variance`, not both")
                    ?? reader.error("give `std` or `variance`, not both")
            }
            try mapping.finish(valid: ["family", "means", "std", "variance"])
            return .gaussian(GaussianLikelihood(means: means, standardDeviations: deviations))
        }
        let symbolsReader = try mapping.required("symbols", expected: "a list of symbol names")
        var symbols: [String]
        if symbolsReader.isSequence {
            symbols = try symbolsReader.sequence().map { try $0.string() }
        } else {
            let count = try symbolsReader.integer()
            guard count <= Self.maximumCount else {
                throw symbolsReader.error(
                    "\(count) symbols is more than the \(Self.maximumCount) allowed")
            }
            symbols = count > 0 ? (0..<count).map(String.init) : []
        }
        guard symbols.count >= 2 else {
            throw symbolsReader.error("need at least 2 symbols, found \(symbols.count)")
        }
        var seen = Set<String>()
        for symbol in symbols where !seen.insert(symbol).inserted {
            throw symbolsReader.error("symbol `\(symbol)` is listed twice")
        }
        let tableReader = try mapping.required(
            "probabilities", expected: "one probability row per hypothesis")
        let rows = try perHypothesisRows(tableReader)
        var table: [[Double]] = []
        for (index, (rowReader, row)) in rows.enumerated() {
            guard row.count == symbols.count else {
                throw rowReader.error(
                    "row of `\(hypotheses[index])` has \(row.count) probabilities for "
                        + "\(symbols.count) symbols")
            }
            for value in row where value < 0 || value > 1 {
                throw rowReader.error("probability \(value) is outside [0, 1]")
            }
            let sum = row.reduce(0, +)
            guard abs(sum - 1) <= 1e-9 else {
                throw rowReader.error(
                    "probabilities of `\(hypotheses[index])` sum to \(sum), not 1")
            }
            table.append(row)
        }
        for (symbol, name) in symbols.enumerated() where table.allSatisfy({ $0[symbol] == 0 }) {
            throw tableReader.error(
                "symbol `\(name)` has probability 0 under every hypothesis, so it can never be "
                    + "observed; remove it or give it a positive probability")
        }
        try mapping.finish(valid: ["family", "symbols", "probabilities"])
        return .categorical(CategoricalLikelihood(symbols: symbols, probabilities: table))
    }

    /// True for a variance σ² whose inverse 1/σ² is finite and large enough to compute
    /// with: from 1e-300 to 1e300.
    static func usable(_ variance: Double) -> Bool {
        variance >= 1e-300 && variance <= 1e300
    }

    /// Reads one number per hypothesis, as a list in hypothesis order or a name → value map.
    private func perHypothesis(_ reader: NodeReader) throws -> [Double] {
        if reader.isMapping {
            let mapping = try reader.mapping()
            try checkHypothesisKeys(mapping)
            let values = try hypotheses.map { name in
                try mapping.required(name, expected: "a number").double()
            }
            try mapping.finish(valid: hypotheses)
            return values
        }
        let values = try reader.doubles()
        guard values.count == hypotheses.count else {
            throw reader.error(
                "expected \(hypotheses.count) values (one per hypothesis), found \(values.count)")
        }
        return values
    }

    /// Rejects a key of a per-hypothesis mapping that names no hypothesis, before any
    /// hypothesis is reported missing (the unknown key is usually a misspelt one).
    private func checkHypothesisKeys(_ mapping: MappingReader) throws {
        let list = hypotheses.map { "`\($0)`" }.joined(separator: ", ")
        for (key, value) in mapping.pairs where !hypotheses.contains(key) {
            throw ScenarioError.invalid(
                file: file, key: "\(mapping.path).\(key)", line: value.line ?? mapping.node.line,
                message: "unknown hypothesis `\(key)`; expected one of \(list)")
        }
    }

    private func perHypothesisOrScalar(_ reader: NodeReader) throws -> [Double] {
        if reader.isMapping || reader.isSequence {
            return try perHypothesis(reader)
        }
        return [Double](repeating: try reader.double(), count: hypotheses.count)
    }

    private func perHypothesisRows(_ reader: NodeReader) throws -> [(NodeReader, [Double])] {
        if reader.isMapping {
            let mapping = try reader.mapping()
            try checkHypothesisKeys(mapping)
            let rows = try hypotheses.map { name -> (NodeReader, [Double]) in
                let row = try mapping.required(name, expected: "a list of probabilities")
                return (row, try row.doubles())
            }
            try mapping.finish(valid: hypotheses)
            return rows
        }
        let rows = try reader.sequence()
        guard rows.count == hypotheses.count else {
            throw reader.error(
                "expected \(hypotheses.count) rows (one per hypothesis), found \(rows.count)")
        }
        return try rows.map { ($0, try $0.doubles()) }
    }

    // MARK: - Beliefs and updates

    private func decodeBelief(_ reader: NodeReader) throws -> [Double] {
        let values = try perHypothesis(reader)
        for value in values where value < 0 {
            throw reader.error("belief \(value) is negative")
        }
        let sum = values.reduce(0, +)
        guard abs(sum - 1) <= 1e-9 else {
            throw reader.error("beliefs sum to \(sum), not 1")
        }
        return values.map { log($0) }
    }

    private static func uniform(_ count: Int) -> [Double] {
        [Double](repeating: -log(Double(count)), count: count)
    }

    private func decodeUpdate(_ reader: NodeReader?, stepSize: NodeReader?) throws -> UpdateRule {
        var rule: String?
        var stepReader = stepSize
        if let reader {
            let mapping = try reader.mapping()
            rule = try mapping.optional("rule")?.choice(["bayesian", "adaptive"])
            stepReader = mapping.optional("step_size") ?? stepSize
            try mapping.finish(valid: ["rule", "step_size"])
        }
        if rule == "bayesian" {
            if let stepReader {
                throw stepReader.error(
                    "a step size needs `rule: adaptive`; remove it for the Bayesian update")
            }
            return .bayesian
        }
        guard let stepReader else {
            if rule == "adaptive" {
                throw ScenarioError.invalid(
                    file: file, key: "\(reader?.path ?? "update").step_size",
                    line: reader?.node.line,
                    message: "missing; the adaptive update needs a step size in (0, 1)")
            }
            return .bayesian
        }
        return .adaptive(try decodeSchedule(stepReader))
    }

    private func decodeSchedule(_ reader: NodeReader) throws -> StepSizeSchedule {
        guard reader.isMapping else {
            return StepSizeSchedule(initial: try stepSize(reader))
        }
        let mapping = try reader.mapping()
        let initial = try stepSize(
            mapping.required("initial", expected: "the step size δ_0 in (0, 1)"))
        let kind =
            try mapping.optional("decay")?.choice([
                "constant", "time", "step", "exponential",
            ]) ?? "constant"
        let decay: StepSizeSchedule.Decay
        switch kind {
        case "time":
            decay = .timeBased(rate: try positive(mapping.required("rate", expected: "κ > 0")))
        case "step":
            let factor = try mapping.required("factor", expected: "γ in (0, 1]")
            let value = try factor.double()
            guard value > 0 && value <= 1 else {
                throw factor.error("must be in (0, 1], found \(value)")
            }
            let every = try mapping.required("every", expected: "a number of rounds ≥ 1")
            let rounds = try every.integer()
            guard rounds >= 1 else { throw every.error("must be at least 1, found \(rounds)") }
            decay = .step(factor: value, every: rounds)
        case "exponential":
            decay = .exponential(rate: try positive(mapping.required("rate", expected: "κ > 0")))
        default:
            decay = .constant
        }
        let floorReader = mapping.optional("floor")
        let floor = try floorReader.map(stepSize)
        if let floorReader, let floor, floor > initial {
            throw floorReader.error(
                "the floor \(floor) is above the initial step size \(initial); it must be ≤ "
                    + "`initial`, since the step size only decreases")
        }
        var valid = ["initial", "decay", "floor"]
        switch kind {
        case "time", "exponential": valid.append("rate")
        case "step": valid += ["factor", "every"]
        default: break
        }
        try mapping.finish(
            valid: valid,
            misplaced: [
                "rate": "used only with `decay: time` or `decay: exponential`; set one of "
                    + "them, or remove `rate`",
                "factor": "used only with `decay: step`; set that decay, or remove `factor`",
                "every": "used only with `decay: step`; set that decay, or remove `every`",
            ])
        return StepSizeSchedule(initial: initial, decay: decay, floor: floor)
    }

    private func stepSize(_ reader: NodeReader) throws -> Double {
        let value = try reader.double()
        guard value > 0 && value < 1 else {
            throw reader.error("step size must be in (0, 1), found \(value)")
        }
        return value
    }

    private func positive(_ reader: NodeReader) throws -> Double {
        let value = try reader.double()
        guard value > 0 else { throw reader.error("must be > 0, found \(value)") }
        return value
    }

    // MARK: - Agents

    private func applyAgentOverrides(
        _ reader: NodeReader, topology: Topology, to agents: inout [AgentModel]
    ) throws {
        let mapping = try reader.mapping()
        for key in mapping.keys {
            guard let entry = mapping.optional(key) else { continue }
            guard let index = topology.index(of: key) else {
                throw entry.error(
                    "agent `\(key)` is not in the topology `\(topology.file)`; use an id "
                        + "from its edge list")
            }
            let fields = try entry.mapping()
            if let likelihood = fields.optional("likelihood") {
                let decoded = try decodeLikelihood(likelihood)
                agents[index].likelihood = decoded
                agents[index].likelihoodKey = likelihood.path
            }
            let update = fields.optional("update")
            let step = fields.optional("step_size")
            if update != nil || step != nil {
                agents[index].update = try decodeUpdate(update, stepSize: step)
            }
            if let belief = fields.optional("initial_belief") {
                agents[index].initialLogBelief = try decodeBelief(belief)
            }
            try fields.finish(valid: ["likelihood", "update", "step_size", "initial_belief"])
        }
        try mapping.finish(valid: mapping.keys)
    }

    // MARK: - Sharing

    private func decodeSharing(_ reader: NodeReader?) throws -> SharingPolicy {
        guard let reader else { return SharingPolicy(rule: .full) }
        let mapping = try reader.mapping()
        let ruleName = try mapping.required(
            "rule", expected: "`full`, `topic`, `random_topic` or `random_neighbour`"
        ).choice(["full", "topic", "random_topic", "random_neighbour"])
        var rule: SharingRule
        switch ruleName {
        case "topic":
            rule = .fixedTopic(
                try hypothesis(mapping.required("topic", expected: "the hypothesis shared")))
        case "random_topic":
            var distribution = [Double](repeating: 1, count: hypotheses.count)
            if let weights = mapping.optional("distribution") {
                distribution = try perHypothesis(weights)
                for value in distribution where value < 0 {
                    throw weights.error("weight \(value) is negative")
                }
                guard distribution.contains(where: { $0 > 0 }) else {
                    throw weights.error("at least one topic needs a positive weight")
                }
            }
            let draw = try mapping.optional("draw")?.choice(["network", "per_sender"])
            rule = .randomTopic(distribution: distribution, perSender: draw == "per_sender")
        case "random_neighbour":
            rule = .randomNeighbour
        default:
            rule = .full
        }
        // Fill and own term matter only for partial rules, but they are accepted with any rule
        // so that a sweep over sharing rules can keep them in its base scenario.
        var fill = FillRule.ownBelief
        var ownTerm = OwnTerm.selfAware
        if let fillReader = mapping.optional("fill") {
            fill = try fillReader.choice(["uniform", "own"]) == "uniform" ? .uniform : .ownBelief
        }
        if let termReader = mapping.optional("own_term") {
            let value = try termReader.choice(["self_aware", "memoryless"])
            ownTerm = value == "memoryless" ? .memoryless : .selfAware
        }
        var valid = ["rule", "fill", "own_term"]
        switch ruleName {
        case "topic": valid.append("topic")
        case "random_topic": valid += ["distribution", "draw"]
        default: break
        }
        try mapping.finish(
            valid: valid,
            misplaced: [
                "topic": "used only with `rule: topic`; set that rule, or remove `topic`",
                "distribution":
                    "used only with `rule: random_topic`; set that rule, or remove "
                    + "`distribution`",
                "draw": "used only with `rule: random_topic`; set that rule, or remove `draw`",
            ])
        return SharingPolicy(rule: rule, fill: fill, ownTerm: ownTerm)
    }

    // MARK: - Run settings

    private func decodeSeed(_ reader: NodeReader?) throws -> UInt64 {
        guard let reader else { return 1 }
        guard case .scalar(let text, false) = reader.node.value, let seed = UInt64(text) else {
            throw reader.formError(expected: "a whole number from 0 to 2^64 − 1")
        }
        return seed
    }

    private func decodeConvergence(_ reader: NodeReader?, rounds: Int) throws
        -> ConvergenceSettings
    {
        var settings = ConvergenceSettings()
        guard let reader else { return settings }
        let mapping = try reader.mapping()
        if let epsilon = mapping.optional("epsilon") {
            let value = try epsilon.double()
            guard value > 0 && value < 1 else {
                throw epsilon.error("must be in (0, 1), found \(value)")
            }
            settings.epsilon = value
        }
        if let window = mapping.optional("window") {
            let value = try window.integer()
            guard value >= 1 else { throw window.error("must be at least 1, found \(value)") }
            settings.window = value
        }
        if let burnIn = mapping.optional("burn_in") {
            let value = try burnIn.integer()
            guard value >= 0 && value < rounds else {
                throw burnIn.error("must be from 0 to rounds − 1 (\(rounds - 1)), found \(value)")
            }
            settings.burnIn = value
        }
        settings.stopOnConvergence =
            try mapping.optional("stop_on_convergence")?.boolean() ?? false
        try mapping.finish(valid: ["epsilon", "window", "burn_in", "stop_on_convergence"])
        return settings
    }

    private func decodeFaults(_ reader: NodeReader?, topology: Topology, rounds: Int) throws
        -> [Scenario.Fault]
    {
        guard let reader else { return [] }
        return try reader.sequence().map { item in
            let mapping = try item.mapping()
            let agentReader = try mapping.required("agent", expected: "an agent id")
            let agentName = try agentReader.string()
            guard let agent = topology.index(of: agentName) else {
                throw agentReader.error("agent `\(agentName)` is not in the topology")
            }
            let roundReader = try mapping.required("round", expected: "a round ≥ 1")
            let round = try roundReader.integer()
            guard round >= 1 else { throw roundReader.error("must be at least 1, found \(round)") }
            guard round <= rounds else {
                throw roundReader.error(
                    "a fault at round \(round) is after the last round \(rounds), so it would "
                        + "never happen; lower it or raise `rounds`")
            }
            let action = try mapping.optional("action")?.choice(["exit", "hang"]) ?? "exit"
            try mapping.finish(valid: ["agent", "round", "action"])
            return Scenario.Fault(
                agent: agent, round: round, action: Scenario.Fault.Action(rawValue: action) ?? .exit
            )
        }
    }

    private func decodeRuntime(_ reader: NodeReader?) throws -> Scenario.RuntimeSettings {
        var settings = Scenario.RuntimeSettings()
        guard let reader else { return settings }
        let mapping = try reader.mapping()
        if let transport = mapping.optional("transport") {
            settings.transport = try transport.choice(["ipc", "tcp"])
        }
        if let interval = mapping.optional("heartbeat_interval") {
            let value = try interval.double()
            guard value >= 0.05 && value <= 60 else {
                throw interval.error("must be from 0.05 to 60 seconds, found \(value)")
            }
            settings.heartbeatInterval = value
        }
        if let policy = mapping.optional("on_agent_loss") {
            let choice = try policy.choice(Scenario.AgentLossPolicy.allCases.map(\.rawValue))
            settings.onAgentLoss = Scenario.AgentLossPolicy(rawValue: choice) ?? .stop
        }
        try mapping.finish(valid: ["transport", "heartbeat_interval", "on_agent_loss"])
        return settings
    }

    // MARK: - Paths

    private func resolve(_ path: String) throws -> String {
        if path.hasPrefix("/") {
            return path
        }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }

    private static func defaultName(_ file: String) -> String {
        let base = (file as NSString).lastPathComponent
        return (base as NSString).deletingPathExtension
    }
}
