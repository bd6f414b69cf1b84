import Foundation

/// Wall-clock times for the index, as ISO 8601 UTC text with milliseconds
/// (`2025-01-31T14:05:09.123Z`), which sorts in time order as text.
enum Timestamp {
    /// Returns the current time.
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900,
            Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min),
            Int(parts.tm_sec), Int(spec.tv_nsec / 1_000_000))
    }

    /// Seconds from an arbitrary start that never jumps, for durations and rates.
    static func monotonic() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
