import CZeroMQ

/// Socket options (zmq_setsockopt(3) and zmq_getsockopt(3)) as typed methods.
///
/// Durations are sent to libzmq in whole milliseconds, rounded up. A nil duration means
/// "no limit" wherever a method accepts one.
extension Socket {
    // MARK: - Linger and timeouts

    /// Sets how long queued outgoing messages are kept after `close()` (`ZMQ_LINGER`).
    /// `Context.terminate()` waits up to this long for them. Zero drops them at once, and
    /// nil keeps them until they are sent, which can block termination forever.
    public func setLinger(_ linger: Duration?) throws(ZeroMQError) {
        try setDurationOption(ZMQ_LINGER, linger, name: "ZMQ_LINGER")
    }

    /// Returns the linger (`ZMQ_LINGER`), or nil when it has no limit.
    public func linger() throws(ZeroMQError) -> Duration? {
        try durationOption(ZMQ_LINGER, name: "ZMQ_LINGER")
    }

    /// Sets how long a blocking `send` waits before it returns false (`ZMQ_SNDTIMEO`).
    /// Nil, the default, waits without limit.
    public func setSendTimeout(_ timeout: Duration?) throws(ZeroMQError) {
        try setDurationOption(ZMQ_SNDTIMEO, timeout, name: "ZMQ_SNDTIMEO")
    }

    /// Returns the send timeout (`ZMQ_SNDTIMEO`), or nil when it has no limit.
    public func sendTimeout() throws(ZeroMQError) -> Duration? {
        try durationOption(ZMQ_SNDTIMEO, name: "ZMQ_SNDTIMEO")
    }

    /// Sets how long a blocking `receive` waits before it returns nil (`ZMQ_RCVTIMEO`).
    /// Nil, the default, waits without limit.
    public func setReceiveTimeout(_ timeout: Duration?) throws(ZeroMQError) {
        try setDurationOption(ZMQ_RCVTIMEO, timeout, name: "ZMQ_RCVTIMEO")
    }

    /// Returns the receive timeout (`ZMQ_RCVTIMEO`), or nil when it has no limit.
    public func receiveTimeout() throws(ZeroMQError) -> Duration? {
        try durationOption(ZMQ_RCVTIMEO, name: "ZMQ_RCVTIMEO")
    }

    // MARK: - High-water marks

    /// Sets the maximum number of outgoing messages queued per peer (`ZMQ_SNDHWM`, libzmq
    /// default 1000, 0 for no limit). At the limit PUB drops messages, while PUSH, DEALER
    /// and REQ block or return false. libzmq treats the limit as approximate.
    public func setSendHighWaterMark(_ messages: Int) throws(ZeroMQError) {
        try setCountOption(ZMQ_SNDHWM, messages, name: "ZMQ_SNDHWM")
    }

    /// Returns the maximum number of outgoing messages queued per peer (`ZMQ_SNDHWM`).
    public func sendHighWaterMark() throws(ZeroMQError) -> Int {
        Int(try intOption(ZMQ_SNDHWM, name: "ZMQ_SNDHWM"))
    }

    /// Sets the maximum number of incoming messages queued per peer (`ZMQ_RCVHWM`, libzmq
    /// default 1000, 0 for no limit).
    public func setReceiveHighWaterMark(_ messages: Int) throws(ZeroMQError) {
        try setCountOption(ZMQ_RCVHWM, messages, name: "ZMQ_RCVHWM")
    }

    /// Returns the maximum number of incoming messages queued per peer (`ZMQ_RCVHWM`).
    public func receiveHighWaterMark() throws(ZeroMQError) -> Int {
        Int(try intOption(ZMQ_RCVHWM, name: "ZMQ_RCVHWM"))
    }

    // MARK: - Routing

