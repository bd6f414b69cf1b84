import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Waits until the beliefs.csv of `folder` has a row of `round` or later, and returns the
/// last round written then. Returns nil when `process` ends first or `timeout` passes.
///
/// With `report_every=1` every round gets a row as soon as every agent has reported it, so
/// this follows a run round by round. It polls every 10 ms, and a debug build runs a ring of
/// 8 at about 750 rounds/s, so the round seen is usually within 10 of `round`.
func waitForBeliefRound(
    _ round: Int, in folder: RunFolder, while process: ChildProcess, timeout: Duration
) async -> Int? {
    var last: Int?
    let reached = await waitUntil(timeout: timeout) {
        last = folder.lastBeliefRound
        return (last ?? 0) >= round || process.poll() != nil
    }
    guard reached, let last, last >= round else { return nil }
    return last
}

/// Waits until the standard error of `process` contains `text`; returns the time it took, or
/// nil after `timeout`.
func waitForLog(_ text: String, of process: ChildProcess, timeout: Duration) async -> Duration? {
    let clock = ContinuousClock()
    let start = clock.now
    let found = await waitUntil(timeout: timeout) { process.standardError.contains(text) }
    return found ? clock.now - start : nil
}

/// Returns the line of `log` that contains `text`, if any.
func logLine(containing text: String, in log: String) -> String? {
    log.split(separator: "\n").first { $0.contains(text) }.map(String.init)
}

/// Returns N from the first "agent ID lost at round N" of `log`.
func lostRound(agent: String, in log: String) -> Int? {
    let marker = "agent \(agent) lost at round "
    guard let range = log.range(of: marker) else { return nil }
    return Int(log[range.upperBound...].prefix { $0.isNumber })
}

/// True while a process with this id exists and is not a zombie.
func isRunning(_ pid: pid_t) -> Bool {
    guard let entry = ProcessTable.entry(pid) else { return false }
    return entry.state != "Z"
}
