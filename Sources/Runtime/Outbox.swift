import ZeroMQ

/// The PUSH sockets to an agent's out-neighbours, with a queue per neighbour.
///
/// Sockets are set to ZMQ_IMMEDIATE, so libzmq queues a message only on a completed
/// connection; anything it cannot take yet (no connection, or the high-water mark reached)
/// waits here and is sent from the poll loop. Nothing is dropped, and at shutdown the queue
/// says exactly how many messages never left and for whom.
final class Outbox {
    private(set) var sockets: [Int: Socket] = [:]
    private var queues: [Int: [[UInt8]]] = [:]
    private(set) var sentCount = 0

    /// Connects one PUSH socket per neighbour.
    init(context: Context, endpoints: [Int: String], linger: Duration) throws {
        for (neighbour, endpoint) in endpoints {
            do {
                let socket = try Socket(context: context, type: .push, linger: linger)
                try socket.setImmediate(true)
                try socket.setSendHighWaterMark(100_000)
                try socket.connect(endpoint)
                sockets[neighbour] = socket
                queues[neighbour] = []
            } catch {
                throw RuntimeError.socket(error, what: "connecting to agent \(neighbour)")
            }
        }
    }

    /// Queues `frame` for `neighbour` and tries to send what is queued.
    func send(_ frame: [UInt8], to neighbour: Int) throws {
        queues[neighbour, default: []].append(frame)
        try flush(neighbour)
    }

    /// Sends queued frames of every neighbour until libzmq would block.
    func flushAll() throws {
        for neighbour in queues.keys where !(queues[neighbour]?.isEmpty ?? true) {
            try flush(neighbour)
        }
    }

    private func flush(_ neighbour: Int) throws {
        guard let socket = sockets[neighbour], var queue = queues[neighbour], !queue.isEmpty
        else { return }
        var sent = 0
        do {
            while sent < queue.count, try socket.send(queue[sent], dontWait: true) {
                sent += 1
            }
        } catch {
            throw RuntimeError.socket(error, what: "sending to agent \(neighbour)")
        }
        sentCount += sent
        queue.removeFirst(sent)
        queues[neighbour] = queue
    }

    /// True when some frame is still queued.
    var hasPending: Bool { queues.values.contains { !$0.isEmpty } }

    /// Neighbours with queued frames and how many, in neighbour order.
    var pending: [(neighbour: Int, count: Int)] {
        queues.filter { !$0.value.isEmpty }.map { ($0.key, $0.value.count) }
            .sorted { $0.neighbour < $1.neighbour }
    }

    /// Closes every socket; libzmq keeps sending what it holds until the linger expires.
    func close() {
        for socket in sockets.values {
            socket.close()
        }
    }
}