    /// Sets the routing id that identifies this socket to a ROUTER peer (`ZMQ_ROUTING_ID`).
    /// Set it before `connect`. libzmq requires 1 to 255 bytes and reserves ids that start
    /// with a zero byte for the ids it generates.
    public func setRoutingID(_ routingID: [UInt8]) throws(ZeroMQError) {
        guard (1...255).contains(routingID.count) else {
            throw ZeroMQError(
                code: EINVAL,
                operation: "zmq_setsockopt(ZMQ_ROUTING_ID)",
                detail: "A routing id needs 1 to 255 bytes, got \(routingID.count)"
            )
        }
        try setBytesOption(ZMQ_ROUTING_ID, routingID, name: "ZMQ_ROUTING_ID")
    }

    /// Returns the routing id set with `setRoutingID(_:)`, or an empty array when none was
    /// set (`ZMQ_ROUTING_ID`).
    public func routingID() throws(ZeroMQError) -> [UInt8] {
        try bytesOption(ZMQ_ROUTING_ID, name: "ZMQ_ROUTING_ID", capacity: 255)
    }

    /// Sets whether a ROUTER socket reports messages it cannot route instead of dropping
    /// them (`ZMQ_ROUTER_MANDATORY`). When enabled, `send` throws `EHOSTUNREACH` for an
    /// unknown routing id. libzmq 4.3 cannot read this option back, so there is no getter.
    public func setRouterMandatory(_ enabled: Bool) throws(ZeroMQError) {
        try setIntOption(ZMQ_ROUTER_MANDATORY, enabled ? 1 : 0, name: "ZMQ_ROUTER_MANDATORY")
    }

    /// Sets whether messages are queued only for completed connections (`ZMQ_IMMEDIATE`).
    /// When enabled, a PUSH or DEALER socket whose peers are all unreachable blocks or
    /// returns false instead of queueing for a peer that may never come.
    public func setImmediate(_ enabled: Bool) throws(ZeroMQError) {
        try setIntOption(ZMQ_IMMEDIATE, enabled ? 1 : 0, name: "ZMQ_IMMEDIATE")
    }

    /// Returns whether messages are queued only for completed connections
    /// (`ZMQ_IMMEDIATE`).
    public func isImmediate() throws(ZeroMQError) -> Bool {
        try intOption(ZMQ_IMMEDIATE, name: "ZMQ_IMMEDIATE") != 0
    }

    // MARK: - Subscriptions

    /// Makes a SUB socket receive messages whose first frame starts with `prefix`
    /// (`ZMQ_SUBSCRIBE`). An empty prefix matches every message.
    public func subscribe(_ prefix: [UInt8] = []) throws(ZeroMQError) {
        try setBytesOption(ZMQ_SUBSCRIBE, prefix, name: "ZMQ_SUBSCRIBE")
    }

    /// Subscribes to the UTF-8 bytes of `prefix`. See `subscribe(_:)`.
    public func subscribe(_ prefix: String) throws(ZeroMQError) {
        try subscribe(Array(prefix.utf8))
    }

    /// Removes one earlier `subscribe` call with the same prefix (`ZMQ_UNSUBSCRIBE`).
    public func unsubscribe(_ prefix: [UInt8] = []) throws(ZeroMQError) {
        try setBytesOption(ZMQ_UNSUBSCRIBE, prefix, name: "ZMQ_UNSUBSCRIBE")
    }

    /// Unsubscribes from the UTF-8 bytes of `prefix`. See `unsubscribe(_:)`.
    public func unsubscribe(_ prefix: String) throws(ZeroMQError) {
        try unsubscribe(Array(prefix.utf8))
    }

    // MARK: - Heartbeats

    /// Sets the interval between ZMTP heartbeat PINGs on each connection
    /// (`ZMQ_HEARTBEAT_IVL`). Zero, the default, disables heartbeats. Set it before
    /// `bind` or `connect`.
    public func setHeartbeatInterval(_ interval: Duration) throws(ZeroMQError) {
        try setDurationOption(ZMQ_HEARTBEAT_IVL, interval, name: "ZMQ_HEARTBEAT_IVL")
    }

