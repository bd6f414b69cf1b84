/// Errors of the Batch module; each description is the message a user reads.
public enum BatchError: Error, Equatable, CustomStringConvertible {
    /// The sweep file could not be read.
    case unreadableSweep(file: String, reason: String)
    /// The sweep file is not valid YAML.
    case sweepSyntax(file: String, line: Int, column: Int, message: String)
    /// A key of the sweep file is missing, unknown or has an invalid value.
    case invalidSweep(file: String, key: String, line: Int?, message: String)
    /// An SQLite call on the result index failed.
    case index(path: String, operation: String, message: String)
    /// The result index belongs to another sweep, or is not a Hearsay index.
    case indexMismatch(path: String, message: String)
    /// The batch folder already holds results and `--resume` was not given.
    case alreadyStarted(folder: String, finished: Int)
    /// A file or folder of the batch could not be written.
    case cannotWrite(path: String, reason: String)
    /// A `--shard K/N` value is malformed.
    case invalidShard(text: String)
    /// A child process could not be started.
    case spawnFailed(executable: String, reason: String)
    /// An export asked for a column the index does not have.
    case unknownColumn(name: String, available: [String])

    public var description: String {
        switch self {
        case .unreadableSweep(let file, let reason):
            return "\(file): cannot read the sweep: \(reason)"
        case .sweepSyntax(let file, let line, let column, let message):
            return "\(file):\(line):\(column): invalid syntax: \(message)"
        case .invalidSweep(let file, let key, let line, let message):
            let place = line.map { "\(file):\($0)" } ?? file
            return "\(place): `\(key)`: \(message)"
        case .index(let path, let operation, let message):
            return "result index \(path): \(operation) failed: \(message); check that the "
                + "folder is writable and on a local file system (SQLite locking does not "
                + "work reliably over NFS)"
        case .indexMismatch(let path, let message):
            return "result index \(path): \(message)"
        case .alreadyStarted(let folder, let finished):
            return "\(folder) already holds a batch with \(finished) finished runs; pass "
                + "--resume to continue it, or choose another folder with --output"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason); check that the folder exists and is "
                + "writable"
        case .invalidShard(let text):
            return "invalid --shard `\(text)`; expected K/N with 0 ≤ K < N, e.g. 0/4"
        case .spawnFailed(let executable, let reason):
            return "cannot start \(executable): \(reason)"
        case .unknownColumn(let name, let available):
            return "unknown column `\(name)`; available columns: "
                + available.joined(separator: ", ")
        }
    }
}
