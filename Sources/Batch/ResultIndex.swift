import Foundation

/// The SQLite index of a batch: one row per run that started, keyed by run key, committed
/// when the run starts (`running`) and again when it finishes, so that a crash or Ctrl-C
/// loses nothing that finished.
///
/// The database runs in WAL mode with `synchronous=NORMAL`: a commit survives the crash of
/// the process, and readers (plots, `export`) never block the batch. A power loss may drop
/// the last commits; those runs then count as unfinished and run again on `--resume`.
/// Safe to share between threads: every call holds `lock` while it uses the connection.
public final class ResultIndex: @unchecked Sendable {
    /// The columns of the `runs` table, in order, with their SQL types.
    public static let columns: [(name: String, type: String)] = [
        ("run_key", "TEXT PRIMARY KEY"),
        ("run_index", "INTEGER NOT NULL"),
        ("repetition", "INTEGER NOT NULL"),
        ("parameters", "TEXT NOT NULL"),
        ("seed", "TEXT NOT NULL"),
        ("status", "TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed'))"),
        ("error", "TEXT"),
        ("converged", "INTEGER"),
        ("convergence_round", "INTEGER"),
        ("rounds", "INTEGER"),
        ("error_rate", "REAL"),
        ("final_error", "REAL"),
        ("rate_hypothesis", "TEXT"),
        ("measured_rate", "REAL"),
        ("predicted_rate", "REAL"),
        ("measured_steady_mean", "REAL"),
        ("predicted_steady_mean", "REAL"),
        ("folder", "TEXT NOT NULL"),
        ("engine", "TEXT NOT NULL"),
        ("command", "TEXT NOT NULL"),
        ("host", "TEXT"),
        ("attempts", "INTEGER NOT NULL DEFAULT 1"),
        ("started_at", "TEXT"),
        ("finished_at", "TEXT"),
        ("duration", "REAL"),
    ]

    /// The value of the `format` entry of the `meta` table.
    static let format = "hearsay-batch-index"
    static let formatVersion = "1"

    public let path: String
    private let database: SQLiteDatabase
    private let lock = NSLock()

