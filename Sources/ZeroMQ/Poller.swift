import CZeroMQ

/// Waits until one of several sockets or file descriptors is ready (`zmq_poll`).
///
/// Register each socket or file descriptor once, then call `poll(timeout:)` as often as
/// needed. The poller keeps its sockets alive, and like them it belongs to one thread.
///
/// ```swift
/// var poller = Poller()
/// let commands = poller.register(commandSocket, for: .readable)
/// let updates = poller.register(updateSocket, for: .readable)
/// let ready = try poller.poll(timeout: .milliseconds(100))
/// if ready[commands].contains(.readable) { ... }
/// ```
public struct Poller {
    private enum Source {
        case socket(Socket)
        case fileDescriptor(Int32)
    }

    private var sources: [Source] = []
    private var requestedEvents: [PollEvents] = []

    /// Creates a poller with nothing registered.
    public init() {}

    /// The number of registered sockets and file descriptors.
    public var count: Int { sources.count }

    /// Adds `socket` and returns its index in the array that `poll(timeout:)` returns.
    @discardableResult
    public mutating func register(_ socket: Socket, for events: PollEvents) -> Int {
        sources.append(.socket(socket))
        requestedEvents.append(events)
        return sources.count - 1
    }

    /// Adds a file descriptor, such as a pipe or a plain socket that the caller owns, and
    /// returns its index in the array that `poll(timeout:)` returns. The poller does not
    /// close it.
    @discardableResult
    public mutating func register(fileDescriptor: Int32, for events: PollEvents) -> Int {
        sources.append(.fileDescriptor(fileDescriptor))
        requestedEvents.append(events)
        return sources.count - 1
    }

    /// Waits until at least one registered item is ready or `timeout` expires.
    ///
    /// - Parameter timeout: the maximum wait. Zero checks without waiting, and nil waits
    ///   without limit. A wait interrupted by a signal resumes with the remaining time.
    /// - Returns: one entry per registered item, in registration order, with the events
    ///   that occurred. Each entry is empty when `timeout` expired first.
    /// - Throws: `ENOTSOCK` when a registered socket was closed, `ETERM` when a socket's
    ///   context was shut down, `EINVAL` for a negative timeout.
    public func poll(timeout: Duration?) throws(ZeroMQError) -> [PollEvents] {
        let operation = "zmq_poll(\(sources.count) items)"
        var items: [zmq_pollitem_t] = []
        items.reserveCapacity(sources.count)
        for (source, events) in zip(sources, requestedEvents) {
            var item = zmq_pollitem_t()
            item.events = events.rawValue
            switch source {
            case .socket(let socket):
                item.socket = try socket.openHandle(for: operation)
            case .fileDescriptor(let fileDescriptor):
                item.fd = fileDescriptor
            }
            items.append(item)
        }

        try waitForEvents(&items, timeout: timeout, operation: operation)
        return items.map { PollEvents(rawValue: $0.revents) }
    }

    /// Calls `zmq_poll` on `items`, and calls it again with the remaining time after
    /// `EINTR`.
    private func waitForEvents(
        _ items: inout [zmq_pollitem_t],
        timeout: Duration?,
        operation: String
    ) throws(ZeroMQError) {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        var milliseconds = try LibZMQ.milliseconds(from: timeout, operation: operation)
        let itemCount = Int32(items.count)
        while true {
            let waitMilliseconds = milliseconds
            let result = items.withUnsafeMutableBufferPointer { buffer in
                zmq_poll(buffer.baseAddress, itemCount, Int(waitMilliseconds))
            }
            if result >= 0 {
                return
            }
            let errorCode = zmq_errno()
            guard errorCode == EINTR else {
                throw ZeroMQError(code: errorCode, operation: operation)
            }
            if let deadline {
                let remaining = max(deadline - clock.now, .zero)
                milliseconds = try LibZMQ.milliseconds(from: remaining, operation: operation)
            }
        }
    }
}
