import Reporting
import Runtime
import Scenario

/// `hearsay coordinator`: the coordinator alone, for agents started by hand or by a launcher.
enum CoordinatorCommand {
    static let help = """
        usage: hearsay coordinator SCENARIO --bind ENDPOINT [--run-id HEX] [--output DIR]
                                            [--startup-timeout SECONDS] [key=value …]

        Waits for the scenario's agents to register on ENDPOINT (e.g. tcp://127.0.0.1:5555),
        then coordinates the run and writes the run folder (--output, default
        runs/<name>-<time>). It prints the command that starts each agent. --run-id sets the
        32-hex-digit id that every agent must be given (default: a random one); frames with
        another id are rejected and logged.

        Exit status: 0 completed, 1 failed (an agent was lost or failed, or the agents did
        not all register within the start-up timeout), 2 invalid input, 130 interrupted by
        SIGINT, 143 by SIGTERM.
        """

    static func run(_ arguments: [String]) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(
                arguments, valued: ["bind", "run-id", "output", "startup-timeout"],
                flags: ["help"])
        } catch {
            Console.error("\(error)\n\(help)")
            return 2
        }
        if parsed.flags.contains("help") {
            print(help)
            return 0
        }
        guard parsed.positionals.count == 1, let bind = parsed.options["bind"] else {
            Console.error("expected a scenario file and --bind ENDPOINT\n\(help)")
            return 2
        }
        let scenario: Scenario
        do {
            scenario = try Scenario.load(path: parsed.positionals[0], overrides: parsed.overrides)
        } catch {
            Console.error("\(error)")
            return 2
        }
        var run = RunID.random()
        if let text = parsed.options["run-id"] {
            guard let given = RunID(hex: text) else {
                Console.error("invalid --run-id `\(text)`; expected 32 hexadecimal digits")
                return 2
            }
            run = given
        }
        ShutdownSignal.install()
        let folder = parsed.options["output"] ?? RunRecorder.defaultFolder(for: scenario)
        let timeout = Double(parsed.options["startup-timeout"] ?? "") ?? 600
        do {
            let recorder = try RunRecorder(scenario: scenario, folder: folder)
            let coordinator = try Coordinator(
                scenario: scenario, recorder: recorder,
                options: CoordinatorOptions(
                    bind: bind, run: run, startupTimeout: timeout, liveProgress: false))
            Console.writeError(
                "hearsay coordinator: start agent K (0 to \(scenario.model.agentCount - 1)) "
                    + "with: hearsay agent --coordinator \(coordinator.endpoint) --run-id \(run) "
                    + "--index K\n")
            let result = coordinator.run()
            print(
                RunReport.text(
                    scenario: scenario, outcome: result.outcome,
                    theory: result.outcome.theory ?? TheorySummary(scenario: scenario),
                    folder: folder))
            return result.exitStatus
        } catch {
            Console.error("\(error)")
            return 1
        }
    }
}
