import Catalog
import Foundation
import XCTest

/// A damaged, missing or stale vector file: `query` falls back to the exact scan with a note,
/// `info` says so, and the next `index` run repairs it.
final class VectorFileRepairTests: XCTestCase {
    private func indexed(_ temporary: TemporaryDirectory) throws -> (photos: String, checks: VectorChecks) {
        let photos = temporary.path("photos")
        try TestImages.writeMany(6, into: photos)
        let checks = VectorChecks(temporary.path("index"))
        _ = try checks.index(photos)
        try checks.assertInSync()
        return (photos, checks)
    }

    /// Damages the file with `damage`, then checks the note, the fallback, `info`, and the repair.
    private func checkRecovery(expecting words: String, damage: (URL) throws -> Void) throws {
        let temporary = try TemporaryDirectory()
        let (photos, checks) = try indexed(temporary)
        try damage(checks.fileURL)

        let answer = try checks.query(photos + "/image-003.bmp")
        XCTAssertEqual(answer.paths.first, "image-003.bmp", "the exact scan still answers")
        XCTAssertTrue(answer.stderr.contains(words) && answer.stderr.contains("using the exact scan"), answer.stderr)
        XCTAssertEqual(answer.stderr.split(separator: "\n").count, 1, "one line: \(answer.stderr)")
        let info = try checks.info()
        XCTAssertEqual(info["in_sync"] as? Bool, false)
        XCTAssertTrue((info["problem"] as? String ?? "").contains(words), "\(info)")

        let run = try checks.index(photos)
        XCTAssertTrue(run.stderr.contains(words), run.stderr)
        try checks.assertInSync()
        XCTAssertEqual(try checks.query(photos + "/image-003.bmp").stderr, "")
    }

    func testACorruptVectorFileIsReportedAndRebuilt() throws {
        try checkRecovery(expecting: "is corrupt") { url in
            var bytes = try Data(contentsOf: url)
            for offset in stride(from: bytes.count / 2, to: bytes.count / 2 + 64, by: 1) { bytes[offset] ^= 0x5A }
            try bytes.write(to: url)
        }
    }

    /// `info --verify` reads both files whole: a good file says so, a damaged one exits 65.
    func testInfoVerifyChecksBothFiles() throws {
        let temporary = try TemporaryDirectory()
        let (_, checks) = try indexed(temporary)
        let good = try CLI.run(["info", "--index", checks.index.path, "--verify", "--json"])
        XCTAssertEqual(good.status, 0, good.stderr)
        let vectors = try XCTUnwrap(try good.json()["vector_index"] as? [String: Any])
        XCTAssertEqual(vectors["checksums_verified"] as? Bool, true, "\(vectors)")
        XCTAssertTrue(try CLI.run(["info", "--index", checks.index.path, "--verify"]).stdout.contains("checksums verified"))
        XCTAssertNil(try checks.info()["checksums_verified"], "plain info does not claim a check")

        var bytes = try Data(contentsOf: checks.fileURL)
        bytes[bytes.count / 2] ^= 0x5A
        try bytes.write(to: checks.fileURL)
        let bad = try CLI.run(["info", "--index", checks.index.path, "--verify", "--json"])
        XCTAssertEqual(bad.status, 65, bad.stderr)
        let damaged = try XCTUnwrap(try bad.json()["vector_index"] as? [String: Any])
        XCTAssertEqual(damaged["checksums_verified"] as? Bool, false, "\(damaged)")
        XCTAssertTrue(bad.stderr.contains("failed its checksum check"), bad.stderr)
    }

    func testATruncatedVectorFileIsReportedAndRebuilt() throws {
        try checkRecovery(expecting: "is truncated") { url in
            try Data(contentsOf: url).prefix(1000).write(to: url)
        }
    }

    func testAMissingVectorFileIsReportedAndRebuilt() throws {
        try checkRecovery(expecting: "missing") { url in try FileManager.default.removeItem(at: url) }
    }

    /// The catalog's number moved on without the file (as after a crash between the two writes).
    func testAGenerationMismatchIsRepaired() throws {
        try checkRecovery(expecting: "generation") { url in
            let index = IndexDirectory(url: url.deletingLastPathComponent())
            try Catalog(directory: index).setVectorGeneration(999)
        }
    }

    /// An old file whose content also lags behind the catalog (a crash after the catalog commit,
    /// before the vector write): the next run brings in exactly the missing changes.
    func testAnOldVectorFileIsBroughtUpToDate() throws {
        let temporary = try TemporaryDirectory()
        let (photos, checks) = try indexed(temporary)
        let old = try Data(contentsOf: checks.fileURL)
        try FileManager.default.removeItem(atPath: photos + "/image-000.bmp")
        try TestImages.writeMany(2, into: photos + "/new", firstSeed: 300)
        _ = try checks.index(photos)
        try old.write(to: checks.fileURL)

        let answer = try checks.query(photos + "/new/image-000.bmp")
        XCTAssertEqual(answer.paths.first, "new/image-000.bmp", "the exact scan sees the new images")
        XCTAssertTrue(answer.stderr.contains("out of date"), answer.stderr)

        let run = try checks.index(photos)
        XCTAssertTrue(run.stderr.contains("generation"), run.stderr)
        XCTAssertEqual(run.vectors["action"] as? String, "updated")
        XCTAssertEqual(run.vectors["added"] as? Int, 2)
        XCTAssertEqual(run.vectors["removed"] as? Int, 1)
        try checks.assertInSync()
    }
}
