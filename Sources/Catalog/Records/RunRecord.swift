import Foundation

/// The id of one indexing run (`runs.id`); ids only increase.
public struct RunID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { "run \(rawValue)" }
    public static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How many files an indexing run found in each state.
public struct RunCounts: Hashable, Sendable {
    /// New paths indexed with a freshly computed embedding.
    public var added = 0
    /// Known paths whose file changed, re-indexed.
    public var updated = 0
    /// Known paths whose stamp matched: not read again.
    public var unchanged = 0
    /// New paths whose content matched an existing record: embedding reused.
    public var moved = 0
    /// Records deleted at the end of the run because their file was not seen.
    public var removed = 0
    /// Files recorded as failed in this run.
    public var failed = 0

    /// Creates counts, all zero by default.
    public init(added: Int = 0, updated: Int = 0, unchanged: Int = 0, moved: Int = 0, removed: Int = 0, failed: Int = 0) {
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
        self.moved = moved
        self.removed = removed
        self.failed = failed
    }

    /// Adds the counts of `other` to these.
    public mutating func add(_ other: RunCounts) {
        added += other.added
        updated += other.updated
        unchanged += other.unchanged
        moved += other.moved
        removed += other.removed
        failed += other.failed
    }
}

/// One row of `runs`: an indexing run, finished or not.
///
/// A run whose ``finishedAt`` is `nil` and that is not the newest was interrupted (the process
/// died); its committed batches are kept and the next run skips them as unchanged.
public struct RunRecord: Hashable, Sendable {
    /// The run id.
    public var id: RunID
    /// The indexed root directory, as the caller gave it.
    public var root: String
    /// The image model id of the run.
    public var modelID: String
    /// The process that ran it.
    public var pid: Int32
    /// When the run began.
    public var startedAt: Date
    /// When the run finished; `nil` while running or if it was interrupted.
    public var finishedAt: Date?
    /// Counts so far (updated with every committed batch, final once finished).
    public var counts: RunCounts
    /// The root's `roots.id`; nil for runs of a catalog older than roots, or of a root since forgotten.
    public var rootID: Int64? = nil

    /// Whether the run completed (removed unseen records and recorded its end).
    public var isFinished: Bool { finishedAt != nil }
}
