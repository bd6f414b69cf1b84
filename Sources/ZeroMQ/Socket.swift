import CZeroMQ

/// A libzmq socket that sends and receives whole multipart messages.
///
/// A socket belongs to one thread: create it on the thread that uses it, and do not share
/// it, because libzmq sockets are not thread safe. Calls block the calling thread (unless
/// `dontWait` is set or a timeout expires), so run them on a dedicated thread rather than
/// in a Swift concurrency task, where they would hold a thread of the cooperative pool.
///
/// Every socket opens with a bounded linger (`Socket.defaultLinger`), so that terminating
/// the context cannot hang on a message that no peer will ever take. `close()` may be called
/// more than once, and `deinit` calls it.
public final class Socket {
    /// Default linger of new sockets: 200 ms. libzmq's own default, -1, would make
    /// `zmq_ctx_term` wait forever for a message that cannot be delivered.
    public static let defaultLinger: Duration = .milliseconds(200)

    /// The messaging pattern of this socket.
    public let type: SocketType

    /// The context that this socket belongs to. The socket keeps it alive.
    public let context: Context

    /// The libzmq socket, or nil after `close()`.
    private var handle: UnsafeMutableRawPointer?

    /// Opens a socket of `type` on `context` and sets its linger.
    ///
    /// - Parameter linger: how long queued outgoing messages are kept after `close()`, or
    ///   nil to keep them until they are sent. See `setLinger(_:)`.
    /// - Throws: `ETERM` when the context was shut down or terminated, `EMFILE` when the
    ///   context's socket limit is reached, `EINVAL` for a negative linger.
    public init(
        context: Context,
        type: SocketType,
        linger: Duration? = Socket.defaultLinger
    ) throws(ZeroMQError) {
        self.context = context
        self.type = type
        self.handle = try context.openSocketHandle(type: type)
        do {
            try setLinger(linger)
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Whether `close()` was called.
    public var isClosed: Bool { handle == nil }

    /// Closes the socket. Calling it again does nothing.
    ///
    /// `zmq_close` returns at once. Queued outgoing messages stay in the context until they
    /// are sent or the linger expires, and `Context.terminate()` waits for that.
    public func close() {
        guard let handle else {
            return
        }
        self.handle = nil
        // zmq_close(3) lists one error, ENOTSOCK for a NULL socket, which the guard rules out.
        _ = zmq_close(handle)
    }

    /// Returns the libzmq socket for `operation`, or throws `ENOTSOCK` after `close()`.
    func openHandle(for operation: @autoclosure () -> String)
        throws(ZeroMQError) -> UnsafeMutableRawPointer
    {
        guard let handle else {
            throw ZeroMQError(code: ENOTSOCK, operation: operation())
        }
        return handle
    }

    // MARK: - Endpoints

    /// Binds the socket to `endpoint` and returns the endpoint that was bound.
    ///
    /// The returned endpoint differs from the argument for a wildcard port: binding
    /// `tcp://127.0.0.1:*` returns, for example, `tcp://127.0.0.1:41237`. Use it with
    /// `connect(_:)` on the peer and with `unbind(_:)`.
    ///
    /// - Throws: `EADDRINUSE` when another socket is bound to the endpoint, `ENAMETOOLONG`
    ///   for an ipc path of 108 bytes or more, `EPROTONOSUPPORT` for an unknown transport,
    ///   `EINVAL` for a malformed endpoint.
    @discardableResult
    public func bind(_ endpoint: String) throws(ZeroMQError) -> String {
        let operation = "zmq_bind(\"\(endpoint)\")"
        let handle = try openHandle(for: operation)
        try LibZMQ.call(operation) { zmq_bind(handle, endpoint) }
        return try lastEndpoint() ?? endpoint
    }

    /// Connects the socket to `endpoint`. libzmq connects in the background and reconnects
    /// after failures, so this succeeds even when no peer is bound yet.
    ///
    /// - Throws: `EINVAL` for a malformed endpoint, `EPROTONOSUPPORT` for an unknown
    ///   transport.
    public func connect(_ endpoint: String) throws(ZeroMQError) {
        let operation = "zmq_connect(\"\(endpoint)\")"
        let handle = try openHandle(for: operation)
        try LibZMQ.call(operation) { zmq_connect(handle, endpoint) }
    }

    /// Stops listening on `endpoint`, which must be the endpoint that `bind(_:)` returned.
    ///
    /// - Throws: `ENOENT` when the socket is not bound to `endpoint`.
    public func unbind(_ endpoint: String) throws(ZeroMQError) {
        let operation = "zmq_unbind(\"\(endpoint)\")"
        let handle = try openHandle(for: operation)
        try LibZMQ.call(operation) { zmq_unbind(handle, endpoint) }
    }

    /// Disconnects the socket from `endpoint`, which must match an earlier `connect(_:)`.
    ///
    /// - Throws: `ENOENT` when the socket is not connected to `endpoint`.
    public func disconnect(_ endpoint: String) throws(ZeroMQError) {
        let operation = "zmq_disconnect(\"\(endpoint)\")"
        let handle = try openHandle(for: operation)
        try LibZMQ.call(operation) { zmq_disconnect(handle, endpoint) }
    }

    /// Returns the endpoint of the last successful `bind(_:)` or `connect(_:)`, with
    /// wildcard ports resolved (`ZMQ_LAST_ENDPOINT`), or nil when there was none.
    public func lastEndpoint() throws(ZeroMQError) -> String? {
        let bytes = try bytesOption(ZMQ_LAST_ENDPOINT, name: "ZMQ_LAST_ENDPOINT", capacity: 1024)
        // libzmq includes the terminating NUL in the returned length.
        let text = bytes.prefix { $0 != 0 }
        if text.isEmpty {
            return nil
        }
        return String(decoding: text, as: UTF8.self)
    }

    // MARK: - Messages

    /// Sends `frames` as one multipart message.
    ///
    /// libzmq delivers a multipart message atomically: the peer receives all frames or none.
    /// Once the first frame is queued, the remaining frames are accepted without waiting.
    ///
    /// - Parameters:
    ///   - frames: the frames of the message. It needs at least one frame, which may be
    ///     empty. A ROUTER socket sends to the peer whose routing id is the first frame.
    ///   - dontWait: whether to return at once instead of waiting when the message cannot
    ///     be queued, for example because a PUSH or DEALER socket is at its high-water mark
    ///     or has no peer.
    /// - Returns: true when the message was queued. False when nothing was sent because
    ///   the call would block (`dontWait`) or the send timeout expired.
    /// - Throws: `EINVAL` for an empty `frames` array, `EHOSTUNREACH` from a ROUTER socket
    ///   with `setRouterMandatory(true)` for an unknown routing id, `EFSM` when the socket
    ///   type does not allow sending now, `ETERM` after the context was shut down.
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws(ZeroMQError) -> Bool {
        let operation = "zmq_send(\(type))"
        guard !frames.isEmpty else {
            throw ZeroMQError(
                code: EINVAL,
                operation: operation,
                detail: "A message needs at least one frame, got an empty array"
            )
        }
        let handle = try openHandle(for: operation)
        let lastIndex = frames.count - 1
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = index < lastIndex ? ZMQ_SNDMORE : 0
            if dontWait {
                flags |= ZMQ_DONTWAIT
            }
            let outcome = frame.withUnsafeBytes { buffer in
                LibZMQ.retryingOnInterrupt {
                    zmq_send(handle, buffer.baseAddress, buffer.count, flags)
                }
            }
            if outcome.errorCode == 0 {
                continue
            }
            if outcome.errorCode == EAGAIN && index == 0 {
                return false
            }
            var detail: String?
            if index > 0 {
                detail =
                    "Frame \(index + 1) of \(frames.count) failed after the earlier "
                    + "frames were queued"
            }
            throw ZeroMQError(code: outcome.errorCode, operation: operation, detail: detail)
        }
        return true
    }

    /// Sends a message of one frame. See `send(_:dontWait:)` for the result and errors.
    public func send(_ frame: [UInt8], dontWait: Bool = false) throws(ZeroMQError) -> Bool {
        try send([frame], dontWait: dontWait)
    }

    /// Receives one whole multipart message, every frame at its full size.
    ///
    /// - Parameter dontWait: whether to return nil at once when no message is queued,
    ///   instead of waiting up to the receive timeout.
    /// - Returns: the frames of the message, or nil when no message arrived before the
    ///   receive timeout expired or, with `dontWait`, when none was queued. A ROUTER socket
    ///   puts the sender's routing id first.
    /// - Throws: `EFSM` when the socket type does not allow receiving now, `ETERM` after
    ///   the context was shut down.
    public func receive(dontWait: Bool = false) throws(ZeroMQError) -> [[UInt8]]? {
        let operation = "zmq_msg_recv(\(type))"
        let handle = try openHandle(for: operation)
        let flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
        let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
        defer { message.deallocate() }

        var frames: [[UInt8]] = []
        while true {
            // zmq_msg_init(3) defines no errors. The defer closes each initialized message
            // exactly once, on every path out of this iteration.
            zmq_msg_init(message)
            defer { zmq_msg_close(message) }

            let outcome = LibZMQ.retryingOnInterrupt { zmq_msg_recv(message, handle, flags) }
            if outcome.errorCode == EAGAIN && frames.isEmpty {
                return nil
            }
            if outcome.errorCode != 0 {
                var detail: String?
                if !frames.isEmpty {
                    detail = "The message ended after \(frames.count) frames"
                }
                throw ZeroMQError(code: outcome.errorCode, operation: operation, detail: detail)
            }
            let buffer = UnsafeRawBufferPointer(
                start: zmq_msg_data(message),
                count: zmq_msg_size(message)
            )
            frames.append([UInt8](buffer))
            if zmq_msg_more(message) == 0 {
                return frames
            }
        }
    }

    /// Returns whether the last received frame has more frames after it (`ZMQ_RCVMORE`).
    ///
    /// `receive(dontWait:)` always reads whole messages, so this is false after it returns.
    public func hasMoreFrames() throws(ZeroMQError) -> Bool {
        try intOption(ZMQ_RCVMORE, name: "ZMQ_RCVMORE") != 0
    }

    /// Returns whether a message can be received or sent now without blocking
    /// (`ZMQ_EVENTS`).
    public func pendingEvents() throws(ZeroMQError) -> PollEvents {
        let events = try intOption(ZMQ_EVENTS, name: "ZMQ_EVENTS")
        return PollEvents(rawValue: Int16(truncatingIfNeeded: events))
            .intersection([.readable, .writable])
    }
}

// libzmq sockets are not thread safe, so the compiler rejects passing a Socket to another
// thread or task. Create each socket on the thread that uses it.
@available(*, unavailable)
extension Socket: Sendable {}
