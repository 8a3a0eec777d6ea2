import Foundation
import XCTest

/// `litsearch index` and `query` end to end, through the real executable.
final class IndexCommandTests: XCTestCase {
    func testIndexingTheSamplesFindsEachPhotoFirstForItself() throws {
        let temporary = try TemporaryDirectory()
        let samples = CLI.repository.appendingPathComponent("samples").path
        let index = try CLI.run(["index", samples, "--index", temporary.path("index"), "--json"])
        XCTAssertEqual(index.status, 0, index.stderr)
        let summary = try index.json()
        let added = try XCTUnwrap(summary["added"] as? Int)
        XCTAssertGreaterThanOrEqual(added, 8)
        XCTAssertEqual(summary["failed"] as? Int, 0, "\(summary["failures"] ?? "")")

        let query = try CLI.run(["query", "--image", samples + "/chelsea.jpg", "--index", temporary.path("index"), "-k", "3", "--json"])
        XCTAssertEqual(query.status, 0, query.stderr)
        let hits = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(hits.count, 3)
        XCTAssertEqual(hits.first?["path"] as? String, "chelsea.jpg")
        XCTAssertGreaterThan(try XCTUnwrap(hits.first?["score"] as? Double), 0.999)
        XCTAssertLessThan(try XCTUnwrap(hits.last?["score"] as? Double), 0.99)
    }

    func testRerunningIsIncremental() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos")
        try TestImages.writeMany(6, into: photos)
        let arguments = ["index", photos, "--index", temporary.path("index"), "--json"]

        var summary = try CLI.run(arguments).json()
        XCTAssertEqual(summary["added"] as? Int, 6)

        summary = try CLI.run(arguments).json()
        XCTAssertEqual(summary["unchanged"] as? Int, 6)
        XCTAssertEqual(summary["embedded"] as? Int, 0)

        let manager = FileManager.default
        try manager.moveItem(atPath: photos + "/image-000.bmp", toPath: photos + "/renamed.bmp")
        try TestImages.bmp(seed: 999).write(to: URL(fileURLWithPath: photos + "/image-001.bmp"))
        try manager.removeItem(atPath: photos + "/image-002.bmp")

        summary = try CLI.run(arguments).json()
        XCTAssertEqual(summary["moved"] as? Int, 1, "the renamed file keeps its embedding")
        XCTAssertEqual(summary["updated"] as? Int, 1, "the rewritten file is embedded again")
        XCTAssertEqual(summary["removed"] as? Int, 2, "the deleted file and the old name of the renamed one")
        XCTAssertEqual(summary["unchanged"] as? Int, 3)
        XCTAssertEqual(summary["embedded"] as? Int, 1)
    }

    func testAMissingFolderIsAClearError() throws {
        let temporary = try TemporaryDirectory()
        let result = try CLI.run(["index", temporary.path("nope"), "--index", temporary.path("index")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("is not a directory"), result.stderr)
    }

    func testQueryingAnIndexThatDoesNotExistSaysSo() throws {
        let temporary = try TemporaryDirectory()
        let samples = CLI.repository.appendingPathComponent("samples").path
        let result = try CLI.run(["query", "--image", samples + "/chelsea.jpg", "--index", temporary.path("index")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("run `litsearch index` first"), result.stderr)
    }
}
