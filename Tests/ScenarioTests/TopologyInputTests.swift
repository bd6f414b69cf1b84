import Foundation
import SocialLearning
import Testing
import Topology

/// Inputs that trip edge-list readers: byte-order marks, line ends, sparse ids, names and
/// repeated edges.
struct TopologyInputTests {
    @Test("BOM and CRLF fixture bytes")
    func bomFixtureBytes() throws {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: Fixture.path("triangle-bom-crlf.edges")))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(data.contains(0x0D))
    }

    @Test("BOM and CRLF parse like plain text")
    func bomAndCrlfParseLikePlain() throws {
        let plain = try Topology.parse(Fixture.text("triangle-plain.edges"), file: "t.edges")
        let marked = try Topology.parse(Fixture.text("triangle-bom-crlf.edges"), file: "t.edges")
        // The same graph: every field but the source text, which keeps its BOM and CRs.
        #expect(marked.names == plain.names)
        #expect(marked.directed == plain.directed)
        #expect(marked.weightRule == plain.weightRule)
        #expect(marked.selfLoops == plain.selfLoops)
        #expect(marked.edges == plain.edges)
        #expect(marked.weights == plain.weights)
        #expect(marked.warnings == plain.warnings)
        #expect(marked.names == ["1", "2", "3"])
        #expect(marked.agentCount == 3)
        #expect(marked.edges.count == 3)
        #expect(marked.edges.map(\.weight) == [1.0, 1.0, 1.0])
        #expect(marked.weight(from: "1", to: "2") == 1.0)
        #expect(marked.weight(from: "2", to: "3") == 1.0)
        #expect(marked.weight(from: "3", to: "1") == 1.0)
        #expect(marked.directed)
        #expect(marked.selfLoops == .explicit)
    }

    @Test("BOM and CRLF loaded from disk")
    func bomAndCrlfLoaded() throws {
        let plain = try Topology.load(path: Fixture.path("triangle-plain.edges"))
        let marked = try Topology.load(path: Fixture.path("triangle-bom-crlf.edges"))
        #expect(marked.names == plain.names)
        #expect(marked.weights == plain.weights)
        #expect(marked.edges == plain.edges)
        #expect(marked.warnings.isEmpty)
    }

    @Test("ids with gaps give three agents")
    func idsWithGaps() throws {
        let topology = try parseTopology("directed: true", "1 5", "5 1000", "1000 1")
        #expect(topology.agentCount == 3)
        #expect(topology.names == ["1", "5", "1000"])
        #expect(topology.index(of: "1000") == 2)
        #expect(topology.index(of: "2") == nil)
        #expect(topology.weight(from: "5", to: "1000") == 0.5)
        #expect(topology.weight(from: "1000", to: "1000") == 0.5)
        #expect(TopologyCheck(weights: topology.weights).isPrimitive)
    }

    @Test("names give three agents")
    func namesGiveThreeAgents() throws {
        let topology = try parseTopology("directed: true", "alice bob", "bob carol", "carol alice")
        #expect(topology.agentCount == 3)
        #expect(topology.names == ["alice", "bob", "carol"])
        #expect(topology.edges.map { topology.names[$0.from] } == ["alice", "bob", "carol"])
        #expect(topology.edges.map { topology.names[$0.to] } == ["bob", "carol", "alice"])
        #expect(topology.weight(from: "carol", to: "alice") == 0.5)
    }

    @Test("names keep first-seen order")
    func namesKeepFirstSeenOrder() throws {
        let topology = try parseTopology("zoe adam", "adam 7")
        #expect(topology.names == ["zoe", "adam", "7"])
    }

    @Test("undirected duplicates counted once")
    func undirectedDuplicatesCountedOnce() throws {
        let topology = try Topology.parse(
            ["directed: false", "weights: given", "1 2 0.4", "1 2 0.4", "2 1 0.4", "2 3 0.6"]
                .joined(separator: "\n"),
            file: "dup.edges")
        #expect(topology.edges.count == 2)
        #expect(topology.edges.map(\.line) == [3, 6])
        #expect(topology.weight(from: "1", to: "2") == 0.4)
        #expect(topology.weight(from: "2", to: "1") == 0.4)
        #expect(topology.weight(from: "2", to: "3") == 0.6)
        #expect(topology.weight(from: "3", to: "2") == 0.6)
        #expect(isClose(topology.weight(from: "1", to: "1"), 0.6))
        #expect(isClose(topology.weight(from: "3", to: "3"), 0.4))
        #expect(topology.weight(from: "2", to: "2") == 0)
        #expect(
            topology.warnings == [
                "dup.edges:4: duplicate of the edge on line 3; it is counted once",
                "dup.edges:5: duplicate of the edge on line 3; it is counted once",
            ])
    }

    @Test("directed reverse edge is not a duplicate")
    func directedReverseEdge() throws {
        let topology = try parseTopology("directed: true", "1 2", "2 1")
        #expect(topology.edges.count == 2)
        #expect(topology.warnings.isEmpty)
        #expect(topology.weight(from: "1", to: "2") == 0.5)
        #expect(topology.weight(from: "2", to: "1") == 0.5)
    }

    @Test("directed duplicate counted once")
    func directedDuplicate() throws {
        let topology = try parseTopology("directed: true", "1 2", "2 1", "1 2")
        #expect(topology.edges.count == 2)
        #expect(
            topology.warnings == [
                "test.edges:4: duplicate of the edge on line 2; it is counted once"
            ])
    }

    @Test("duplicate with another weight rejected")
    func duplicateWithAnotherWeight() {
        let problems = topologyProblems("weights: given", "1 2 0.4", "2 1 0.5")
        #expect(problems.map(\.line) == [3])
        #expect(problems.first?.message == "edge 2–1 repeats line 2 with another weight")
        #expect(
            problems.first?.hint
                == "keep one line per edge; in an undirected file `2 1` and `1 2` are the same "
                + "edge")
    }

    @Test("file that is not UTF-8")
    func notUTF8() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("scenario-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("latin1.edges")
        try Data([0x31, 0x20, 0x32, 0x20, 0x23, 0xE9, 0x0A]).write(to: file)
        #expect(
            throws: TopologyError.unreadable(
                file: file.path, reason: "the file is not valid UTF-8 text")
        ) {
            try Topology.load(path: file.path)
        }
    }
}
