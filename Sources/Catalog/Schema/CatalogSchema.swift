/// The catalog's schema: its migrations and how a catalog file is recognised.
///
/// See `docs/catalog.md` for the meaning of every column.
public enum CatalogSchema {
    /// `PRAGMA application_id` of catalog files: the ASCII bytes `LiTS`.
    public static let applicationID: Int32 = 0x4C69_5453

    /// Every migration, in order; append new ones, never edit released ones.
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "images, runs and meta", sql: version1),
        Migration(version: 2, name: "change time and inode in the stamp", sql: version2),
        Migration(version: 3, name: "several roots per index", apply: version3),
        Migration(version: 4, name: "capture time from EXIF", sql: version4),
    ]

    /// The migrator for ``migrations``.
    public static let migrator = Migrator(migrations)

    /// The schema version this build reads and writes.
    public static var latestVersion: Int { migrator.latestVersion }

    /// Version 4: when a photo was taken (EXIF `DateTimeOriginal`, nanoseconds since 1970 UTC),
    /// which `query --since/--until` prefer to the modification time. NULL where the file has no
    /// such date, and in records written before until their file is read again.
    static let version4 = """
        ALTER TABLE images ADD COLUMN captured_at_ns INTEGER;
        """

    /// Version 2: a file's change time and inode join its stamp (`FileStamp`), so content put
    /// back under an old size and mtime is noticed. NULL in records written before.
    static let version2 = """
        ALTER TABLE images ADD COLUMN ctime_ns INTEGER;
        ALTER TABLE images ADD COLUMN inode INTEGER;
        """

    /// Version 1: the initial schema.
    static let version1 = """
        PRAGMA application_id = \(applicationID);

        CREATE TABLE meta (
            key   TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE runs (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            root        TEXT    NOT NULL,
            model_id    TEXT    NOT NULL,
            pid         INTEGER NOT NULL,
            started_at  REAL    NOT NULL,
            finished_at REAL,
            added       INTEGER NOT NULL DEFAULT 0,
            updated     INTEGER NOT NULL DEFAULT 0,
            unchanged   INTEGER NOT NULL DEFAULT 0,
            moved       INTEGER NOT NULL DEFAULT 0,
            removed     INTEGER NOT NULL DEFAULT 0,
            failed      INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE images (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            path          TEXT    NOT NULL UNIQUE,
            size          INTEGER NOT NULL,
            mtime_ns      INTEGER NOT NULL,
            content_hash  TEXT,
            width         INTEGER,
            height        INTEGER,
            format        TEXT,
            status        TEXT    NOT NULL CHECK (status IN ('ok', 'failed')),
            error_kind    TEXT,
            error         TEXT,
            model_id      TEXT,
            indexed_at    REAL    NOT NULL,
            last_seen_run INTEGER NOT NULL REFERENCES runs(id),
            CHECK (status <> 'ok' OR (model_id IS NOT NULL AND error_kind IS NULL)),
            CHECK (status <> 'failed' OR error_kind IS NOT NULL)
        );

        -- The embedding of each ok image, apart from its row so that the small rows of
        -- `images` (rewritten by every run that sees the file) stay dense.
        CREATE TABLE embeddings (
            image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
            data     BLOB    NOT NULL
        );

        CREATE INDEX images_by_content_hash ON images(content_hash) WHERE status = 'ok';
        CREATE INDEX images_by_status ON images(status, error_kind);

        INSERT INTO meta(key, value) VALUES ('embedding_dimension', '\(Embedding.dimension)');
        """
}