    /// Returns the heartbeat interval (`ZMQ_HEARTBEAT_IVL`). Zero means disabled.
    public func heartbeatInterval() throws(ZeroMQError) -> Duration {
        try durationOption(ZMQ_HEARTBEAT_IVL, name: "ZMQ_HEARTBEAT_IVL") ?? .zero
    }

    /// Sets how long a connection may stay silent after a heartbeat PING before libzmq
    /// closes it (`ZMQ_HEARTBEAT_TIMEOUT`). Applies only when the heartbeat interval is set.
    public func setHeartbeatTimeout(_ timeout: Duration) throws(ZeroMQError) {
        try setDurationOption(ZMQ_HEARTBEAT_TIMEOUT, timeout, name: "ZMQ_HEARTBEAT_TIMEOUT")
    }

    /// Returns the heartbeat timeout (`ZMQ_HEARTBEAT_TIMEOUT`), or nil when none was set,
    /// in which case libzmq uses the heartbeat interval.
    public func heartbeatTimeout() throws(ZeroMQError) -> Duration? {
        try durationOption(ZMQ_HEARTBEAT_TIMEOUT, name: "ZMQ_HEARTBEAT_TIMEOUT")
    }

    // MARK: - Typed access to zmq_setsockopt and zmq_getsockopt

    func setIntOption(_ option: Int32, _ value: Int32, name: String) throws(ZeroMQError) {
        let operation = "zmq_setsockopt(\(name), \(value))"
        let handle = try openHandle(for: operation)
        var value = value
        try LibZMQ.call(operation) {
            zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size)
        }
    }

    func intOption(_ option: Int32, name: String) throws(ZeroMQError) -> Int32 {
        let operation = "zmq_getsockopt(\(name))"
        let handle = try openHandle(for: operation)
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        try LibZMQ.call(operation) { zmq_getsockopt(handle, option, &value, &size) }
        return value
    }

    func setBytesOption(_ option: Int32, _ value: [UInt8], name: String) throws(ZeroMQError) {
        let operation = "zmq_setsockopt(\(name))"
        let handle = try openHandle(for: operation)
        let outcome = value.withUnsafeBytes { buffer in
            LibZMQ.retryingOnInterrupt {
                zmq_setsockopt(handle, option, buffer.baseAddress, buffer.count)
            }
        }
        if outcome.errorCode != 0 {
            throw ZeroMQError(code: outcome.errorCode, operation: operation)
        }
    }

    /// Reads a binary or string option of at most `capacity` bytes.
    func bytesOption(_ option: Int32, name: String, capacity: Int) throws(ZeroMQError) -> [UInt8] {
        let operation = "zmq_getsockopt(\(name))"
        let handle = try openHandle(for: operation)
        var bytes = [UInt8](repeating: 0, count: capacity)
        var size = capacity
        let outcome = bytes.withUnsafeMutableBytes { buffer in
            LibZMQ.retryingOnInterrupt {
                zmq_getsockopt(handle, option, buffer.baseAddress, &size)
            }
        }
        if outcome.errorCode != 0 {
            throw ZeroMQError(code: outcome.errorCode, operation: operation)
        }
        return Array(bytes.prefix(size))
    }

    private func setDurationOption(
        _ option: Int32,
        _ duration: Duration?,
        name: String
    ) throws(ZeroMQError) {
        let milliseconds = try LibZMQ.milliseconds(
            from: duration,
            operation: "zmq_setsockopt(\(name))"
        )
        try setIntOption(option, milliseconds, name: name)
    }

    private func durationOption(_ option: Int32, name: String) throws(ZeroMQError) -> Duration? {
        LibZMQ.duration(fromMilliseconds: try intOption(option, name: name))
    }

    private func setCountOption(_ option: Int32, _ count: Int, name: String) throws(ZeroMQError) {
        guard let value = Int32(exactly: count), value >= 0 else {
            throw ZeroMQError(
                code: EINVAL,
                operation: "zmq_setsockopt(\(name))",
                detail: "The value must be between 0 and \(Int32.max), got \(count)"
            )
        }
        try setIntOption(option, value, name: name)
    }
}
