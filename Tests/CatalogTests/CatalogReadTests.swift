import Catalog
import Foundation
import XCTest

/// The read side: counts, failures, the embedding matrix, statistics, and reading during writes.
final class CatalogReadTests: XCTestCase {
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

    /// Failures are counted and listed by kind; statuses are counted.
    func testFailuresGroupedByKind() throws {
        let run = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        let failures: [(String, FailureKind)] = [
            ("z.jpg", .corrupt), ("a.jpg", .corrupt), ("m.gif", .unsupported), ("t.png", .truncated),
            ("huge.png", .tooLarge), ("b.jpg", .corrupt), ("\u{FFFD}.jpg", .badName), ("locked.jpg", .unreadable),
        ]
        try catalog.apply(failures.map { .failed(Fixtures.entry($0), ImageFailure(kind: $1, message: "why \($0)")) }
            + [.added(Fixtures.entry("fine.jpg"), Fixtures.embedding(seed: 1))], in: run)

        XCTAssertEqual(try catalog.statusCounts(), [.ok: 1, .failed: 8])
        let counts = try catalog.failureCounts()
        XCTAssertEqual(counts.map(\.kind), [.corrupt, .badName, .tooLarge, .truncated, .unreadable, .unsupported])
        XCTAssertEqual(counts.map(\.count), [3, 1, 1, 1, 1, 1])

        let corrupt = try catalog.failedImages(kind: .corrupt)
        XCTAssertEqual(corrupt.map(\.path), ["a.jpg", "b.jpg", "z.jpg"])
        XCTAssertEqual(corrupt.first?.failure, ImageFailure(kind: .corrupt, message: "why a.jpg"))
        let all = try catalog.failedImages()
        XCTAssertEqual(all.count, 8)
        XCTAssertEqual(all.map { $0.failure!.kind }, all.map { $0.failure!.kind }.sorted(), "ordered by kind")
        XCTAssertEqual(try catalog.failedImages(kind: "no_such_kind"), [])
    }

    /// The matrix holds every ok embedding in id order, filtered by model when asked.
    func testLoadEmbeddingsMatrix() throws {
        let run = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        var writes: [ImageWrite] = (0..<50).map { .added(Fixtures.entry("p\($0).jpg"), Fixtures.embedding(seed: $0)) }
        writes.insert(.failed(Fixtures.entry("bad.jpg"), ImageFailure(kind: .corrupt, message: "x")), at: 10)
        try catalog.apply(writes, in: run)
        try catalog.storeOK(Fixtures.entry("other.jpg"), embedding: Fixtures.embedding(seed: 99), modelID: "other-model", run: run.id)

        let matrix = try catalog.loadEmbeddings(modelID: Fixtures.model)
        XCTAssertEqual(matrix.count, 50)
        XCTAssertEqual(matrix.dimension, 1280)
        XCTAssertEqual(matrix.values.count, 50 * 1280)
        XCTAssertEqual(matrix.ids, matrix.ids.sorted())
        for row in 0..<matrix.count {
            XCTAssertEqual(matrix.paths[row], "p\(row).jpg")
            XCTAssertEqual(Array(matrix.row(row)), Fixtures.values(seed: row), "row \(row)")
            XCTAssertEqual(try catalog.image(atPath: matrix.paths[row])?.id, matrix.ids[row])
        }
        XCTAssertEqual(try catalog.loadEmbeddings().count, 51, "all models")
        XCTAssertEqual(try catalog.loadEmbeddings(modelID: "unknown").count, 0)
    }

    /// A BLOB of the wrong size is reported, not silently misread.
    func testCorruptEmbeddingIsReported() throws {
        let run = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        let id = try catalog.storeOK(Fixtures.entry("a.jpg"), embedding: Fixtures.embedding(seed: 1), modelID: Fixtures.model, run: run.id)
        try catalog.database.execute("UPDATE embeddings SET data = ? WHERE image_id = ?", [Data(count: 10), id])
        XCTAssertThrowsError(try catalog.loadEmbeddings()) { error in
            guard case .invalidEmbedding? = error as? CatalogError else { return XCTFail("\(error)") }
        }
    }

    /// Statistics and run history.
    func testStatisticsAndRuns() throws {
        XCTAssertNil(try catalog.lastRun())
        let run = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        XCTAssertEqual(run.root, "/photos")
        XCTAssertEqual(run.pid, getpid())
        XCTAssertFalse(run.isFinished)
        try catalog.apply([.added(Fixtures.entry("a.jpg"), Fixtures.embedding(seed: 1)),
                           .failed(Fixtures.entry("b.jpg"), ImageFailure(kind: .corrupt, message: "x"))], in: run)
        let statistics = try catalog.statistics()
        XCTAssertEqual(statistics.imageCount, 2)
        XCTAssertEqual(statistics.okCount, 1)
        XCTAssertEqual(statistics.failedCount, 1)
        XCTAssertEqual(statistics.indexedBytes, 2000)
        XCTAssertEqual(statistics.embeddingBytes, 2560)
        XCTAssertGreaterThan(statistics.catalogFileBytes, 2560)
        XCTAssertEqual(try catalog.lastRun()?.id, run.id)
        XCTAssertNil(try catalog.lastFinishedRun())
        try catalog.setMeta("text_model_id", "t1")
        XCTAssertEqual(try catalog.allMeta()["text_model_id"], "t1")
        try catalog.setMeta("text_model_id", nil)
        XCTAssertNil(try catalog.meta("text_model_id"))
    }

    /// In WAL mode a reader is not blocked by an open write transaction and sees the last
    /// committed state until the writer commits.
    func testReaderReadsWhileWriterHoldsTransaction() throws {
        let run = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        try catalog.apply([.added(Fixtures.entry("a.jpg"), Fixtures.embedding(seed: 1))], in: run)
        let reader = try Catalog(directory: temporary.index, mode: .readOnly, busyTimeout: 0)

        try catalog.database.transaction {
            try catalog.apply([.added(Fixtures.entry("b.jpg"), Fixtures.embedding(seed: 2))], in: run)
            let started = Date()
            XCTAssertEqual(try reader.statusCounts(), [.ok: 1])
            XCTAssertEqual(try reader.loadEmbeddings().paths, ["a.jpg"])
            XCTAssertNil(try reader.image(atPath: "b.jpg"))
            XCTAssertLessThan(Date().timeIntervalSince(started), 1)
        }
        XCTAssertEqual(try reader.loadEmbeddings().paths, ["a.jpg", "b.jpg"])
    }

    /// A loaded matrix is one consistent snapshot even if a writer commits while it loads.
    func testMatrixIsASnapshot() throws {
        let run = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        try catalog.apply((0..<20).map { .added(Fixtures.entry("\($0).jpg"), Fixtures.embedding(seed: $0)) }, in: run)
        let reader = try Catalog(directory: temporary.index, mode: .readOnly)
        try reader.database.transaction(.deferred) {
            let before = try reader.loadEmbeddings()
            try catalog.apply([.added(Fixtures.entry("late.jpg"), Fixtures.embedding(seed: 1))], in: run)
            XCTAssertEqual(try reader.loadEmbeddings().ids, before.ids, "same snapshot inside one read transaction")
        }
        XCTAssertEqual(try reader.loadEmbeddings().count, 21)
    }
}
