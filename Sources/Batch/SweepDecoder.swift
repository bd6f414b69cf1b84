import Foundation
import Scenario

/// Decodes a sweep document key by key, rejecting unknown keys and naming the line of every
/// invalid value.
struct SweepDecoder {
    let file: String
    let text: String
    /// The sweep file's folder, against which `scenario` and `topology` paths are resolved.
    let folder: String
    /// Parameter names seen so far, to reject a key that is swept twice.
    private var swept: [String: Int?] = [:]
    private var fixedKeys = Set<String>()

    static let topLevelKeys = [
        "name", "description", "scenario", "seed", "seed_scope", "repetitions", "set", "grid",
        "zip", "cases",
    ]

    init(file: String, text: String) {
        self.file = file
        self.text = text
        folder = (file as NSString).deletingLastPathComponent
    }

    mutating func decode(_ document: ConfigNode) throws -> Sweep {
        let root = try pairs(document, key: "(top level)")
        for (key, value) in root where !Self.topLevelKeys.contains(key) {
            throw invalid(key, value, "unknown key; valid keys are \(Self.list(Self.topLevelKeys))")
        }
        let base = (file as NSString).lastPathComponent
        let name =
            try root.value("name").map { try scalar($0, key: "name") }
            ?? (base as NSString).deletingPathExtension
        guard let scenarioNode = root.value("scenario") else {
            throw invalid(
                "scenario", document,
                "missing; expected the path of the base scenario, relative to the sweep file")
        }
        let scenarioPath = resolve(try scalar(scenarioNode, key: "scenario"))
        guard let data = FileManager.default.contents(atPath: scenarioPath),
            let scenarioText = String(data: data, encoding: .utf8)
        else {
            throw invalid(
                "scenario", scenarioNode,
                "no readable scenario at `\(scenarioPath)`; paths are relative to the sweep file")
        }
        let seed = try decodeSeed(root.value("seed"), scenarioText: scenarioText)
        let seedScope =
            try root.value("seed_scope").map { node in
                let text = try scalar(node, key: "seed_scope")
                guard let scope = Sweep.SeedScope(rawValue: text) else {
                    throw invalid(
                        "seed_scope", node,
                        "invalid value `\(text)`; expected `run` or `repetition`")
                }
                return scope
            } ?? .run
        let repetitions = try decodeRepetitions(root.value("repetitions"))
        let fixed = try decodeFixed(root.value("set"))
        var axes: [SweepAxis] = []
        if let grid = root.value("grid") {
            axes += try decodeGrid(grid)
        }
        if let zip = root.value("zip") {
            axes += try decodeZip(zip)
        }
        if let cases = root.value("cases") {
            axes += try decodeCases(cases)
        }
        let sweep = Sweep(
            file: file, text: text, name: name, scenarioPath: scenarioPath,
            scenarioText: scenarioText, seed: seed, seedScope: seedScope,
            repetitions: repetitions, fixedOverrides: fixed, axes: axes)
        let pointCount = axes.reduce(1.0) { $0 * Double($1.points.count) }
        guard pointCount * Double(repetitions) <= Double(Sweep.maximumRuns) else {
            throw invalid(
                "grid", root.value("grid") ?? document,
                "the sweep has \(Int(pointCount)) grid points × \(repetitions) repetitions, "
                    + "more than \(Sweep.maximumRuns) runs; split it into several sweeps")
        }
        return sweep
    }

    // MARK: - Settings

    /// The sweep's `seed`, else the base scenario's top-level `seed`, else 1 (the scenario
    /// default).
    private func decodeSeed(_ node: ConfigNode?, scenarioText: String) throws -> UInt64 {
        if let node {
            guard case .scalar(let text, false) = node.value, let seed = UInt64(text) else {
                throw invalid(
                    "seed", node,
                    "expected a whole number from 0 to 2^64 − 1, found \(shown(node))")
            }
            return seed
        }
        // A base scenario that does not parse fails in every run, with its own message.
        let scenario = (try? SweepYAML.parse(scenarioText, file: "scenario")) ?? nil
        if case .scalar(let text, false)? = scenario?["seed"]?.value, let seed = UInt64(text) {
            return seed
        }
        return 1
    }

    private func decodeRepetitions(_ node: ConfigNode?) throws -> Int {
        guard let node else { return 1 }
        guard case .scalar(let text, false) = node.value, let count = Int(text), count >= 1
        else {
            throw invalid("repetitions", node, "expected a whole number ≥ 1, found \(shown(node))")
        }
        return count
    }

    private mutating func decodeFixed(_ node: ConfigNode?) throws -> [String] {
        guard let node, !node.isNull else { return [] }
        var overrides: [String] = []
        for (key, value) in try pairs(node, key: "set") {
            overrides.append(try override(key, value, context: "set.\(key)"))
            fixedKeys.insert(key)
        }
        return overrides
    }

    // MARK: - Axes

