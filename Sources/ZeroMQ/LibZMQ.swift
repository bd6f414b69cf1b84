import CZeroMQ

/// Helpers that turn libzmq's "-1 and errno" convention into thrown `ZeroMQError`s and
/// convert durations to libzmq's millisecond values.
enum LibZMQ {
    /// Runs `call` and repeats it while it returns -1 with errno `EINTR`. Returns the last
    /// result with the errno read right after it, or 0 as the errno when the call succeeded.
    ///
    /// NOTE: a repeated blocking call starts its send or receive timeout over, so a signal
    /// can lengthen the total wait.
    static func retryingOnInterrupt(_ call: () -> Int32) -> (result: Int32, errorCode: Int32) {
        while true {
            let result = call()
            if result != -1 {
                return (result, 0)
            }
            let errorCode = zmq_errno()
            if errorCode != EINTR {
                return (result, errorCode)
            }
        }
    }

    /// Runs `call` like `retryingOnInterrupt` and returns its non-negative result, or throws
    /// a `ZeroMQError` that names `operation`.
    @discardableResult
    static func call(
        _ operation: @autoclosure () -> String,
        _ call: () -> Int32
    ) throws(ZeroMQError) -> Int32 {
        let outcome = retryingOnInterrupt(call)
        if outcome.errorCode != 0 {
            throw ZeroMQError(code: outcome.errorCode, operation: operation())
        }
        return outcome.result
    }

    /// Converts a timeout to whole milliseconds, rounded up so that a short positive timeout
    /// never becomes 0 ("do not wait"). Nil becomes -1, libzmq's "no limit".
    ///
    /// Throws `EINVAL` for a negative duration or one longer than `Int32.max` milliseconds.
    static func milliseconds(
        from duration: Duration?,
        operation: @autoclosure () -> String
    ) throws(ZeroMQError) -> Int32 {
        guard let duration else {
            return -1
        }
        let (seconds, attoseconds) = duration.components
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let maximumSeconds = Int64(Int32.max) / 1000
        guard duration >= .zero, seconds <= maximumSeconds else {
            throw ZeroMQError(
                code: EINVAL,
                operation: operation(),
                detail: "The duration \(duration) is negative or longer than "
                    + "\(Int32.max) milliseconds"
            )
        }
        let partialMilliseconds =
            (attoseconds + attosecondsPerMillisecond - 1) / attosecondsPerMillisecond
        let total = seconds * 1000 + partialMilliseconds
        guard total <= Int64(Int32.max) else {
            throw ZeroMQError(
                code: EINVAL,
                operation: operation(),
                detail: "The duration \(duration) is longer than \(Int32.max) milliseconds"
            )
        }
        return Int32(total)
    }

    /// Converts a libzmq millisecond value back to a duration. Negative values, which libzmq
    /// uses for "no limit", become nil.
    static func duration(fromMilliseconds milliseconds: Int32) -> Duration? {
        if milliseconds < 0 {
            return nil
        }
        return .milliseconds(Int64(milliseconds))
    }
}
