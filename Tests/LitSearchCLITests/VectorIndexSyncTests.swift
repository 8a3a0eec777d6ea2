import Catalog
import Foundation
import LitSearch
import XCTest

/// `index` keeps `vectors.lsvi` consistent with the catalog across runs, and `query` searches it.
final class VectorIndexSyncTests: XCTestCase {
    /// The PQ path: 260 images with the exact threshold lowered to 256 (by option, then by environment).
    func testPQIndexIsBuiltUpdatedRebuiltAndSearched() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos")
        try TestImages.writeMany(260, into: photos)
        let checks = VectorChecks(temporary.path("index"))

        var run = try checks.index(photos, ["--exact-threshold", "256"])
        XCTAssertEqual(run.vectors["kind"] as? String, "opq+pq")
        XCTAssertEqual(run.vectors["action"] as? String, "rebuilt")
        XCTAssertEqual(run.vectors["vectors"] as? Int, 260)
        try checks.assertInSync()
        let info = try checks.info()
        XCTAssertEqual(info["kind"] as? String, "opq+pq")
        XCTAssertEqual(info["bytes_per_vector"] as? Int, 64 + 2 * 1280 + 8 + 1)
        let joint = try XCTUnwrap(run.joint, "index builds the joint vector file of the installed text model")
        XCTAssertEqual(joint["kind"] as? String, "pq", "the joint index is plain PQ (SearchSpace.tuned)")
        XCTAssertEqual(joint["vectors"] as? Int, 260)
        XCTAssertTrue((joint["search_space"] as? String)?.hasPrefix("joint/") == true, "\(joint)")
        let shown = try XCTUnwrap(try CLI.run(["info", "--index", checks.index.path, "--json"]).json()["joint_index"] as? [String: Any])
        XCTAssertEqual(shown["in_sync"] as? Bool, true, "info shows the joint file: \(shown)")
        XCTAssertEqual(shown["vectors"] as? Int, 260)
        XCTAssertEqual(shown["search_space"] as? String, joint["search_space"] as? String)
        try checkTextQueries(checks)

        let probe = photos + "/image-007.bmp"
        let reranked = try checks.query(probe)
        XCTAssertEqual(reranked.paths.first, "image-007.bmp")
        XCTAssertEqual(reranked.stderr, "", "the vector index answers without a note")
        let exact = try checks.query(probe, ["--exact"])
        XCTAssertEqual(exact.paths.first, "image-007.bmp")
        XCTAssertEqual(reranked.scores.first!, exact.scores.first!, accuracy: 2e-3, "re-ranked scores are exact cosines")
        XCTAssertEqual(try checks.query(probe, ["--no-rerank"]).paths.count, 3)

        // Delete 4, add 2, rewrite 1: the update tombstones 5 and adds 3, without retraining.
        let gone = try Data(contentsOf: URL(fileURLWithPath: photos + "/image-010.bmp"))
        for name in ["image-010.bmp", "image-011.bmp", "image-012.bmp", "image-013.bmp"] {
            try FileManager.default.removeItem(atPath: photos + "/" + name)
        }
        try TestImages.writeMany(2, into: temporary.path("photos/new"), firstSeed: 5000)
        try TestImages.bmp(seed: 7000).write(to: URL(fileURLWithPath: photos + "/image-020.bmp"))
        let environment = ["LITSEARCH_EXACT_THRESHOLD": "256"]
        run = try checks.index(photos, environment: environment)
        XCTAssertEqual(run.vectors["action"] as? String, "updated", "\(run.vectors)")
        XCTAssertEqual(run.vectors["added"] as? Int, 3)
        XCTAssertEqual(run.vectors["removed"] as? Int, 5)
        XCTAssertEqual(run.joint?["action"] as? String, "updated", "\(run.joint ?? [:])")
        XCTAssertEqual(run.joint?["added"] as? Int, 3)
        XCTAssertEqual(run.joint?["removed"] as? Int, 5)
        try checkTextQueries(checks)
        try checks.assertInSync()
        XCTAssertEqual(try checks.info()["removed"] as? Int, 5, "tombstones stay until the next retraining")
        let deletedProbe = temporary.path("deleted.bmp")
        try gone.write(to: URL(fileURLWithPath: deletedProbe))
        XCTAssertFalse(try checks.query(deletedProbe, k: 10).paths.contains("image-010.bmp"))
        XCTAssertEqual(try checks.query(temporary.path("photos/image-020.bmp")).paths.first, "image-020.bmp",
                       "the rewritten file is found by its new content")

