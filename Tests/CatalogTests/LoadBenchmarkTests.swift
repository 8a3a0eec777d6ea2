import Catalog
import Foundation
import XCTest

/// Loading 100 000 embeddings must take well under a second in a release build.
///
/// Opt-in, because it writes a ~270 MB catalog and debug timings mean little:
///
///     CATALOG_BENCHMARK=1 swift test -c release --filter CatalogTests.LoadBenchmarkTests
final class LoadBenchmarkTests: XCTestCase {
    func testLoad100kEmbeddings() throws {
        guard ProcessInfo.processInfo.environment["CATALOG_BENCHMARK"] != nil else {
            throw XCTSkip("set CATALOG_BENCHMARK=1 (and use -c release) to run")
        }
        let rows = Int(ProcessInfo.processInfo.environment["CATALOG_BENCHMARK_ROWS"] ?? "") ?? 100_000
        let temporary = try TemporaryDirectory()
        let catalog = try Catalog(directory: temporary.index)
        let run = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        let embeddings = (0..<16).map { Fixtures.embedding(seed: $0) }

        var started = Date()
        let writer = BatchWriter(catalog: catalog, run: run, batchSize: 1000)
        for row in 0..<rows {
            try writer.add(.added(Fixtures.entry("dir\(row / 1000)/photo\(row).jpg"), embeddings[row % 16]))
        }
        try writer.finish()
        let writeSeconds = Date().timeIntervalSince(started)

        let reader = try Catalog(directory: temporary.index, mode: .readOnly)
        var timings: [Double] = []
        var matrix: EmbeddingMatrix?
        for _ in 0..<3 {
            started = Date()
            matrix = try reader.loadEmbeddings(modelID: Fixtures.model)
            timings.append(Date().timeIntervalSince(started))
        }
        started = Date()
        var blobBytes = 0
        try reader.database.forEachRow("""
            SELECT e.image_id, i.path, e.data FROM embeddings e CROSS JOIN images i ON i.id = e.image_id
            WHERE i.status = 'ok' ORDER BY e.image_id
            """) { row in blobBytes += row.withUnsafeBytes(at: 2) { $0.count } }
        let scanSeconds = Date().timeIntervalSince(started)
        XCTAssertEqual(blobBytes, rows * 2 * Embedding.dimension)

        let loaded = try XCTUnwrap(matrix)
        XCTAssertEqual(loaded.count, rows)
        XCTAssertEqual(Array(loaded.row(rows - 1)), embeddings[(rows - 1) % 16].values)
        let bytes = try reader.statistics().catalogFileBytes
        print(String(format: "benchmark: %d rows written in %.2f s; loaded in %@ s (SQLite scan alone %.3f s); catalog %.0f MB",
                     rows, writeSeconds, timings.map { String(format: "%.3f", $0) }.joined(separator: ", "), scanSeconds,
                     Double(bytes) / 1e6))
        #if !DEBUG
        XCTAssertLessThan(timings.min()!, 1.0 * Double(rows) / 100_000)
        #endif
    }
}
