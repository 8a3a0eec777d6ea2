import Foundation

/// Writing image records. Every write stamps the record with the run that saw it.
extension Catalog {
    /// Applies `writes` and adds their counts to `run`, all in one transaction.
    ///
    /// This is the unit of crash safety: after a `kill -9` either the whole batch is in the
    /// catalog or none of it is. Called inside an open transaction, it nests as a savepoint.
    ///
    /// ```swift
    /// let counts = try catalog.apply([.unchanged(path: "a.jpg"), .added(entry, embedding)], in: run)
    /// ```
    /// - Returns: The counts of this batch.
    /// - Throws: ``CatalogError/runNotActive(id:reason:)`` if `run` is finished;
    ///   ``CatalogError/unknownImage(path:)`` for `.unchanged` of a path with no record;
    ///   ``CatalogError/invalidEmbedding(_:)`` for an embedding of the wrong size. Nothing of
    ///   the batch is written when it throws.
    /// - Complexity: O(k log n) for k writes.
    @discardableResult
    public func apply(_ writes: [ImageWrite], in run: RunRecord) throws -> RunCounts {
        try database.transaction {
            var counts = RunCounts()
            for write in writes {
                try apply(write, run: run)
                counts.add(write.counts)
            }
            try database.execute("""
                UPDATE runs SET added = added + ?, updated = updated + ?, unchanged = unchanged + ?,
                    moved = moved + ?, failed = failed + ?
                WHERE id = ? AND finished_at IS NULL
                """, [counts.added, counts.updated, counts.unchanged, counts.moved, counts.failed, run.id.rawValue])
            guard database.changes == 1 else {
                throw CatalogError.runNotActive(id: run.id.rawValue, reason: "it is finished or unknown")
            }
            return counts
        }
    }

    /// Writes one record (without touching the run's counts).
    private func apply(_ write: ImageWrite, run: RunRecord) throws {
        switch write {
        case let .unchanged(path):
            try markSeen(path: path, run: run.id)
        case let .restamped(path, stamp):
            try database.execute("""
                UPDATE images SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ?, last_seen_run = ? WHERE root_id = ? AND path = ?
                """, [stamp.size, stamp.mtimeNanoseconds, stamp.ctimeNanoseconds, stamp.inode.map { Int64(bitPattern: $0) },
                      run.id.rawValue, run.rootID, path])
            guard database.changes == 1 else { throw CatalogError.unknownImage(path: path) }
        case let .added(entry, embedding), let .updated(entry, embedding), let .moved(entry, embedding):
            try storeOK(entry, embedding: embedding, modelID: run.modelID, run: run.id)
        case let .failed(entry, failure):
            try storeFailed(entry, failure: failure, run: run.id)
        }
    }

    /// Marks the record of `path` (under the run's root) as seen by `run`, so
    /// ``finishRun(_:removeUnseen:)`` keeps it.
    /// - Throws: ``CatalogError/unknownImage(path:)`` if there is no record for `path`.
    public func markSeen(path: String, run: RunID) throws {
        try database.execute("""
            UPDATE images SET last_seen_run = ?1 WHERE path = ?2 AND root_id = (SELECT root_id FROM runs WHERE id = ?1)
            """, [run.rawValue, path])
        guard database.changes == 1 else { throw CatalogError.unknownImage(path: path) }
    }

    /// Marks every record under the folder `prefix` (a path relative to the run's root, or `.` for
    /// the root itself) as seen by `run`, so that a folder the walk could not list loses nothing.
    ///
    /// ```swift
    /// try catalog.markSeen(under: "holidays/2019", run: run.id)   // kept although unlistable
    /// ```
    /// - Returns: How many records were kept.
    /// - Complexity: O(log n + k) through the unique index on `path`, for k records under it.
    @discardableResult
    public func markSeen(under prefix: String, run: RunID) throws -> Int {
        if prefix == "." || prefix.isEmpty {
            try database.execute("""
                UPDATE images SET last_seen_run = ?1 WHERE last_seen_run < ?1 AND root_id = (SELECT root_id FROM runs WHERE id = ?1)
                """, [run.rawValue])
        } else {
            // Paths under "D/" are exactly those in ["D/", "D0") in SQLite's byte order ('0' follows '/').
            let folder = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
            try database.execute("""
                UPDATE images SET last_seen_run = ?1 WHERE last_seen_run < ?1 AND path >= ?2 AND path < ?3
                    AND root_id = (SELECT root_id FROM runs WHERE id = ?1)
                """, [run.rawValue, folder + "/", folder + "0"])
        }
        return database.changes
    }

