/// One step of a schema's history: what turns version `version - 1` into `version`.
///
/// ```swift
/// let addTags = Migration(version: 2, name: "add tags", sql: """
///     CREATE TABLE tags(image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE, tag TEXT NOT NULL);
///     """)
/// ```
public struct Migration: Sendable {
    /// The schema version after this migration (1 for the first).
    public let version: Int
    /// A short description, for logs and errors.
    public let name: String
    /// Applies the change; runs inside the migrator's transaction.
    public let apply: @Sendable (Database) throws -> Void

    /// A migration that runs Swift code (for data transformations).
    public init(version: Int, name: String, apply: @escaping @Sendable (Database) throws -> Void) {
        self.version = version
        self.name = name
        self.apply = apply
    }

    /// A migration that runs `sql` (one or more `;`-separated statements).
    public init(version: Int, name: String, sql: String) {
        self.init(version: version, name: name) { try $0.execute(sql) }
    }
}

/// Brings a database's schema up to date with an ordered list of migrations.
///
/// The version lives in `PRAGMA user_version` (0 for a new file). ``migrate(_:)`` applies every
/// migration above it, in order, in **one** `BEGIN IMMEDIATE` transaction together with the new
/// version number: either all of them take effect or none does, and two processes opening the
/// same new file at once cannot both migrate it (the second waits, then sees the new version).
public struct Migrator: Sendable {
    /// The migrations, versions 1, 2, 3, ... in order.
    public let migrations: [Migration]

    /// Creates a migrator.
    /// - Precondition: `migrations[i].version == i + 1`.
    public init(_ migrations: [Migration]) {
        for (index, migration) in migrations.enumerated() {
            precondition(migration.version == index + 1, "migration \(migration.name) must have version \(index + 1)")
        }
        self.migrations = migrations
    }

    /// The version a fully migrated database has.
    public var latestVersion: Int { migrations.count }

    /// Applies the pending migrations.
    ///
    /// - Returns: The versions before and after (equal when nothing was pending).
    /// - Throws: ``CatalogError/newerSchema(path:found:supported:)`` if the database is newer
    ///   than ``latestVersion`` (nothing is changed); whatever a migration throws (after rolling
    ///   everything back).
    @discardableResult
    public func migrate(_ database: Database) throws -> (from: Int, to: Int) {
        try database.transaction(.immediate) {
            let current = try database.userVersion()
            guard current <= latestVersion else {
                throw CatalogError.newerSchema(path: database.path, found: current, supported: latestVersion)
            }
            for migration in migrations where migration.version > current {
                try migration.apply(database)
            }
            if current < latestVersion { try database.setUserVersion(latestVersion) }
            return (current, latestVersion)
        }
    }
}