    private mutating func decodeGrid(_ node: ConfigNode) throws -> [SweepAxis] {
        var axes: [SweepAxis] = []
        for (key, value) in try pairs(node, key: "grid") {
            try claim(key, value)
            let items = try values(value, key: "grid.\(key)")
            let points = try items.map { item in
                SweepAxis.Point(
                    parameters: [SweepParameter(name: key, value: FlowText.render(item))],
                    overrides: [try override(key, item, context: "grid.\(key)")])
            }
            try rejectRepeats(points, key: "grid.\(key)", node: value)
            axes.append(SweepAxis(names: [key], points: points))
        }
        return axes
    }

    /// Throws when two positions of one axis give the same parameters: their runs would
    /// share a key and a seed, so the second would only repeat the first.
    private func rejectRepeats(_ points: [SweepAxis.Point], key: String, node: ConfigNode)
        throws
    {
        var seen = Set<[SweepParameter]>()
        for point in points where !seen.insert(point.parameters).inserted {
            let shown = point.parameters.map { "\($0.name)=\($0.value)" }
                .joined(separator: " ")
            throw invalid(
                key, node,
                "the value `\(shown)` appears more than once, which would give two runs with "
                    + "the same key and seed; list each value once, and use `repetitions` for "
                    + "more runs of one value")
        }
    }

    private mutating func decodeZip(_ node: ConfigNode) throws -> [SweepAxis] {
        guard case .sequence(let groups) = node.value else {
            throw invalid(
                "zip", node,
                "expected a list of groups, each a mapping of keys to lists of equal length")
        }
        var axes: [SweepAxis] = []
        for (index, group) in groups.enumerated() {
            let context = "zip.\(index)"
            var columns: [(key: String, items: [ConfigNode])] = []
            for (key, value) in try pairs(group, key: context) {
                try claim(key, value)
                columns.append((key, try values(value, key: "\(context).\(key)")))
            }
            guard let first = columns.first else {
                throw invalid(context, group, "the group is empty; give at least one key")
            }
            for column in columns where column.items.count != first.items.count {
                throw invalid(
                    "\(context).\(column.key)", group,
                    "has \(column.items.count) values but `\(first.key)` has "
                        + "\(first.items.count); zipped lists must have equal lengths")
            }
            var points: [SweepAxis.Point] = []
            for position in first.items.indices {
                var point = SweepAxis.Point(parameters: [], overrides: [])
                for column in columns {
                    let item = column.items[position]
                    point.parameters.append(
                        SweepParameter(name: column.key, value: FlowText.render(item)))
                    point.overrides.append(
                        try override(column.key, item, context: "\(context).\(column.key)"))
                }
                points.append(point)
            }
            try rejectRepeats(points, key: context, node: group)
            axes.append(SweepAxis(names: columns.map(\.key), points: points))
        }
        return axes
    }

    private mutating func decodeCases(_ node: ConfigNode) throws -> [SweepAxis] {
        var axes: [SweepAxis] = []
        for (name, body) in try pairs(node, key: "cases") {
            try claim(name, body)
            var points: [SweepAxis.Point] = []
            let labelled = try pairs(body, key: "cases.\(name)")
            guard !labelled.isEmpty else {
                throw invalid("cases.\(name)", body, "no cases; give at least one `label: {…}`")
            }
            for (label, settings) in labelled {
                var overrides: [String] = []
                if !settings.isNull {
                    for (key, value) in try pairs(settings, key: "cases.\(name).\(label)") {
                        overrides.append(
                            try override(key, value, context: "cases.\(name).\(label).\(key)"))
                    }
                }
                let value = FlowText.scalar(label, quoted: false)
                points.append(
                    SweepAxis.Point(
                        parameters: [SweepParameter(name: name, value: value)],
                        overrides: overrides))
            }
            axes.append(SweepAxis(names: [name], points: points))
        }
        return axes
    }

    /// Records `name` as swept, rejecting a second axis for it or a clash with `set`.
    private mutating func claim(_ name: String, _ node: ConfigNode) throws {
        if let previous = swept[name] {
            let place = previous.map { " (first on line \($0))" } ?? ""
            throw invalid(name, node, "is swept twice\(place); keep one axis for it")
        }
        if fixedKeys.contains(name) {
            throw invalid(name, node, "is both in `set` and swept; remove it from `set`")
        }
        if name == "rep" {
            throw invalid(name, node, "`rep` names the repetition in run keys; use another name")
        }
        swept[name] = node.line
    }

    /// The values of one swept key: a non-empty list, or a range mapping with `from`.
    private func values(_ node: ConfigNode, key: String) throws -> [ConfigNode] {
        switch node.value {
        case .sequence(let items):
            guard !items.isEmpty else {
                throw invalid(key, node, "the list is empty; give at least one value")
            }
            return items
        case .mapping where node["from"] != nil:
            return try range(node, key: key).values().map {
                ConfigNode(.scalar($0, quoted: false), line: node.line)
            }
        default:
            throw invalid(
                key, node,
                "expected a list of values such as [0.05, 0.1] or a range such as "
                    + "{from: 0.01, to: 0.1, step: 0.01}, found \(shown(node)); put a single "
                    + "value under `set`")
        }
    }

