import CSQLite
import Foundation

/// A value stored in or read from an SQLite column.
public enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The value as a Swift integer, or nil.
    public var integer: Int? {
        switch self {
        case .integer(let value): return Int(value)
        case .real(let value) where value == value.rounded(): return Int(value)
        default: return nil
        }
    }

    /// The value as a double, or nil.
    public var real: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .real(let value): return value
        default: return nil
        }
    }

    /// The value as text, or nil for null.
    public var text: String? {
        switch self {
        case .null: return nil
        case .integer(let value): return "\(value)"
        case .real(let value): return "\(value)"
        case .text(let value): return value
        }
    }
}

/// One open SQLite database: the only owner of a `sqlite3` handle in Hearsay.
///
/// Not thread-safe by itself; `ResultIndex` serialises every call with a lock.
final class SQLiteDatabase {
    let path: String
    private var handle: OpaquePointer?

    /// Opens (and, unless `readOnly`, creates) the database at `path`, waiting up to
    /// `busyTimeout` seconds for a lock held by another process.
    init(path: String, readOnly: Bool = false, busyTimeout: Double = 30) throws {
        self.path = path
        let flags =
            readOnly
            ? SQLITE_OPEN_READONLY
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        var opened: OpaquePointer?
        let status = sqlite3_open_v2(path, &opened, flags | SQLITE_OPEN_NOMUTEX, nil)
        handle = opened
        guard status == SQLITE_OK else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(opened)
            handle = nil
            throw BatchError.index(path: path, operation: "opening", message: message)
        }
        sqlite3_busy_timeout(opened, Int32(busyTimeout * 1000))
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        guard status == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "status \(status)"
            sqlite3_free(message)
            throw BatchError.index(path: path, operation: firstWords(sql), message: text)
        }
    }

    /// Runs `sql` with `values` bound to its `?` parameters and returns every row.
    @discardableResult
    func query(_ sql: String, _ values: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw failure(sql)
        }
        defer { sqlite3_finalize(statement) }
        for (offset, value) in values.enumerated() {
            let position = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, position)
            case .integer(let number): status = sqlite3_bind_int64(statement, position, number)
            case .real(let number): status = sqlite3_bind_double(statement, position, number)
            case .text(let text):
                status = sqlite3_bind_text(statement, position, text, -1, transientDestructor)
            }
            guard status == SQLITE_OK else { throw failure(sql) }
        }
        var rows: [[SQLiteValue]] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE {
                return rows
            }
            guard status == SQLITE_ROW else { throw failure(sql) }
            let count = sqlite3_column_count(statement)
            rows.append((0..<count).map { column(statement, $0) })
        }
    }

    /// The number of rows the last INSERT, UPDATE or DELETE changed.
    var changes: Int {
        Int(sqlite3_changes(handle))
    }

    private func column(_ statement: OpaquePointer?, _ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_NULL: return .null
        default:
            guard let text = sqlite3_column_text(statement, index) else { return .null }
            return .text(String(cString: text))
        }
    }

    private func failure(_ sql: String) -> BatchError {
        let message = String(cString: sqlite3_errmsg(handle))
        return .index(path: path, operation: firstWords(sql), message: message)
    }

    /// The start of a statement, to name the operation that failed.
    private func firstWords(_ sql: String) -> String {
        let words = sql.split(whereSeparator: \.isWhitespace).prefix(3)
        return "`" + words.joined(separator: " ") + "`"
    }
}

/// SQLITE_TRANSIENT: SQLite copies a bound text before the call returns.
private let transientDestructor = unsafeBitCast(
    OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
