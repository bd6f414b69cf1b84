import Foundation
import Topology
import TopologyTools

/// `hearsay topology generate|convert|check|edit …`: graph generators, format conversion,
/// the fitness check for social learning, and in-place edits of edge-list files.
enum TopologyCommand {
    static let help = """
        usage: hearsay topology SUBCOMMAND …

          generate MODEL [parameters] [--output FILE]   draw a graph from a model
          convert INPUT OUTPUT                           convert between graph formats
          check FILE                                     check a graph for social learning
          edit FILE ACTION …                             change an edge-list file in place

        Formats (from the file extension, or --from/--to): edges (Hearsay's edge list),
        gml, graphml, pajek (.net), ncol, lgl, csv (weight matrix, row = sender), dot
        (written only). Run `hearsay topology SUBCOMMAND --help` for the options.
        """

    static let generateHelp = """
        usage: hearsay topology generate MODEL [parameters] [options]

        models and their parameters:
          ring | path | star | complete   --agents N
          grid | torus                    --rows R --columns C
          gnp                             --agents N --p P         (Erdős–Rényi G(n,p))
          gnm                             --agents N --edges M     (Erdős–Rényi G(n,m))
          watts-strogatz                  --agents N --neighbours K --rewiring P
          barabasi-albert                 --agents N --m M         (M edges per new agent)
          regular                         --agents N --degree D
          sbm                             --blocks 10,10,20 --p-in P --p-out Q

        options:
          --seed S              seed of libigraph's random number generator (default 1)
          --directed            draw a directed graph (ring: one-way cycle; star, complete:
                                both ways; not for watts-strogatz and barabasi-albert)
          --self-loops on|off   give every agent a self-loop (default on)
          --weights RULE        uniform (default), metropolis (undirected), or given: the
                                numbers of the uniform (directed) or Metropolis (undirected)
                                rule written in a weight column
          --attempts N          draws allowed to find a strongly connected graph (default 100)
          --no-retry            fail at once when the first graph is not strongly connected
          --allow-disconnected  keep the first graph, connected or not
          --output FILE         where to write (default standard output)
          --to FORMAT           the output format (default from the extension, else edges)

        Agents are numbered 1…N. The file's comments record the model, parameters and seed.
        Exit status: 0 written, 2 invalid parameters or no strongly connected graph found,
        1 the file could not be written.
        """

    static let convertHelp = """
        usage: hearsay topology convert INPUT OUTPUT [options]

        Reads INPUT and writes OUTPUT (`-` for standard output) in the formats their
        extensions name. Node names, isolated nodes and weights are kept; GML and GraphML
        also keep the weight rule. Weights that A needs but a format cannot state as a rule
        are written as numbers (self-loops included).

        options:
          --from FORMAT, --to FORMAT   formats, when the extensions do not say
          --directed, --undirected     the direction for NCOL, LGL and CSV input (default:
                                       undirected; CSV: undirected when the matrix is symmetric)
          --weights RULE               uniform, metropolis or given (default: given when the
                                       input has weights other than 1, else uniform)
          --self-loops on|off          on: every agent listens to itself; off: only the loops
                                       in the input (default for foreign formats)
          --normalize                  write `normalize: true` so weights are rescaled to sum
                                       to 1 per agent, each change logged as a warning
          --renumber                   name the agents 1…N (old names kept in comments)

        Exit status: 0 written, 2 invalid input, 1 the file could not be written.
        """

    static let checkHelp = """
        usage: hearsay topology check FILE [options]

        Prints agents, edges, in- and out-degrees, strongly connected components, period,
        whether the weights are left-stochastic, the Perron vector (each agent's long-run
        influence), and |λ₂| of A with the spectral gap and a mixing estimate. Exact
        eigenvalues up to 500 agents; power iteration (an estimate) above.

        options:
          --top N        list the N most and N least central agents (default 10)
          --all          list every agent's centrality
          --from FORMAT, --directed, --undirected, --weights RULE, --self-loops on|off
                         how to read a foreign file, as for `convert`

        Exit status: 0 fit for social learning, 2 problems found (each printed) or
        invalid file.
        """

    static let editHelp = """
        usage: hearsay topology edit FILE ACTION … [--output FILE]

        actions:
          add-edge FROM TO [WEIGHT]   append an edge line
          remove-edge FROM TO         remove the edge's lines (either order if undirected)
          add-agent NAME              add an agent without edges
          remove-agent NAME           remove an agent and its edges
          reweight RULE               uniform or metropolis (drop the weight column), or
                                      given (write the current weights a_ℓk into it)

        Edits Hearsay edge-list files line by line: comments, blank lines and line ends stay.
        The result must parse as a valid topology, else nothing is written. --output writes
        to another file instead of replacing FILE.

        Exit status: 0 written, 2 invalid edit or result, 1 the file could not be written.
        """

