import CZeroMQ

/// The messaging pattern of a socket, as described in zmq_socket(3).
public enum SocketType: Sendable, CaseIterable, CustomStringConvertible {
    /// One-to-one, bidirectional (ZMQ_PAIR).
    case pair
    /// Publisher that sends to all subscribers and drops messages at the high-water mark
    /// (ZMQ_PUB).
    case pub
    /// Subscriber that receives messages whose first frame starts with a subscribed prefix
    /// (ZMQ_SUB).
    case sub
    /// Client that alternates send and receive (ZMQ_REQ).
    case req
    /// Server that alternates receive and send (ZMQ_REP).
    case rep
    /// Asynchronous client that load-balances outgoing messages (ZMQ_DEALER).
    case dealer
    /// Asynchronous server that prefixes each received message with the sender's routing id
    /// and routes each sent message by its first frame (ZMQ_ROUTER).
    case router
    /// Receiving end of a pipeline (ZMQ_PULL).
    case pull
    /// Sending end of a pipeline that load-balances and blocks at the high-water mark
    /// (ZMQ_PUSH).
    case push

    /// The libzmq name without the prefix, for example `ROUTER`.
    public var description: String {
        switch self {
        case .pair: return "PAIR"
        case .pub: return "PUB"
        case .sub: return "SUB"
        case .req: return "REQ"
        case .rep: return "REP"
        case .dealer: return "DEALER"
        case .router: return "ROUTER"
        case .pull: return "PULL"
        case .push: return "PUSH"
        }
    }

    var libzmqValue: Int32 {
        switch self {
        case .pair: return ZMQ_PAIR
        case .pub: return ZMQ_PUB
        case .sub: return ZMQ_SUB
        case .req: return ZMQ_REQ
        case .rep: return ZMQ_REP
        case .dealer: return ZMQ_DEALER
        case .router: return ZMQ_ROUTER
        case .pull: return ZMQ_PULL
        case .push: return ZMQ_PUSH
        }
    }
}
