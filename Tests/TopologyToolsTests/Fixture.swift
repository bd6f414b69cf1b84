import Foundation
import Topology

/// Paths of the NetworkX-written fixture files and scratch files for one test.
enum Fixture {
    /// The path of fixture `name` (with extension), e.g. `weighted.gml`.
    static func path(_ name: String) -> String {
        let file = name as NSString
        guard
            let url = Bundle.module.url(
                forResource: file.deletingPathExtension, withExtension: file.pathExtension,
                subdirectory: "Fixtures")
        else {
            return "missing-fixture-\(name)"
        }
        return url.path
    }

    /// The bytes of fixture `name`.
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    /// A new empty folder under the temporary directory.
    static func scratchFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "topology-tools-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// Asserts that two combination matrices are equal entry by entry within `tolerance`.
func sameWeights(_ left: Topology, _ right: Topology, tolerance: Double = 1e-12) -> Bool {
    let a = left.weights.matrix
    let b = right.weights.matrix
    guard a.count == b.count else { return false }
    for (rowA, rowB) in zip(a, b) {
        for (x, y) in zip(rowA, rowB) where abs(x - y) > tolerance {
            return false
        }
    }
    return true
}

/// The declared edges as name pairs; undirected pairs are put in name order.
func edgeSet(_ topology: Topology, withLoops: Bool = false) -> Set<[String]> {
    var result = Set<[String]>()
    for edge in topology.edges where withLoops || edge.from != edge.to {
        let pair = [topology.names[edge.from], topology.names[edge.to]]
        result.insert(topology.directed ? pair : pair.sorted())
    }
    return result
}

/// Compares two topologies by agent name: the same names and the same a_ℓk for every pair of
/// names, whatever order the agents come in.
func sameWeightsByName(_ left: Topology, _ right: Topology, tolerance: Double = 1e-12) -> Bool {
    guard Set(left.names) == Set(right.names), left.agentCount == right.agentCount else {
        return false
    }
    let position = right.names.map { left.index(of: $0) ?? -1 }
    for receiver in 0..<right.agentCount {
        for sender in 0..<right.agentCount {
            let a = right.weights.weight(from: sender, to: receiver)
            let b = left.weights.weight(from: position[sender], to: position[receiver])
            if abs(a - b) > tolerance {
                return false
            }
        }
    }
    return true
}
