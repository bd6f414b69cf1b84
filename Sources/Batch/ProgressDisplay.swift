/// Shows a batch's progress on standard error: a live line redrawn in place on a terminal,
/// plain lines every 10 seconds otherwise (logs, Slurm output), and one line per failed run
/// up to a limit, after which failures are only counted.
public struct ProgressDisplay {
    /// Failed runs reported one by one; later ones are only counted.
    public static let maximumFailureLines = 10

    private let live: Bool
    private let write: (String) -> Void
    private var failuresShown = 0
    private var lastDrawn = -1.0
    private var lastPrinted = 0.0
    private var lineVisible = false
    private var latest: BatchProgress?

    /// Creates a display; `live` redraws one line (for a terminal), `write` prints text.
    public init(live: Bool, write: @escaping (String) -> Void) {
        self.live = live
        self.write = write
    }

    /// Shows what `event` changes.
    public mutating func show(_ event: BatchEvent) {
        switch event {
        case .progress(let progress):
            latest = progress
            if live && progress.elapsed - lastDrawn >= 0.2 {
                lastDrawn = progress.elapsed
                write("\r\u{1B}[2K" + "hearsay: " + progress.line)
                lineVisible = true
            } else if !live && progress.elapsed - lastPrinted >= 10 {
                lastPrinted = progress.elapsed
                write("hearsay: " + progress.line + "\n")
            }
        case .runFinished(let run, let result, _) where result.status == .failed:
            failuresShown += 1
            if failuresShown <= Self.maximumFailureLines {
                message(
                    "warning: run \(run.index) (\(run.key)) failed: \(result.error ?? "no reason")")
            }
            if failuresShown == Self.maximumFailureLines {
                message(
                    "warning: further failed runs are only counted; `hearsay batch export` "
                        + "lists every error")
            }
        case .interrupted(let signals, let running) where signals == 1:
            message(
                "interrupted: no new runs start; waiting for the \(running) runs in progress "
                    + "(interrupt again to abandon them)")
        case .interrupted(_, let running):
            message("interrupted again: abandoning the \(running) runs in progress")
        case .indexFailed(let text):
            message("error: \(text)")
        default:
            break
        }
    }

    /// Ends the live line, or prints the last counts as a plain line.
    public mutating func finish() {
        guard let latest else { return }
        if live {
            write("\r\u{1B}[2K" + "hearsay: " + latest.line + "\n")
        } else if latest.elapsed - lastPrinted > 0 || lastPrinted == 0 {
            write("hearsay: " + latest.line + "\n")
        }
        lineVisible = false
    }

    /// Prints one message line, clearing and then redrawing the live line around it.
    private mutating func message(_ text: String) {
        if lineVisible {
            write("\r\u{1B}[2K")
        }
        write("hearsay: " + text + "\n")
        if live, let latest {
            write("hearsay: " + latest.line)
        }
    }
}
