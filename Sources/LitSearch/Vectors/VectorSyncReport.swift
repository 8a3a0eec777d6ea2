/// What bringing the vector file up to date did, for the `index` summary (`"vectors"` in `--json`).
public struct VectorSyncReport: Encodable, Sendable {
    /// What happened to the file.
    public enum Action: String, Encodable, Sendable {
        /// The file already matched the catalog (at most its generation was reconciled).
        case unchanged
        /// New vectors were added and removed ones tombstoned, without retraining.
        case updated
        /// The file was built (or retrained) from the catalog's embeddings.
        case rebuilt
    }

    public var action: Action = .unchanged
    /// Why it was rebuilt, when it was.
    public var reason: String?
    /// `exact`, `pq`, `opq+pq`, `ivf-pq` or `opq+ivf-pq`.
    public var kind = "exact"
    /// Live vectors in the file.
    public var vectors = 0
    /// Vectors added (new or changed embeddings) by an update.
    public var added = 0
    /// Vectors tombstoned (removed or changed embeddings) by an update.
    public var removed = 0
    /// Generation now shared by the catalog and the file.
    public var generation: UInt64 = 0
    /// Things people should know (a damaged or stale file and what was done); printed on stderr.
    public var notes: [String] = []
    public var seconds = 0.0
    /// The file's search space (`identity/…`, `joint/…`).
    public var label: String?
    /// Ids tombstoned and added by an update (empty when unchanged, nil when rebuilt): another
    /// file of the same catalog applies them instead of comparing every vector.
    public var changes: VectorChanges?

    enum CodingKeys: String, CodingKey {
        case action, reason, kind, vectors, added, removed, generation, notes, seconds, label = "search_space"
    }
}

/// What an update changed in a vector file: ids tombstoned (gone or changed) and ids added (new
/// or changed), in catalog ids.
public struct VectorChanges: Sendable, Equatable {
    public var removed: [Int64]
    public var added: [Int64]

    public init(removed: [Int64], added: [Int64]) {
        self.removed = removed
        self.added = added
    }
}
