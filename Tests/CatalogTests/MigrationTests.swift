import CSQLite
import Catalog
import Foundation
import XCTest

/// Opening catalogs: creation, migration, reopening, and refusing files that are not ours.
final class MigrationTests: XCTestCase {
    /// A new catalog gets the whole schema, our application id, WAL and the connection settings.
    func testCreatesFromEmpty() throws {
        let temporary = try TemporaryDirectory()
        let catalog = try Catalog(directory: temporary.index)
        let db = catalog.database
        XCTAssertEqual(try db.userVersion(), CatalogSchema.latestVersion)
        XCTAssertEqual(try db.applicationID(), CatalogSchema.applicationID)
        XCTAssertEqual(try db.tableNames(), ["embeddings", "images", "meta", "roots", "runs"])
        XCTAssertEqual(try db.journalMode(), "wal")
        XCTAssertEqual(try db.fetchInt64("PRAGMA synchronous"), 1, "NORMAL")
        XCTAssertEqual(try db.fetchInt64("PRAGMA foreign_keys"), 1)
        XCTAssertEqual(try db.fetchInt64("PRAGMA page_size"), 8192)
        XCTAssertEqual(try catalog.meta(.embeddingDimension), "1280")
        XCTAssertTrue(FileManager.default.fileExists(atPath: temporary.index.catalogURL.path))
    }

    /// A catalog of schema version 1 (no change time or inode) is upgraded even by a read-only
    /// open (a `query` after upgrading litsearch), and its stamps are trusted on size and mtime.
    func testVersion1CatalogsAreUpgradedAndTheirStampsTrusted() throws {
        let temporary = try TemporaryDirectory()
        let index = temporary.index
        try index.create()
        let db = try Database(path: index.catalogURL.path)
        try Migrator([CatalogSchema.migrations[0]]).migrate(db)
        try db.execute("INSERT INTO runs(root, model_id, pid, started_at) VALUES ('/p', 'm', 1, 0)")
        try db.execute("""
            INSERT INTO images(path, size, mtime_ns, status, error_kind, indexed_at, last_seen_run)
            VALUES ('a.jpg', 10, 20, 'failed', 'corrupt', 0, 1)
            """)
        let reader = try Catalog(directory: index, mode: .readOnly)
        XCTAssertEqual(try reader.database.userVersion(), CatalogSchema.latestVersion)
        let record = try XCTUnwrap(reader.image(atPath: "a.jpg"))
        XCTAssertEqual(record.stamp, FileStamp(size: 10, mtimeNanoseconds: 20))
        let now = FileStamp(size: 10, mtimeNanoseconds: 20, ctimeNanoseconds: 30, inode: 7)
        XCTAssertEqual(now.compared(to: record.stamp), .unrecorded)
        XCTAssertEqual(now.compared(to: now), .same)
        XCTAssertEqual(now.compared(to: FileStamp(size: 10, mtimeNanoseconds: 20, ctimeNanoseconds: 29, inode: 7)), .touched)
        XCTAssertEqual(now.compared(to: FileStamp(size: 10, mtimeNanoseconds: 20, ctimeNanoseconds: 30, inode: 8)), .touched)
        XCTAssertEqual(now.compared(to: FileStamp(size: 11, mtimeNanoseconds: 20, ctimeNanoseconds: 30, inode: 7)), .changed)
    }

    /// Reopening a current catalog changes nothing and keeps the data.
    func testReopenIsIdempotent() throws {
        let temporary = try TemporaryDirectory()
        do {
            let catalog = try Catalog(directory: temporary.index)
            try catalog.setMeta("note", "kept")
        }
        for _ in 0..<2 {
            let catalog = try Catalog(directory: temporary.index)
            XCTAssertEqual(try catalog.meta("note"), "kept")
            XCTAssertEqual(try catalog.database.userVersion(), CatalogSchema.latestVersion)
            let result = try CatalogSchema.migrator.migrate(catalog.database)
            XCTAssertEqual(result.from, result.to)
        }
    }

