import Runtime

/// `hearsay agent`: one agent process of a distributed run.
enum AgentCommand {
    static let help = """
        usage: hearsay agent --coordinator ENDPOINT --run-id HEX [--index K] [--bind ENDPOINT]
                             [--startup-timeout SECONDS]

        Runs one agent. `hearsay run` starts these itself; start them by hand or from a
        cluster launcher to spread a run over several hosts. The index comes from --index or
        from SLURM_PROCID, OMPI_COMM_WORLD_RANK or PMI_RANK (0-based). --bind sets where the
        agent receives shares (default: ipc on one machine, tcp://HOST:* when the coordinator
        is on tcp://HOST:PORT). --startup-timeout (default 120) is how long the agent waits
        for the run to start before it gives up on the coordinator.

        Exit status: 0 the run completed, 1 the run failed or the coordinator was lost,
        2 invalid options or refused by the coordinator (wrong run id, index out of range or
        already taken), 130 or 143 interrupted (SIGINT, SIGTERM).
        """

    static func run(_ arguments: [String]) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(
                arguments,
                valued: [
                    "coordinator", "run-id", "index", "bind", "parent-pid", "startup-timeout",
                ],
                flags: ["help"])
        } catch {
            Console.error("\(error)\n\(help)")
            return 2
        }
        if parsed.flags.contains("help") {
            print(help)
            return 0
        }
        guard let coordinator = parsed.options["coordinator"] else {
            Console.error("missing --coordinator ENDPOINT\n\(help)")
            return 2
        }
        guard let runText = parsed.options["run-id"], let run = RunID(hex: runText) else {
            Console.error("missing or invalid --run-id (32 hexadecimal digits)\n\(help)")
            return 2
        }
        ShutdownSignal.install()
        do {
            let index = try AgentOptions.resolveIndex(option: parsed.options["index"])
            let parent = parsed.options["parent-pid"].flatMap { Int32($0) }
            let startupText = parsed.options["startup-timeout"] ?? "120"
            guard let startup = Double(startupText), startup > 0 else {
                Console.error(
                    "invalid --startup-timeout `\(startupText)`; expected a number of seconds > 0")
                return 2
            }
            let options = AgentOptions(
                coordinator: coordinator, run: run, index: index, bind: parsed.options["bind"],
                parentProcess: parent, startupTimeout: startup)
            let agent = try AgentProcess(options: options)
            return agent.run()
        } catch {
            Console.error("\(error)")
            return 2
        }
    }
}
