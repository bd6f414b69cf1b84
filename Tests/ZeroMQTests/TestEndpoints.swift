import Foundation
import ZeroMQ

/// Endpoints and socket pairs that the ZeroMQ tests share. Every endpoint is unique, so tests
/// can run in parallel with each other and with other checkouts on the same machine.
enum TestEndpoints {
    /// Returns a fresh endpoint in the Linux abstract socket namespace, which needs no file.
    static func abstractIPC(_ label: String) -> String {
        "ipc://@hearsay-test-\(label)-\(UUID().uuidString)"
    }

    /// Returns a fresh ipc file path under /tmp. The caller removes the file.
    static func ipcFilePath(_ label: String) -> String {
        "/tmp/hearsay-test-\(label)-\(UUID().uuidString).sock"
    }

    /// Maximum time that a test waits for a message that should arrive, so that a broken
    /// connection fails the test instead of hanging it.
    static let messageTimeout: Duration = .seconds(5)

    /// Opens a PULL socket bound to `endpoint` and a PUSH socket connected to the endpoint
    /// that the bind returned. Returns the two sockets and that endpoint.
    static func makePipeline(
        context: Context,
        endpoint: String
    ) throws -> (push: Socket, pull: Socket, boundEndpoint: String) {
        let pull = try Socket(context: context, type: .pull)
        try pull.setReceiveTimeout(messageTimeout)
        let boundEndpoint = try pull.bind(endpoint)
        let push = try Socket(context: context, type: .push)
        try push.setSendTimeout(messageTimeout)
        try push.connect(boundEndpoint)
        return (push, pull, boundEndpoint)
    }
}
