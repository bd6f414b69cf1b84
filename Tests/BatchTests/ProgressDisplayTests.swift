import Batch
import Testing

/// The progress line and what the display prints on a terminal and in a log.
struct ProgressDisplayTests {
    @Test("status line with rate and ETA")
    func statusLine() {
        var progress = BatchProgress(total: 600)
        progress.finishedBefore = 100
        progress.failedBefore = 1
        progress.completed = 48
        progress.failed = 2
        progress.running = 2
        progress.elapsed = 20
        #expect(progress.done == 150)
        #expect(progress.line == "150/600 done, 3 failed, 2 running, 2.5 runs/s, ETA 3m 00s")
        #expect(BatchProgress.duration(3725) == "1h 02m")
        #expect(BatchProgress.duration(9) == "9s")
    }

    @Test("live line redraws in place")
    func liveLine() {
        var output = ""
        var display = ProgressDisplay(live: true) { output += $0 }
        var progress = BatchProgress(total: 4)
        progress.completed = 1
        progress.elapsed = 1
        display.show(.progress(progress))
        #expect(output == "\r\u{1B}[2Khearsay: 1/4 done, 0 failed, 0 running, 1.0 runs/s, ETA 3s")
        display.finish()
        #expect(
            output.hasSuffix(
                "\r\u{1B}[2Khearsay: 1/4 done, 0 failed, 0 running, 1.0 runs/s, ETA 3s\n"))
    }

    @Test("log gets plain lines every 10 s")
    func plainLines() {
        var output: [String] = []
        var display = ProgressDisplay(live: false) { output.append($0) }
        var progress = BatchProgress(total: 4)
        for second in [1.0, 5, 11, 15] {
            progress.elapsed = second
            display.show(.progress(progress))
        }
        #expect(output == ["hearsay: 0/4 done, 0 failed, 0 running\n"])
        #expect(output.allSatisfy { !$0.contains("\r") })
    }
}
