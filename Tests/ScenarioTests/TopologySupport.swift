import SocialLearning
import Testing
import Topology

/// Parses topology lines joined with newlines; the file is named `test.edges` in messages.
func parseTopology(_ lines: String...) throws -> Topology {
    try Topology.parse(lines.joined(separator: "\n"), file: "test.edges")
}

/// The problems a topology text is rejected with, or an empty list when it parses.
func topologyProblems(_ lines: String...) -> [TopologyDiagnostic] {
    do {
        _ = try Topology.parse(lines.joined(separator: "\n"), file: "test.edges")
        return []
    } catch let error as TopologyError {
        return error.problems
    } catch {
        Issue.record("unexpected error type: \(error)")
        return []
    }
}

extension Topology {
    /// a_ℓk, the weight agent `receiver` gives to what it hears from `sender`, by agent id.
    func weight(from sender: String, to receiver: String) -> Double? {
        guard let from = index(of: sender), let to = index(of: receiver) else { return nil }
        return weights.weight(from: from, to: to)
    }

    /// The sum of the weights agent `receiver` gives, itself included.
    func incomingSum(of receiver: String) -> Double? {
        guard let to = index(of: receiver) else { return nil }
        return weights.incoming[to].reduce(0) { $0 + $1.weight }
    }
}

/// True when `a` and `b` differ by at most `tolerance`.
func isClose(_ a: Double?, _ b: Double, tolerance: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}
