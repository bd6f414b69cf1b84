#if canImport(Glibc)
    import Glibc
#endif

/// The live progress of a run: a line redrawn in place on a terminal, or a plain log line
/// every few seconds otherwise.
struct ProgressLine {
    let total: Int
    let live: Bool
    private var lastDraw = 0.0
    private var lastRound = 0
    private var lastRoundTime = monotonicSeconds()
    private var rate = 0.0
    private var drawn = false

    init(total: Int, live: Bool) {
        self.total = total
        self.live = live
    }

    mutating func update(round: Int, converged: Int, stopRound: Int?) {
        let now = monotonicSeconds()
        let interval = live ? 0.25 : 5.0
        guard now - lastDraw >= interval else { return }
        if now > lastRoundTime {
            rate = Double(round - lastRound) / (now - lastRoundTime)
        }
        lastRound = round
        lastRoundTime = now
        lastDraw = now
        let text =
            "round \(round)/\(total), \(Int(rate.rounded())) rounds/s, "
            + "\(converged) agents converged"
        if live {
            write("\r\u{1B}[K" + text)
            drawn = true
        } else if round > 0 {
            write("hearsay coordinator: " + text + "\n")
        }
    }

    mutating func finish() {
        if drawn {
            write("\r\u{1B}[K")
        }
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            _ = Glibc.write(2, buffer.baseAddress, buffer.count)
        }
    }
}