    /// Opens the index at `path`, creating it and its tables unless `readOnly`.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        database = try SQLiteDatabase(path: path, readOnly: readOnly)
        guard !readOnly else { return }
        let columnList = Self.columns.map { "    \($0.name) \($0.type)" }
        try database.execute(
            """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS runs (
            \(columnList.joined(separator: ",\n"))
            );
            """)
    }

    @discardableResult
    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: - Metadata

    /// The `meta` table as a dictionary.
    public func metadata() throws -> [String: String] {
        try locked {
            var result: [String: String] = [:]
            for row in try database.query("SELECT name, value FROM meta") {
                if let name = row[0].text, let value = row[1].text {
                    result[name] = value
                }
            }
            return result
        }
    }

    /// Records `sweep` as the index's sweep, or checks that a non-empty index was made for
    /// a sweep with the same fingerprint.
    public func adopt(_ sweep: Sweep, plannedRuns: Int) throws {
        let meta = try metadata()
        if let format = meta["format"], format != Self.format {
            throw BatchError.indexMismatch(
                path: path, message: "not a Hearsay batch index (format `\(format)`)")
        }
        if let fingerprint = meta["fingerprint"], fingerprint != sweep.fingerprint {
            throw BatchError.indexMismatch(
                path: path,
                message: "made for sweep `\(meta["sweep"] ?? "?")` with another base scenario, "
                    + "`set` or seed (fingerprint \(fingerprint), now \(sweep.fingerprint)); "
                    + "write this sweep to another folder with --output")
        }
        var entries = [
            ("format", Self.format), ("format_version", Self.formatVersion),
            ("sweep", sweep.name), ("fingerprint", sweep.fingerprint),
            ("base_seed", "\(sweep.seed)"), ("seed_scope", sweep.seedScope.rawValue),
            ("planned_runs", "\(plannedRuns)"),
        ]
        if meta["created_at"] == nil {
            entries.append(("created_at", Timestamp.now()))
        }
        try setMetadata(entries)
    }

    private func setMetadata(_ entries: [(String, String)]) throws {
        try locked {
            for (name, value) in entries {
                try database.query(
                    "INSERT INTO meta (name, value) VALUES (?, ?) "
                        + "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                    [.text(name), .text(value)])
            }
        }
    }

    // MARK: - Rows

    /// Every row, ordered by run index.
    public func rows() throws -> [RunRow] {
        try locked {
            let names = Self.columns.map(\.name)
            let sql =
                "SELECT \(names.joined(separator: ", ")) FROM runs ORDER BY run_index, run_key"
            return try database.query(sql).map { values in
                RunRow(values: Dictionary(uniqueKeysWithValues: zip(names, values)))
            }
        }
    }

    /// Number of rows per status.
    public func counts() throws -> [RunRow.Status: Int] {
        try locked {
            var counts: [RunRow.Status: Int] = [:]
            for row in try database.query("SELECT status, COUNT(*) FROM runs GROUP BY status") {
                if let status = row[0].text.flatMap(RunRow.Status.init(rawValue:)) {
                    counts[status] = row[1].integer ?? 0
                }
            }
            return counts
        }
    }

    /// Commits a `running` row for `run`, counting the attempt; a previous row for the same
    /// key (an unfinished or retried run) is replaced.
    func markRunning(_ run: PlannedRun, engine: String, command: String, host: String) throws {
        let sql = """
            INSERT INTO runs (run_key, run_index, repetition, parameters, seed, status, folder,
                              engine, command, host, attempts, started_at)
            VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, 1, ?)
            ON CONFLICT(run_key) DO UPDATE SET
                run_index = excluded.run_index, repetition = excluded.repetition,
                parameters = excluded.parameters, seed = excluded.seed, status = 'running',
                error = NULL, converged = NULL, convergence_round = NULL, rounds = NULL,
                error_rate = NULL, final_error = NULL, rate_hypothesis = NULL,
                measured_rate = NULL, predicted_rate = NULL, measured_steady_mean = NULL,
                predicted_steady_mean = NULL, folder = excluded.folder,
                engine = excluded.engine, command = excluded.command, host = excluded.host,
                attempts = runs.attempts + 1, started_at = excluded.started_at,
                finished_at = NULL, duration = NULL
            """
        let values: [SQLiteValue] = [
            .text(run.key), .integer(Int64(run.index)), .integer(Int64(run.repetition)),
            .text(RunRow.parametersJSON(run.parameters)), .text("\(run.seed)"),
            .text(run.folder), .text(engine), .text(command), .text(host),
            .text(Timestamp.now()),
        ]
        try locked {
            try database.query(sql, values)
        }
    }

    /// Commits the outcome of the run with `key`.
    func record(key: String, result: RunResult, duration: Double) throws {
        let sql = """
            UPDATE runs SET status = ?, error = ?, converged = ?, convergence_round = ?,
                rounds = ?, error_rate = ?, final_error = ?, rate_hypothesis = ?,
                measured_rate = ?, predicted_rate = ?, measured_steady_mean = ?,
                predicted_steady_mean = ?, finished_at = ?, duration = ?
            WHERE run_key = ?
            """
        let values: [SQLiteValue] = [
            .text(result.status.rawValue), Self.value(result.error),
            Self.value(result.converged.map { $0 ? 1 : 0 }),
            Self.value(result.convergenceRound), Self.value(result.rounds),
            Self.value(result.errorRate), Self.value(result.finalError),
            Self.value(result.rateHypothesis), Self.value(result.measuredRate),
            Self.value(result.predictedRate), Self.value(result.measuredSteadyMean),
            Self.value(result.predictedSteadyMean), .text(Timestamp.now()), .real(duration),
            .text(key),
        ]
        try locked {
            try database.query(sql, values)
            guard database.changes == 1 else {
                throw BatchError.index(
                    path: path, operation: "recording run `\(key)`",
                    message: "the run has no row (it was never marked as running)")
            }
        }
    }

    /// Copies the finished rows of the index at `shardPath` into this one and returns how
    /// many rows changed. A shard's row replaces a `running` row, or a finished row that
    /// finished earlier; the shard must have been made for the same sweep.
    public func merge(shardPath: String) throws -> Int {
        let shard = try ResultIndex(path: shardPath, readOnly: true)
        let shardMeta = try shard.metadata()
        let meta = try metadata()
        guard shardMeta["format"] == Self.format, let fingerprint = shardMeta["fingerprint"]
        else {
            throw BatchError.indexMismatch(path: shardPath, message: "not a Hearsay batch index")
        }
        if let own = meta["fingerprint"], own != fingerprint {
            throw BatchError.indexMismatch(
                path: shardPath,
                message: "made for another sweep (fingerprint \(fingerprint), the index has "
                    + "\(own)); it cannot be merged into \(path)")
        }
        if meta["fingerprint"] == nil {
            try setMetadata(shardMeta.filter { $0.key != "planned_runs" }.map { ($0, $1) })
        }
        let names = Self.columns.map(\.name)
        let list = names.joined(separator: ", ")
        let updates = names.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return try locked {
            try database.query("ATTACH DATABASE ? AS shard", [.text(shardPath)])
            defer { try? database.execute("DETACH DATABASE shard") }
            try database.query(
                """
                INSERT INTO runs (\(list))
                SELECT \(list) FROM shard.runs WHERE status <> 'running'
                ON CONFLICT(run_key) DO UPDATE SET \(updates)
                WHERE runs.status = 'running'
                    OR COALESCE(excluded.finished_at, '') > COALESCE(runs.finished_at, '')
                """)
            return database.changes
        }
    }

    /// Merges every `shards/*.sqlite` of the batch folder into its `index.sqlite` (created
    /// when missing) and returns the number of shard files and of rows that changed.
    public static func mergeShards(folder: String) throws -> (shards: Int, rows: Int) {
        let shards = (folder as NSString).appendingPathComponent("shards")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: shards)) ?? []
        let files = names.filter { $0.hasSuffix(".sqlite") }.sorted()
        let index = try ResultIndex(
            path: (folder as NSString).appendingPathComponent("index.sqlite"))
        var changed = 0
        var planned = 0
        for name in files {
            let path = (shards as NSString).appendingPathComponent(name)
            changed += try index.merge(shardPath: path)
            planned +=
                Int(try ResultIndex(path: path, readOnly: true).metadata()["planned_runs"] ?? "")
                ?? 0
        }
        if planned > 0 {
            try index.setMetadata([("planned_runs", "\(planned)")])
        }
        return (files.count, changed)
    }

    private static func value(_ text: String?) -> SQLiteValue {
        text.map { .text($0) } ?? .null
    }

    private static func value(_ number: Int?) -> SQLiteValue {
        number.map { .integer(Int64($0)) } ?? .null
    }

    private static func value(_ number: Double?) -> SQLiteValue {
        guard let number, !number.isNaN else { return .null }
        return .real(number)
    }
}
