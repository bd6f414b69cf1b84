import Foundation
import Testing
import Topology
import TopologyTools

/// The formats that can be read back, with the import options their files need.
private let readableFormats: [GraphFormat] = [.edges, .gml, .graphml, .pajek, .ncol, .lgl, .csv]

private func reimport(_ topology: Topology, as format: GraphFormat) throws -> Topology {
    let bytes = try TopologyExporter.export(topology, format: format).bytes
    // A CSV matrix is read as directed unless it is symmetric, like any other matrix.
    let options = TopologyImporter.Options(directed: format == .csv ? nil : topology.directed)
    return try TopologyImporter.document(
        bytes: bytes, format: format, source: "round trip (\(format))", options: options
    ).topology(source: "round trip (\(format))")
}

@Suite("Import and export")
struct FormatRoundTripTests {
    @Test(
        "GML → ours → GraphML → ours keeps the graph",
        arguments: ["weighted", "symmetric", "names", "gaps", "triangle", "opposite"])
    func networkxRoundTrip(stem: String) throws {
        let original = try TopologyImporter.topology(path: Fixture.path("\(stem).gml"))
        let folder = try Fixture.scratchFolder()
        let ours = folder + "/\(stem).edges"
        let graphml = folder + "/\(stem).graphml"
        try TopologyExporter.write(original, to: ours)
        let first = try TopologyImporter.topology(path: ours)
        try TopologyExporter.write(first, to: graphml)
        let last = try TopologyImporter.topology(path: graphml)
        #expect(last.names == original.names)
        #expect(last.directed == original.directed)
        #expect(edgeSet(last, withLoops: true) == edgeSet(original, withLoops: true))
        #expect(sameWeights(last, original, tolerance: 0))
        // NetworkX's own GraphML file of the same graph gives the same matrix.
        let networkx = try TopologyImporter.topology(path: Fixture.path("\(stem).graphml"))
        #expect(networkx.names == original.names)
        #expect(sameWeights(networkx, original, tolerance: 0))
    }

