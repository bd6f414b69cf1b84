import Foundation
import Testing
import Topology
import TopologyTools

private let sample = """
    # Five friends, undirected.
    agents: 5
    weights: uniform   # everyone weighs neighbours equally

    1 2   # school
    2 3
    3 4
    4 5   # work
    5 1

    """

@Suite("TopologyEditor")
struct TopologyEditorTests {
    @Test("add-edge appends after the last edge and keeps comments")
    func addEdge() throws {
        var editor = TopologyEditor(text: sample, file: "five.edges")
        try editor.addEdge(from: "1", to: "3")
        let lines = editor.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[9] == "1 3")
        #expect(editor.text.hasPrefix("# Five friends, undirected.\n"))
        #expect(editor.text.contains("4 5   # work"))
        #expect(editor.changes == ["added edge 1 → 3 at line 10"])
        let topology = try editor.validated()
        #expect(topology.edges.count == 6)
    }

    @Test("add-edge rejects unknown agents and repeats")
    func addEdgeErrors() throws {
        var editor = TopologyEditor(text: sample, file: "five.edges")
        #expect(throws: TopologyToolsError.unknownAgent("9", path: "five.edges")) {
            try editor.addEdge(from: "1", to: "9")
        }
        #expect {
            try editor.addEdge(from: "2", to: "1")
        } throws: { error in
            "\(error)".contains("five.edges:5: the edge 2 → 1 already exists")
        }
        #expect(throws: TopologyToolsError.self) {
            try editor.addEdge(from: "1", to: "a b")
        }
    }

    @Test("remove-edge matches either order and leaves the comment")
    func removeEdge() throws {
        var editor = TopologyEditor(text: sample, file: "five.edges")
        try editor.removeEdge(from: "5", to: "4")
        #expect(!editor.text.contains("4 5"))
        #expect(editor.text.contains("\n# work\n"))
        #expect(try editor.validated().edges.count == 4)
        #expect(throws: TopologyToolsError.noSuchEdge(from: "1", to: "4", path: "five.edges")) {
            try editor.removeEdge(from: "1", to: "4")
        }
        var directed = TopologyEditor(text: "directed: true\n1 2\n2 1\n", file: "d.edges")
        try directed.removeEdge(from: "2", to: "1")
        #expect(directed.text == "directed: true\n1 2\n")
    }

    @Test("add-agent and remove-agent update the agents line")
    func agents() throws {
        var editor = TopologyEditor(text: sample, file: "five.edges")
        try editor.addAgent("6")
        #expect(editor.text.contains("agents: 6\n"))
        try editor.addAgent("zoe")
        #expect(editor.text.contains("agents: 1 2 3 4 5 6 zoe\n"))
        #expect(throws: TopologyToolsError.duplicateAgent("zoe", path: "five.edges")) {
            try editor.addAgent("zoe")
        }
        try editor.removeAgent("3")
        #expect(editor.text.contains("agents: 1 2 4 5 6 zoe\n"))
        #expect(!editor.text.contains("2 3"))
        #expect(!editor.text.contains("3 4"))
        let topology = try editor.validated()
        #expect(topology.names == ["1", "2", "4", "5", "6", "zoe"])
        #expect(topology.edges.count == 3)
        #expect(throws: TopologyToolsError.unknownAgent("3", path: "five.edges")) {
            try editor.removeAgent("3")
        }
    }

    @Test("add-agent gives a self-loop where weights need one")
    func agentWithSelfLoop() throws {
        var editor = TopologyEditor(
            text: "directed: true\nself_loops: explicit\n1 2 1\n2 1 1\n", file: "g.edges")
        try editor.addAgent("3")
        #expect(
            editor.text
                == "directed: true\nself_loops: explicit\n1 2 1\n2 1 1\n3 3 1\n"
                .replacingOccurrences(of: "explicit\n", with: "explicit\nagents: 3\n"))
        #expect(try editor.validated().agentCount == 3)
    }

    @Test("add-agent inserts an agents line when there is none")
    func agentsLineInserted() throws {
        var editor = TopologyEditor(text: "# pair\nb a\n", file: "pair.edges")
        try editor.addAgent("c")
        #expect(editor.text == "# pair\nagents: b a c\nb a\n")
        #expect(try editor.validated().names == ["b", "a", "c"])
    }

    @Test("reweight given writes a_ℓk, uniform drops it")
    func reweight() throws {
        var editor = TopologyEditor(
            text: "weights: metropolis  # start\n1 2  # a\n2 3\n", file: "m.edges")
        let before = try editor.validated()
        try editor.reweight(.given)
        #expect(editor.text.hasPrefix("weights: given  # start\n1 2 0.3333333333333333  # a\n"))
        let after = try editor.validated()
        #expect(sameWeights(before, after))
        try editor.reweight(.uniform)
        #expect(editor.text == "weights: uniform  # start\n1 2  # a\n2 3\n")
    }

    @Test("reweight given adds self-loop lines for explicit loops")
    func reweightExplicit() throws {
        var editor = TopologyEditor(
            text: "weights: metropolis\nself_loops: explicit\n1 2\n2 3\n", file: "m.edges")
        let before = try editor.validated()
        try editor.reweight(.given)
        #expect(editor.text.contains("\n1 1 0.6666666666666667\n"))
        #expect(sameWeights(before, try editor.validated()))
    }

    @Test("reweight given refuses asymmetric undirected weights")
    func reweightAsymmetric() throws {
        var editor = TopologyEditor(text: "1 2\n2 3\n", file: "u.edges")
        #expect {
            try editor.reweight(.given)
        } throws: { error in
            "\(error)".contains("u.edges:1: 2 gives 1 weight 0.3333 but the reverse weight differs")
        }
        #expect(editor.text == "1 2\n2 3\n")
    }

    @Test("byte-order mark and CRLF survive an edit")
    func lineEnds() throws {
        var editor = TopologyEditor(text: "\u{FEFF}agents: 3\r\n1 2\r\n2 3\r\n", file: "w.edges")
        try editor.addEdge(from: "3", to: "1")
        #expect(editor.text == "\u{FEFF}agents: 3\r\n1 2\r\n2 3\r\n3 1\r\n")
    }

    @Test("an edit that breaks the file fails validation")
    func invalidResult() throws {
        var editor = TopologyEditor(
            text: "weights: given\n1 2 0.5\n", file: "g.edges")
        try editor.addEdge(from: "2", to: "3")
        #expect {
            try editor.validated()
        } throws: { error in
            "\(error)".contains("the edited g.edges is not a valid topology")
                && "\(error)".contains("edge has no weight but `weights: given`")
        }
    }
}
