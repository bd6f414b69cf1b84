import Foundation

/// Runs `body` on a new thread and returns its result.
///
/// ZeroMQ sockets must be created, used and closed on one thread, and their blocking calls
/// must not hold one of the few threads of Swift's cooperative pool, so every test that
/// drives sockets does it through here. `body` must not use `#expect`: it returns what it
/// observed and the test checks that.
func onDedicatedThread<Result: Sendable>(
    _ body: @escaping @Sendable () throws -> Result
) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Swift.Result { try body() })
        }
        thread.start()
    }
}
