import Batch
import Foundation
import Testing

/// Reads the result index of a batch folder while a driver writes it, or after.
enum BatchIndex {
    /// The columns that a run's result fixes: equal across reruns of the same sweep.
    static let resultColumns = [
        "run_index", "repetition", "parameters", "seed", "status", "error", "converged",
        "convergence_round", "rounds", "error_rate", "final_error", "rate_hypothesis",
        "measured_rate", "predicted_rate", "measured_steady_mean", "predicted_steady_mean",
        "folder",
    ]

    /// Every row of `folder`/index.sqlite, ordered by run index.
    static func rows(_ folder: String) throws -> [RunRow] {
        let index = try ResultIndex(
            path: (folder as NSString).appendingPathComponent("index.sqlite"), readOnly: true)
        return try index.rows()
    }

    /// The rows by run key.
    static func rowsByKey(_ folder: String) throws -> [String: RunRow] {
        Dictionary(uniqueKeysWithValues: try rows(folder).map { ($0.key, $0) })
    }

    /// The result columns of every row, by run key.
    static func results(_ folder: String) throws -> [String: [SQLiteValue]] {
        try rowsByKey(folder).mapValues { row in resultColumns.map { row[$0] } }
    }

    /// The number of completed or failed rows, or 0 while the index does not exist yet.
    static func finishedCount(_ folder: String) -> Int {
        guard let rows = try? rows(folder) else { return 0 }
        return rows.filter(\.isFinished).count
    }

    /// Polls the index every 5 ms until at least `count` runs finished; returns false if
    /// `driver` ended first or `timeout` seconds passed.
    static func waitForFinished(
        _ folder: String, atLeast count: Int, while driver: Command, timeout: Double = 90
    ) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline && driver.process.isRunning {
            if finishedCount(folder) >= count {
                return true
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return false
    }

    /// The contents of `name` in the folder of the run with `row`, or nil when missing.
    static func runFile(_ folder: String, _ row: RunRow, _ name: String) -> Data? {
        let path = ((folder as NSString).appendingPathComponent(row.folder) as NSString)
            .appendingPathComponent(name)
        return FileManager.default.contents(atPath: path)
    }
}
