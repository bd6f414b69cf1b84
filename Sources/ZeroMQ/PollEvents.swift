import CZeroMQ

/// Readiness conditions of a socket or file descriptor, used as the events to wait for and
/// as the events that occurred.
public struct PollEvents: OptionSet, Sendable, Hashable {
    /// The bits, equal to libzmq's `ZMQ_POLLIN`, `ZMQ_POLLOUT` and `ZMQ_POLLERR`.
    public let rawValue: Int16

    /// Creates a set from libzmq's poll bits.
    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    /// At least one message can be received, or the file descriptor has data to read.
    public static let readable = PollEvents(rawValue: Int16(ZMQ_POLLIN))

    /// At least one message can be sent, or the file descriptor can be written.
    public static let writable = PollEvents(rawValue: Int16(ZMQ_POLLOUT))

    /// The file descriptor has an error condition. libzmq never reports it for sockets.
    public static let error = PollEvents(rawValue: Int16(ZMQ_POLLERR))
}
