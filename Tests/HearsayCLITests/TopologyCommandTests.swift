import Foundation
import Testing

/// One invalid `hearsay topology` command line and a phrase its error message must contain.
struct InvalidTopologyCommand: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var message: String

    var testDescription: String { arguments.joined(separator: " ") }
}

/// A five-agent edge list with a comment on the first line, on a header and on two edges.
private let friends = """
    # Five friends, undirected.
    agents: 5
    weights: uniform   # everyone weighs neighbours equally

    1 2   # school
    2 3
    3 4
    4 5   # work
    5 1

    """

/// Writes `text` to `name` in `folder` and returns the path.
@discardableResult
private func write(_ text: String, _ name: String, in folder: TemporaryFolder) throws -> String {
    let path = folder.path(name)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Reads the file `name` in `folder` as UTF-8 text.
private func read(_ name: String, in folder: TemporaryFolder) throws -> String {
    try String(contentsOfFile: folder.path(name), encoding: .utf8)
}

/// Returns the lines of an edge-list file other than comments and blank lines.
private func contentLines(_ text: String) -> [String] {
    text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
}

/// True when Debian's Python has the packages that `scripts/plot_topology.py` imports.
private let plottingAvailable: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = ["-c", "import matplotlib, networkx, numpy"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
    } catch {
        return false
    }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()

/// Runs `/usr/bin/python3 ARGUMENTS…` in `directory` and returns the exit status and output.
private func python(_ arguments: [String], in directory: URL) throws -> (
    status: Int32, output: String, error: String
) {
    let logs = try TemporaryFolder()
    defer { logs.remove() }
    let outputPath = logs.path("stdout")
    let errorPath = logs.path("stderr")
    _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
    let error = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    defer {
        try? output.close()
        try? error.close()
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = error
    try process.run()
    process.waitUntilExit()
    return (
        process.terminationStatus, try String(contentsOfFile: outputPath, encoding: .utf8),
        try String(contentsOfFile: errorPath, encoding: .utf8)
    )
}

/// `hearsay topology`: generate, convert, check and edit from the command line, exit statuses
/// and messages on invalid input, and the picture script.
struct TopologyCommandTests {
    // MARK: - generate

    @Test("generate writes a fit, reproducible file")
    func generateWritesFile() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let arguments = [
            "topology", "generate", "barabasi-albert", "--agents", "60", "--m", "2", "--seed",
            "3",
        ]
        guard let first = try Hearsay.run(arguments + ["--output", "a.edges"], in: work.url),
            let second = try Hearsay.run(arguments + ["--output", "b.edges"], in: work.url)
        else { return }
        #expect(!first.signalled)
        #expect(first.status == 0, "standard error: \(first.standardError)")
        #expect(
            first.standardOutput.hasPrefix(
                "wrote a.edges: 60 agents, 117 edges between agents, 60 self-loops"))
        #expect(second.status == 0)
        let text = try read("a.edges", in: work)
        #expect(text.hasPrefix("# Barabási–Albert graph drawn by libigraph"))
        #expect(text.contains("seed 3; undirected; self-loops on"))
        #expect(text == (try read("b.edges", in: work)), "one seed gives one file")

        guard let check = try Hearsay.run(["topology", "check", "a.edges"], in: work.url) else {
            return
        }
        #expect(check.status == 0, "standard error: \(check.standardError)")
        #expect(
            check.standardOutput.contains(
                "a.edges: 60 agents, 117 edges between agents (undirected)"))
        #expect(check.standardOutput.contains("fit for social learning: yes"))
    }

    @Test("generate writes other formats")
    func generateOtherFormats() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        for name in ["ring.gml", "ring.graphml", "ring.net", "ring.csv", "ring.dot"] {
            let arguments = ["topology", "generate", "ring", "--agents", "5", "--output", name]
            guard let result = try Hearsay.run(arguments, in: work.url) else { return }
            #expect(result.status == 0, "\(name): \(result.standardError)")
            let size = try FileManager.default.attributesOfItem(atPath: work.path(name))[.size]
            #expect((size as? Int ?? 0) > 0, "\(name)")
        }
        guard
            let back = try Hearsay.run(["topology", "check", "ring.graphml"], in: work.url),
            let csv = try Hearsay.run(["topology", "check", "ring.csv"], in: work.url)
        else { return }
        #expect(back.status == 0, "standard error: \(back.standardError)")
        #expect(back.standardOutput.contains("5 agents"))
        #expect(back.standardOutput.contains("self-loops: 5 of 5 agents"))
        #expect(csv.status == 0, "standard error: \(csv.standardError)")
        #expect(try read("ring.csv", in: work).hasPrefix(",1,2,3,4,5\n1,"))
    }

    @Test("generate retries, then fails or keeps the graph")
    func generateRetries() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        // With libigraph 0.10.2 this seed gives two graphs that are not strongly connected
        // before a third that is.
        let model = [
            "topology", "generate", "gnp", "--agents", "30", "--p", "0.15", "--directed",
            "--seed", "1",
        ]
        guard let retried = try Hearsay.run(model + ["--output", "g.edges"], in: work.url),
            let failed = try Hearsay.run(model + ["--attempts", "2"], in: work.url),
            let immediate = try Hearsay.run(model + ["--no-retry"], in: work.url),
            let kept = try Hearsay.run(
                model + ["--allow-disconnected", "--output", "k.edges"], in: work.url)
        else { return }
        #expect(retried.status == 0, "standard error: \(retried.standardError)")
        #expect(retried.standardOutput.contains("attempt 3)"))
        #expect(try read("g.edges", in: work).contains("strongly connected at attempt 3"))
        #expect(failed.status == 2)
        #expect(
            failed.standardError.contains(
                "the Erdős–Rényi G(n,p) graph is not strongly connected after 2 attempts; "
                    + "raise --attempts"))
        #expect(immediate.status == 2)
        #expect(immediate.standardError.contains("not strongly connected after 1 attempt;"))
        #expect(kept.status == 0)
        #expect(try read("k.edges", in: work).contains("strong connectivity not checked"))
    }

    // MARK: - Invalid input

    static let invalidCommands: [InvalidTopologyCommand] = [
        .init(arguments: [], message: "expected a subcommand"),
        .init(arguments: ["frobnicate"], message: "unknown topology subcommand `frobnicate`"),
        .init(
            arguments: ["check", "missing.edges"],
            message: "cannot read `missing.edges`: no file at this path"),
        .init(
            arguments: ["check", "missing.gml"],
            message: "cannot read `missing.gml`: no file at this path"),
        .init(
            arguments: ["convert", "missing.graphml", "out.edges"],
            message: "cannot read `missing.graphml`: no file at this path"),
        .init(
            arguments: ["edit", "missing.edges", "add-edge", "1", "2"],
            message: "cannot read `missing.edges`"),
        .init(arguments: ["check", "."], message: "cannot read `.`: it is a folder, not a file"),
        .init(
            arguments: ["check", "friends.xyz"],
            message: "unknown graph format `xyz`; valid formats are edges, gml, graphml"),
        .init(
            arguments: ["check", "friends.edges", "--from", "yaml"],
            message: "unknown graph format `yaml`"),
        .init(
            arguments: ["convert", "friends.edges", "out.xyz"],
            message: "unknown graph format `xyz`"),
        .init(
            arguments: ["convert", "friends.edges", "out"],
            message: "expected an extension such as .edges, .gml"),
        .init(
            arguments: ["convert", "picture.dot", "out.edges"],
            message: "dot files can be written but not read"),
        .init(
            arguments: ["check", "broken.gml"],
            message: "broken.gml: invalid gml file: Parse error in GML file, line 1"),
        .init(
            arguments: ["generate", "lattice", "--agents", "5"],
            message: "unknown graph model `lattice`; valid models are ring, path"),
        .init(
            arguments: ["generate", "ring", "--agents", "2"],
            message: "invalid value `2` for --agents: expected a whole number ≥ 3 for a ring"),
        .init(
            arguments: ["generate", "ring", "--agents", "five"],
            message: "option --agents expects a whole number, found `five`"),
        .init(
            arguments: ["generate", "ring"], message: "the ring model needs --agents"),
        .init(
            arguments: ["generate", "gnp", "--agents", "10", "--p", "1.5"],
            message: "invalid value `1.5` for --p: expected a probability in [0, 1]"),
        .init(
            arguments: ["generate", "gnp", "--agents", "10", "--p", "often"],
            message: "option --p expects a number, found `often`"),
        .init(
            arguments: ["generate", "regular", "--agents", "5", "--degree", "3"],
            message: "an even degree when N is odd"),
        .init(
            arguments: ["generate", "sbm", "--blocks", "10,x", "--p-in", "0.5", "--p-out", "0.1"],
            message: "option --blocks expects whole numbers separated by commas, found `10,x`"),
        .init(
            arguments: ["generate", "barabasi-albert", "--agents", "10", "--m", "2", "--directed"],
            message: "undirected graphs only"),
        .init(
            arguments: ["generate", "ring", "--agents", "5", "--seed", "-1"],
            message: "option --seed expects a whole number ≥ 0, found `-1`"),
        .init(
            arguments: ["generate", "ring", "--agents", "5", "--weights", "equal"],
            message: "option --weights expects uniform, metropolis or given, found `equal`"),
        .init(
            arguments: ["generate", "ring", "--agents", "5", "--self-loops", "maybe"],
            message: "option --self-loops expects on or off, found `maybe`"),
        .init(
            arguments: ["generate", "ring", "--agents", "5", "--attempts", "0"],
            message: "invalid value `0` for --attempts: expected a whole number ≥ 1"),
        .init(
            arguments: ["generate", "ring", "--agents", "5", "--colour", "red"],
            message: "unknown option --colour"),
        .init(
            arguments: ["check", "friends.edges", "--top", "0"],
            message: "option --top expects a whole number ≥ 1, found `0`"),
        .init(
            arguments: ["convert", "friends.edges", "out.gml", "--directed", "--undirected"],
            message: "give --directed or --undirected, not both"),
        .init(
            arguments: ["edit", "friends.edges", "add-edge", "1"],
            message: "invalid edit `add-edge 1`; see `hearsay topology edit --help`"),
        .init(
            arguments: ["edit", "friends.edges", "add-edge", "1", "3", "heavy"],
            message: "the weight `heavy` is not a number"),
        .init(
            arguments: ["edit", "friends.edges", "reweight", "equal"],
            message: "unknown weight rule `equal`; use uniform, metropolis or given"),
        .init(
            arguments: ["edit", "friends.edges", "add-edge", "1", "9"],
            message: "friends.edges: no agent `9`"),
        .init(
            arguments: ["edit", "friends.edges", "remove-edge", "1", "3"],
            message: "friends.edges: no edge 1 → 3 to remove"),
        .init(
            arguments: ["edit", "friends.edges", "add-agent", "2"],
            message: "friends.edges: agent `2` already exists"),
        .init(
            arguments: ["edit", "friends.gml", "add-edge", "1", "3"],
            message: "`edit` changes Hearsay edge-list files only"),
        .init(
            arguments: ["edit", "friends.edges", "add-agent", "6", "add-edge", "6", "1"],
            message: "`edit` takes one action per call, found `add-agent` and `add-edge`"),
        .init(
            arguments: ["edit", "friends.edges", "add-edge", "1", "3", "1e400"],
            message: "the weight `1e400` is out of range"),
        .init(
            arguments: ["generate", "ring", "--agents", "10000001", "--output", "big.edges"],
            message: "invalid value `10000001` for --agents: expected at most 10000000 agents"),
        .init(
            arguments: ["generate", "ring", "--agents", "100000000", "--output", "big.edges"],
            message: "expected at most 10000000 agents"),
        .init(
            arguments: ["generate", "complete", "--agents", "100000", "--output", "big.edges"],
            message: "has 4999950000 edges, more than the 20000000 a generator may draw"),
        .init(
            arguments: [
                "generate", "gnm", "--agents", "100000", "--edges", "9000000000", "--directed",
            ],
            message: "more than the 20000000 a generator may draw"),
        .init(
            arguments: [
                "generate", "watts-strogatz", "--agents", "10", "--neighbours", "2",
                "--rewiring", "0.1", "--directed",
            ],
            message: "the Watts–Strogatz generator makes undirected graphs only (libigraph"),
    ]

    @Test("invalid input exits 2 with a message", arguments: invalidCommands)
    func invalidInput(command: InvalidTopologyCommand) throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        try write(friends, "friends.edges", in: work)
        try write("digraph { a -> b }\n", "picture.dot", in: work)
        try write("graph [ node [ id 0 ", "broken.gml", in: work)
        try write(friends, "friends.xyz", in: work)
        guard let result = try Hearsay.run(["topology"] + command.arguments, in: work.url) else {
            return
        }
        #expect(!result.signalled, "crashed: \(result.standardError)")
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("hearsay: error: "))
        #expect(result.standardError.contains(command.message), "\(result.standardError)")
        #expect(try read("friends.edges", in: work) == friends, "the file is unchanged")
    }

    @Test("unwritable output exits 1")
    func unwritableOutput() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        try write(friends, "friends.edges", in: work)
        let target = work.path("missing/friends.gml")
        guard
            let result = try Hearsay.run(
                ["topology", "convert", "friends.edges", target], in: work.url)
        else { return }
        #expect(!result.signalled)
        #expect(result.status == 1)
        #expect(
            result.standardError.contains(
                "cannot write `\(target)`: the folder `\(work.path("missing"))` does not exist"))
    }

    @Test("help for every subcommand exits 0")
    func help() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        for subcommand in ["generate", "convert", "check", "edit"] {
            guard let result = try Hearsay.run(["topology", subcommand, "--help"], in: work.url)
            else { return }
            #expect(result.status == 0, "\(subcommand)")
            #expect(
                result.standardOutput.hasPrefix("usage: hearsay topology \(subcommand)"),
                "\(subcommand)")
        }
    }

    @Test("check --help lists --undirected, which check accepts")
    func checkHelpListsUndirected() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        try write(friends, "friends.edges", in: work)
        guard let help = try Hearsay.run(["topology", "check", "--help"], in: work.url),
            let used = try Hearsay.run(
                ["topology", "check", "friends.edges", "--undirected"], in: work.url)
        else { return }
        #expect(help.standardOutput.contains("--undirected"))
        #expect(used.status == 0, "\(used.standardError)")
    }

    @Test("a generated GML file and its conversion report the same counts")
    func countsAgreeAcrossFormats() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let generate = ["topology", "generate", "gnp", "--agents", "20", "--p", "0.3"]
        guard let written = try Hearsay.run(generate + ["--output", "g.gml"], in: work.url),
            let back = try Hearsay.run(["topology", "convert", "g.gml", "g.edges"], in: work.url),
            let check = try Hearsay.run(["topology", "check", "g.gml"], in: work.url)
        else { return }
        #expect(written.status == 0, "\(written.standardError)")
        let counts = try #require(
            written.standardOutput.firstMatch(
                of: /: (20 agents, \d+ edges between agents, 20 self-loops) \(/)
        ).output.1
        #expect(back.standardOutput == "wrote g.edges: \(counts)\n", "\(back.standardOutput)")
        let edges = counts.split(separator: ", ")[1]
        #expect(check.standardOutput.contains("20 agents, \(edges) (undirected)"))
    }

    // MARK: - check

    /// Runs `hearsay topology check` on `text` written to `name` and returns the result.
    private func check(_ text: String, _ name: String, _ extra: [String] = []) throws
        -> CommandResult?
    {
        let work = try TemporaryFolder()
        defer { work.remove() }
        try write(text, name, in: work)
        return try Hearsay.run(["topology", "check", name] + extra, in: work.url)
    }

    @Test("check flags a disconnected graph")
    func checkDisconnected() throws {
        let text = "1 2\n2 3\n3 1\n4 5\n5 6\n6 4\n"
        guard let result = try check(text, "two.edges") else { return }
        #expect(result.status == 2)
        #expect(result.standardOutput.contains("strongly connected: no (2 strongly connected"))
        #expect(
            result.standardError.contains(
                "two.edges: the graph is disconnected: 2 groups of agents share no edge, "
                    + "{1 2 3}, {4 5 6}; add edges between the groups"))
    }

    @Test("check flags a sink component")
    func checkSink() throws {
        let text = "directed: true\n1 2\n2 3\n3 1\n3 4\n4 5\n5 4\n"
        guard let result = try check(text, "sink.edges") else { return }
        #expect(result.status == 2)
        #expect(result.standardOutput.contains("1 source and 1 sink"))
        #expect(
            result.standardError.contains(
                "sink.edges: agents {4 5} form a sink component: they hear other agents but no "
                    + "agent outside hears them"))
    }

    @Test("check flags a bipartite graph without self-loops")
    func checkPeriodic() throws {
        let square = "self_loops: explicit\n1 2\n2 3\n3 4\n4 1\n"
        guard let result = try check(square, "square.edges") else { return }
        #expect(result.status == 2)
        #expect(result.standardOutput.contains("period: 2 (periodic)"))
        #expect(
            result.standardError.contains(
                "square.edges: the graph is periodic (period 2) and no agent has a self-loop, "
                    + "so beliefs can oscillate forever; add self-loops"))

        // The same square from GML, first as written, then with --self-loops on.
        let gml = """
            graph [
              node [ id 0 label "1" ] node [ id 1 label "2" ]
              node [ id 2 label "3" ] node [ id 3 label "4" ]
              edge [ source 0 target 1 ] edge [ source 1 target 2 ]
              edge [ source 2 target 3 ] edge [ source 3 target 0 ]
            ]
            """
        guard let foreign = try check(gml, "square.gml"),
            let looped = try check(gml, "square.gml", ["--self-loops", "on"])
        else { return }
        #expect(foreign.status == 2)
        #expect(foreign.standardError.contains("square.gml: the graph is periodic (period 2)"))
        #expect(looped.status == 0, "standard error: \(looped.standardError)")
        #expect(looped.standardOutput.contains("period: 1 (aperiodic)"))
    }

    @Test("check names agents whose weights are not stochastic")
    func checkNonStochastic() throws {
        let edgeList = """
            directed: true
            weights: given
            self_loops: explicit
            1 1 0.5
            2 1 0.3
            1 2 1
            """
        guard let result = try check(edgeList, "w.edges") else { return }
        #expect(result.status == 2)
        #expect(
            result.standardError.contains(
                "w.edges:4: weights into agent 1 sum to 0.8, not 1 (lines 4, 5)"))

        let matrix = ",a,b,c\na,0.5,0.5,0\nb,0.3,0.5,0.5\nc,0,0,1.0\n"
        guard let csv = try check(matrix, "w.csv") else { return }
        #expect(csv.status == 2)
        #expect(csv.standardError.contains("the weights are not left-stochastic"))
        #expect(csv.standardError.contains("weights into agent a sum to 0.8, not 1"))
        #expect(csv.standardError.contains("weights into agent c sum to 1.5, not 1"))
        #expect(!csv.standardError.contains("agent b sum"))

        // Uniform weights give an agent with no in-neighbour and no loop nothing to combine.
        let lonely = "agents: a b c\nself_loops: explicit\na b\nb a\n"
        guard let uniform = try check(lonely, "lonely.edges") else { return }
        #expect(uniform.status == 2)
        #expect(uniform.standardError.contains("lonely.edges:"))
        #expect(uniform.standardError.contains("agent c has no incoming edge"))
    }

    @Test("check reports a fit graph")
    func checkFit() throws {
        guard let result = try check("1 2\n1 3\n1 4\n1 5\n", "star.edges", ["--all"]) else {
            return
        }
        #expect(result.status == 0, "standard error: \(result.standardError)")
        #expect(result.standardError.isEmpty)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "star.edges: 5 agents, 4 edges between agents (undirected), weights uniform, "
                + "self-loops implied")
        #expect(lines.contains("in-degree, self excluded: min 1, mean 1.6, max 4"))
        #expect(lines.contains("strongly connected: yes"))
        #expect(lines.contains("period: 1 (aperiodic)"))
        #expect(lines.contains("  1  0.3846"))
        #expect(lines.contains { $0.hasPrefix("second eigenvalue modulus |λ₂| = ") })
        #expect(lines.contains { $0.hasPrefix("mixing estimate: |λ₂|^i falls below 1e-3 after") })
        #expect(lines.last == "fit for social learning: yes")
    }

    // MARK: - convert

    @Test("convert GML → edges → GraphML → edges keeps the graph")
    func convertRoundTrip() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let source = Fixture.shipped("Tests/TopologyToolsTests/Fixtures/weighted.gml")
        let steps = [
            [source, "first.edges"], ["first.edges", "middle.graphml"],
            ["middle.graphml", "last.edges"],
        ]
        for step in steps {
            guard let result = try Hearsay.run(["topology", "convert"] + step, in: work.url)
            else { return }
            #expect(result.status == 0, "\(step): \(result.standardError)")
            #expect(
                result.standardOutput.hasPrefix(
                    "wrote \(step[1]): 5 agents, 6 edges between agents, 5 self-loops"))
        }
        let first = try read("first.edges", in: work)
        let last = try read("last.edges", in: work)
        // NetworkX lists nodes in the order the fixture script first added them.
        #expect(first.contains("agents: alice eve bob carol dave\n"))
        #expect(first.contains("\nalice bob 0.625\n"))
        #expect(first.contains("\nalice alice 0.5\n"))
        // The GraphML writer puts self-loops last, so the edge lines come back reordered.
        #expect(contentLines(last).sorted() == contentLines(first).sorted())
        #expect(contentLines(last).count == 4 + 11)
    }

    @Test("convert --normalize logs every rescaled agent")
    func convertNormalize() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        // Row = sender: agent 1 receives 2 + 2 and agent 2 receives 3 + 1.
        try write(",1,2\n1,2,3\n2,2,1\n", "heavy.csv", in: work)
        guard
            let plain = try Hearsay.run(
                ["topology", "convert", "heavy.csv", "plain.edges"], in: work.url),
            let scaled = try Hearsay.run(
                ["topology", "convert", "heavy.csv", "scaled.edges", "--normalize"],
                in: work.url)
        else { return }
        #expect(plain.status == 2)
        #expect(
            plain.standardError.contains("weights into agent 1 sum to 4, not 1 (from 1 2.0, 2 2.0)")
        )
        #expect(plain.standardError.contains("pass --normalize to rescale them"))
        #expect(scaled.status == 0, "standard error: \(scaled.standardError)")
        let warnings = scaled.standardError.split(separator: "\n").filter {
            $0.hasPrefix("hearsay: warning: ")
        }
        #expect(warnings.count == 2)
        #expect(scaled.standardError.contains("weights into agent 1 summed to 4.0"))
        #expect(scaled.standardError.contains("weights into agent 2 summed to 4.0"))
        #expect(try read("scaled.edges", in: work).contains("\nnormalize: true\n"))
    }

    // MARK: - edit

    @Test("edits keep every comment")
    func editsKeepComments() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        try write(friends, "friends.edges", in: work)
        let edits: [([String], String)] = [
            (["add-edge", "1", "3"], "friends.edges: added edge 1 → 3 at line 10\n"),
            (["remove-edge", "5", "4"], "friends.edges: removed edge 5 → 4 from line 8\n"),
            (["add-agent", "6"], "friends.edges: added agent 6\n"),
            (["add-edge", "6", "1"], "friends.edges: added edge 6 → 1 at line 11\n"),
            (["reweight", "uniform"], "friends.edges: set `weights: uniform`\n"),
            (["remove-agent", "3"], ""),
            (["add-edge", "4", "5"], "friends.edges: added edge 4 → 5 at line 9\n"),
            (["reweight", "metropolis"], "friends.edges: set `weights: metropolis`\n"),
        ]
        for (edit, output) in edits {
            let arguments = ["topology", "edit", "friends.edges"] + edit
            guard let result = try Hearsay.run(arguments, in: work.url) else { return }
            #expect(result.status == 0, "\(edit): \(result.standardError)")
            if !output.isEmpty {
                #expect(result.standardOutput == output, "\(edit)")
            }
            let text = try read("friends.edges", in: work)
            #expect(text.hasPrefix("# Five friends, undirected.\n"), "\(edit)")
            #expect(text.contains("  # everyone weighs neighbours equally\n"), "\(edit)")
            #expect(text.contains("1 2   # school\n"), "\(edit)")
            #expect(text.contains("# work\n"), "\(edit)")
        }
        #expect(
            try read("friends.edges", in: work) == """
                # Five friends, undirected.
                agents: 1 2 4 5 6
                weights: metropolis  # everyone weighs neighbours equally

                1 2   # school
                # work
                5 1
                6 1
                4 5

                """)
        guard let check = try Hearsay.run(["topology", "check", "friends.edges"], in: work.url)
        else { return }
        #expect(check.status == 0, "standard error: \(check.standardError)")
    }

    @Test("add-edge with a weight rejected on a uniform file")
    func addWeightedEdgeToUniformFile() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        try write(friends, "friends.edges", in: work)
        let arguments = ["topology", "edit", "friends.edges", "add-edge", "1", "3", "0.5"]
        guard let result = try Hearsay.run(arguments, in: work.url) else { return }
        #expect(result.status == 2)
        #expect(result.standardError.contains("the edited friends.edges is not a valid topology"))
        #expect(
            result.standardError.contains(
                "edge has a weight but the file says `weights: uniform`"))
        #expect(try read("friends.edges", in: work) == friends, "nothing written")
    }

    @Test("reweight given writes a_ℓk and keeps comments")
    func reweightGiven() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        try write("# pair\nweights: metropolis  # rule\n1 2  # only edge\n", "m.edges", in: work)
        guard
            let result = try Hearsay.run(
                ["topology", "edit", "m.edges", "reweight", "given"], in: work.url)
        else { return }
        #expect(result.status == 0, "standard error: \(result.standardError)")
        #expect(
            try read("m.edges", in: work)
                == "# pair\nweights: given  # rule\n1 2 0.5  # only edge\n")
    }

    @Test("edit --output leaves the file alone")
    func editToOtherFile() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        try write(friends, "friends.edges", in: work)
        let arguments = [
            "topology", "edit", "friends.edges", "remove-agent", "5", "--output", "four.edges",
        ]
        guard let result = try Hearsay.run(arguments, in: work.url) else { return }
        #expect(result.status == 0, "standard error: \(result.standardError)")
        #expect(try read("friends.edges", in: work) == friends)
        let four = try read("four.edges", in: work)
        #expect(four.contains("agents: 4\n"))
        #expect(four.contains("# Five friends, undirected.\n"))
        #expect(four.contains("# work\n"))
        #expect(!four.contains("5 1"))
    }

    // MARK: - Shipped topologies

    /// Returns the rows of the tables in topologies/README.md: file name and second column.
    private func readmeRows() throws -> [(file: String, second: String)] {
        let readme = try String(
            contentsOfFile: Fixture.shipped("topologies/README.md"), encoding: .utf8)
        return readme.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 2, cells[0].hasPrefix("`"), cells[0].hasSuffix(".edges`") else {
                return nil
            }
            return (String(cells[0].dropFirst().dropLast()), cells[1])
        }
    }

    @Test("README lists every shipped topology")
    func readmeListsEveryFile() throws {
        let files = try FileManager.default.contentsOfDirectory(
            atPath: Fixture.shipped("topologies")
        ).filter { $0 != "README.md" }
        let listed = try readmeRows().map(\.file)
        #expect(listed.sorted() == files.sorted())
        #expect(Set(listed).count == listed.count, "each file listed once")
    }

    @Test("shipped topologies are fit for learning")
    func shippedTopologiesFit() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        for (file, _) in try readmeRows() {
            let path = Fixture.shipped("topologies/\(file)")
            guard let result = try Hearsay.run(["topology", "check", path], in: work.url) else {
                return
            }
            #expect(result.status == 0, "\(file): \(result.standardError)")
            #expect(result.standardOutput.hasSuffix("fit for social learning: yes\n"), "\(file)")
        }
    }

    @Test("generated topologies match their commands")
    func generatedTopologiesReproduce() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let generated = try readmeRows().filter { $0.second.hasPrefix("`") }
        #expect(generated.count == 9)
        for (file, command) in generated {
            let arguments = command.dropFirst().dropLast().split(separator: " ").map(String.init)
            guard
                let result = try Hearsay.run(
                    ["topology", "generate"] + arguments + ["--output", file], in: work.url)
            else { return }
            #expect(result.status == 0, "\(file): \(result.standardError)")
            let shipped = try String(
                contentsOfFile: Fixture.shipped("topologies/\(file)"), encoding: .utf8)
            #expect(try read(file, in: work) == shipped, "\(file) from `\(command)`")
        }
    }

    // MARK: - Picture

    @Test(
        "plot_topology.py draws a run folder",
        .enabled(if: plottingAvailable, "/usr/bin/python3 lacks matplotlib or networkx"))
    func plotRunFolder() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let topology = try String(
            contentsOfFile: Fixture.shipped("topologies/karate.edges"), encoding: .utf8)
        try write(topology, "karate.edges", in: work)
        // Few rounds and close hypotheses, so that the agents may still disagree.
        let scenario = """
            name: karate-plot
            topology: karate.edges
            hypotheses: [calm, storm, fog]
            truth: calm
            likelihood:
              family: gaussian
              means: [0, 0.1, 1]
              std: 1
            rounds: 3
            seed: 5
            report_every: 1

            """
        try write(scenario, "karate.yaml", in: work)
        guard
            let run = try Hearsay.run(
                ["simulate", "karate.yaml", "--output", "run"], in: work.url)
        else { return }
        #expect(run.status == 0, "standard error: \(run.standardError)")

        let summaryData = try Data(contentsOf: work.url.appendingPathComponent("run/summary.json"))
        let summary = try #require(
            try JSONSerialization.jsonObject(with: summaryData) as? [String: Any])
        let final = try #require(summary["final"] as? [[String: Any]])
        var counts: [String: Int] = [:]
        for entry in final {
            counts[try #require(entry["decision"] as? String), default: 0] += 1
        }
        let expectedCounts = counts.keys.sorted().map { "\($0) \(counts[$0] ?? 0)" }
            .joined(separator: ", ")

        let script = Fixture.shipped("scripts/plot_topology.py")
        let plot = try python([script, "--run", "run", "--output", "karate.png"], in: work.url)
        #expect(plot.status == 0, "standard error: \(plot.error)")
        #expect(plot.output.contains("wrote karate.png: 34 agents, node area by Perron centrality"))
        // Agent 34 has the highest degree, so the largest Perron entry under uniform weights.
        #expect(plot.output.contains("(largest: agent 34, v = 0.0947)"))
        #expect(plot.output.contains("colour by final decision in run: \(expectedCounts)\n"))
        let image = try Data(contentsOf: work.url.appendingPathComponent("karate.png"))
        #expect(image.count > 10_000)
        #expect(Array(image.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test(
        "plot_topology.py draws a GML file",
        .enabled(if: plottingAvailable, "/usr/bin/python3 lacks matplotlib or networkx"))
    func plotForeignFile() throws {
        let work = try TemporaryFolder()
        defer { work.remove() }
        let script = Fixture.shipped("scripts/plot_topology.py")
        let source = Fixture.shipped("Tests/TopologyToolsTests/Fixtures/path.gml")
        let plot = try python([script, source, "--output", "path.png"], in: work.url)
        #expect(plot.status == 0, "standard error: \(plot.error)")
        #expect(plot.output.contains("equal node sizes (A is not primitive"))
        let image = try Data(contentsOf: work.url.appendingPathComponent("path.png"))
        #expect(image.count > 1_000)

        // The script's own Perron vector agrees with `hearsay topology check` (dave 0.3914).
        let weighted = Fixture.shipped("Tests/TopologyToolsTests/Fixtures/weighted.graphml")
        let drawn = try python([script, weighted, "--output", "weighted.png"], in: work.url)
        #expect(drawn.status == 0, "standard error: \(drawn.error)")
        #expect(drawn.output.contains("(largest: agent dave, v = 0.3914)"))

        let missing = try python([script, "nothing.edges"], in: work.url)
        #expect(missing.status == 2)
        #expect(missing.error.contains("plot_topology: cannot read nothing.edges"))
    }
}
