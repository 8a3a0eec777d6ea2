import Foundation

/// Reading single records: by path, by id, by content hash.
extension Catalog {
    /// The columns ``ImageRecord/init(row:)`` reads, in order.
    static let imageColumns = """
        id, path, size, mtime_ns, content_hash, width, height, format, status, error_kind, error, \
        model_id, indexed_at, last_seen_run, ctime_ns, inode, root_id, captured_at_ns
        """

    /// The record of `path` (relative to its root) under root `root`, or `nil` if the catalog
    /// has none; with no root, the oldest record of that path under any root.
    /// - Complexity: O(log n) through the unique index on `(root_id, path)` (O(n) without a root).
    public func image(atPath path: String, root: Int64? = nil) throws -> ImageRecord? {
        if let root {
            return try firstImage("SELECT \(Self.imageColumns) FROM images WHERE root_id = ? AND path = ?", [root, path])
        }
        return try firstImage("SELECT \(Self.imageColumns) FROM images WHERE path = ? ORDER BY id LIMIT 1", [path])
    }

    /// The record with row id `id`, or `nil`.
    public func image(id: Int64) throws -> ImageRecord? {
        try firstImage("SELECT \(Self.imageColumns) FROM images WHERE id = ?", [id])
    }

    /// The embedding of image `imageID`, or `nil` if it has none (failed or unknown).
    public func embedding(imageID: Int64) throws -> Embedding? {
        var data: Data?
        try database.forEachRow("SELECT data FROM embeddings WHERE image_id = ?", [imageID]) { data = $0.data(at: 0) }
        return try data.map { try Embedding(float16Data: $0) }
    }

    /// An ok record with this content hash and an embedding from `modelID`, with its embedding.
    ///
    /// This is how a moved or renamed file (or a copy) reuses an embedding instead of decoding
    /// the image again: the caller hashes a new or changed file and, on a match, writes
    /// ``ImageWrite/moved(_:_:)`` with the returned embedding. The embedding is copied out now,
    /// so it stays valid even if the matched record is overwritten later in the same batch.
    /// When several records match, the oldest (lowest id) is returned.
    /// - Complexity: O(log n) through the partial index on `content_hash`.
    public func okImage(contentHash: String, modelID: String) throws -> (record: ImageRecord, embedding: Embedding)? {
        guard let record = try firstImage("""
            SELECT \(Self.imageColumns) FROM images
            WHERE content_hash = ? AND status = 'ok' AND model_id = ? ORDER BY id LIMIT 1
            """, [contentHash, modelID]) else { return nil }
        guard let embedding = try embedding(imageID: record.id) else { return nil }
        return (record, embedding)
    }

    /// Runs `sql` and decodes its first row as an ``ImageRecord``.
    private func firstImage(_ sql: String, _ arguments: [SQLiteBindable?]) throws -> ImageRecord? {
        var record: ImageRecord?
        try database.forEachRow(sql, arguments) { row in
            if record == nil { record = ImageRecord(row: row) }
        }
        return record
    }
}

extension ImageRecord {
    /// Decodes a row selected with ``Catalog/imageColumns``.
    init(row: Statement) {
        let status = ImageStatus(rawValue: row.string(at: 8) ?? "") ?? .failed
        self.init(
            id: row.int64(at: 0),
            path: row.string(at: 1) ?? "",
            stamp: FileStamp(size: row.int64(at: 2), mtimeNanoseconds: row.int64(at: 3),
                             ctimeNanoseconds: row.optionalInt(at: 14).map(Int64.init),
                             inode: row.optionalInt(at: 15).map { UInt64(bitPattern: Int64($0)) }),
            contentHash: row.string(at: 4),
            width: row.optionalInt(at: 5),
            height: row.optionalInt(at: 6),
            format: row.string(at: 7),
            status: status,
            failure: row.string(at: 9).map { ImageFailure(kind: FailureKind($0), message: row.string(at: 10) ?? "") },
            modelID: row.string(at: 11),
            indexedAt: Date(timeIntervalSince1970: row.double(at: 12)),
            lastSeenRun: RunID(rawValue: row.int64(at: 13)),
            rootID: row.int64(at: 16),
            capturedAt: row.optionalInt(at: 17).map { Date(timeIntervalSince1970: Double($0) / 1e9) })
    }
}
