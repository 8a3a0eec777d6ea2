import Foundation

/// Indexing runs: begin, finish (which removes records of deleted files), and history.
extension Catalog {
    /// The columns ``RunRecord/init(row:)`` reads, in order.
    static let runColumns = "id, root, model_id, pid, started_at, finished_at, added, updated, unchanged, moved, removed, failed, root_id"

    /// Starts a run of one root: inserts a `runs` row and returns it.
    ///
    /// A run writes, keeps and removes only records of its root (added to `roots` if new), so
    /// the other folders of the index are untouched; index several roots with one run each.
    /// Hold the ``IndexLock`` from before this call until after ``finishRun(_:removeUnseen:)``.
    /// - Parameters:
    ///   - root: The directory being indexed, absolute (its `roots` row; also `meta.last_root`).
    ///   - modelID: The image model that computes this run's embeddings; stored on every ok record.
    public func beginRun(root: String, modelID: String) throws -> RunRecord {
        var record: RunRecord?
        let rootID = try addRoot(root)
        try database.forEachRow("""
            INSERT INTO runs(root, model_id, pid, started_at, root_id) VALUES (?, ?, ?, ?, ?) RETURNING \(Self.runColumns)
            """, [root, modelID, Int(getpid()), Date().timeIntervalSince1970, rootID]) { record = RunRecord(row: $0) }
        guard let record else { throw DatabaseError(extendedResultCode: 1, message: "run insert returned no row") }
        return record
    }

    /// Ends `run`: deletes every record of its root it did not see, records the end, updates `meta`.
    ///
    /// Only this step deletes records, and only in one transaction after every batch of the run
    /// has been committed — so a run that crashes never removes anything, and the next run
    /// (which gets a newer id and sees every file again) does the cleanup.
    ///
    /// - Parameter removeUnseen: Pass `false` when the scan was incomplete (e.g. a directory
    ///   could not be listed) so that records of files not seen are kept for now.
    /// - Returns: The finished run, with `counts.removed` set.
    /// - Throws: ``CatalogError/runNotActive(id:reason:)`` if `run` is finished already or is
    ///   not the newest run (finishing an older, interrupted run would delete everything seen
    ///   only by a newer one).
    @discardableResult
    public func finishRun(_ run: RunRecord, removeUnseen: Bool = true) throws -> RunRecord {
        try database.transaction {
            let newest = try database.fetchInt64("SELECT max(id) FROM runs")
            guard let current = try self.run(id: run.id), !current.isFinished else {
                throw CatalogError.runNotActive(id: run.id.rawValue, reason: "it is already finished or unknown")
            }
            guard newest == run.id.rawValue else {
                throw CatalogError.runNotActive(id: run.id.rawValue, reason: "a newer run (\(newest ?? 0)) has started since")
            }
            var removed = 0
            if removeUnseen {
                try database.execute("DELETE FROM images WHERE root_id = ? AND last_seen_run < ?", [run.rootID, run.id.rawValue])
                removed = database.changes
            }
            try database.execute("UPDATE runs SET finished_at = ?, removed = ? WHERE id = ?",
                                 [Date().timeIntervalSince1970, removed, run.id.rawValue])
            try setMeta(.imageModelID, run.modelID)
            try setMeta(.lastRoot, run.root)
            guard let finished = try self.run(id: run.id) else { throw CatalogError.runNotActive(id: run.id.rawValue, reason: "it vanished") }
            return finished
        }
    }

    /// How many records of its root `run` has not seen so far (those ``finishRun(_:removeUnseen:)`` would delete).
    public func unseenCount(run: RunID) throws -> Int {
        Int(try database.fetchInt64("""
            SELECT count(*) FROM images WHERE root_id = (SELECT root_id FROM runs WHERE id = ?1) AND last_seen_run < ?1
            """, [run.rawValue]) ?? 0)
    }

    /// The run with id `id`, or `nil`.
    public func run(id: RunID) throws -> RunRecord? {
        try runs(where: "WHERE id = ?", [id.rawValue]).first
    }

    /// The newest run, finished or not (an unfinished one is running or was interrupted).
    public func lastRun() throws -> RunRecord? {
        try runs(where: "ORDER BY id DESC LIMIT 1", []).first
    }

    /// The newest finished run.
    public func lastFinishedRun() throws -> RunRecord? {
        try runs(where: "WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1", []).first
    }

    /// All runs, oldest first.
    public func allRuns() throws -> [RunRecord] {
        try runs(where: "ORDER BY id", [])
    }

    /// Runs `SELECT runColumns FROM runs <clause>`.
    private func runs(where clause: String, _ arguments: [SQLiteBindable?]) throws -> [RunRecord] {
        var records: [RunRecord] = []
        try database.forEachRow("SELECT \(Self.runColumns) FROM runs \(clause)", arguments) { records.append(RunRecord(row: $0)) }
        return records
    }
}

extension RunRecord {
    /// Decodes a row selected with ``Catalog/runColumns``.
    init(row: Statement) {
        self.init(
            id: RunID(rawValue: row.int64(at: 0)),
            root: row.string(at: 1) ?? "",
            modelID: row.string(at: 2) ?? "",
            pid: Int32(truncatingIfNeeded: row.int64(at: 3)),
            startedAt: Date(timeIntervalSince1970: row.double(at: 4)),
            finishedAt: row.isNull(at: 5) ? nil : Date(timeIntervalSince1970: row.double(at: 5)),
            counts: RunCounts(added: row.int(at: 6), updated: row.int(at: 7), unchanged: row.int(at: 8),
                              moved: row.int(at: 9), removed: row.int(at: 10), failed: row.int(at: 11)),
            rootID: row.isNull(at: 12) ? nil : row.int64(at: 12))
    }
}
