import CSQLite
import Foundation

/// `SQLITE_TRANSIENT`: tells SQLite to copy bound text and blobs before the bind call returns.
///
/// The C macro is `((sqlite3_destructor_type)-1)`, which Swift cannot import; Swift's buffers are
/// only valid for the duration of a `withUnsafe…` closure, so every bind must let SQLite copy.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A compiled SQL statement (`sqlite3_stmt*`): bind arguments, step through rows, read columns.
///
/// Parameters are numbered from **1** (SQLite's convention for `?` / `?NNN`); result columns are
/// numbered from **0**. The statement is finalized when the object is deinitialized.
///
/// ```swift
/// let select = try db.prepare("SELECT id, body FROM notes WHERE id > ?")
/// try select.bind(10, at: 1)
/// while try select.step() {
///     print(select.int64(at: 0), select.string(at: 1) ?? "NULL")
/// }
/// ```
public final class Statement {
    /// The SQL text the statement was compiled from.
    public let sql: String
    /// The underlying `sqlite3_stmt*`.
    public let handle: OpaquePointer
    /// The connection the statement belongs to (kept open by `sqlite3_close_v2` while we live).
    let connection: OpaquePointer

    /// Compiles `sql` on `connection`; throws if it is invalid or contains no statement.
    init(connection: OpaquePointer, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard code == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw DatabaseError(code: sqlite3_extended_errcode(connection), connection: connection, sql: sql)
        }
        guard let statement else {
            throw DatabaseError(extendedResultCode: SQLITE_MISUSE, message: "no SQL statement", sql: sql)
        }
        self.sql = sql
        self.handle = statement
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Advances to the next row.
    ///
    /// - Returns: `true` when a row is available to read, `false` when the statement is done.
    /// - Throws: ``DatabaseError`` (e.g. a constraint violation, or `SQLITE_BUSY` after the busy
    ///   timeout); the statement is reset so it can be reused.
    @discardableResult
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            let error = DatabaseError(code: code, connection: connection, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Resets, binds `arguments` to parameters 1…n, and steps until done, discarding rows.
    public func execute(_ arguments: [SQLiteBindable?] = []) throws {
        reset()
        try bind(arguments)
        while try step() {}
        reset()
    }

    /// Rewinds the statement so it can be stepped again; bindings are kept.
    public func reset() { sqlite3_reset(handle) }

    /// Sets every parameter back to NULL.
    public func clearBindings() { sqlite3_clear_bindings(handle) }

    /// The number of `?` parameters (the largest index).
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    // MARK: Binding

    /// Clears bindings, then binds `values[i]` to parameter `i + 1`; `nil` binds NULL.
    public func bind(_ values: [SQLiteBindable?]) throws {
        clearBindings()
        for (offset, value) in values.enumerated() {
            try bind(value, at: offset + 1)
        }
    }

    /// Binds any ``SQLiteBindable`` value, or NULL for `nil`, to parameter `index` (1-based).
    public func bind(_ value: SQLiteBindable?, at index: Int) throws {
        if let value { try value.bind(to: self, at: index) } else { try bindNull(at: index) }
    }

    /// Binds an integer to parameter `index` (1-based).
    public func bind(_ value: Int, at index: Int) throws {
        try check(sqlite3_bind_int64(handle, Int32(index), Int64(value)))
    }

    /// Binds a 64-bit integer to parameter `index` (1-based).
    public func bind(_ value: Int64, at index: Int) throws {
        try check(sqlite3_bind_int64(handle, Int32(index), value))
    }

    /// Binds a double to parameter `index` (1-based).
    public func bind(_ value: Double, at index: Int) throws {
        try check(sqlite3_bind_double(handle, Int32(index), value))
    }

    /// Binds UTF-8 text to parameter `index` (1-based); SQLite copies it.
    public func bind(_ value: String, at index: Int) throws {
        var text = value
        let code = text.withUTF8 { utf8 -> Int32 in
            // A nil base address would bind NULL, so bind the empty string explicitly.
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                return sqlite3_bind_text(handle, Int32(index), "", 0, sqliteTransient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text(handle, Int32(index), $0, Int32(utf8.count), sqliteTransient)
            }
        }
        try check(code)
    }

    /// Binds the bytes of `value` as a BLOB to parameter `index` (1-based); SQLite copies them.
    public func bind(_ value: Data, at index: Int) throws {
        try value.withUnsafeBytes { try bindBlob($0, at: index) }
    }

    /// Binds `value` as a BLOB to parameter `index` (1-based); SQLite copies the bytes.
    public func bind(_ value: [UInt8], at index: Int) throws {
        try value.withUnsafeBytes { try bindBlob($0, at: index) }
    }

    /// Binds raw bytes as a BLOB; an empty buffer binds an empty BLOB (not NULL).
    public func bindBlob(_ bytes: UnsafeRawBufferPointer, at index: Int) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            try check(sqlite3_bind_zeroblob(handle, Int32(index), 0))
            return
        }
        try check(sqlite3_bind_blob(handle, Int32(index), base, Int32(bytes.count), sqliteTransient))
    }

    /// Binds NULL to parameter `index` (1-based).
    public func bindNull(at index: Int) throws {
        try check(sqlite3_bind_null(handle, Int32(index)))
    }

    /// Throws ``DatabaseError`` unless `code` is `SQLITE_OK`.
    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw DatabaseError(code: code, connection: connection, sql: sql) }
    }
}
