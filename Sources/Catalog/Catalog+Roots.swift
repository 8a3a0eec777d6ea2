import Foundation

/// The folders an index holds (`roots`): each image belongs to one, its path stored relative to it.
///
/// ```swift
/// for root in try catalog.roots() { print(root.path, root.images) }
/// let removed = try catalog.forgetRoot(id: root.id)          // its images go with it
/// let file = try catalog.location(ofImage: 42)?.absolutePath  // "/home/me/Pictures/2024/a.jpg"
/// ```
extension Catalog {
    /// Every root, oldest first, with its image counts.
    /// - Complexity: O(n) over `images` for the counts.
    public func roots() throws -> [RootRecord] {
        var records: [RootRecord] = []
        try database.forEachRow("""
            SELECT r.id, r.path, count(i.id), coalesce(sum(i.status = 'ok'), 0)
            FROM roots r LEFT JOIN images i ON i.root_id = r.id GROUP BY r.id ORDER BY r.id
            """) { row in
            records.append(RootRecord(id: row.int64(at: 0), path: row.string(at: 1) ?? "", images: row.int(at: 2), indexed: row.int(at: 3)))
        }
        return records
    }

    /// The root with this absolute path, or nil.
    public func root(path: String) throws -> RootRecord? {
        try roots().first { $0.path == path }
    }

    /// The id of root `path`, added if the catalog does not hold it yet.
    @discardableResult
    public func addRoot(_ path: String) throws -> Int64 {
        try database.execute("INSERT INTO roots(path) VALUES (?) ON CONFLICT(path) DO NOTHING", [path])
        guard let id = try database.fetchInt64("SELECT id FROM roots WHERE path = ?", [path]) else {
            throw DatabaseError(extendedResultCode: 1, message: "root \(path) was not stored")
        }
        return id
    }

    /// Removes root `id` and every image under it (their embeddings with them), in one transaction.
    ///
    /// Bump the vector generations first and sync the vector files after (as `index` does), so
    /// the removed images leave them too. Hold the ``IndexLock``.
    /// - Returns: How many image records were removed.
    @discardableResult
    public func forgetRoot(id: Int64) throws -> Int {
        try database.transaction {
            try database.execute("DELETE FROM images WHERE root_id = ?", [id])
            let removed = database.changes
            try database.execute("DELETE FROM roots WHERE id = ?", [id])
            try database.execute("UPDATE runs SET root_id = NULL WHERE root_id = ?", [id])
            // `last_root` (for older readers) names a folder still held: the newest, if it went.
            if try database.fetchInt64("SELECT count(*) FROM roots WHERE path = ?", [try meta(.lastRoot) ?? ""]) == 0 {
                try setMeta(.lastRoot, try database.fetchString("SELECT path FROM roots ORDER BY id DESC LIMIT 1"))
            }
            return removed
        }
    }

    /// Where image `id` is: its root and its path under it; nil for an unknown id.
    /// - Complexity: O(log n).
    public func location(ofImage id: Int64) throws -> ImageLocation? {
        let statement = try database.cachedStatement("""
            SELECT r.path, i.path, r.id FROM images i JOIN roots r ON r.id = i.root_id WHERE i.id = ?
            """)
        defer { statement.reset() }
        try statement.bind([id])
        guard try statement.step() else { return nil }
        let location = ImageLocation(rootID: statement.int64(at: 2), root: statement.string(at: 0) ?? "", path: statement.string(at: 1) ?? "")
        while try statement.step() {}
        return location
    }

    /// The locations of the images `ids` (unknown ids are left out).
    /// - Complexity: O(k log n) for k ids.
    public func locations(ofImages ids: [Int64]) throws -> [Int64: ImageLocation] {
        var found: [Int64: ImageLocation] = [:]
        for id in ids where found[id] == nil {
            if let location = try location(ofImage: id) { found[id] = location }
        }
        return found
    }
}

/// One folder of an index (a row of `roots`), with how many images it holds.
public struct RootRecord: Hashable, Sendable {
    /// `roots.id`.
    public var id: Int64
    /// The folder, absolute and standardized as `index` recorded it.
    public var path: String
    /// Records under it, indexed or failed.
    public var images: Int
    /// Records under it with status ok.
    public var indexed: Int

    public init(id: Int64, path: String, images: Int = 0, indexed: Int = 0) {
        self.id = id
        self.path = path
        self.images = images
        self.indexed = indexed
    }

    /// Whether `other` is this folder or inside it.
    public func contains(_ other: String) -> Bool {
        RootRecord.isInside(other, path)
    }

    /// Whether the absolute path `path` is `folder` or inside it.
    public static func isInside(_ path: String, _ folder: String) -> Bool {
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return path == folder || path.hasPrefix(base)
    }
}

/// Where an indexed image is: its root and its path relative to it.
public struct ImageLocation: Hashable, Sendable {
    public var rootID: Int64
    /// The root folder (absolute).
    public var root: String
    /// The stored path, relative to ``root``.
    public var path: String

    public init(rootID: Int64, root: String, path: String) {
        self.rootID = rootID
        self.root = root
        self.path = path
    }

    /// The root joined with the stored path.
    public var absolutePath: String {
        root.isEmpty ? path : root.hasSuffix("/") ? root + path : root + "/" + path
    }
}
