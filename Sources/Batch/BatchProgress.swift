/// Counts of a batch in progress, with the rate and the estimated time left.
public struct BatchProgress: Sendable, Equatable {
    /// Runs of the sweep (or of this shard).
    public var total: Int
    /// Runs found finished in the index when the batch started.
    public var finishedBefore = 0
    /// Of `finishedBefore`, the failed ones.
    public var failedBefore = 0
    /// Runs completed since the batch started.
    public var completed = 0
    /// Runs failed since the batch started.
    public var failed = 0
    /// Runs in progress now.
    public var running = 0
    /// Seconds since the batch started.
    public var elapsed = 0.0

    public init(total: Int) {
        self.total = total
    }

    /// Finished runs, including those finished before this batch started.
    public var done: Int { finishedBefore + completed + failed }

    /// Failed runs, including those failed before this batch started.
    public var failedTotal: Int { failedBefore + failed }

    /// Runs finished per second since the batch started, once one has finished.
    public var rate: Double? {
        let finished = completed + failed
        guard finished > 0, elapsed > 0 else { return nil }
        return Double(finished) / elapsed
    }

    /// Seconds until every run is finished, at the rate so far.
    public var remainingSeconds: Double? {
        rate.map { Double(total - done) / $0 }
    }

    /// One status line, e.g. `37/600 done, 2 failed, 2 running, 3.1 runs/s, ETA 3m 02s`.
    public var line: String {
        var parts = ["\(done)/\(total) done", "\(failedTotal) failed", "\(running) running"]
        if let rate {
            parts.append(
                rate >= 10 ? "\(Int(rate.rounded())) runs/s" : Self.oneDecimal(rate) + " runs/s")
        }
        if let remainingSeconds, done < total {
            parts.append("ETA " + Self.duration(remainingSeconds))
        }
        return parts.joined(separator: ", ")
    }

    /// A duration as `1h 05m`, `3m 02s` or `12s`.
    public static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        let hours = whole / 3600
        let minutes = (whole % 3600) / 60
        let rest = whole % 60
        if hours > 0 {
            return "\(hours)h " + twoDigits(minutes) + "m"
        }
        if minutes > 0 {
            return "\(minutes)m " + twoDigits(rest) + "s"
        }
        return "\(rest)s"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
