import ZeroMQ

/// Errors of the distributed runtime; each description is the message a user reads.
public enum RuntimeError: Error, CustomStringConvertible {
    /// A socket could not be set up.
    case socket(ZeroMQError, what: String)
    /// An endpoint is already bound by another process.
    case addressInUse(endpoint: String)
    /// The agent's index is missing or out of range.
    case invalidIndex(String)
    /// Agent processes could not be started.
    case spawnFailed(String)
    /// The coordinator sent a configuration the agent cannot use.
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .socket(let error, let what):
            return "\(what) failed: \(error)"
        case .addressInUse(let endpoint):
            let port = Endpoints.port(of: endpoint).map { "port \($0)" } ?? "the address"
            return "\(port) is still in use (\(endpoint)); wait until the processes of the "
                + "previous run have exited, or choose another port"
        case .invalidIndex(let detail):
            return detail
        case .spawnFailed(let detail):
            return "cannot start agent processes: \(detail)"
        case .invalidConfiguration(let detail):
            return "invalid configuration from the coordinator: \(detail)"
        }
    }

    /// Wraps a bind failure, naming the endpoint when it is already in use.
    static func bind(_ error: ZeroMQError, endpoint: String, what: String) -> RuntimeError {
        error.isAddressInUse ? .addressInUse(endpoint: endpoint) : .socket(error, what: what)
    }
}
