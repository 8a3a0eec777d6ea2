import CSQLite

/// An error reported by SQLite, with the result code, SQLite's message and the SQL that failed.
///
/// Every failing call in ``Database`` and ``Statement`` throws this one type, so callers can
/// match on ``resultCode`` (the primary code, e.g. `SQLITE_BUSY` = 5, `SQLITE_CONSTRAINT` = 19)
/// or ``extendedResultCode`` (e.g. `SQLITE_CONSTRAINT_UNIQUE` = 2067) without parsing text:
///
/// ```swift
/// do {
///     try db.execute("INSERT INTO t(name) VALUES ('a')")
/// } catch let error as DatabaseError where error.resultCode == SQLITE_CONSTRAINT {
///     print(error)  // SQLite error 19 (extended 2067): UNIQUE constraint failed: t.name - while executing `INSERT ...`
/// }
/// ```
public struct DatabaseError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The primary result code (the low 8 bits of ``extendedResultCode``).
    public let resultCode: Int32
    /// The extended result code, which refines ``resultCode``; equal to it when there is no refinement.
    public let extendedResultCode: Int32
    /// The message from `sqlite3_errmsg` (or `sqlite3_errstr` when no connection is available).
    public let message: String
    /// The SQL being prepared or executed when the error happened, if any.
    public let sql: String?

    /// Creates an error from its parts; the primary code is derived from `extendedResultCode`.
    public init(extendedResultCode: Int32, message: String, sql: String? = nil) {
        self.resultCode = extendedResultCode & 0xFF
        self.extendedResultCode = extendedResultCode
        self.message = message
        self.sql = sql
    }

    /// Creates an error for `code` with the message of the connection's most recent failure.
    ///
    /// The connection's message is used only when it belongs to `code` (SQLite keeps the message
    /// of the last failing call, which may be older than `code`); otherwise `sqlite3_errstr(code)`.
    init(code: Int32, connection: OpaquePointer?, sql: String? = nil) {
        var text = String(cString: sqlite3_errstr(code))
        if let connection, sqlite3_extended_errcode(connection) == code {
            text = String(cString: sqlite3_errmsg(connection))
        }
        self.init(extendedResultCode: code, message: text, sql: sql)
    }

    /// A one-line description: code, message and, when known, the SQL.
    public var description: String {
        var text = "SQLite error \(resultCode)"
        if extendedResultCode != resultCode { text += " (extended \(extendedResultCode))" }
        text += ": \(message)"
        if let sql { text += " - while executing `\(sql)`" }
        return text
    }
}

extension DatabaseError {
    /// True when SQLite found the file damaged (`SQLITE_CORRUPT`) or not a database at all
    /// (`SQLITE_NOTADB`): retrying cannot help, only a rebuild or a backup.
    public var isCorruption: Bool { resultCode == SQLITE_CORRUPT || resultCode == SQLITE_NOTADB }
}