    private func range(_ node: ConfigNode, key: String) throws -> SweepRange {
        let fields = try pairs(node, key: key)
        let valid = ["from", "to", "step", "count", "scale"]
        for (name, value) in fields where !valid.contains(name) {
            throw invalid(
                "\(key).\(name)", value, "unknown key; valid keys are \(Self.list(valid))")
        }
        func number(_ name: String) throws -> (value: Double, whole: Bool)? {
            guard let field = fields.value(name) else { return nil }
            guard case .scalar(let text, false) = field.value,
                let value = SweepParameter.decimalNumber(text)
            else {
                throw invalid("\(key).\(name)", field, "expected a number, found \(shown(field))")
            }
            return (value, Int(text) != nil)
        }
        guard let from = try number("from"), let to = try number("to") else {
            throw invalid(key, node, "a range needs `from` and `to`, and `step` or `count`")
        }
        let step = try number("step")
        let count = try number("count")
        var scale = SweepRange.Scale.linear
        if let scaleNode = fields.value("scale") {
            let text = try scalar(scaleNode, key: "\(key).scale")
            guard let value = SweepRange.Scale(rawValue: text) else {
                throw invalid(
                    "\(key).scale", scaleNode, "expected `linear` or `log`, found `\(text)`")
            }
            scale = value
        }
        switch (step, count) {
        case (nil, nil), (.some, .some):
            throw invalid(key, node, "give either `step` or `count`")
        case (let step?, nil):
            guard scale == .linear else {
                throw invalid("\(key).scale", node, "a log range needs `count`, not `step`")
            }
            guard step.value != 0, (to.value - from.value) / step.value >= 0 else {
                throw invalid(
                    "\(key).step", node,
                    "step \(step.value) does not lead from \(from.value) to \(to.value)")
            }
            guard (to.value - from.value) / step.value < Double(SweepRange.maximumCount) else {
                throw invalid(
                    "\(key).step", node,
                    "the range has more than \(SweepRange.maximumCount) values")
            }
        case (nil, let count?):
            guard count.whole, count.value >= 1, count.value <= Double(SweepRange.maximumCount)
            else {
                throw invalid(
                    "\(key).count", node,
                    "expected a whole number from 1 to \(SweepRange.maximumCount)")
            }
            if scale == .log && (from.value <= 0 || to.value <= 0) {
                throw invalid(key, node, "a log range needs `from` and `to` > 0")
            }
        }
        return SweepRange(
            from: from.value, to: to.value, step: step?.value,
            count: count.map { Int($0.value) }, scale: scale,
            integral: from.whole && to.whole && (step?.whole ?? true))
    }

    // MARK: - Helpers

    /// Returns the `key=value` override text, checking the key path and resolving a relative
    /// `topology` path against the sweep file's folder.
    private func override(_ key: String, _ value: ConfigNode, context: String) throws -> String {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        guard !key.isEmpty, parts.allSatisfy({ !$0.isEmpty }), !key.contains("=") else {
            throw invalid(
                context, value, "`\(key)` is not a scenario key path such as update.step_size")
        }
        guard parts[0] != "seed" else {
            throw invalid(
                context, value,
                "a run's seed is derived from the sweep's `seed` and the run key; set the top-"
                    + "level `seed`, and use `repetitions` for more seeds")
        }
        var node = value
        if key == "topology", case .scalar(let path, let quoted) = value.value, !path.isEmpty {
            node = ConfigNode(.scalar(resolve(path), quoted: quoted), line: value.line)
        }
        return "\(key)=\(FlowText.render(node))"
    }

    /// Returns `path` as an absolute path: runs parse the base scenario from its own folder
    /// and array tasks of a cluster may start elsewhere, so relative paths would break.
    private func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        var base = folder
        if !base.hasPrefix("/") {
            let current = FileManager.default.currentDirectoryPath
            base = base.isEmpty ? current : (current as NSString).appendingPathComponent(base)
        }
        return ((base as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    private func pairs(_ node: ConfigNode, key: String) throws -> [(key: String, value: ConfigNode)]
    {
        guard case .mapping(let pairs) = node.value else {
            throw invalid(
                key, node, "expected a mapping of `key: value` lines, found \(shown(node))")
        }
        return pairs
    }

    private func scalar(_ node: ConfigNode, key: String) throws -> String {
        guard case .scalar(let text, _) = node.value, !node.isNull else {
            throw invalid(key, node, "expected a text value, found \(shown(node))")
        }
        return text
    }

    private func shown(_ node: ConfigNode) -> String {
        switch node.value {
        case .scalar(let text, _): return "`\(text)`"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    private func invalid(_ key: String, _ node: ConfigNode, _ message: String) -> BatchError {
        .invalidSweep(file: file, key: key, line: node.line, message: message)
    }

    private static func list(_ names: [String]) -> String {
        names.map { "`\($0)`" }.joined(separator: ", ")
    }
}

extension Array where Element == (key: String, value: ConfigNode) {
    /// Returns the value at `key`, or nil when absent or null.
    fileprivate func value(_ key: String) -> ConfigNode? {
        guard let node = first(where: { $0.key == key })?.value, !node.isNull else { return nil }
        return node
    }
}
