import Foundation
import Reporting
import Runtime
import Scenario

/// `hearsay run SCENARIO`: one coordinator (this process) and one process per agent.
enum RunCommand {
    static let help = """
        usage: hearsay run SCENARIO [--output DIR] [--transport ipc|tcp] [--port N]
                                    [--startup-timeout SECONDS] [key=value …]

        Starts one `hearsay agent` process per agent of the topology and coordinates them over
        ZeroMQ; the run folder (default runs/<name>-<time>) holds the same files as
        `hearsay simulate`, and with the same scenario and seed beliefs.csv is identical.
        --transport picks ipc (default, abstract-namespace sockets) or tcp on 127.0.0.1;
        --port N fixes tcp ports: the coordinator on N and agent k on N + 1 + k.

        --startup-timeout (default 30 s plus 50 ms per agent) bounds the time for every agent
        to register and connect.

        Exit status: 0 completed, 1 failed (an agent was lost or failed), 2 invalid input,
        130 interrupted by SIGINT, 143 by SIGTERM.
        """

    static func run(_ arguments: [String]) -> Int32 {
        let parsed: Arguments
        switch Arguments.read(
            arguments, valued: ["output", "transport", "port", "startup-timeout"], flags: [],
            help: help, file: "scenario file")
        {
        case .proceed(let arguments): parsed = arguments
        case .exit(let status): return status
        }
        let scenario: Scenario
        do {
            scenario = try Scenario.load(path: parsed.positionals[0], overrides: parsed.overrides)
        } catch {
            Console.error("\(error)")
            return 2
        }
        let transport = parsed.options["transport"] ?? scenario.runtime.transport
        guard transport == "ipc" || transport == "tcp" else {
            Console.error("invalid --transport `\(transport)`; expected ipc or tcp")
            return 2
        }
        let port: Int?
        do {
            port = try parsed.integer("port")
        } catch {
            Console.error("\(error)")
            return 2
        }
        if port != nil && transport != "tcp" {
            Console.error("--port fixes tcp ports; add --transport tcp, or leave --port out")
            return 2
        }
        // Starting processes takes time: 30 s plus 50 ms per agent, unless
        // --startup-timeout is given.
        var timeout = 30 + 0.05 * Double(scenario.model.agentCount)
        if let text = parsed.options["startup-timeout"] {
            guard let value = Double(text), value > 0, value.isFinite else {
                Console.error(
                    "invalid --startup-timeout `\(text)`; expected a number of seconds > 0")
                return 2
            }
            timeout = value
        }
        if let port, port < 1 || port + scenario.model.agentCount >= 65536 {
            Console.error(
                "invalid --port \(port): ports \(port) to \(port + scenario.model.agentCount) "
                    + "must lie in 1…65535")
            return 2
        }
        for warning in scenario.topology.warnings + scenario.warnings
            + ValidateCommand.learningWarnings(scenario)
        {
            Console.warning(warning)
        }
        ShutdownSignal.install()
        // The coordinator holds a connection per agent: allow as many descriptors as permitted.
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0,
            limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        let run = RunID.random()
        let folder = parsed.options["output"] ?? RunRecorder.defaultFolder(for: scenario)
        let bind: String
        if transport == "tcp" {
            bind = port.map { "tcp://127.0.0.1:\($0)" } ?? "tcp://127.0.0.1:*"
        } else {
            bind = Endpoints.coordinatorIPC(run: run)
        }
        let children = ChildProcesses()
        let coordinator: Coordinator
        do {
            let recorder = try RunRecorder(scenario: scenario, folder: folder)
            coordinator = try Coordinator(
                scenario: scenario, recorder: recorder,
                options: CoordinatorOptions(
                    bind: bind, run: run, startupTimeout: timeout,
                    liveProgress: isatty(2) == 1),
                children: children)
            let executable = try FileManager.default.destinationOfSymbolicLink(
                atPath: "/proc/self/exe")
            let endpoint = coordinator.endpoint
            let parent = getpid()
            try children.spawn(executable: executable, count: scenario.model.agentCount) {
                index in
                var arguments = [
                    "agent", "--coordinator", endpoint, "--run-id", "\(run)", "--index",
                    "\(index)", "--parent-pid", "\(parent)", "--startup-timeout", "\(timeout)",
                ]
                if transport == "tcp" {
                    let agentPort = port.map { "\($0 + 1 + index)" } ?? "*"
                    arguments += ["--bind", "tcp://127.0.0.1:\(agentPort)"]
                }
                return arguments
            }
        } catch {
            Console.error("\(error)")
            children.waitAll(timeout: 2)
            return 1
        }
        let result = coordinator.run()
        print(
            RunReport.text(
                scenario: scenario, outcome: result.outcome,
                theory: result.outcome.theory ?? TheorySummary(scenario: scenario),
                folder: folder))
        if let failure = result.outcome.failure {
            Console.error("the run failed: \(failure)")
        }
        return result.exitStatus
    }
}
