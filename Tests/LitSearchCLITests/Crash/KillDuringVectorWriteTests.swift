import Catalog
import Foundation
import LitSearch
import XCTest

/// `kill -9` while `index` writes the vector file: the atomic rename leaves the old file (or none)
/// intact, `query` falls back to the exact scan with a note, and the next run repairs.
final class KillDuringVectorWriteTests: XCTestCase {
    func testKillNineDuringTheVectorWriteLeavesAConsistentState() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos")
        try TestImages.writeMany(6, into: photos)
        let checks = VectorChecks(temporary.path("index"))
        _ = try checks.index(photos)
        let oldIDs = try checks.fileIDs()

        try FileManager.default.removeItem(atPath: photos + "/image-004.bmp")
        try TestImages.writeMany(2, into: photos + "/new", firstSeed: 400)
        try killDuringVectorWrite(photos, checks)

        XCTAssertEqual(try Catalog(directory: checks.index, mode: .readOnly).database.integrityCheck(), ["ok"])
        XCTAssertEqual(try checks.fileIDs(), oldIDs, "the old file is intact")
        XCTAssertNotEqual(try checks.catalogIDs(), oldIDs, "the catalog was committed before the kill")
        let answer = try checks.query(photos + "/new/image-001.bmp")
        XCTAssertEqual(answer.paths.first, "new/image-001.bmp")
        XCTAssertTrue(answer.stderr.contains("out of date"), answer.stderr)

        let run = try checks.index(photos)
        XCTAssertTrue(run.stderr.contains("generation"), run.stderr)
        XCTAssertEqual(run.vectors["added"] as? Int, 2)
        XCTAssertEqual(run.vectors["removed"] as? Int, 1)
        try checks.assertInSync()
    }

    func testKillNineDuringTheFirstVectorWriteIsRepaired() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos")
        try TestImages.writeMany(4, into: photos)
        let checks = VectorChecks(temporary.path("index"))
        try killDuringVectorWrite(photos, checks)
        XCTAssertFalse(FileManager.default.fileExists(atPath: checks.fileURL.path), "no half-written file")
        XCTAssertTrue(try checks.query(photos + "/image-001.bmp").stderr.contains("vector index file is missing"))

        let run = try checks.index(photos)
        XCTAssertTrue(run.stderr.contains("missing"), run.stderr)
        try checks.assertInSync()
    }

    /// Runs `index` paused just before it renames the finished temporary vector file, and kills it there.
    private func killDuringVectorWrite(_ photos: String, _ checks: VectorChecks) throws {
        let child = try CLI.start(["index", photos, "--index", checks.index.path, "--json"],
                                  environment: [VectorSync.pauseVariable: "120"])
        let deadline = Date().addingTimeInterval(120)
        var temporaryFile: String?
        while temporaryFile == nil && Date() < deadline && child.isRunning {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: checks.index.path)) ?? []
            temporaryFile = names.first { $0.hasPrefix(VectorFile.fileName + ".tmp-") }
            if temporaryFile == nil { usleep(10_000) }
        }
        XCTAssertNotNil(temporaryFile, "the run reached the vector write")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        XCTAssertEqual(child.terminationReason, .uncaughtSignal)
    }
}
