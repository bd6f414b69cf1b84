import Foundation
import Scenario

/// A sweep file decoded: a base scenario, overrides for every run, the axes of the grid and
/// the number of repetitions of each grid point. The file format is in docs/batch.md.
public struct Sweep: Sendable {
    /// What a run's seed is derived from, besides the base seed.
    public enum SeedScope: String, Sendable, CaseIterable {
        /// The whole run key: every run gets its own random numbers.
        case run
        /// The repetition only: grid points of one repetition share their random numbers
        /// (common random numbers), which makes comparisons between grid points paired.
        case repetition
    }

    /// The sweep file as given.
    public var file: String
    /// The text of the sweep file, copied into the batch folder for the record.
    public var text: String
    public var name: String
    /// The base scenario's path, resolved against the sweep file's folder.
    public var scenarioPath: String
    /// The base scenario's text, read once and parsed again with each run's overrides.
    public var scenarioText: String
    /// The base seed: the sweep's `seed`, else the base scenario's, else 1.
    public var seed: UInt64
    public var seedScope: SeedScope
    public var repetitions: Int
    /// The `set:` overrides, applied to every run before the swept ones.
    public var fixedOverrides: [String]
    /// Grid entries in file order, then zip groups, then cases; the first varies slowest.
    public var axes: [SweepAxis]

    /// The largest number of runs one sweep may plan.
    public static let maximumRuns = 1_000_000

    /// Reads and decodes the sweep file at `path` and the base scenario it names.
    public static func load(path: String) throws -> Sweep {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BatchError.unreadableSweep(file: path, reason: "no readable file at this path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BatchError.unreadableSweep(file: path, reason: "the file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Decodes sweep text; relative paths in it are resolved against `file`'s folder.
    public static func parse(_ text: String, file: String) throws -> Sweep {
        guard let document = try SweepYAML.parse(text, file: file) else {
            throw BatchError.invalidSweep(
                file: file, key: "scenario", line: nil,
                message: "the sweep is empty; expected at least `scenario` and `grid`")
        }
        var decoder = SweepDecoder(file: file, text: text)
        return try decoder.decode(document)
    }

    /// The number of runs: the product of the axis lengths times the repetitions.
    public var runCount: Int {
        axes.reduce(repetitions) { $0 * $1.points.count }
    }

    /// A digest of everything that fixes a run's result apart from its key: the base
    /// scenario text, the `set` overrides, the base seed and the seed scope. An index made
    /// for a different digest cannot be resumed by this sweep.
    /// NOTE: topology files are not part of the digest; editing one between a run and its
    /// resume goes unnoticed.
    public var fingerprint: String {
        let parts =
            [scenarioText, "seed=\(seed)", "seed_scope=\(seedScope.rawValue)"] + fixedOverrides
        return RunSeed.hexDigest(parts.joined(separator: "\n\u{1F}"))
    }

    /// Returns every run of the sweep in order, repetition by repetition.
    public func plan() -> [PlannedRun] {
        var points: [[SweepAxis.Point]] = [[]]
        for axis in axes {
            points = points.flatMap { prefix in axis.points.map { prefix + [$0] } }
        }
        var runs: [PlannedRun] = []
        runs.reserveCapacity(points.count * repetitions)
        var folders = Set<String>()
        for repetition in 1...repetitions {
            for point in points {
                let parameters = point.flatMap(\.parameters).sorted { $0.name < $1.name }
                let key = Self.key(parameters: parameters, repetition: repetition)
                let seedKey = seedScope == .run ? key : "rep=\(repetition)"
                let runSeed = RunSeed.derive(base: seed, key: seedKey)
                let overrides = fixedOverrides + point.flatMap(\.overrides) + ["seed=\(runSeed)"]
                var slug = Self.slug(key)
                if folders.contains(slug) {
                    slug += "-" + RunSeed.hexDigest(key).prefix(8)
                }
                folders.insert(slug)
                runs.append(
                    PlannedRun(
                        index: runs.count + 1, repetition: repetition, key: key,
                        parameters: parameters, seed: runSeed, overrides: overrides,
                        folder: "runs/\(slug)"))
            }
        }
        return runs
    }

    /// Returns why the scenario of `run` is invalid, or nil when it parses.
    public func problem(in run: PlannedRun) -> String? {
        do {
            _ = try Scenario.parse(scenarioText, file: scenarioPath, overrides: run.overrides)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Returns the error that every run of the first repetition gives, when all of them give
    /// the same one. That happens for a key the scenario schema does not have, or a base
    /// scenario that does not parse, and such a sweep cannot run at all. Returns nil when some
    /// run is valid or the runs fail in different ways, because those stay per-run failures.
    public func sharedProblem() -> String? {
        var shared: String?
        for run in plan() where run.repetition == 1 {
            guard let problem = problem(in: run) else { return nil }
            if let shared, shared != problem { return nil }
            shared = problem
        }
        return shared
    }

    static func key(parameters: [SweepParameter], repetition: Int) -> String {
        (parameters.map { "\($0.name)=\($0.value)" } + ["rep=\(repetition)"])
            .joined(separator: " ")
    }

    /// A folder name for a run key: spaces become `_`, brackets and quotes go, other
    /// characters outside `A-Z a-z 0-9 . _ = + -` become `-`; a name longer than 120
    /// characters is cut and ends with a digest of the whole key, so it stays unique.
    static func slug(_ key: String) -> String {
        var name = ""
        for character in key.unicodeScalars {
            switch character {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "=", "+", "-":
                name.unicodeScalars.append(character)
            case " ":
                name += "_"
            case "[", "]", "{", "}", "\"":
                break
            default:
                name += "-"
            }
        }
        if name.hasPrefix(".") {
            name = "_" + name
        }
        guard name.count > 120 else { return name }
        return String(name.prefix(100)) + "-" + RunSeed.hexDigest(key)
    }
}