    static func run(_ arguments: [String]) -> Int32 {
        guard let subcommand = arguments.first else {
            Console.error("expected a subcommand\n\(help)")
            return 2
        }
        let rest = Array(arguments.dropFirst())
        switch subcommand {
        case "generate": return generate(rest)
        case "convert": return convert(rest)
        case "check": return check(rest)
        case "edit": return edit(rest)
        case "--help", "-h", "help":
            print(help)
            return 0
        default:
            Console.error("unknown topology subcommand `\(subcommand)`\n\(help)")
            return 2
        }
    }

    // MARK: - generate

    static func generate(_ arguments: [String]) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(
                arguments,
                valued: [
                    "agents", "p", "edges", "neighbours", "rewiring", "m", "degree", "rows",
                    "columns", "blocks", "p-in", "p-out", "seed", "weights", "self-loops",
                    "attempts", "output", "to",
                ],
                flags: ["directed", "no-retry", "allow-disconnected", "help"])
        } catch {
            Console.error("\(error)\n\(generateHelp)")
            return 2
        }
        if parsed.flags.contains("help") {
            print(generateHelp)
            return 0
        }
        guard parsed.positionals.count == 1 else {
            Console.error("expected one model name\n\(generateHelp)")
            return 2
        }
        do {
            let model = try self.model(parsed.positionals[0], parsed)
            var options = TopologyGenerator.Options()
            if let seed = parsed.options["seed"] {
                guard let value = UInt64(seed) else {
                    throw Arguments.UsageError(
                        description: "option --seed expects a whole number ≥ 0, found `\(seed)`")
                }
                options.seed = value
            }
            options.directed = parsed.flags.contains("directed")
            options.selfLoops = try selfLoops(parsed) != .explicit
            options.weightRule = try weightRule(parsed) ?? .uniform
            if parsed.flags.contains("allow-disconnected") {
                options.connectivity = .allow
            } else if parsed.flags.contains("no-retry") {
                options.connectivity = .retry(attempts: 1)
            } else if let attempts = try parsed.integer("attempts") {
                options.connectivity = .retry(attempts: attempts)
            }
            let generated = try TopologyGenerator.generate(model, options: options)
            let (text, topology) = try generated.document.parsed(source: "the generated graph")
            try write(
                text: text, topology: topology, to: parsed.options["output"],
                format: parsed.options["to"])
            if let output = parsed.options["output"] {
                print(
                    "wrote \(output): \(counts(topology)) (\(model.name), seed "
                        + "\(options.seed), attempt \(generated.attempts))")
            }
            return 0
        } catch {
            return fail(error)
        }
    }

    private static func model(_ name: String, _ parsed: Arguments) throws -> GraphModel {
        func integer(_ option: String) throws -> Int {
            guard let value = try parsed.integer(option) else {
                throw Arguments.UsageError(
                    description: "the \(name) model needs --\(option); see "
                        + "`hearsay topology generate --help`")
            }
            return value
        }
        func real(_ option: String) throws -> Double {
            guard let text = parsed.options[option] else {
                throw Arguments.UsageError(
                    description: "the \(name) model needs --\(option); see "
                        + "`hearsay topology generate --help`")
            }
            guard let value = Double(text) else {
                throw Arguments.UsageError(
                    description: "option --\(option) expects a number, found `\(text)`")
            }
            return value
        }
        switch name {
        case "ring": return .ring(agents: try integer("agents"))
        case "path": return .path(agents: try integer("agents"))
        case "star": return .star(agents: try integer("agents"))
        case "complete": return .complete(agents: try integer("agents"))
        case "grid", "torus":
            return .grid(
                rows: try integer("rows"), columns: try integer("columns"),
                periodic: name == "torus")
        case "gnp", "erdos-renyi":
            return .erdosRenyiProbability(agents: try integer("agents"), probability: try real("p"))
        case "gnm":
            return .erdosRenyiEdges(agents: try integer("agents"), edges: try integer("edges"))
        case "watts-strogatz", "ws":
            return .wattsStrogatz(
                agents: try integer("agents"), neighbours: try integer("neighbours"),
                rewiring: try real("rewiring"))
        case "barabasi-albert", "ba":
            return .barabasiAlbert(agents: try integer("agents"), edgesPerAgent: try integer("m"))
        case "regular":
            return .randomRegular(agents: try integer("agents"), degree: try integer("degree"))
        case "sbm":
            guard let text = parsed.options["blocks"] else {
                throw Arguments.UsageError(
                    description: "the sbm model needs --blocks, e.g. --blocks 10,10,20")
            }
            let sizes = text.split(separator: ",").map {
                Int($0.trimmingCharacters(in: .whitespaces))
            }
            guard !sizes.isEmpty, sizes.allSatisfy({ $0 != nil }) else {
                throw Arguments.UsageError(
                    description: "option --blocks expects whole numbers separated by commas, "
                        + "found `\(text)`")
            }
            return .stochasticBlock(
                sizes: sizes.compactMap { $0 }, within: try real("p-in"),
                between: try real("p-out"))
        default:
            throw TopologyToolsError.unknownModel(name)
        }
    }

    // MARK: - convert

    static func convert(_ arguments: [String]) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(
                arguments, valued: ["from", "to", "weights", "self-loops"],
                flags: ["directed", "undirected", "normalize", "renumber", "help"])
        } catch {
            Console.error("\(error)\n\(convertHelp)")
            return 2
        }
        if parsed.flags.contains("help") {
            print(convertHelp)
            return 0
        }
        guard parsed.positionals.count == 2 else {
            Console.error("expected INPUT and OUTPUT files\n\(convertHelp)")
            return 2
        }
        let (input, output) = (parsed.positionals[0], parsed.positionals[1])
        do {
            let options = try importOptions(parsed)
            let (document, topology) = try TopologyImporter.read(path: input, options: options)
            try write(
                text: try document.text(), topology: topology, to: output == "-" ? nil : output,
                format: parsed.options["to"])
            if output != "-" {
                print("wrote \(output): \(counts(topology))")
            }
            return 0
        } catch {
            return fail(error)
        }
    }

    // MARK: - check

    static func check(_ arguments: [String]) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(
                arguments, valued: ["from", "weights", "self-loops", "top"],
                flags: ["directed", "undirected", "all", "help"])
        } catch {
            Console.error("\(error)\n\(checkHelp)")
            return 2
        }
        if parsed.flags.contains("help") {
            print(checkHelp)
            return 0
        }
        guard parsed.positionals.count == 1 else {
            Console.error("expected one topology file\n\(checkHelp)")
            return 2
        }
        do {
            let top = try parsed.integer("top") ?? 10
            guard top >= 1 else {
                throw Arguments.UsageError(
                    description: "option --top expects a whole number ≥ 1, found `\(top)`")
            }
            let topology = try TopologyImporter.topology(
                path: parsed.positionals[0], options: try importOptions(parsed))
            for warning in topology.warnings {
                Console.warning(warning)
            }
            let report = try TopologyReport(topology: topology)
            print(report.text(listed: parsed.flags.contains("all") ? nil : top))
            for problem in report.problems {
                Console.error("\(parsed.positionals[0]): \(problem)")
            }
            return report.isFitForLearning ? 0 : 2
        } catch {
            return fail(error)
        }
    }

    // MARK: - edit

    static func edit(_ arguments: [String]) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(arguments, valued: ["output"], flags: ["help"])
        } catch {
            Console.error("\(error)\n\(editHelp)")
            return 2
        }
        if parsed.flags.contains("help") {
            print(editHelp)
            return 0
        }
        guard parsed.positionals.count >= 2 else {
            Console.error("expected a file and an action\n\(editHelp)")
            return 2
        }
        let path = parsed.positionals[0]
        let action = parsed.positionals[1]
        let values = Array(parsed.positionals.dropFirst(2))
        do {
            if let format = try? GraphFormat.detect(path: path), format != .edges {
                throw TopologyToolsError.unsupported(
                    "`edit` changes Hearsay edge-list files only, and `\(path)` is a "
                        + "\(format.rawValue) file; convert it first with `hearsay topology "
                        + "convert \(path) FILE.edges`, then edit FILE.edges")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TopologyToolsError.unreadable(
                    path: path, reason: "no readable file at this path")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw TopologyToolsError.unreadable(
                    path: path, reason: "the file is not UTF-8 text")
            }
            var editor = TopologyEditor(text: text, file: path)
            switch (action, values.count) {
            case ("add-edge", 2), ("add-edge", 3):
                var weight: Double?
                if values.count == 3 {
                    guard let value = Double(values[2]), !value.isNaN else {
                        throw Arguments.UsageError(
                            description: "the weight `\(values[2])` is not a number; write "
                                + "a weight such as 0.25")
                    }
                    guard value.isFinite else {
                        throw Arguments.UsageError(
                            description: "the weight `\(values[2])` is out of range (larger "
                                + "than about 1.8e308); write a weight such as 0.25")
                    }
                    weight = value
                }
                try editor.addEdge(from: values[0], to: values[1], weight: weight)
            case ("remove-edge", 2):
                try editor.removeEdge(from: values[0], to: values[1])
            case ("add-agent", 1):
                try editor.addAgent(values[0])
            case ("remove-agent", 1):
                try editor.removeAgent(values[0])
            case ("reweight", 1):
                guard let rule = Topology.WeightRule(rawValue: values[0]) else {
                    throw Arguments.UsageError(
                        description: "unknown weight rule `\(values[0])`; use uniform, "
                            + "metropolis or given")
                }
                try editor.reweight(rule)
            default:
                let actions = ["add-edge", "remove-edge", "add-agent", "remove-agent", "reweight"]
                if let second = values.first(where: actions.contains) {
                    throw Arguments.UsageError(
                        description: "`edit` takes one action per call, found `\(action)` and "
                            + "`\(second)`; run `hearsay topology edit` once for each action")
                }
                if !actions.contains(action) {
                    throw Arguments.UsageError(
                        description: "unknown edit action `\(action)`; valid actions are "
                            + actions.joined(separator: ", ")
                            + "; see `hearsay topology edit --help`")
                }
                throw Arguments.UsageError(
                    description: "invalid edit `\(([action] + values).joined(separator: " "))`; "
                        + "see `hearsay topology edit --help`")
            }
            let topology = try editor.validated()
            for warning in topology.warnings {
                Console.warning(warning)
            }
            let target = parsed.options["output"] ?? path
            try TopologyExporter.writeFile(Array(editor.text.utf8), to: target)
            for change in editor.changes {
                print("\(target): \(change)")
            }
            return 0
        } catch {
            return fail(error)
        }
    }

    // MARK: - Shared

    /// "N agents, E edges between agents, S self-loops": the same counts whether the
    /// self-loops are implied by the header or written as lines (as GML, GraphML and the
    /// other formats must), so a file and its conversion report the same numbers.
    static func counts(_ topology: Topology) -> String {
        let between = topology.edges.filter { $0.from != $0.to }.count
        let loops =
            topology.selfLoops == .implied
            ? topology.agentCount
            : Set(topology.edges.filter { $0.from == $0.to }.map(\.from)).count
        return "\(topology.agentCount) agents, \(between) edges between agents, \(loops) "
            + "self-loop\(loops == 1 ? "" : "s")"
    }

    private static func importOptions(_ parsed: Arguments) throws -> TopologyImporter.Options {
        var options = TopologyImporter.Options()
        if let from = parsed.options["from"] {
            options.format = try GraphFormat.named(from)
        }
        if parsed.flags.contains("directed") && parsed.flags.contains("undirected") {
            throw Arguments.UsageError(description: "give --directed or --undirected, not both")
        }
        if parsed.flags.contains("directed") {
            options.directed = true
        } else if parsed.flags.contains("undirected") {
            options.directed = false
        }
        options.weightRule = try weightRule(parsed)
        options.selfLoops = try selfLoops(parsed)
        options.normalize = parsed.flags.contains("normalize")
        options.renumber = parsed.flags.contains("renumber")
        return options
    }

    private static func weightRule(_ parsed: Arguments) throws -> Topology.WeightRule? {
        guard let text = parsed.options["weights"] else { return nil }
        guard let rule = Topology.WeightRule(rawValue: text.lowercased()) else {
            throw Arguments.UsageError(
                description: "option --weights expects uniform, metropolis or given, found "
                    + "`\(text)`")
        }
        return rule
    }

    private static func selfLoops(_ parsed: Arguments) throws -> Topology.SelfLoopRule? {
        guard let text = parsed.options["self-loops"] else { return nil }
        switch text.lowercased() {
        case "on", "true", "yes", "implied": return .implied
        case "off", "false", "no", "explicit": return .explicit
        default:
            throw Arguments.UsageError(
                description: "option --self-loops expects on or off, found `\(text)`")
        }
    }

    /// Writes the edge-list `text` (which keeps the document's comments) or, for another
    /// format, `topology`, to `path` or, when nil, to standard output.
    private static func write(
        text: String, topology: Topology, to path: String?, format: String?
    ) throws {
        let chosen: GraphFormat
        if let format {
            chosen = try GraphFormat.named(format)
        } else if let path {
            chosen = try GraphFormat.detect(path: path)
        } else {
            chosen = .edges
        }
        for warning in topology.warnings {
            Console.warning(warning)
        }
        var bytes: [UInt8]
        if chosen == .edges {
            bytes = Array(text.utf8)
        } else {
            let exported = try TopologyExporter.export(topology, format: chosen)
            for note in exported.notes {
                Console.warning(note)
            }
            bytes = exported.bytes
        }
        guard let path else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        try TopologyExporter.writeFile(bytes, to: path)
    }

    /// Prints `error` and returns the exit status: 1 for failures to write or inside
    /// libigraph, 2 for invalid input.
    private static func fail(_ error: any Error) -> Int32 {
        Console.error("\(error)")
        switch error {
        case TopologyToolsError.cannotWrite, TopologyToolsError.igraph:
            return 1
        default:
            return 2
        }
    }
}
