import Catalog
import Foundation
import XCTest

/// Writing records: upserts, lookups, runs, removal of unseen files, batching.
final class CatalogWriteTests: XCTestCase {
    private var temporary: TemporaryDirectory!
    private var catalog: Catalog!

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory()
        catalog = try Catalog(directory: temporary.index)
    }

    override func tearDown() {
        catalog = nil
        temporary = nil
    }

    /// An ok record reads back field by field; a second write of the path updates it in place.
    func testUpsertAndLookup() throws {
        let run = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        let entry = Fixtures.entry("2024/a.jpg")
        let id = try catalog.storeOK(entry, embedding: Fixtures.embedding(seed: 1), modelID: Fixtures.model, run: run.id)

        let record = try XCTUnwrap(try catalog.image(atPath: "2024/a.jpg"))
        XCTAssertEqual(record.id, id)
        XCTAssertEqual(record.stamp, entry.stamp)
        XCTAssertEqual(record.contentHash, entry.contentHash)
        XCTAssertEqual([record.width, record.height], [640, 480])
        XCTAssertEqual(record.format, "jpeg")
        XCTAssertEqual(record.status, .ok)
        XCTAssertNil(record.failure)
        XCTAssertEqual(record.modelID, Fixtures.model)
        XCTAssertEqual(record.lastSeenRun, run.id)
        XCTAssertLessThan(abs(record.indexedAt.timeIntervalSinceNow), 60)
        XCTAssertEqual(try catalog.image(id: id), record)
        XCTAssertEqual(try catalog.embedding(imageID: id)?.values, Fixtures.values(seed: 1))
        XCTAssertNil(try catalog.image(atPath: "2024/missing.jpg"))

        let changed = Fixtures.entry("2024/a.jpg", version: 1)
        XCTAssertEqual(try catalog.storeOK(changed, embedding: Fixtures.embedding(seed: 2), modelID: Fixtures.model, run: run.id), id)
        XCTAssertEqual(try catalog.image(atPath: "2024/a.jpg")?.stamp, changed.stamp)
        XCTAssertEqual(try catalog.embedding(imageID: id)?.values, Fixtures.values(seed: 2))
    }

    /// Ok → failed drops the embedding; failed → ok stores one again; the id stays.
    func testStatusTransitions() throws {
        let run = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        let entry = Fixtures.entry("x.png")
        let id = try catalog.storeOK(entry, embedding: Fixtures.embedding(seed: 1), modelID: Fixtures.model, run: run.id)
        let failure = ImageFailure(kind: .truncated, message: "ends after 10 bytes")
        XCTAssertEqual(try catalog.storeFailed(entry, failure: failure, run: run.id), id)
        let failed = try XCTUnwrap(try catalog.image(atPath: "x.png"))
        XCTAssertEqual(failed.status, .failed)
        XCTAssertEqual(failed.failure, failure)
        XCTAssertNil(failed.modelID)
        XCTAssertNil(try catalog.embedding(imageID: id))
        XCTAssertEqual(try catalog.storeOK(entry, embedding: Fixtures.embedding(seed: 3), modelID: Fixtures.model, run: run.id), id)
        XCTAssertNil(try catalog.image(atPath: "x.png")?.failure)
    }

    /// Content-hash lookup finds ok records of the same model only, with their embedding.
    func testLookupByContentHash() throws {
        let run = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        try catalog.storeOK(Fixtures.entry("a.jpg", hash: "h1"), embedding: Fixtures.embedding(seed: 1), modelID: Fixtures.model, run: run.id)
        try catalog.storeOK(Fixtures.entry("b.jpg", hash: "h2"), embedding: Fixtures.embedding(seed: 2), modelID: "other-model", run: run.id)
        try catalog.storeFailed(Fixtures.entry("c.jpg", hash: "h3"), failure: ImageFailure(kind: .corrupt, message: "bad"), run: run.id)

        let match = try XCTUnwrap(try catalog.okImage(contentHash: "h1", modelID: Fixtures.model))
        XCTAssertEqual(match.record.path, "a.jpg")
        XCTAssertEqual(match.embedding, Fixtures.embedding(seed: 1))
        XCTAssertNil(try catalog.okImage(contentHash: "h2", modelID: Fixtures.model), "other model")
        XCTAssertNil(try catalog.okImage(contentHash: "h3", modelID: Fixtures.model), "failed record")
        XCTAssertNil(try catalog.okImage(contentHash: "nope", modelID: Fixtures.model))
    }

    /// The incremental algorithm end to end: unchanged, updated, moved, added, failed, removed.
    func testIncrementalRunRemovesOnlyUnseen() throws {
        let first = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        try catalog.apply(["keep", "edit", "move-from", "gone"].enumerated().map {
            .added(Fixtures.entry("\($1).jpg", hash: "h-\($1)"), Fixtures.embedding(seed: $0))
        }, in: first)
        XCTAssertEqual(try catalog.finishRun(first).counts, RunCounts(added: 4))

        let second = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        XCTAssertGreaterThan(second.id, first.id)
        let donor = try XCTUnwrap(try catalog.okImage(contentHash: "h-move-from", modelID: Fixtures.model))
        try catalog.apply([
            .unchanged(path: "keep.jpg"),
            .updated(Fixtures.entry("edit.jpg", version: 1), Fixtures.embedding(seed: 10)),
            .moved(Fixtures.entry("move-to.jpg", hash: "h-move-from"), donor.embedding),
            .added(Fixtures.entry("new.jpg"), Fixtures.embedding(seed: 11)),
            .failed(Fixtures.entry("broken.jpg"), ImageFailure(kind: .corrupt, message: "bad huffman table")),
        ], in: second)
        XCTAssertEqual(try catalog.unseenCount(run: second.id), 2)
        let finished = try catalog.finishRun(second)

        XCTAssertEqual(finished.counts, RunCounts(added: 1, updated: 1, unchanged: 1, moved: 1, removed: 2, failed: 1))
        XCTAssertTrue(finished.isFinished)
        XCTAssertNil(try catalog.image(atPath: "gone.jpg"))
        XCTAssertNil(try catalog.image(atPath: "move-from.jpg"))
        let moved = try XCTUnwrap(try catalog.image(atPath: "move-to.jpg"))
        XCTAssertEqual(try catalog.embedding(imageID: moved.id), Fixtures.embedding(seed: 2))
        XCTAssertEqual(try catalog.database.fetchInt64("SELECT count(*) FROM embeddings"), 4, "embeddings of removed rows cascade away")
        XCTAssertEqual(try catalog.meta(.imageModelID), Fixtures.model)
        XCTAssertEqual(try catalog.meta(.lastRoot), "/photos")
        XCTAssertEqual(try catalog.lastFinishedRun()?.id, second.id)
    }

    /// An interrupted run never removes; finishing it after a newer run started is refused.
    func testInterruptedRunRemovesNothing() throws {
        let first = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        try catalog.apply([.added(Fixtures.entry("a.jpg"), Fixtures.embedding(seed: 1)),
                           .added(Fixtures.entry("b.jpg"), Fixtures.embedding(seed: 2))], in: first)
        try catalog.finishRun(first)

        let interrupted = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        try catalog.apply([.unchanged(path: "a.jpg")], in: interrupted)
        // ... the process dies here: no finishRun.
        XCTAssertEqual(try catalog.statusCounts(), [.ok: 2])

        let next = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        XCTAssertThrowsError(try catalog.finishRun(interrupted)) { error in
            guard case .runNotActive? = error as? CatalogError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try catalog.statusCounts(), [.ok: 2], "refused finish removed nothing")
        try catalog.apply([.unchanged(path: "a.jpg"), .unchanged(path: "b.jpg")], in: next)
        XCTAssertEqual(try catalog.finishRun(next).counts.removed, 0)
        XCTAssertThrowsError(try catalog.finishRun(next), "finished twice")
        XCTAssertEqual(try catalog.allRuns().map(\.isFinished), [true, false, true])
    }

    /// A batch is all-or-nothing: one bad write rolls back the batch and its counts.
    func testBatchIsAtomic() throws {
        let run = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        XCTAssertThrowsError(try catalog.apply([
            .added(Fixtures.entry("a.jpg"), Fixtures.embedding(seed: 1)),
            .unchanged(path: "never-indexed.jpg"),
        ], in: run)) { XCTAssertEqual($0 as? CatalogError, .unknownImage(path: "never-indexed.jpg")) }
        XCTAssertThrowsError(try catalog.apply([
            .added(Fixtures.entry("b.jpg"), Embedding([1, 2, 3])),
        ], in: run)) { error in
            guard case .invalidEmbedding? = error as? CatalogError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try catalog.statistics().imageCount, 0)
        XCTAssertEqual(try catalog.run(id: run.id)?.counts, RunCounts())

        try catalog.finishRun(run)
        XCTAssertThrowsError(try catalog.apply([.added(Fixtures.entry("c.jpg"), Fixtures.embedding(seed: 1))], in: run))
        XCTAssertEqual(try catalog.statistics().imageCount, 0, "writes to a finished run are refused")
    }

    /// BatchWriter commits every `batchSize` writes, visible to other connections; finish commits the tail.
    func testBatchWriterCommitsInBatches() throws {
        let observer = try Catalog(directory: temporary.index, mode: .readOnly)
        let run = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        let writer = BatchWriter(catalog: catalog, run: run, batchSize: 3)
        for item in 0..<7 {
            try writer.add(.added(Fixtures.entry("\(item).jpg"), Fixtures.embedding(seed: item)))
        }
        XCTAssertEqual(writer.pending.count, 1)
        XCTAssertEqual(writer.committed.added, 6)
        XCTAssertEqual(try observer.statistics().imageCount, 6, "two batches committed")
        XCTAssertEqual(try observer.run(id: run.id)?.counts.added, 6)

        let finished = try writer.finish()
        XCTAssertEqual(finished.counts.added, 7)
        XCTAssertEqual(try observer.statistics().imageCount, 7)
        XCTAssertEqual(try observer.lastRun(), finished)
    }

    /// Two files swapping names in one batch each get the other's old embedding.
    func testSwapInOneBatchUsesEmbeddingsCopiedAtLookup() throws {
        let first = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        try catalog.apply([.added(Fixtures.entry("a.jpg", hash: "ha"), Fixtures.embedding(seed: 1)),
                           .added(Fixtures.entry("b.jpg", hash: "hb"), Fixtures.embedding(seed: 2))], in: first)
        try catalog.finishRun(first)

        let second = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        let writer = BatchWriter(catalog: catalog, run: second)
        for (path, newHash) in [("a.jpg", "hb"), ("b.jpg", "ha")] {
            let donor = try XCTUnwrap(try catalog.okImage(contentHash: newHash, modelID: Fixtures.model))
            try writer.add(.updated(Fixtures.entry(path, version: 1, hash: newHash), donor.embedding))
        }
        try writer.finish()
        XCTAssertEqual(try catalog.embedding(imageID: try catalog.image(atPath: "a.jpg")!.id), Fixtures.embedding(seed: 2))
        XCTAssertEqual(try catalog.embedding(imageID: try catalog.image(atPath: "b.jpg")!.id), Fixtures.embedding(seed: 1))
    }

    /// `FileStamp(path:)` reads size and nanosecond mtime exactly, and the change time and inode;
    /// they round-trip through the catalog.
    func testFileStampFromDisk() throws {
        let file = temporary.url.appendingPathComponent("photo.jpg")
        try Data(repeating: 7, count: 1234).write(to: file)
        var times = [timespec(tv_sec: 1_700_000_000, tv_nsec: 123_456_789), timespec(tv_sec: 1_700_000_000, tv_nsec: 123_456_789)]
        XCTAssertEqual(utimensat(AT_FDCWD, file.path, &times, 0), 0)
        let stamp = try FileStamp(path: file.path)
        XCTAssertEqual(stamp.size, 1234)
        XCTAssertEqual(stamp.mtimeNanoseconds, 1_700_000_000_123_456_789)
        var info = stat()
        XCTAssertEqual(stat(file.path, &info), 0)
        XCTAssertEqual(stamp.inode, UInt64(info.st_ino))
        XCTAssertEqual(stamp.ctimeNanoseconds, Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
        let run = try catalog.beginRun(root: "/p", modelID: "m")
        try catalog.apply([.added(ImageEntry(path: "photo.jpg", stamp: stamp), Fixtures.embedding(seed: 1))], in: run)
        XCTAssertEqual(try catalog.image(atPath: "photo.jpg")?.stamp, stamp)
        var restamped = stamp
        restamped.inode = 1 << 63 | 5   // beyond Int64.max: stored by bit pattern
        try catalog.apply([.restamped(path: "photo.jpg", stamp: restamped)], in: run)
        XCTAssertEqual(try catalog.image(atPath: "photo.jpg")?.stamp, restamped)
        XCTAssertThrowsError(try FileStamp(path: temporary.url.appendingPathComponent("none").path))
    }
}
