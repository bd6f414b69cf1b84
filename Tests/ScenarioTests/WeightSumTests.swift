import SocialLearning
import Testing
import Topology

/// Given weights that do not sum to 1 into an agent: every problem is listed, and
/// `normalize: true` rescales with one warning per changed agent.
struct WeightSumTests {
    static let header = ["directed: true", "weights: given", "self_loops: explicit", ""]

    /// Agents 1 and 2 are fine; agent 3 gets 0.5 + 0.3 + 0 = 0.8 (lines 10–12); agent 4 gets
    /// nothing; line 9 holds a negative weight.
    static let threeProblems =
        header + [
            "1 1 0.5", "2 1 0.5", "1 2 0.5", "2 2 0.5", "3 2 -0.1", "1 3 0.5", "3 3 0.3", "4 3 0",
        ]

    private static func problems(_ lines: [String]) -> [TopologyDiagnostic] {
        do {
            _ = try Topology.parse(lines.joined(separator: "\n"), file: "weights.edges")
            return []
        } catch let error as TopologyError {
            return error.problems
        } catch {
            Issue.record("unexpected error type: \(error)")
            return []
        }
    }

    @Test("all three problems listed")
    func allThreeProblemsListed() {
        let problems = Self.problems(Self.threeProblems)
        #expect(problems.contains { $0.line == 9 && $0.message == "negative weight -0.1" })
        #expect(
            problems.contains {
                $0.line == 10
                    && $0.message == "weights into agent 3 sum to 0.8, not 1 (lines 10, 11, 12)"
            })
        #expect(problems.contains { $0.message == "agent 4 has no incoming weight" })
        #expect(problems.count == 3)
    }

    @Test("sum and missing weight listed")
    func sumAndMissingWeightListed() {
        let lines = Self.threeProblems.filter { $0 != "3 2 -0.1" }
        let problems = Self.problems(lines)
        #expect(problems.count == 2)
        let sum = problems.first { $0.message.hasPrefix("weights into agent 3") }
        #expect(sum?.line == 9)
        #expect(sum?.message == "weights into agent 3 sum to 0.8, not 1 (lines 9, 10, 11)")
        #expect(sum?.hint == "correct the weights, or add `normalize: true` to rescale them")
        let missing = problems.first { $0.message == "agent 4 has no incoming weight" }
        #expect(missing != nil)
        #expect(missing?.hint == "add edges into agent 4 (a self-loop `4 4 1` at least)")
    }

    @Test("negative weight listed")
    func negativeWeightListed() {
        let problems = Self.problems(Self.header + ["1 1 1", "2 1 -0.1", "2 2 1"])
        #expect(problems.contains { $0.line == 6 && $0.message == "negative weight -0.1" })
    }

    @Test("sum message rounds float noise")
    func sumMessageRoundsNoise() {
        // 0.1 + 0.2 is 0.30000000000000004 in binary floating point.
        let problems = Self.problems(Self.header + ["1 1 0.1", "2 1 0.2", "2 2 1"])
        #expect(problems.first?.message == "weights into agent 1 sum to 0.3, not 1 (lines 5, 6)")
    }

    @Test("sums within 1e-9 accepted")
    func sumsWithinToleranceAccepted() throws {
        let topology = try Topology.parse(
            (Self.header + ["1 1 0.1", "2 1 0.2", "3 1 0.7", "2 2 1", "3 3 1"])
                .joined(separator: "\n"),
            file: "weights.edges")
        #expect(topology.warnings.isEmpty)
    }

    @Test("normalize rescales with warnings")
    func normalizeRescales() throws {
        let lines = [
            "directed: true", "weights: given", "self_loops: explicit", "normalize: true", "",
            "1 1 0.5", "2 1 0.5", "1 2 1.0", "2 2 0.5", "1 3 0.5", "3 3 0.3",
        ]
        let topology = try Topology.parse(lines.joined(separator: "\n"), file: "weights.edges")
        #expect(topology.weight(from: "1", to: "1") == 0.5)
        #expect(isClose(topology.weight(from: "1", to: "2"), 2.0 / 3))
        #expect(isClose(topology.weight(from: "2", to: "2"), 1.0 / 3))
        #expect(isClose(topology.weight(from: "1", to: "3"), 0.625))
        #expect(isClose(topology.weight(from: "3", to: "3"), 0.375))
        #expect(TopologyCheck(weights: topology.weights).nonStochastic.isEmpty)
        #expect(
            topology.warnings == [
                "weights.edges: weights into agent 2 summed to 1.5 (lines 8, 9); "
                    + "each was divided by 1.5",
                "weights.edges: weights into agent 3 summed to 0.8 (lines 10, 11); "
                    + "each was divided by 0.8",
            ])
    }

    @Test("normalize keeps a missing weight an error")
    func normalizeKeepsMissingWeightError() {
        let lines = [
            "directed: true", "weights: given", "self_loops: explicit", "normalize: true",
            "1 1 0.5", "2 1 0.5", "2 2 1", "3 2 0",
        ]
        let problems = Self.problems(lines)
        #expect(problems.map(\.message) == ["agent 3 has no incoming weight"])
    }

    @Test("normalize off by default")
    func normalizeOffByDefault() {
        let problems = Self.problems(Self.header + ["1 1 0.25", "2 1 0.25", "2 2 1"])
        #expect(
            problems.map(\.message) == ["weights into agent 1 sum to 0.5, not 1 (lines 5, 6)"])
    }
}