    /// Inserts or replaces the ok record of `entry.path` (under the root of `run`) with its embedding.
    ///
    /// An existing record of the path keeps its id. Both rows are written in one transaction
    /// (a savepoint if one is open).
    /// - Returns: The record's id.
    @discardableResult
    public func storeOK(_ entry: ImageEntry, embedding: Embedding, modelID: String, run: RunID) throws -> Int64 {
        guard embedding.count == Embedding.dimension else {
            throw CatalogError.invalidEmbedding("\(entry.path): \(embedding.count) values, expected \(Embedding.dimension)")
        }
        return try database.transaction {
            let id = try upsert(entry, status: .ok, failure: nil, modelID: modelID, run: run)
            try database.execute("""
                INSERT INTO embeddings(image_id, data) VALUES (?, ?)
                ON CONFLICT(image_id) DO UPDATE SET data = excluded.data
                """, [id, embedding.float16Data])
            return id
        }
    }

    /// Inserts or replaces the failed record of `entry.path` (dropping any old embedding).
    /// - Returns: The record's id.
    @discardableResult
    public func storeFailed(_ entry: ImageEntry, failure: ImageFailure, run: RunID) throws -> Int64 {
        try database.transaction {
            let id = try upsert(entry, status: .failed, failure: failure, modelID: nil, run: run)
            try database.execute("DELETE FROM embeddings WHERE image_id = ?", [id])
            return id
        }
    }

    /// Inserts or updates the `images` row of `entry.path`; returns its id.
    private func upsert(_ entry: ImageEntry, status: ImageStatus, failure: ImageFailure?,
                        modelID: String?, run: RunID) throws -> Int64 {
        let statement = try database.cachedStatement("""
            INSERT INTO images(path, size, mtime_ns, content_hash, width, height, format, status,
                               error_kind, error, model_id, indexed_at, last_seen_run, ctime_ns, inode, root_id, captured_at_ns)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, (SELECT root_id FROM runs WHERE id = ?13), ?16)
            ON CONFLICT(root_id, path) DO UPDATE SET
                size = excluded.size, mtime_ns = excluded.mtime_ns, content_hash = excluded.content_hash,
                ctime_ns = excluded.ctime_ns, inode = excluded.inode,
                width = excluded.width, height = excluded.height, format = excluded.format,
                captured_at_ns = excluded.captured_at_ns,
                status = excluded.status, error_kind = excluded.error_kind, error = excluded.error,
                model_id = excluded.model_id, indexed_at = excluded.indexed_at,
                last_seen_run = excluded.last_seen_run
            RETURNING id
            """)
        defer { statement.reset() }
        try statement.bind([
            entry.path, entry.stamp.size, entry.stamp.mtimeNanoseconds, entry.contentHash,
            entry.width, entry.height, entry.format, status.rawValue,
            failure?.kind.rawValue, failure?.message, modelID, Date().timeIntervalSince1970, run.rawValue,
            entry.stamp.ctimeNanoseconds, entry.stamp.inode.map { Int64(bitPattern: $0) },
            entry.capturedAt.map { Int64(($0.timeIntervalSince1970 * 1e9).rounded()) },
        ])
        guard try statement.step() else {
            throw DatabaseError(extendedResultCode: 1, message: "upsert returned no id", sql: statement.sql)
        }
        let id = statement.int64(at: 0)
        while try statement.step() {}
        return id
    }
}
