import CSQLite
import Foundation

/// The catalog of one index: every indexed image with its embedding, the runs, and metadata.
///
/// Open it read-write to index (this creates and migrates the file) or read-only to query:
///
/// ```swift
/// let index = IndexDirectory(path: "indexes/default")
/// let lock = try IndexLock.acquire(index, wait: false)     // writers only; see IndexLock
/// let catalog = try Catalog(directory: index)              // read-write, migrated
///
/// let reader = try Catalog(directory: index, mode: .readOnly)  // no lock needed (WAL)
/// let matrix = try reader.loadEmbeddings()
/// ```
///
/// Connection settings (per connection, set on every open):
/// - `journal_mode=WAL` (persistent): readers never block the writer or each other, and a
///   reader sees a consistent snapshot while a batch commits.
/// - `synchronous=NORMAL`: in WAL mode a commit is durable against a process crash (`kill -9`)
///   as soon as it returns; only an OS crash or power cut can lose the last commits, never
///   corrupt the file. The catalog is a cache of the photos, so re-embedding a few images after
///   a power cut is cheaper than an `fsync` per batch (`FULL`).
/// - `foreign_keys=ON`, and a 5 s busy timeout.
///
/// A `Catalog` wraps one connection and is not thread-safe; open one per thread.
public final class Catalog {
    /// How a catalog is opened.
    public enum AccessMode: Sendable {
        /// Create the directory and file if needed, enable WAL, apply migrations.
        case readWrite
        /// The file must exist at the current schema version; writes fail.
        case readOnly
    }

    /// The index directory.
    public let directory: IndexDirectory
    /// The SQLite connection (for queries this type does not offer).
    public let database: Database
    /// How the catalog was opened.
    public let mode: AccessMode

    /// Opens the catalog of `directory`.
    ///
    /// - Throws: ``CatalogError/newerSchema(path:found:supported:)`` for a catalog written by a
    ///   newer version; ``CatalogError/notACatalog(path:reason:)`` for any other file;
    ///   ``CatalogError/missing(path:)`` or ``CatalogError/outdatedSchema(path:found:required:)``
    ///   in read-only mode; ``DatabaseError`` for SQLite failures.
    public init(directory: IndexDirectory, mode: AccessMode = .readWrite, busyTimeout: Double = 5) throws {
        let path = directory.catalogURL.path
        try directory.checkNotAFile()
        if mode == .readOnly, !FileManager.default.fileExists(atPath: path) {
            throw CatalogError.missing(path: path)
        }
        if mode == .readWrite { try directory.create() }
        let flags: Database.OpenFlags = mode == .readWrite ? [.readWrite, .create] : [.readOnly]
        self.directory = directory
        self.mode = mode
        self.database = try Database(path: path, flags: flags, busyTimeout: busyTimeout)
        do {
            try prepareConnection()
        } catch let CatalogError.outdatedSchema(_, found, _) where mode == .readOnly && found >= 1 {
            // A catalog of an older litsearch: upgraded in place (its migrations only add
            // columns), then read. Where it cannot be written, the error says to run `index`.
            _ = try? Catalog(directory: directory, mode: .readWrite, busyTimeout: busyTimeout)
            try prepareConnection()
        } catch let error as DatabaseError where error.resultCode == SQLITE_NOTADB {
            throw CatalogError.notACatalog(path: path, reason: error.message)
        }
    }

    /// Opens the catalog in the directory at `path`.
    public convenience init(path: String, mode: AccessMode = .readWrite) throws {
        try self.init(directory: IndexDirectory(path: path), mode: mode)
    }

    /// Checks the file is ours, configures the connection and (read-write) migrates.
    private func prepareConnection() throws {
        let version = try checkIdentity()
        if mode == .readOnly {
            guard version == CatalogSchema.latestVersion else {
                throw CatalogError.outdatedSchema(path: database.path, found: version, required: CatalogSchema.latestVersion)
            }
        } else {
            if version == 0 {
                // Only takes effect before the first table exists; 8 KiB pages hold three
                // 2.5 KiB embedding rows instead of one per 4 KiB page.
                try database.execute("PRAGMA page_size = 8192")
            }
            let journal = (try database.fetchString("PRAGMA journal_mode = WAL") ?? "").lowercased()
            guard journal == "wal" else { throw CatalogError.walUnavailable(path: database.path, journalMode: journal) }
            try database.execute("PRAGMA synchronous = NORMAL")
        }
        try database.execute("PRAGMA foreign_keys = ON")
        if mode == .readWrite {
            try CatalogSchema.migrator.migrate(database)
            // Made once; OR IGNORE keeps the first of two processes that open a new catalog at once.
            try database.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)",
                                 [MetaKey.catalogID.rawValue, UUID().uuidString.lowercased()])
        }
    }

    /// Refuses files that belong to another program or to a newer litsearch.
    ///
    /// - Returns: The file's schema version (0 for a new, empty file).
    private func checkIdentity() throws -> Int {
        let path = database.path
        let version = try database.userVersion()
        let application = try database.applicationID()
        if application != 0 && application != CatalogSchema.applicationID {
            throw CatalogError.notACatalog(path: path, reason: "it belongs to another program (application_id \(application))")
        }
        if application == 0 {
            let tables = try database.tableNames()
            if version != 0 || !tables.isEmpty {
                let list = tables.prefix(5).joined(separator: ", ")
                throw CatalogError.notACatalog(path: path, reason: "it is a SQLite database of another program (tables: \(list))")
            }
        }
        guard version <= CatalogSchema.latestVersion else {
            throw CatalogError.newerSchema(path: path, found: version, supported: CatalogSchema.latestVersion)
        }
        return version
    }
}
