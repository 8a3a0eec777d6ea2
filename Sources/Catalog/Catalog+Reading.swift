import Foundation

/// Summaries for `status`-style commands: counts, failures, sizes.
extension Catalog {
    /// The number of records of each status; statuses with no records are absent.
    /// - Complexity: O(n) over the `(status, error_kind)` index, not the table.
    public func statusCounts() throws -> [ImageStatus: Int] {
        var counts: [ImageStatus: Int] = [:]
        try database.forEachRow("SELECT status, count(*) FROM images GROUP BY status") { row in
            if let status = ImageStatus(rawValue: row.string(at: 0) ?? "") { counts[status] = row.int(at: 1) }
        }
        return counts
    }

    /// The number of failed records of each failure kind, most frequent first (ties by name).
    public func failureCounts() throws -> [(kind: FailureKind, count: Int)] {
        var counts: [(kind: FailureKind, count: Int)] = []
        try database.forEachRow("""
            SELECT error_kind, count(*) AS n FROM images WHERE status = 'failed'
            GROUP BY error_kind ORDER BY n DESC, error_kind
            """) { counts.append((FailureKind($0.string(at: 0) ?? ""), $0.int(at: 1))) }
        return counts
    }

    /// Failed records, ordered by kind then path; only those of `kind` when given.
    public func failedImages(kind: FailureKind? = nil) throws -> [ImageRecord] {
        var records: [ImageRecord] = []
        let filter = kind == nil ? "" : "AND error_kind = ?"
        try database.forEachRow("""
            SELECT \(Self.imageColumns) FROM images WHERE status = 'failed' \(filter) ORDER BY error_kind, path
            """, kind.map { [$0.rawValue] } ?? []) { records.append(ImageRecord(row: $0)) }
        return records
    }

    /// Sizes of the catalog and of what it indexes.
    public func statistics() throws -> CatalogStatistics {
        var statistics = CatalogStatistics()
        try database.forEachRow("""
            SELECT count(*), coalesce(sum(status = 'ok'), 0), coalesce(sum(size), 0) FROM images
            """) { row in
            statistics.imageCount = row.int(at: 0)
            statistics.okCount = row.int(at: 1)
            statistics.indexedBytes = row.int64(at: 2)
        }
        statistics.embeddingBytes = try database.fetchInt64("SELECT coalesce(sum(length(data)), 0) FROM embeddings") ?? 0
        let files = ["", "-wal", "-shm"].map { directory.catalogURL.path + $0 }
        statistics.catalogFileBytes = files.reduce(0) { total, path in
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
            return total + (size ?? 0)
        }
        return statistics
    }
}

/// Counts and sizes of a catalog (see ``Catalog/statistics()``).
public struct CatalogStatistics: Hashable, Sendable {
    /// Records of any status.
    public var imageCount = 0
    /// Records with status `ok`.
    public var okCount = 0
    /// Records with status `failed`.
    public var failedCount: Int { imageCount - okCount }
    /// Sum of the recorded file sizes (bytes of photos indexed or attempted).
    public var indexedBytes: Int64 = 0
    /// Bytes of stored embeddings (2 per value).
    public var embeddingBytes: Int64 = 0
    /// Bytes on disk of `catalog.sqlite` with its `-wal` and `-shm` files.
    public var catalogFileBytes: Int64 = 0
}
