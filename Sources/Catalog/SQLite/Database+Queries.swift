import CSQLite

/// Small conveniences for one-value queries, row iteration and pragmas.
extension Database {
    /// Runs `sql` with `arguments` and calls `body` for each row, reusing a cached statement.
    ///
    /// Do not keep the statement after `body` returns; read the columns you need inside it.
    public func forEachRow(_ sql: String, _ arguments: [SQLiteBindable?] = [],
                           _ body: (Statement) throws -> Void) throws {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        while try statement.step() { try body(statement) }
    }

    /// The first column of the first row as an integer, or `nil` for no row or NULL.
    public func fetchInt64(_ sql: String, _ arguments: [SQLiteBindable?] = []) throws -> Int64? {
        var value: Int64?
        try firstRow(sql, arguments) { value = $0.isNull(at: 0) ? nil : $0.int64(at: 0) }
        return value
    }

    /// The first column of the first row as text, or `nil` for no row or NULL.
    public func fetchString(_ sql: String, _ arguments: [SQLiteBindable?] = []) throws -> String? {
        var value: String?
        try firstRow(sql, arguments) { value = $0.string(at: 0) }
        return value
    }

    /// Calls `body` with the first row, if any.
    private func firstRow(_ sql: String, _ arguments: [SQLiteBindable?], _ body: (Statement) -> Void) throws {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        if try statement.step() { body(statement) }
    }

    /// `PRAGMA user_version`: the schema version number kept in the file header.
    public func userVersion() throws -> Int {
        Int(try fetchInt64("PRAGMA user_version") ?? 0)
    }

    /// Sets `PRAGMA user_version`; transactional like any other write.
    public func setUserVersion(_ version: Int) throws {
        try execute("PRAGMA user_version = \(version)")
    }

    /// `PRAGMA application_id`: a 32-bit number identifying the application that owns the file.
    public func applicationID() throws -> Int32 {
        Int32(truncatingIfNeeded: try fetchInt64("PRAGMA application_id") ?? 0)
    }

    /// The journal mode, lowercased (`"wal"`, `"delete"`, `"memory"`, ...).
    public func journalMode() throws -> String {
        (try fetchString("PRAGMA journal_mode") ?? "").lowercased()
    }

    /// Runs `PRAGMA integrity_check` and returns its lines; `["ok"]` means no problems were found.
    /// - Complexity: O(size of the database): it reads every page.
    public func integrityCheck() throws -> [String] {
        var lines: [String] = []
        try forEachRow("PRAGMA integrity_check") { lines.append($0.string(at: 0) ?? "") }
        return lines
    }

    /// The names of the user tables in the main schema, sorted.
    public func tableNames() throws -> [String] {
        var names: [String] = []
        try forEachRow("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name") {
            names.append($0.string(at: 0) ?? "")
        }
        return names
    }
}
