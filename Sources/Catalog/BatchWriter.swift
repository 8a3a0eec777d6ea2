/// Collects one run's writes in memory and commits them in batches, one transaction each.
///
/// Each ``add(_:)`` only appends to memory; every `batchSize` writes the batch is applied
/// with ``Catalog/apply(_:in:)`` in a single short transaction. A `kill -9` therefore loses at
/// most the writes not yet committed (fewer than `batchSize`); the next run finds the committed
/// records unchanged and skips them. Nothing is ever deleted before ``finish(removeUnseen:)``.
///
/// ```swift
/// let run = try catalog.beginRun(root: root.path, modelID: tower.modelID)
/// let writer = BatchWriter(catalog: catalog, run: run, batchSize: 64)
/// for file in files {
///     if let record = try catalog.image(atPath: file.path), record.stamp == file.stamp,
///        record.status == .failed || record.modelID == run.modelID {
///         try writer.add(.unchanged(path: file.path))
///     } else {
///         try writer.add(.added(entry, Embedding(try tower.embed(image))))
///     }
/// }
/// let finished = try writer.finish()   // commits the tail, removes unseen records
/// print(finished.counts)
/// ```
///
/// Because the writes wait in memory, a lookup (e.g. ``Catalog/okImage(contentHash:modelID:)``)
/// does not see the pending ones; at worst a duplicate file in the same batch is embedded twice.
public final class BatchWriter {
    /// The catalog written to.
    public let catalog: Catalog
    /// The run the writes belong to.
    public let run: RunRecord
    /// Writes per transaction.
    public let batchSize: Int
    /// Writes added but not yet committed.
    public private(set) var pending: [ImageWrite] = []
    /// Counts of the writes committed so far by this writer.
    public private(set) var committed = RunCounts()

    /// Creates a writer for `run` that commits every `batchSize` writes (default 64).
    public init(catalog: Catalog, run: RunRecord, batchSize: Int = 64) {
        precondition(batchSize > 0, "batchSize must be positive")
        self.catalog = catalog
        self.run = run
        self.batchSize = batchSize
        pending.reserveCapacity(batchSize)
    }

    /// Queues `write`, committing the batch when it reaches `batchSize`.
    /// - Throws: What ``flush()`` throws.
    public func add(_ write: ImageWrite) throws {
        pending.append(write)
        if pending.count >= batchSize { try flush() }
    }

    /// Commits the pending writes in one transaction.
    ///
    /// If it throws, nothing of the batch was written and the writes stay pending.
    public func flush() throws {
        guard !pending.isEmpty else { return }
        committed.add(try catalog.apply(pending, in: run))
        pending.removeAll(keepingCapacity: true)
    }

    /// Commits the pending writes, then finishes the run (see ``Catalog/finishRun(_:removeUnseen:)``).
    /// - Returns: The finished run with its final counts.
    @discardableResult
    public func finish(removeUnseen: Bool = true) throws -> RunRecord {
        try flush()
        return try catalog.finishRun(run, removeUnseen: removeUnseen)
    }
}
