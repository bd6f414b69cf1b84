import Foundation
import Testing
import Topology
import TopologyTools

/// The topology hard cases (periodic path, self-loops counted twice, weights that are not
/// stochastic, byte-order mark and CRLF, ids with gaps, duplicates) in every format that can
/// express them.
@Suite("Hard cases across formats")
struct HardCaseTests {
    /// The fixture files of one graph, NetworkX-written, with the direction NCOL and CSV need.
    static func files(_ stem: String, skipping: Set<String> = []) -> [String] {
        ["\(stem).gml", "\(stem).graphml", "\(stem).net", "\(stem).ncol", "\(stem).csv"]
            .filter { name in !skipping.contains { name.hasSuffix($0) } }
    }

    @Test("periodic path: flagged without self-loops, 2/7 with them")
    func periodicPath() throws {
        let ours = FileManager.default.temporaryDirectory.appendingPathComponent(
            "path-\(UUID().uuidString).edges")
        try "self_loops: explicit\n1 2\n2 3\n".write(to: ours, atomically: true, encoding: .utf8)
        for file in Self.files("path") + [ours.path] {
            let path = file.hasPrefix("/") ? file : Fixture.path(file)
            let bare = try TopologyImporter.topology(path: path)
            let report = try TopologyReport(topology: bare)
            #expect(report.check.period == 2, "\(file)")
            #expect(
                report.problems.contains {
                    $0.contains("periodic (period 2)") && $0.contains("add self-loops")
                }, "\(file)")
            #expect(report.check.perron == nil, "\(file)")

            let looped = try TopologyImporter.topology(
                path: path, options: .init(selfLoops: .implied))
            let fit = try TopologyReport(topology: looped)
            #expect(fit.problems.isEmpty, "\(file)")
            let perron = try #require(fit.check.perron, "\(file)")
            let expected = [2.0 / 7, 3.0 / 7, 2.0 / 7]
            let byName = ["1", "2", "3"].map { looped.index(of: $0) ?? 0 }
            for (agent, value) in zip(byName, expected) {
                #expect(abs(perron[agent] - value) < 1e-12, "\(file)")
            }
            var beliefs = [Double](repeating: 0, count: 3)
            beliefs[byName[0]] = 1
            for _ in 0..<500 {
                beliefs = looped.weights.multiplyTransposed(beliefs)
            }
            #expect(beliefs.allSatisfy { abs($0 - 2.0 / 7) < 1e-9 }, "\(file)")
        }
    }

    @Test("explicit self-loops counted once: 1/3 each")
    func selfLoopsCountedOnce() throws {
        var topologies: [(String, Topology)] = try Self.files("triangle").map { file in
            (file, try TopologyImporter.topology(path: Fixture.path(file)))
        }
        let edges = "1 2\n2 3\n3 1\n1 1\n2 2\n3 3\n"
        for rule in ["explicit", "implied"] {
            let text = "self_loops: \(rule)\n" + edges
            let document = try TopologyImporter.document(
                bytes: Array(text.utf8), format: .edges, source: "triangle-\(rule).edges")
            topologies.append(("edges, \(rule)", try document.topology(source: "edges")))
        }
        let lgl = "# 1\n1\n2\n3\n# 2\n2\n3\n# 3\n3\n"
        let fromLGL = try TopologyImporter.document(
            bytes: Array(lgl.utf8), format: .lgl, source: "triangle.lgl")
        topologies.append(("triangle.lgl", try fromLGL.topology(source: "triangle.lgl")))
        for (file, topology) in topologies {
            #expect(topology.agentCount == 3, "\(file)")
            for receiver in 0..<3 {
                for sender in 0..<3 {
                    let weight = topology.weights.weight(from: sender, to: receiver)
                    #expect(abs(weight - 1.0 / 3) < 1e-15, "\(file)")
                }
            }
        }
    }

    @Test("weights that are not stochastic are listed, not rescaled")
    func nonStochastic() throws {
        for file in Self.files("nonstochastic") {
            let options = TopologyImporter.Options(directed: true)
            #expect {
                try TopologyImporter.topology(path: Fixture.path(file), options: options)
            } throws: { error in
                let text = "\(error)"
                // NCOL lists only edges, so agent 4 (no edge at all) does not exist there.
                let agentFour =
                    file.hasSuffix(".ncol") || text.contains("agent 4 has no incoming weight")
                return text.contains("weights into agent 3 sum to 0.8, not 1 (from 2 0.5, 3 0.3)")
                    && text.contains("edge 5 → 5 has negative weight -0.2") && agentFour
            }
        }
    }

    @Test("byte-order mark and CRLF read like the plain twin")
    func byteOrderMarkAndCRLF() throws {
        let plain = "1 2 1.0\n2 3 1.0\n3 1 1.0\n"
        let marked = plain.replacingOccurrences(of: "\n", with: "\r\n")
        let first = try TopologyImporter.document(
            bytes: Array("directed: true\nself_loops: explicit\n\(plain)".utf8), format: .edges,
            source: "plain")
        let second = try TopologyImporter.document(
            bytes: Array("\u{FEFF}directed: true\r\nself_loops: explicit\r\n\(marked)".utf8),
            format: .edges, source: "marked")
        for document in [first, second] {
            let topology = try document.topology(source: "case")
            #expect(topology.names == ["1", "2", "3"])
            #expect(topology.edges.count == 3)
            #expect(topology.edges.allSatisfy { $0.weight == 1.0 })
        }
        for file in Self.files("gaps") + ["weighted.lgl-text"] {
            let bytes: [UInt8]
            let format: GraphFormat
            if file == "weighted.lgl-text" {
                bytes = Array("# 1\n5 1.0\n# 5\n1000 1.0\n# 1000\n1 1.0\n".utf8)
                format = .lgl
            } else {
                bytes = try Fixture.bytes(file)
                format = try GraphFormat.detect(path: file)
            }
            var twin: [UInt8] = [0xEF, 0xBB, 0xBF]
            for byte in bytes {
                if byte == 0x0A {
                    twin.append(0x0D)
                }
                twin.append(byte)
            }
            let options = TopologyImporter.Options(directed: true)
            let original = try TopologyImporter.document(
                bytes: bytes, format: format, source: file, options: options
            ).topology(source: file)
            let changed = try TopologyImporter.document(
                bytes: twin, format: format, source: file, options: options
            ).topology(source: file)
            #expect(changed.names == original.names, "\(file)")
            #expect(changed.names.count == 3, "\(file)")
            #expect(edgeSet(changed) == edgeSet(original), "\(file)")
            #expect(sameWeights(changed, original, tolerance: 0), "\(file)")
        }
    }

    @Test("ids with gaps and names give 3 agents")
    func idsWithGaps() throws {
        for file in Self.files("gaps") {
            let topology = try TopologyImporter.topology(
                path: Fixture.path(file), options: .init(directed: true))
            #expect(topology.agentCount == 3, "\(file)")
            #expect(Set(topology.names) == ["1", "5", "1000"], "\(file)")
            #expect(edgeSet(topology) == [["1", "5"], ["5", "1000"], ["1000", "1"]], "\(file)")
        }
        for file in Self.files("names") {
            let topology = try TopologyImporter.topology(
                path: Fixture.path(file), options: .init(directed: true))
            #expect(topology.agentCount == 3, "\(file)")
            #expect(Set(topology.names) == ["alice", "bob", "carol"], "\(file)")
        }
        // GML ids themselves with gaps, no labels.
        let gml = """
            graph [ directed 1
              node [ id 1 ] node [ id 5 ] node [ id 1000 ]
              edge [ source 1 target 5 ] edge [ source 5 target 1000 ]
              edge [ source 1000 target 1 ]
            ]
            """
        let topology = try TopologyImporter.document(
            bytes: Array(gml.utf8), format: .gml, source: "ids.gml"
        ).topology(source: "ids.gml")
        #expect(topology.names == ["1", "5", "1000"])
        #expect(topology.agentCount == 3)
        // The check report lists agents by their ids, never by dense indices.
        let names = try TopologyImporter.topology(
            path: Fixture.path("names.gml"), options: .init(selfLoops: .implied))
        let text = try TopologyReport(topology: names).text(listed: nil)
        let lines = text.split(separator: "\n")
        for name in ["alice", "bob", "carol"] {
            #expect(
                lines.contains { $0.hasPrefix("  \(name) ") && $0.hasSuffix("  0.3333") },
                "\(name) in\n\(text)")
        }
    }

    @Test("duplicates in an undirected file count once, with a warning")
    func duplicates() throws {
        let lgl = "# 1\n2 0.4\n2 0.4\n# 2\n1 0.4\n3 0.6\n"
        let edgeList = FileManager.default.temporaryDirectory.appendingPathComponent(
            "duplicates-\(UUID().uuidString).edges")
        try "1 2 0.4\n1 2 0.4\n2 1 0.4\n2 3 0.6\n".write(
            to: edgeList, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: edgeList) }
        var topologies: [(String, Topology)] = [
            ("duplicates.edges", try TopologyImporter.topology(path: edgeList.path))
        ]
        for file in ["duplicates.gml", "duplicates.graphml", "duplicates.net", "duplicates.ncol"] {
            let topology = try TopologyImporter.topology(
                path: Fixture.path(file), options: .init(selfLoops: .implied))
            topologies.append((file, topology))
        }
        let document = try TopologyImporter.document(
            bytes: Array(lgl.utf8), format: .lgl, source: "duplicates.lgl",
            options: .init(selfLoops: .implied))
        topologies.append(("duplicates.lgl", try document.topology(source: "duplicates.lgl")))
        for (file, topology) in topologies {
            #expect(edgeSet(topology) == [["1", "2"], ["2", "3"]], "\(file)")
            #expect(topology.edges.count == 2, "\(file)")
            #expect(
                topology.warnings.count { $0.contains("duplicate of the edge on line") } == 2,
                "\(file)")
            #expect(abs(topology.weights.weight(from: 0, to: 1) - 0.4) < 1e-15, "\(file)")
            #expect(abs(topology.weights.weight(from: 2, to: 1) - 0.6) < 1e-15, "\(file)")
        }
    }

    @Test("opposite edges in a directed file are two edges")
    func oppositeDirectedEdges() throws {
        var topologies: [(String, Topology)] = try Self.files("opposite").map { file in
            let options = TopologyImporter.Options(directed: true, selfLoops: .implied)
            return (file, try TopologyImporter.topology(path: Fixture.path(file), options: options))
        }
        let text = "directed: true\n1 2\n2 1\n2 3\n3 1\n"
        let document = try TopologyImporter.document(
            bytes: Array(text.utf8), format: .edges, source: "opposite.edges")
        topologies.append(("opposite.edges", try document.topology(source: "opposite.edges")))
        for (file, topology) in topologies {
            #expect(topology.directed, "\(file)")
            #expect(topology.edges.count == 4, "\(file)")
            #expect(topology.warnings.isEmpty, "\(file)")
            #expect(
                edgeSet(topology) == [["1", "2"], ["2", "1"], ["2", "3"], ["3", "1"]], "\(file)")
            // Uniform weights with implied self-loops: agent 1 hears 2, 3 and itself.
            let one = try #require(topology.index(of: "1"), "\(file)")
            let two = try #require(topology.index(of: "2"), "\(file)")
            #expect(abs(topology.weights.weight(from: two, to: one) - 1.0 / 3) < 1e-15, "\(file)")
        }
    }
}
