import Catalog

/// What one `index` run did, for the summary line and `--json`.
public struct IndexSummary: Encodable, Sendable {
    /// A file that could not be indexed.
    public struct Failure: Encodable, Sendable {
        /// The path relative to its root.
        public let path: String
        public let kind: String
        public let message: String
        /// The root the path is under, when the run indexed several (absent from JSON otherwise).
        public let root: String?

        public init(path: String, kind: String, message: String, root: String? = nil) {
            self.path = path
            self.kind = kind
            self.message = message
            self.root = root
        }

        /// The path to show: under its root when it has one.
        public var shownPath: String { root.map { $0 + "/" + path } ?? path }
    }

    /// The first root of the run (the only one, when it indexed one folder).
    public var root: String
    /// Every root walked in this run, in the order given.
    public var roots: [String] = []
    public var index: String
    public var modelID: String
    /// Image files found under the root (readable or not).
    public var found = 0
    /// Other files under the root (not images by their extension), left alone.
    public var ignored = 0
    /// Hidden files and folders skipped (names starting with `.`; a folder counts once).
    public var hidden = 0
    /// Files and folders left out by `--exclude` or `.litsearchignore` (a folder counts once).
    public var excluded = 0
    /// The run's counts as the catalog committed them (added, updated, moved, unchanged,
    /// removed, failed).
    public var counts = RunCounts()
    public var added: Int { counts.added }
    public var updated: Int { counts.updated }
    public var moved: Int { counts.moved }
    public var unchanged: Int { counts.unchanged }
    /// Records of files that no longer exist.
    public var removed: Int { counts.removed }
    public var failed: Int { counts.failed }
    /// Failed files counted by reason (`corrupt`, `truncated`, `unsupported`, …).
    public var failuresByKind: [String: Int] = [:]
    /// The files that failed in this run, with their reasons.
    public var failures: [Failure] = []
    public var seconds = 0.0
    /// Images decoded and embedded in this run: the added and updated ones.
    public var embedded: Int { counts.added + counts.updated }
    /// What happened to the vector file at the end of the run.
    public var vectors: VectorSyncReport?
    /// What the run chose not to do, one line each (e.g. records kept under an unlistable folder).
    public var notes: [String] = []
    /// What happened to the joint vector file (text queries), when a text model is installed.
    public var joint: VectorSyncReport?

    /// Embedded images per second of wall time.
    public var imagesPerSecond: Double { seconds > 0 ? Double(embedded) / seconds : 0 }

    enum CodingKeys: String, CodingKey {
        case root, roots, index, modelID = "model_id", found, ignored, hidden, excluded, added, updated, moved, unchanged, removed, failed
        case failuresByKind = "failures_by_kind", failures, seconds, embedded, imagesPerSecond = "images_per_second", vectors
        case joint, notes
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(root, forKey: .root)
        try container.encode(roots, forKey: .roots)
        try container.encode(index, forKey: .index)
        try container.encode(modelID, forKey: .modelID)
        try container.encode(found, forKey: .found)
        try container.encode(ignored, forKey: .ignored)
        try container.encode(hidden, forKey: .hidden)
        try container.encode(excluded, forKey: .excluded)
        try container.encode(added, forKey: .added)
        try container.encode(updated, forKey: .updated)
        try container.encode(moved, forKey: .moved)
        try container.encode(unchanged, forKey: .unchanged)
        try container.encode(removed, forKey: .removed)
        try container.encode(failed, forKey: .failed)
        try container.encode(failuresByKind, forKey: .failuresByKind)
        try container.encode(failures, forKey: .failures)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(embedded, forKey: .embedded)
        try container.encode(imagesPerSecond, forKey: .imagesPerSecond)
        try container.encodeIfPresent(vectors, forKey: .vectors)
        try container.encodeIfPresent(joint, forKey: .joint)
        try container.encode(notes, forKey: .notes)
    }

    /// One line for people: what changed and what failed, by reason.
    public var line: String {
        var parts = ["\(added) added", "\(updated) updated", "\(moved) moved", "\(unchanged) unchanged", "\(removed) removed"]
        if failed > 0 {
            let reasons = failuresByKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            parts.append("\(failed) failed (\(reasons))")
        } else {
            parts.append("0 failed")
        }
        let rate = embedded > 0 ? String(format: ", %.1f images/s", imagesPerSecond) : ""
        var skipped: [String] = []
        if ignored > 0 { skipped.append("\(ignored) other files ignored") }
        if hidden > 0 { skipped.append("\(hidden) hidden skipped") }
        if excluded > 0 { skipped.append("\(excluded) excluded") }
        let others = skipped.isEmpty ? "" : " (" + skipped.joined(separator: ", ") + ")"
        return "indexed \(found) image files\(others) in " + String(format: "%.1fs", seconds) + rate + ": " + parts.joined(separator: ", ")
    }
}
