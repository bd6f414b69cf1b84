/// Endpoint names of a run.
///
/// On one machine the default transport is ipc in Linux's abstract namespace
/// (`ipc://@name`), which leaves no socket file behind and makes a second bind to the same
/// name fail instead of stealing traffic. With tcp, sockets bind to a given host and port
/// (port `*` for any free port) and report the real endpoint.
public enum Endpoints {
    /// The coordinator's control endpoint for an ipc run.
    public static func coordinatorIPC(run: RunID) -> String {
        "ipc://@hearsay-\(run.short)-coordinator"
    }

    /// Agent `index`'s data endpoint for an ipc run.
    public static func agentIPC(run: RunID, index: Int) -> String {
        "ipc://@hearsay-\(run.short)-agent-\(index)"
    }

    /// Returns the tcp port of an endpoint such as `tcp://127.0.0.1:5555`, if any.
    public static func port(of endpoint: String) -> String? {
        guard endpoint.hasPrefix("tcp://"), let colon = endpoint.lastIndex(of: ":") else {
            return nil
        }
        return String(endpoint[endpoint.index(after: colon)...])
    }

    /// Returns the host part of a tcp endpoint.
    public static func host(of endpoint: String) -> String? {
        guard endpoint.hasPrefix("tcp://"), let colon = endpoint.lastIndex(of: ":") else {
            return nil
        }
        return String(endpoint[endpoint.index(endpoint.startIndex, offsetBy: 6)..<colon])
    }
}