    /// A catalog from a newer version is refused, read-write or read-only, and left untouched.
    func testNewerVersionIsRefused() throws {
        let temporary = try TemporaryDirectory()
        let index = temporary.index
        try Catalog(directory: index).database.setUserVersion(99)
        let newer = CatalogError.newerSchema(path: index.catalogURL.path, found: 99, supported: CatalogSchema.latestVersion)
        XCTAssertThrowsError(try Catalog(directory: index)) { XCTAssertEqual($0 as? CatalogError, newer) }
        XCTAssertThrowsError(try Catalog(directory: index, mode: .readOnly)) { XCTAssertEqual($0 as? CatalogError, newer) }
        XCTAssertTrue("\(newer)".contains("schema version 99"))
        XCTAssertEqual(try Database(path: index.catalogURL.path).userVersion(), 99)
    }

    /// Migrations run in order from the file's version; one that throws rolls back them all.
    func testMigratorAppliesInOrderAndRollsBackAFailure() throws {
        let temporary = try TemporaryDirectory()
        let db = try Database(path: temporary.url.appendingPathComponent("m.sqlite").path)
        let base = [
            Migration(version: 1, name: "log", sql: "CREATE TABLE log(step INTEGER); INSERT INTO log VALUES (1);"),
            Migration(version: 2, name: "two") { try $0.execute("INSERT INTO log VALUES (2)") },
        ]
        XCTAssertTrue(try Migrator(base).migrate(db) == (0, 2))

        struct Broken: Error {}
        let failing = Migrator(base + [
            Migration(version: 3, name: "three", sql: "CREATE TABLE three(x); INSERT INTO log VALUES (3);"),
            Migration(version: 4, name: "broken") { _ in throw Broken() },
        ])
        XCTAssertThrowsError(try failing.migrate(db)) { XCTAssertTrue($0 is Broken) }
        XCTAssertEqual(try db.userVersion(), 2, "version unchanged after a failed migration")
        XCTAssertEqual(try db.tableNames(), ["log"], "migration 3 rolled back with 4")

        let fixed = Migrator(base + [Migration(version: 3, name: "three", sql: "INSERT INTO log VALUES (3)")])
        XCTAssertTrue(try fixed.migrate(db) == (2, 3))
        var steps: [Int] = []
        try db.forEachRow("SELECT step FROM log ORDER BY rowid") { steps.append($0.int(at: 0)) }
        XCTAssertEqual(steps, [1, 2, 3])
    }

    /// A file that is not SQLite, or SQLite of another program, is refused and not modified.
    func testForeignFilesAreRefused() throws {
        let temporary = try TemporaryDirectory()
        let index = temporary.index
        try index.create()
        try Data(repeating: 0x42, count: 4096).write(to: index.catalogURL)
        XCTAssertThrowsError(try Catalog(directory: index)) { error in
            guard case .notACatalog(_, let reason)? = error as? CatalogError else { return XCTFail("\(error)") }
            XCTAssertEqual(reason, "file is not a database")
        }

        try FileManager.default.removeItem(at: index.catalogURL)
        let other = try Database(path: index.catalogURL.path)
        try other.execute("CREATE TABLE contacts(name TEXT)")
        XCTAssertThrowsError(try Catalog(directory: index)) { error in
            guard case .notACatalog? = error as? CatalogError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("contacts"), "\(error)")
        }
        XCTAssertEqual(try other.journalMode(), "delete", "refused file left as it was")

        try other.execute("DROP TABLE contacts; PRAGMA application_id = 1234;")
        XCTAssertThrowsError(try Catalog(directory: index)) { error in
            XCTAssertTrue("\(error)".contains("application_id 1234"), "\(error)")
        }
    }

    /// Read-only opens need an existing, current catalog and cannot write.
    func testReadOnlyMode() throws {
        let temporary = try TemporaryDirectory()
        let index = temporary.index
        XCTAssertThrowsError(try Catalog(directory: index, mode: .readOnly)) {
            XCTAssertEqual($0 as? CatalogError, .missing(path: index.catalogURL.path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: index.path), "read-only open created nothing")

        try index.create()
        _ = try Database(path: index.catalogURL.path)  // empty file, version 0
        XCTAssertThrowsError(try Catalog(directory: index, mode: .readOnly)) {
            XCTAssertEqual($0 as? CatalogError, .outdatedSchema(path: index.catalogURL.path, found: 0, required: CatalogSchema.latestVersion))
        }

        _ = try Catalog(directory: index)
        let reader = try Catalog(directory: index, mode: .readOnly)
        XCTAssertEqual(try reader.meta(.embeddingDimension), "1280")
        XCTAssertThrowsError(try reader.setMeta("x", "y")) {
            XCTAssertEqual(($0 as? DatabaseError)?.resultCode, SQLITE_READONLY)
        }
    }
}
