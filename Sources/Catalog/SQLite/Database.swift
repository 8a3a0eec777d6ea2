import CSQLite
import Foundation

/// A connection to one SQLite database file: a thin, throwing wrapper over `sqlite3*`.
///
/// A `Database` is not thread-safe: use one connection per thread (SQLite itself lets many
/// connections, in one or many processes, share a file; WAL mode lets readers proceed while a
/// writer commits). Every failure throws ``DatabaseError``.
///
/// ```swift
/// let db = try Database(path: "/tmp/example.sqlite")
/// try db.execute("CREATE TABLE IF NOT EXISTS notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
/// try db.transaction {
///     try db.execute("INSERT INTO notes(body) VALUES (?)", ["hello"])
/// }
/// let count = try db.fetchInt64("SELECT count(*) FROM notes")  // Optional(1)
/// ```
public final class Database {
    /// Flags for `sqlite3_open_v2`.
    public struct OpenFlags: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Open for reading only; writes fail with `SQLITE_READONLY`.
        public static let readOnly = OpenFlags(rawValue: SQLITE_OPEN_READONLY)
        /// Open for reading and writing.
        public static let readWrite = OpenFlags(rawValue: SQLITE_OPEN_READWRITE)
        /// Create the file if it does not exist (only with ``readWrite``).
        public static let create = OpenFlags(rawValue: SQLITE_OPEN_CREATE)
        /// Interpret the path as a `file:` URI.
        public static let uri = OpenFlags(rawValue: SQLITE_OPEN_URI)
    }

    /// The path the connection was opened with.
    public let path: String
    /// The underlying `sqlite3*`; valid until the connection is deinitialized.
    public let handle: OpaquePointer
    /// Prepared statements kept for reuse, keyed by SQL text. See ``cachedStatement(_:)``.
    private var statementCache: [String: Statement] = [:]
    /// Counter that names nested savepoints uniquely.
    var savepointDepth = 0

    /// Opens (and with ``OpenFlags/create`` creates) the database at `path`.
    ///
    /// - Parameters:
    ///   - path: A file path, or `":memory:"` for a private in-memory database.
    ///   - flags: How to open; default read-write, creating the file if needed.
    ///   - busyTimeout: How long a statement waits for another connection's lock before it fails
    ///     with `SQLITE_BUSY` (seconds; default 5).
    /// - Throws: ``DatabaseError`` if the file cannot be opened.
    public init(path: String, flags: OpenFlags = [.readWrite, .create], busyTimeout: Double = 5) throws {
        var connection: OpaquePointer?
        let code = sqlite3_open_v2(path, &connection, flags.rawValue, nil)
        guard code == SQLITE_OK, let connection else {
            let error = DatabaseError(code: code, connection: connection)
            sqlite3_close_v2(connection)
            throw DatabaseError(extendedResultCode: error.extendedResultCode,
                                message: "\(error.message) (opening \(path))")
        }
        self.path = path
        self.handle = connection
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, Int32(max(0, min(busyTimeout * 1000, Double(Int32.max)))))
    }

    deinit {
        statementCache.removeAll()
        // close_v2 defers the close until statements still alive elsewhere are finalized.
        sqlite3_close_v2(handle)
    }

    /// Runs one or more `;`-separated SQL statements that take no arguments.
    ///
    /// Uses `sqlite3_exec`; any rows the statements produce are discarded.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        defer { sqlite3_free(errorMessage) }
        guard code == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            throw DatabaseError(extendedResultCode: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// Runs one SQL statement with positional arguments (`?` or `?NNN`, numbered from 1).
    ///
    /// Rows the statement produces are discarded; use ``prepare(_:)`` to read them.
    public func execute(_ sql: String, _ arguments: [SQLiteBindable?]) throws {
        let statement = try cachedStatement(sql)
        try statement.execute(arguments)
    }

    /// Compiles `sql` (exactly one statement) into a new ``Statement``.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: handle, sql: sql)
    }

    /// Returns a prepared statement for `sql`, compiled once and reused on later calls.
    ///
    /// The statement is reset and its bindings cleared before it is returned. Use this for SQL
    /// that runs many times (per-image writes); the cache lives as long as the connection.
    /// Because the instance is shared, do not run the same SQL again while still stepping it
    /// (e.g. from inside a ``forEachRow(_:_:_:)`` body over that SQL); use ``prepare(_:)`` there.
    /// - Complexity: O(1) amortized after the first call for a given SQL text.
    public func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            statement.clearBindings()
            return statement
        }
        let statement = try prepare(sql)
        statementCache[sql] = statement
        return statement
    }

    /// The rowid of the most recent successful `INSERT` on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The number of rows changed by the most recent `INSERT`, `UPDATE` or `DELETE`.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Whether a transaction is open (SQLite is not in autocommit mode).
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
}