        run = try checks.index(photos, ["--rebuild"], environment: environment)
        XCTAssertEqual(run.vectors["action"] as? String, "rebuilt")
        XCTAssertEqual(run.vectors["reason"] as? String, "--rebuild")
        try checks.assertInSync()
        XCTAssertEqual(try checks.info()["removed"] as? Int, 0)
    }

    /// Text queries go through the joint index and agree with the exact joint-space scan on at
    /// least 9 of the top 10; a missing joint file is rebuilt by the first text query.
    private func checkTextQueries(_ checks: VectorChecks) throws {
        for text in ["dog", "a red car", "Blume"] {
            let indexed = try checks.textQuery(text)
            XCTAssertEqual(indexed.methods, ["index"], indexed.stderr)
            XCTAssertEqual(indexed.stderr, "", "the joint index answers without a note")
            let exact = try checks.textQuery(text, ["--exact"])
            XCTAssertEqual(exact.methods, ["exact"])
            XCTAssertGreaterThanOrEqual(Set(indexed.paths).intersection(exact.paths).count, 9, "\(text): \(indexed.paths) vs \(exact.paths)")
        }
        let jointURL = VectorFile.joint(checks.index).url
        try FileManager.default.removeItem(at: jointURL)
        let rebuilt = try checks.textQuery("dog")
        XCTAssertEqual(rebuilt.methods, ["index"])
        XCTAssertTrue(rebuilt.stderr.contains("built the joint vector index"), rebuilt.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: jointURL.path))
        XCTAssertEqual(try checks.textQuery("dog", ["--no-ensemble"]).methods, ["exact"], "another set of towers scans exactly")
    }

    /// The exact kind, over several runs of adds, deletes and rewrites.
    func testAddsAndDeletesStayConsistentWithTheCatalogAcrossRuns() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos")
        try TestImages.writeMany(8, into: photos)
        let checks = VectorChecks(temporary.path("index"))

        var run = try checks.index(photos)
        XCTAssertEqual(run.vectors["kind"] as? String, "exact")
        XCTAssertEqual(run.stderr, "", "a first build is not worth a note")
        try checks.assertInSync()

        try FileManager.default.removeItem(atPath: photos + "/image-001.bmp")
        try FileManager.default.moveItem(atPath: photos + "/image-002.bmp", toPath: photos + "/renamed.bmp")
        run = try checks.index(photos)
        XCTAssertEqual(run.vectors["action"] as? String, "updated")
        XCTAssertEqual(run.vectors["removed"] as? Int, 2, "the deleted file and the old name of the moved one")
        XCTAssertEqual(run.vectors["added"] as? Int, 1, "the moved file under its new id")
        try checks.assertInSync()
        XCTAssertEqual(try checks.info()["removed"] as? Int, 2)

        try TestImages.writeMany(3, into: temporary.path("photos/more"), firstSeed: 100)
        run = try checks.index(photos)
        XCTAssertEqual(run.vectors["added"] as? Int, 3)
        try checks.assertInSync()
        XCTAssertEqual(try checks.query(temporary.path("photos/more/image-001.bmp")).paths.first, "more/image-001.bmp")

        run = try checks.index(photos)
        XCTAssertEqual(run.vectors["action"] as? String, "unchanged", "an idle run does not rewrite the file")
        try checks.assertInSync()
    }
}
