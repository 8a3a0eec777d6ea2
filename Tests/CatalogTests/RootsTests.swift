import Catalog
import Foundation
import XCTest

/// Issue 15, item 5: an index holds several roots; a run writes, keeps and removes only its own.
final class RootsTests: XCTestCase {
    /// Stores `paths` in a finished run of `root`; returns the run.
    @discardableResult
    private func index(_ paths: [String], root: String, in catalog: Catalog, seed: Int = 0) throws -> RunRecord {
        let run = try catalog.beginRun(root: root, modelID: Fixtures.model)
        for (offset, path) in paths.enumerated() {
            try catalog.apply([.added(Fixtures.entry(path, version: seed), Fixtures.embedding(seed: seed + offset))], in: run)
        }
        return try catalog.finishRun(run)
    }

    func testTheSamePathUnderTwoRootsIsTwoImagesAndARunRemovesOnlyUnderItsRoot() throws {
        let temporary = try TemporaryDirectory()
        let catalog = try Catalog(directory: temporary.index)
        try index(["a.jpg", "b.jpg"], root: "/photos", in: catalog)
        try index(["a.jpg"], root: "/phone", in: catalog, seed: 10)
        XCTAssertEqual(try catalog.roots().map(\.path), ["/photos", "/phone"])
        XCTAssertEqual(try catalog.roots().map(\.images), [2, 1])
        XCTAssertEqual(try catalog.meta(.lastRoot), "/phone", "older readers see the newest root")

        let photos = try XCTUnwrap(catalog.root(path: "/photos")), phone = try XCTUnwrap(catalog.root(path: "/phone"))
        let inPhone = try XCTUnwrap(catalog.image(atPath: "a.jpg", root: phone.id))
        let inPhotos = try XCTUnwrap(catalog.image(atPath: "a.jpg", root: photos.id))
        XCTAssertNotEqual(inPhone.id, inPhotos.id)
        XCTAssertEqual(try catalog.location(ofImage: inPhone.id)?.absolutePath, "/phone/a.jpg")
        XCTAssertEqual(try catalog.location(ofImage: inPhotos.id)?.absolutePath, "/photos/a.jpg")

        // A run of /phone that sees nothing removes /phone's image and no other.
        let empty = try catalog.beginRun(root: "/phone", modelID: Fixtures.model)
        XCTAssertEqual(try catalog.unseenCount(run: empty.id), 1)
        XCTAssertEqual(try catalog.markSeen(under: ".", run: empty.id), 1, "only its own root's records")
        XCTAssertEqual(try catalog.finishRun(empty).counts.removed, 0)
        let gone = try catalog.beginRun(root: "/phone", modelID: Fixtures.model)
        XCTAssertEqual(try catalog.finishRun(gone).counts.removed, 1)
        XCTAssertEqual(try catalog.statistics().imageCount, 2, "/photos keeps both")
        XCTAssertThrowsError(try catalog.markSeen(path: "b.jpg", run: gone.id), "b.jpg is under another root")
    }

    func testForgettingARootRemovesItsImagesAndEmbeddingsOnly() throws {
        let temporary = try TemporaryDirectory()
        let catalog = try Catalog(directory: temporary.index)
        try index(["a.jpg", "b.jpg"], root: "/photos", in: catalog)
        try index(["c.jpg"], root: "/phone", in: catalog, seed: 10)
        let photos = try XCTUnwrap(catalog.root(path: "/photos"))
        XCTAssertEqual(try catalog.forgetRoot(id: photos.id), 2)
        XCTAssertEqual(try catalog.roots().map(\.path), ["/phone"])
        XCTAssertEqual(try catalog.loadEmbeddings().paths, ["c.jpg"])
        XCTAssertEqual(try catalog.database.fetchInt64("SELECT count(*) FROM embeddings"), 1, "embeddings go with their images")
        XCTAssertEqual(try catalog.meta(.lastRoot), "/phone")
        try catalog.forgetRoot(id: try XCTUnwrap(catalog.root(path: "/phone")).id)
        XCTAssertNil(try catalog.meta(.lastRoot))
        XCTAssertEqual(try catalog.statistics().imageCount, 0)
    }

    /// A catalog of schema version 2 (one folder, `last_root`) is migrated: every image goes under
    /// that folder, keeping its id and embedding, and ids are never reused.
    func testAVersion2CatalogPutsItsImagesUnderItsFolder() throws {
        let temporary = try TemporaryDirectory()
        let index = temporary.index
        try index.create()
        do {
            let db = try Database(path: index.catalogURL.path)
            try Migrator(Array(CatalogSchema.migrations.prefix(2))).migrate(db)
            try db.execute("INSERT INTO meta(key, value) VALUES ('last_root', '/home/me/Pictures')")
            try db.execute("INSERT INTO runs(root, model_id, pid, started_at, finished_at) VALUES ('/home/me/Pictures', ?, 1, 0, 1)",
                           [Fixtures.model])
            for (id, path) in [(1, "a.jpg"), (2, "2024/b.jpg"), (7, "c.jpg")] {
                try db.execute("""
                    INSERT INTO images(id, path, size, mtime_ns, status, model_id, indexed_at, last_seen_run)
                    VALUES (?, ?, 10, 20, 'ok', ?, 0, 1)
                    """, [id, path, Fixtures.model])
                try db.execute("INSERT INTO embeddings(image_id, data) VALUES (?, ?)", [id, Fixtures.embedding(seed: id).float16Data])
            }
            // The sequence stays at 7; this connection has no foreign keys, so image 7's
            // embedding stays too, an orphan the migration must not trip over.
            try db.execute("DELETE FROM images WHERE id = 7")
        }
        let catalog = try Catalog(directory: index, mode: .readOnly)
        XCTAssertEqual(try catalog.database.userVersion(), CatalogSchema.latestVersion)
        XCTAssertEqual(try catalog.roots(), [RootRecord(id: 1, path: "/home/me/Pictures", images: 2, indexed: 2)])
        XCTAssertEqual(try catalog.loadEmbeddings().ids, [1, 2], "embeddings survive the table rebuild")
        XCTAssertEqual(try catalog.embedding(imageID: 2), Fixtures.embedding(seed: 2))
        XCTAssertEqual(try catalog.location(ofImage: 2)?.absolutePath, "/home/me/Pictures/2024/b.jpg")
        XCTAssertEqual(try catalog.lastRun()?.rootID, 1)
        XCTAssertEqual(try catalog.database.fetchInt64("PRAGMA foreign_key_check"), nil, "no dangling references")

        let writer = try Catalog(directory: index)
        let run = try writer.beginRun(root: "/home/me/Pictures", modelID: Fixtures.model)
        XCTAssertEqual(run.rootID, 1, "the same folder keeps its root")
        let id = try writer.storeOK(Fixtures.entry("new.jpg"), embedding: Fixtures.embedding(seed: 9), modelID: Fixtures.model, run: run.id)
        XCTAssertEqual(id, 8, "ids go on after the deleted 7")
        try writer.markSeen(path: "a.jpg", run: run.id)
        XCTAssertEqual(try writer.finishRun(run).counts.removed, 1, "2024/b.jpg was not seen")
    }
}
