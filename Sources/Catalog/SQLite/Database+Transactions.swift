import CSQLite

/// How a transaction takes SQLite's locks.
public enum TransactionKind: String, Sendable {
    /// Takes locks when first needed; a read that later writes may fail with `SQLITE_BUSY`.
    case deferred = "DEFERRED"
    /// Takes the write lock at `BEGIN` (waiting up to the busy timeout); the right choice for writes.
    case immediate = "IMMEDIATE"
    /// Like immediate; in WAL mode SQLite treats it the same.
    case exclusive = "EXCLUSIVE"
}

extension Database {
    /// Runs `body` in a transaction: commits if it returns, rolls back if it throws.
    ///
    /// The default `BEGIN IMMEDIATE` takes the write lock up front, so a write transaction either
    /// starts (after waiting up to the busy timeout) or fails at once — never half-way through.
    /// Called while a transaction is already open, it nests as a `SAVEPOINT` that is rolled
    /// back on its own if `body` throws, so transactional helpers compose.
    ///
    /// ```swift
    /// try db.transaction {
    ///     try db.execute("INSERT INTO notes(body) VALUES (?)", ["kept only if all succeed"])
    ///     try db.execute("INSERT INTO notes(body) VALUES (?)", [nil])  // NOT NULL: throws, rolls back both
    /// }
    /// ```
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws (after rolling back), or ``DatabaseError`` from BEGIN/COMMIT.
    @discardableResult
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if isInTransaction { return try savepoint(body) }
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        let result: T
        do {
            result = try body()
        } catch {
            rollbackIgnoringErrors()
            throw error
        }
        do {
            try execute("COMMIT TRANSACTION")
        } catch {
            rollbackIgnoringErrors()
            throw error
        }
        return result
    }

    /// Runs `body` inside a named savepoint of the open transaction.
    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "catalog_savepoint_\(savepointDepth)"
        try execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try execute("RELEASE SAVEPOINT \(name)")
            return result
        } catch {
            if isInTransaction {
                try? execute("ROLLBACK TRANSACTION TO SAVEPOINT \(name)")
                try? execute("RELEASE SAVEPOINT \(name)")
            }
            throw error
        }
    }

    /// Rolls back the open transaction, if SQLite has not already done so on its own.
    ///
    /// Some errors (`SQLITE_FULL`, `SQLITE_IOERR`, ...) make SQLite roll back automatically, after
    /// which a `ROLLBACK` would itself fail; the original error is the one worth reporting.
    private func rollbackIgnoringErrors() {
        if isInTransaction { try? execute("ROLLBACK TRANSACTION") }
    }
}
