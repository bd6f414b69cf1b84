import CZeroMQ

/// A failed libzmq call: the errno it set, the `zmq_strerror` text for that errno and the
/// operation that failed.
///
/// The wrappers retry calls that fail with `EINTR`, so callers never see that code. Use the
/// `is…` properties to match the codes that callers usually handle, or compare `code` with
/// the Glibc constants.
public struct ZeroMQError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The errno value set by libzmq, for example `EAGAIN` or the libzmq-specific `ETERM`.
    public let code: Int32

    /// The failed call and its main argument, for example `zmq_bind("ipc://@agents")`.
    public let operation: String

    /// The text that `zmq_strerror` returns for `code`.
    public let message: String

    /// Extra context added by this module, such as the invalid value, or nil.
    public let detail: String?

    /// Creates an error for `code` with the `zmq_strerror` text for that code.
    public init(code: Int32, operation: String) {
        self.init(code: code, operation: operation, detail: nil)
    }

    init(code: Int32, operation: String, detail: String?) {
        self.code = code
        self.operation = operation
        self.message = String(cString: zmq_strerror(code))
        self.detail = detail
    }

    /// Whether the call would have blocked (`EAGAIN`): no message was ready, the send
    /// queue was full, or a send or receive timeout expired.
    public var isWouldBlock: Bool { code == EAGAIN }

    /// Whether the context was shut down or terminated (`ETERM`).
    public var isTerminated: Bool { code == ETERM }

    /// Whether a ROUTER socket with `ZMQ_ROUTER_MANDATORY` had no peer with the given
    /// routing id (`EHOSTUNREACH`).
    public var isHostUnreachable: Bool { code == EHOSTUNREACH }

    /// Whether another socket is already bound to the endpoint (`EADDRINUSE`).
    public var isAddressInUse: Bool { code == EADDRINUSE }

    /// Whether the socket was used after `close()` (`ENOTSOCK`).
    public var isSocketClosed: Bool { code == ENOTSOCK }

    /// The symbolic name of `code`, such as `EADDRINUSE`, or nil for an unlisted code.
    public var codeName: String? {
        switch code {
        case EAGAIN: return "EAGAIN"
        case EINVAL: return "EINVAL"
        case ENOENT: return "ENOENT"
        case EADDRINUSE: return "EADDRINUSE"
        case EADDRNOTAVAIL: return "EADDRNOTAVAIL"
        case ENAMETOOLONG: return "ENAMETOOLONG"
        case EHOSTUNREACH: return "EHOSTUNREACH"
        case ECONNREFUSED: return "ECONNREFUSED"
        case ENODEV: return "ENODEV"
        case EMFILE: return "EMFILE"
        case ENOTSOCK: return "ENOTSOCK"
        case ENOTSUP: return "ENOTSUP"
        case EPROTONOSUPPORT: return "EPROTONOSUPPORT"
        case ETERM: return "ETERM"
        case EFSM: return "EFSM"
        case EMTHREAD: return "EMTHREAD"
        case ENOCOMPATPROTO: return "ENOCOMPATPROTO"
        default: return nil
        }
    }

    /// A one-line report: operation, `zmq_strerror` text, code, this module's detail and,
    /// for common codes, what to do next.
    public var description: String {
        var text = "\(operation) failed: \(message) (\(codeName ?? "errno") \(code))"
        if let detail {
            text += ". \(detail)"
        }
        if let hint {
            text += ". \(hint)"
        }
        return text
    }

    private var hint: String? {
        switch code {
        case EADDRINUSE:
            return "Another socket is already bound to this endpoint. Choose another address, "
                + "or bind tcp://127.0.0.1:* to get a free port"
        case ENAMETOOLONG:
            return "An ipc path can have at most 107 bytes on Linux. Use a shorter path "
                + "or an abstract name such as ipc://@name"
        case EPROTONOSUPPORT:
            return "The endpoint's transport is not supported. Use tcp://, ipc:// or inproc://"
        case EHOSTUNREACH:
            return "No connected peer has this routing id"
        case ETERM:
            return "The context was shut down or terminated, so close the socket"
        case EFSM:
            return "The socket type does not allow this call in its current state, "
                + "for example a second send on a REQ socket before a reply was received"
        case ENOTSOCK:
            return "The socket was closed"
        default:
            return nil
        }
    }
}
