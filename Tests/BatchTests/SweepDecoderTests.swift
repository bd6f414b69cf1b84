import Batch
import Foundation
import Testing

/// Decoding sweep files: axes, ranges, zipped lists, cases, seeds and the errors users see.
struct SweepDecoderTests {
    /// Decodes `body` as a sweep file in the fixtures' `sweeps` folder, after a `scenario`
    /// line naming the karate fixture.
    private func sweep(_ body: String) throws -> Sweep {
        let file = try Fixture.path("sweeps/test.yaml")
        return try Sweep.parse("scenario: ../scenarios/karate-adaptive.yaml\n" + body, file: file)
    }

    /// Returns the error message of decoding `body`, or nil when it decodes.
    private func failure(_ body: String) throws -> String? {
        do {
            _ = try sweep(body)
            return nil
        } catch let error as BatchError {
            return error.description
        }
    }

    @Test("grid, cases and repetitions")
    func gridCasesRepetitions() throws {
        let decoded = try sweep(
            """
            repetitions: 2
            set: {rounds: 50}
            grid:
              update.step_size: [0.05, 0.2]
            cases:
              sharing:
                full: {sharing.rule: full}
                topic: {sharing.rule: topic, sharing.topic: storm}
            """)
        #expect(decoded.name == "test")
        #expect(decoded.seed == 7, "the base scenario's seed")
        #expect(decoded.runCount == 8)
        let runs = decoded.plan()
        #expect(runs.map(\.index) == Array(1...8))
        #expect(
            runs.map(\.key) == [
                "sharing=full update.step_size=0.05 rep=1",
                "sharing=topic update.step_size=0.05 rep=1",
                "sharing=full update.step_size=0.2 rep=1",
                "sharing=topic update.step_size=0.2 rep=1",
                "sharing=full update.step_size=0.05 rep=2",
                "sharing=topic update.step_size=0.05 rep=2",
                "sharing=full update.step_size=0.2 rep=2",
                "sharing=topic update.step_size=0.2 rep=2",
            ])
        let second = runs[1]
        #expect(second.repetition == 1)
        #expect(
            second.overrides == [
                "rounds=50", "update.step_size=0.05", "sharing.rule=topic", "sharing.topic=storm",
                "seed=\(second.seed)",
            ])
        #expect(second.folder == "runs/sharing=topic_update.step_size=0.05_rep=1")
        #expect(second.seed == RunSeed.derive(base: 7, key: second.key))
        #expect(Set(runs.map(\.seed)).count == 8)
        for run in runs {
            #expect(decoded.problem(in: run) == nil, "\(run.key)")
        }
    }

    @Test("step, count and log ranges")
    func ranges() throws {
        let decoded = try sweep(
            """
            grid:
              update.step_size: {from: 0.1, to: 0.3, step: 0.1}
              rounds: {from: 100, to: 400, count: 4}
              likelihood.std: {from: 0.5, to: 2, count: 3, scale: log}
            """)
        let values = decoded.axes.map { $0.points.map { $0.parameters[0].value } }
        #expect(values[0] == ["0.1", "0.2", "0.3"])
        #expect(values[1] == ["100", "200", "300", "400"])
        #expect(values[2] == ["0.5", "1.0", "2.0"])
        #expect(decoded.runCount == 36)
    }

    @Test("zipped lists advance together")
    func zippedLists() throws {
        let decoded = try sweep(
            """
            zip:
              - update.step_size: [0.05, 0.1, 0.2]
                rounds: [400, 200, 100]
            """)
        let keys = decoded.plan().map(\.key)
        #expect(
            keys == [
                "rounds=400 update.step_size=0.05 rep=1",
                "rounds=200 update.step_size=0.1 rep=1",
                "rounds=100 update.step_size=0.2 rep=1",
            ])
        let message = try failure(
            """
            zip:
              - update.step_size: [0.05, 0.1]
                rounds: [400]
            """)
        #expect(message?.contains("has 1 values but `update.step_size` has 2") == true)
    }

    @Test("seed scope repetition shares seeds")
    func seedScopeRepetition() throws {
        let decoded = try sweep(
            """
            seed: 99
            seed_scope: repetition
            repetitions: 2
            grid:
              update.step_size: [0.05, 0.2]
            """)
        let seeds = decoded.plan().map(\.seed)
        #expect(seeds[0] == seeds[1])
        #expect(seeds[2] == seeds[3])
        #expect(seeds[0] != seeds[2])
        #expect(seeds[0] == RunSeed.derive(base: 99, key: "rep=1"))
    }

    @Test("relative topology override resolved")
    func topologyOverrideResolved() throws {
        let decoded = try sweep(
            """
            grid:
              topology: [../topologies/ring8.edges]
            """)
        let expected = try Fixture.path("topologies/ring8.edges")
        #expect(decoded.plan()[0].overrides[0] == "topology=\(expected)")
    }

    @Test("invalid sweeps name key and line")
    func invalidSweeps() throws {
        let cases: [(body: String, message: String)] = [
            ("grid: {update.step_size: [0.1]}\nextra: 1", "test.yaml:3: `extra`: unknown key"),
            ("repetitions: 0", "`repetitions`: expected a whole number ≥ 1, found `0`"),
            ("set: {seed: 3}", "a run's seed is derived from the sweep's `seed`"),
            ("grid: {rounds: []}", "the list is empty"),
            ("grid: {rounds: 100}", "put a single value under `set`"),
            (
                "grid: {rounds: [1]}\ncases: {rounds: {a: {}}}",
                "`rounds`: is swept twice (first on line 2)"
            ),
            ("set: {rounds: 5}\ngrid: {rounds: [1]}", "is both in `set` and swept"),
            ("grid: {rounds: {from: 1, to: 5}}", "give either `step` or `count`"),
            ("grid: {rounds: {from: 5, to: 1, step: 1}}", "does not lead from 5.0 to 1.0"),
            ("seed_scope: grid", "expected `run` or `repetition`"),
            ("grid: [1, 2", "invalid syntax"),
        ]
        for (body, expected) in cases {
            let message = try failure(body)
            #expect(message?.contains(expected) == true, "\(body): \(message ?? "decoded")")
        }
        let missing = try Fixture.path("sweeps/test.yaml")
        #expect(throws: BatchError.self) {
            try Sweep.parse("scenario: nowhere.yaml\n", file: missing)
        }
    }
}