    @Test("NetworkX files of one graph agree", arguments: ["weighted", "symmetric", "names"])
    func networkxFormatsAgree(stem: String) throws {
        let reference = try TopologyImporter.topology(path: Fixture.path("\(stem).gml"))
        for file in ["\(stem).graphml", "\(stem).net", "\(stem).ncol", "\(stem).csv"] {
            let options = TopologyImporter.Options(directed: reference.directed)
            let other = try TopologyImporter.topology(path: Fixture.path(file), options: options)
            #expect(Set(other.names) == Set(reference.names), "\(file)")
            #expect(
                edgeSet(other, withLoops: true) == edgeSet(reference, withLoops: true), "\(file)")
            let byName = other.names.map { reference.index(of: $0) ?? -1 }
            for (receiver, links) in other.weights.incoming.enumerated() {
                for link in links {
                    let expected = reference.weights.weight(
                        from: byName[link.agent], to: byName[receiver])
                    #expect(abs(link.weight - expected) < 1e-12, "\(file)")
                }
            }
        }
    }

    @Test("every format keeps names, isolated agents and A")
    func everyFormatRoundTrip() throws {
        let sources = [
            "weighted.gml", "symmetric.gml", "isolated.gml", "names.graphml", "gaps.net",
        ]
        var hand: [Topology] = [
            // Under Metropolis weights an agent without edges keeps a_kk = 1 and no loop line.
            try Topology.parse(
                "agents: a b c d lone\ndirected: false\nweights: metropolis\na b\nb c\nc a\nc d\n",
                file: "metropolis"),
            try Topology.parse(
                "agents: x y z lone\nself_loops: explicit\nx y\ny z\nz x\nx x\nlone lone\n",
                file: "explicit"),
            try Topology.parse("directed: true\n1 2\n2 3\n3 1\n", file: "implied"),
        ]
        // `zed` in isolated.gml has no in-neighbour, so it needs its implied self-loop.
        let options = TopologyImporter.Options(selfLoops: .implied)
        hand += try sources.map { name in
            try TopologyImporter.topology(
                path: Fixture.path(name), options: name.hasPrefix("isolated") ? options : .init())
        }
        for topology in hand {
            for format in readableFormats {
                let hasLonelyAgent = (0..<topology.agentCount).contains { agent in
                    !topology.edges.contains { $0.from == agent || $0.to == agent }
                }
                if format == .ncol && hasLonelyAgent {
                    // NCOL has no vertex list: an agent without edges comes back through its
                    // written self-loop line, or the export is refused. It is never lost.
                    do {
                        let back = try reimport(topology, as: .ncol)
                        #expect(sameWeightsByName(back, topology), "\(topology.file) as ncol")
                    } catch {
                        #expect(
                            "\(error)".contains("NCOL lists only edges"), "\(topology.file) as ncol"
                        )
                    }
                    continue
                }
                if topology.weightRule == .metropolis
                    && ![.edges, .gml, .graphml, .csv].contains(format)
                {
                    continue
                }
                let back = try reimport(topology, as: format)
                #expect(sameWeightsByName(back, topology), "\(topology.file) as \(format)")
                // NCOL and LGL have no vertex list: agents come in order of appearance.
                if format != .ncol && format != .lgl {
                    #expect(back.names == topology.names, "\(topology.file) as \(format)")
                }
            }
        }
    }

    @Test("Metropolis weights come back through formats without a rule")
    func metropolisWithOption() throws {
        let topology = try Topology.parse(
            "weights: metropolis\n1 2\n2 3\n3 4\n4 1\n1 3\n", file: "metropolis")
        let exported = try TopologyExporter.export(topology, format: .ncol)
        #expect(exported.notes.contains { $0.contains("--weights metropolis") })
        let options = TopologyImporter.Options(weightRule: .metropolis)
        let back = try TopologyImporter.document(
            bytes: exported.bytes, format: .ncol, source: "ncol", options: options
        ).topology(source: "ncol")
        #expect(sameWeights(back, topology))
    }

    @Test("isolated agent kept in GML, GraphML, Pajek, LGL and CSV")
    func isolatedAgent() throws {
        for file in ["isolated.gml", "isolated.graphml", "isolated.net", "isolated.csv"] {
            // Without its implied self-loop `zed` would have no in-neighbour, which is invalid.
            let topology = try TopologyImporter.topology(
                path: Fixture.path(file), options: .init(selfLoops: .implied))
            #expect(topology.agentCount == 4, "\(file)")
            #expect(topology.names.contains("zed"), "\(file)")
            for format in [GraphFormat.gml, .graphml, .pajek, .lgl, .edges] {
                let back = try reimport(topology, as: format)
                #expect(back.names.contains("zed"), "\(file) as \(format)")
                #expect(back.agentCount == 4, "\(file) as \(format)")
            }
        }
        #expect {
            try TopologyImporter.topology(path: Fixture.path("isolated.graphml"))
        } throws: { error in
            "\(error)".hasSuffix(
                "isolated.graphml: no edge enters agent zed and the file has no self-loop for it, "
                    + "so uniform weights give it nothing to combine; pass --self-loops on to "
                    + "give every agent a self-loop, or add edges into it")
        }
        // Metropolis weights give an agent without edges a_kk = 1 and no loop line to write.
        let metropolis = try Topology.parse(
            "agents: a b zed\nweights: metropolis\na b\n", file: "metropolis")
        #expect {
            try TopologyExporter.export(metropolis, format: .ncol)
        } throws: { error in
            "\(error)".contains("agent zed has no edge, and NCOL lists only edges")
        }
        let back = try reimport(metropolis, as: .gml)
        #expect(back.names == ["a", "b", "zed"])
        #expect(sameWeights(back, metropolis))
    }

    @Test("implied self-loops become loop edges abroad")
    func impliedLoopsExported() throws {
        let topology = try Topology.parse("1 2\n2 3\n", file: "path")
        let gml = String(
            decoding: try TopologyExporter.export(topology, format: .gml).bytes, as: UTF8.self)
        #expect(gml.contains("selfloops \"explicit\""))
        #expect(gml.contains("weightrule \"uniform\""))
        let back = try reimport(topology, as: .pajek)
        #expect(back.selfLoops == .explicit)
        #expect(edgeSet(back, withLoops: true).contains(["1", "1"]))
        #expect(sameWeights(back, topology))
    }

    @Test("DOT is written with labels and cannot be read")
    func dot() throws {
        let topology = try Topology.parse("directed: true\nalice bob\nbob alice\n", file: "dot")
        let text = String(
            decoding: try TopologyExporter.export(topology, format: .dot).bytes, as: UTF8.self)
        #expect(text.contains("digraph"))
        #expect(text.contains("label=alice"))
        #expect(throws: TopologyToolsError.cannotRead(format: .dot)) {
            try TopologyImporter.document(bytes: Array(text.utf8), format: .dot, source: "x.dot")
        }
    }

    @Test("CSV holds the whole matrix A")
    func csvMatrix() throws {
        let topology = try Topology.parse("a b\nb c\n", file: "uniform")
        let text = String(
            decoding: try TopologyExporter.export(topology, format: .csv).bytes, as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.first == ",a,b,c")
        #expect(lines.dropFirst().first == "a,0.5,0.3333333333333333,0")
        let back = try reimport(topology, as: .csv)
        #expect(back.directed)
        #expect(sameWeights(back, topology, tolerance: 0))
    }

    @Test("CSV errors give the line")
    func csvErrors() throws {
        let cases = [
            (",a,b\na,0,1\nb,1,0,0\n", "3: expected 2 numbers (a square matrix), found 4"),
            (",a,b\na,0,x\nb,1,0\n", "2: `x` is not a number"),
            (",a,b\nb,0,1\na,1,0\n", "2: row `b` is in the place of column `a`"),
            (",a,b,c\na,0,1\nb,1,0\n", "1: the header names 3 agents but there are 2 rows"),
        ]
        for (text, message) in cases {
            #expect {
                try TopologyImporter.document(
                    bytes: Array(text.utf8), format: .csv, source: "m.csv")
            } throws: { error in
                "\(error)".contains("m.csv:\(message)")
            }
        }
    }

    @Test("asymmetric CSV read as undirected is rejected")
    func csvAsymmetric() throws {
        #expect {
            try TopologyImporter.document(
                bytes: Array("0,1\n0,0\n".utf8), format: .csv, source: "m.csv",
                options: .init(directed: false))
        } throws: { error in
            "\(error)" == "m.csv: the matrix is not symmetric (1 → 2 is 1.0, 2 → 1 is 0.0), so "
                + "it cannot be read as undirected; leave out --undirected"
        }
    }

    @Test("names the format cannot hold are rejected, or renumbered")
    func unrepresentableNames() throws {
        let gml = """
            graph [
              node [ id 0 label "New York" ]
              node [ id 1 label "Boston" ]
              edge [ source 0 target 1 ]
            ]
            """
        #expect {
            try TopologyImporter.document(bytes: Array(gml.utf8), format: .gml, source: "c.gml")
                .text()
        } throws: { error in
            "\(error)".contains("agent name `New York` cannot be written")
                && "\(error)".contains("--renumber")
        }
        let renumbered = try TopologyImporter.document(
            bytes: Array(gml.utf8), format: .gml, source: "c.gml",
            options: .init(renumber: true))
        #expect(renumbered.names == ["1", "2"])
        #expect(try renumbered.text().contains("#   1 = \"New York\""))
    }

    @Test("format names and extensions")
    func formatDetection() throws {
        #expect(try GraphFormat.detect(path: "a/b.net") == .pajek)
        #expect(try GraphFormat.detect(path: "x.GraphML") == .graphml)
        #expect(try GraphFormat.detect(path: "karate.edges") == .edges)
        #expect(throws: TopologyToolsError.unknownFormat("xyz")) {
            try GraphFormat.detect(path: "graph.xyz")
        }
        #expect(throws: TopologyToolsError.self) {
            try GraphFormat.detect(path: "noextension")
        }
    }

    @Test("libigraph parse errors become messages")
    func igraphErrors() throws {
        #expect {
            try TopologyImporter.document(
                bytes: Array("graph [ node [ id 0 ".utf8), format: .gml, source: "bad.gml")
        } throws: { error in
            guard case TopologyToolsError.invalidGraph(let path, let reason) = error else {
                return false
            }
            return path == "bad.gml" && reason.hasPrefix("invalid gml file: Parse error")
        }
        #expect {
            try TopologyImporter.document(
                bytes: Array("*Vertices 2\n*Arcs\n1 7\n".utf8), format: .pajek, source: "bad.net")
        } throws: { error in
            "\(error)".hasPrefix("bad.net: invalid pajek file: ")
        }
    }
}
