import Foundation
import LitSearch
import XCTest

/// The locked-embedding cache: a second run embeds nothing; a changed picture or model is re-embedded.
final class EmbeddingCacheTests: XCTestCase {
    func testSecondRunEmbedsNothingAndChangesAreDetected() throws {
        let directory = try SyntheticPairs.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pairs = try SyntheticPairs.pairs(concepts: 12, languages: [("en", 2)], in: directory)
        let paths = pairs.compactMap(\.image)
        let cacheURL = directory.appendingPathComponent("embeddings.litcache")

        let first = FakeEmbedder()
        let one = try ImageEmbeddingCache.refresh(at: cacheURL, directory: directory, paths: paths, embedder: first, batchSize: 5)
        XCTAssertEqual(first.embeddedCount, 12)
        XCTAssertEqual(one.embedded, 12)

        let second = FakeEmbedder()
        let two = try ImageEmbeddingCache.refresh(at: cacheURL, directory: directory, paths: paths, embedder: second)
        XCTAssertEqual(second.embeddedCount, 0, "the second run must reuse every cached embedding")
        XCTAssertEqual(two.reused, 12)
        for path in Set(paths) {
            XCTAssertEqual(Array(two.cache.embedding(two.cache.row(path: path)!)), Array(one.cache.embedding(one.cache.row(path: path)!)))
        }

        try Data("changed".utf8).write(to: directory.appendingPathComponent(paths[0]))
        let third = FakeEmbedder()
        _ = try ImageEmbeddingCache.refresh(at: cacheURL, directory: directory, paths: paths, embedder: third)
        XCTAssertEqual(third.embeddedCount, 1, "only the changed picture is embedded again")

        let otherModel = FakeEmbedder(modelID: "fake-v2")
        _ = try ImageEmbeddingCache.refresh(at: cacheURL, directory: directory, paths: paths, embedder: otherModel)
        XCTAssertEqual(otherModel.embeddedCount, 12, "another image model invalidates the cache")
    }

    func testMissingPictureIsAClearError() throws {
        let directory = try SyntheticPairs.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        XCTAssertThrowsError(try ImageEmbeddingCache.refresh(at: directory.appendingPathComponent("c"), directory: directory,
                                                             paths: ["images/none.png"], embedder: FakeEmbedder())) { error in
            XCTAssertTrue("\(error)".contains("images/none.png"), "\(error)")
        }
    }
}
