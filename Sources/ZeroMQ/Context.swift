import CZeroMQ
import Synchronization

/// A libzmq context: the I/O threads and the registry of sockets that share them.
///
/// Create one context per process and pass it to every `Socket`. Each socket keeps a strong
/// reference to its context, so the context lives until the last socket is gone. When the
/// context is deinitialized it calls `zmq_ctx_term`, which then waits up to the longest
/// linger of the closed sockets that still had messages queued. A socket whose linger was
/// set to nil (no limit) can make that wait endless.
///
/// Unlike sockets, a context may be shared between threads.
// `@unchecked Sendable` is safe because zmq(7) of libzmq 4.3 states that "a 0MQ context is
// thread safe and may be shared among as many application threads as necessary". The
// `state` mutex guards the handle and the terminated flag. It is also held across
// `zmq_ctx_term`, so no thread can create a socket on a freed context.
public final class Context: @unchecked Sendable {
    private struct State {
        var handle: UnsafeMutableRawPointer
        var isTerminated = false
    }

    private let state: Mutex<State>

    /// The version of the linked libzmq library, for example (4, 3, 4).
    public static var libraryVersion: (major: Int, minor: Int, patch: Int) {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return (Int(major), Int(minor), Int(patch))
    }

    /// Creates a context with `ioThreads` background I/O threads. libzmq's default is 1, and
    /// 0 is enough for a process that uses only inproc:// endpoints.
    ///
    /// Throws `EINVAL` when `ioThreads` is negative, and libzmq's error when it cannot
    /// create the context.
    public init(ioThreads: Int = 1) throws(ZeroMQError) {
        guard let threadCount = Int32(exactly: ioThreads), threadCount >= 0 else {
            throw ZeroMQError(
                code: EINVAL,
                operation: "zmq_ctx_set(ZMQ_IO_THREADS)",
                detail: "ioThreads must be between 0 and \(Int32.max), got \(ioThreads)"
            )
        }
        guard let handle = zmq_ctx_new() else {
            throw ZeroMQError(code: zmq_errno(), operation: "zmq_ctx_new")
        }
        do {
            try LibZMQ.call("zmq_ctx_set(ZMQ_IO_THREADS, \(threadCount))") {
                zmq_ctx_set(handle, ZMQ_IO_THREADS, threadCount)
            }
        } catch {
            _ = LibZMQ.retryingOnInterrupt { zmq_ctx_term(handle) }
            throw error
        }
        state = Mutex(State(handle: handle))
    }

    deinit {
        // Every socket holds a strong reference to this context, so all of them are closed
        // by now and zmq_ctx_term cannot wait for an open socket.
        terminate()
    }

    /// Whether `terminate()` has finished.
    public var isTerminated: Bool {
        state.withLock { $0.isTerminated }
    }

    /// Makes every blocking call on this context's sockets, current and future, fail with
    /// `ETERM`, and makes new sockets fail to open. Returns without waiting for sockets to
    /// close, except that it waits for a `terminate()` call in progress to finish.
    ///
    /// Use it to stop threads that wait in `receive` or `poll`. Those threads should then
    /// close their sockets. Does nothing after `terminate()`.
    public func shutdown() {
        state.withLock { state in
            if !state.isTerminated {
                _ = zmq_ctx_shutdown(state.handle)
            }
        }
    }

    /// Terminates the context and frees its resources. Calling it again does nothing.
    ///
    /// Blocking calls on open sockets fail with `ETERM`. This call blocks until every socket
    /// of the context is closed, then until each socket's queued messages are sent or its
    /// linger expires. So do not call it from a thread that still owns an open socket.
    /// Other threads that open a socket or call `shutdown()` meanwhile wait for it.
    public func terminate() {
        state.withLock { state in
            if state.isTerminated {
                return
            }
            // zmq_ctx_term(3) lists EFAULT for an invalid context, which the flag rules out,
            // and EINTR, which is retried.
            _ = LibZMQ.retryingOnInterrupt { zmq_ctx_term(state.handle) }
            state.isTerminated = true
        }
    }

    /// Opens a libzmq socket on this context. Throws `ETERM` after `terminate()` or
    /// `shutdown()`.
    func openSocketHandle(type: SocketType) throws(ZeroMQError) -> UnsafeMutableRawPointer {
        let outcome: Result<UnsafeMutableRawPointer, ZeroMQError> = state.withLock { state in
            let operation = "zmq_socket(\(type))"
            if state.isTerminated {
                return .failure(ZeroMQError(code: ETERM, operation: operation))
            }
            guard let handle = zmq_socket(state.handle, type.libzmqValue) else {
                return .failure(ZeroMQError(code: zmq_errno(), operation: operation))
            }
            return .success(handle)
        }
        return try outcome.get()
    }
}
