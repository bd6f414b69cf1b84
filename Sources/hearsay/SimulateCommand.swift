import Reporting
import Scenario
import SocialLearning

#if canImport(Glibc)
    import Glibc
#endif

/// `hearsay simulate SCENARIO [--output DIR] [--threads N] [--export-observations] [key=value …]`.
enum SimulateCommand {
    /// The maximum value of `--threads`.
    static let maximumThreads = 256

    static let help = """
        usage: hearsay simulate SCENARIO [--output DIR] [--threads N] [--export-observations]
                                [key=value …]

        Runs the whole network in one process and writes the run folder (default
        runs/<name>-<time>): scenario.yaml, topology.edges, agents.csv, beliefs.csv and
        summary.json. key=value pairs override scenario keys, e.g. update.step_size=0.05.
        --export-observations also writes observations.csv and model.json for independent
        re-computation (scripts/numpy_engine.py): per round and agent, the observation (a
        value, or a 0-based symbol index), the topic it shared and the in-neighbour it heard
        (`speaker`), with agents as 0-based indices; agents.csv maps indices to ids.
        --threads N shares each round among N threads (default 1; at most one per agent and
        one per core online).
        The results are the same bits for every N; use it for one large network, not for
        many runs at once, which `hearsay batch --jobs` already spreads over the cores.

        Exit status: 0 completed, 1 failed during the run, 2 invalid input, 130 interrupted by
        SIGINT (Ctrl-C), 143 by SIGTERM; the rows of the completed rounds are kept.
        """

    static func run(_ arguments: [String]) -> Int32 {
        let parsed: Arguments
        switch Arguments.read(
            arguments, valued: ["output", "threads"], flags: ["export-observations"],
            help: help,
            file: "scenario file")
        {
        case .proceed(let arguments): parsed = arguments
        case .exit(let status): return status
        }
        var threads: Int
        do {
            threads = try parsed.integer("threads") ?? 1
        } catch {
            Console.error("\(error)")
            return 2
        }
        guard (1...maximumThreads).contains(threads) else {
            Console.error(
                "option --threads expects a number of threads from 1 to \(maximumThreads), "
                    + "found \(threads)")
            return 2
        }
        // A thread that waits for a core holds up every phase of every round.
        let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        if threads > cores {
            Console.warning(
                "--threads \(threads) is more than the \(cores) cores online; using \(cores)")
            threads = cores
        }
        let scenario: Scenario
        do {
            scenario = try Scenario.load(path: parsed.positionals[0], overrides: parsed.overrides)
        } catch {
            Console.error("\(error)")
            return 2
        }
        for warning in scenario.topology.warnings + scenario.warnings {
            Console.warning(warning)
        }
        for warning in ValidateCommand.learningWarnings(scenario) {
            Console.warning(warning)
        }
        let folder = parsed.options["output"] ?? RunRecorder.defaultFolder(for: scenario)
        var runner = InProcessRunner(scenario: scenario, folder: folder)
        runner.exportObservations = parsed.flags.contains("export-observations")
        runner.threads = threads
        let interrupts = InterruptFlag.install()
        runner.progress = { _, _ in !interrupts.isSet }
        runner.stopReason = { "interrupted by \(interrupts.signalName)" }
        do {
            let outcome = try runner.run()
            let theory = outcome.theory ?? TheorySummary(scenario: scenario)
            print(
                RunReport.text(
                    scenario: scenario, outcome: outcome, theory: theory, folder: folder))
            if let failure = outcome.failure {
                Console.error("the run failed: \(failure)")
                // 128 + the signal, as a shell reports a process that a signal stopped.
                if let signal = interrupts.signal {
                    return 128 + signal
                }
                return 1
            }
            return 0
        } catch {
            Console.error("\(error)")
            return 1
        }
    }
}
