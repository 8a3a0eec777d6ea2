/// Version 3: an index holds several folders (roots), each image belongs to one of them.
extension CatalogSchema {
    /// Adds `roots`, `images.root_id` (a path is unique per root, no longer per catalog) and
    /// `runs.root_id`; every image of an older catalog goes under its one folder, `last_root`
    /// (or the newest run's root when that key is missing).
    ///
    /// SQLite cannot drop the old `UNIQUE(path)`, so `images` is rebuilt. `embeddings` is rebuilt
    /// with it (referencing the new table) before the old one is dropped: with foreign keys on,
    /// dropping `images` would otherwise cascade into the embeddings. Renaming the new tables
    /// rewrites the references to their final names (SQLite ≥ 3.26).
    ///
    /// - Complexity: O(n) rows copied, embeddings included (a one-time cost).
    static func version3(_ database: Database) throws {
        try database.execute("""
            CREATE TABLE roots (
                id   INTEGER PRIMARY KEY AUTOINCREMENT,
                path TEXT    NOT NULL UNIQUE
            );
            ALTER TABLE runs ADD COLUMN root_id INTEGER;
            """)
        let images = try database.fetchInt64("SELECT count(*) FROM images") ?? 0
        let root = try database.fetchString("SELECT value FROM meta WHERE key = 'last_root'")
            ?? database.fetchString("SELECT root FROM runs ORDER BY id DESC LIMIT 1")
        if let root {
            try database.execute("INSERT INTO roots(path) VALUES (?)", [root])
            try database.execute("UPDATE runs SET root_id = 1 WHERE root = ?", [root])
        } else if images > 0 {
            // Cannot happen (every image names a run, every run a root); refuse rather than guess.
            throw CatalogError.notACatalog(path: database.path, reason: "it holds \(images) images but no indexed folder")
        }
        let oldSequence = try database.fetchInt64("SELECT seq FROM sqlite_sequence WHERE name = 'images'")
        try database.execute("""
            CREATE TABLE images_v3 (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                root_id       INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
                path          TEXT    NOT NULL,
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
                ctime_ns      INTEGER,
                inode         INTEGER,
                UNIQUE (root_id, path),
                CHECK (status <> 'ok' OR (model_id IS NOT NULL AND error_kind IS NULL)),
                CHECK (status <> 'failed' OR error_kind IS NOT NULL)
            );
            INSERT INTO images_v3(id, root_id, path, size, mtime_ns, content_hash, width, height, format, status,
                                  error_kind, error, model_id, indexed_at, last_seen_run, ctime_ns, inode)
                SELECT id, 1, path, size, mtime_ns, content_hash, width, height, format, status,
                       error_kind, error, model_id, indexed_at, last_seen_run, ctime_ns, inode FROM images;
            CREATE TABLE embeddings_v3 (
                image_id INTEGER PRIMARY KEY REFERENCES images_v3(id) ON DELETE CASCADE,
                data     BLOB    NOT NULL
            );
            -- An embedding whose image is gone (left by a connection without foreign keys) stays behind.
            INSERT INTO embeddings_v3(image_id, data) SELECT image_id, data FROM embeddings WHERE image_id IN (SELECT id FROM images_v3);
            DROP TABLE embeddings;
            DROP TABLE images;
            ALTER TABLE images_v3 RENAME TO images;
            ALTER TABLE embeddings_v3 RENAME TO embeddings;
            CREATE INDEX images_by_content_hash ON images(content_hash) WHERE status = 'ok';
            CREATE INDEX images_by_status ON images(status, error_kind);
            """)
        // Ids are never reused (vector files may still name deleted ones): the new table goes on
        // from the old one's sequence, not from its largest id.
        if let sequence = oldSequence {
            try database.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'images'", [sequence])
            if database.changes == 0 { try database.execute("INSERT INTO sqlite_sequence(name, seq) VALUES ('images', ?)", [sequence]) }
        }
    }
}
