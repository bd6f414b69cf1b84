import Foundation

/// How an agent process finds its coordinator and its own place in the run.
public struct AgentOptions: Sendable {
    /// The coordinator's control endpoint.
    public var coordinator: String
    public var run: RunID
    /// The agent's 0-based index.
    public var index: Int
    /// Where the agent binds its data socket; nil picks ipc or tcp like the coordinator.
    public var bind: String?
    /// The process id of the launcher, when the agent is its child: the agent asks the kernel
    /// for SIGTERM when that parent dies.
    public var parentProcess: Int32?
    /// Seconds the agent waits for the run to start. Until then the coordinator may be
    /// silent for longer than a heartbeat timeout: it is still registering the other agents
    /// (starting 1000 processes on two cores takes tens of seconds).
    public var startupTimeout: Double

    public init(
        coordinator: String, run: RunID, index: Int, bind: String? = nil,
        parentProcess: Int32? = nil, startupTimeout: Double = 120
    ) {
        self.startupTimeout = startupTimeout
        self.coordinator = coordinator
        self.run = run
        self.index = index
        self.bind = bind
        self.parentProcess = parentProcess
    }

    /// Environment variables in which cluster launchers put a process's rank (0-based).
    public static let rankVariables = ["SLURM_PROCID", "OMPI_COMM_WORLD_RANK", "PMI_RANK"]

    /// Returns the index given on the command line, or the first launcher rank variable set.
    public static func resolveIndex(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Int {
        if let option {
            guard let index = Int(option), index >= 0 else {
                throw RuntimeError.invalidIndex(
                    "invalid agent index `\(option)`; expected a whole number ≥ 0")
            }
            return index
        }
        for name in rankVariables {
            if let value = environment[name] {
                guard let index = Int(value), index >= 0 else {
                    throw RuntimeError.invalidIndex(
                        "invalid rank `\(value)` in \(name); expected a whole number ≥ 0")
                }
                return index
            }
        }
        throw RuntimeError.invalidIndex(
            "missing agent index: give --index K or set one of "
                + rankVariables.joined(separator: ", "))
    }

    /// The data endpoint to bind when none was given.
    var defaultBind: String {
        if let host = Endpoints.host(of: coordinator) {
            return "tcp://\(host):*"
        }
        return Endpoints.agentIPC(run: run, index: index)
    }
}
