import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Issue 15, item 3: new content under an old size and mtime (`cp -p`, `touch -r`, a restore)
/// is noticed through the change time and inode, and a touch alone re-embeds nothing.
final class StampTests: XCTestCase {
    private func index(_ photos: String, _ index: String) throws -> [String: Any] {
        let result = try CLI.run(["index", photos, "--index", index, "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try result.json()
    }

    /// The `stat` of `path`.
    private func status(_ path: String) throws -> stat {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CocoaError(.fileReadNoSuchFile) }
        return info
    }

    func testNewContentUnderTheOldSizeAndMtimeIsEmbeddedAgain() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(2, into: photos)
        XCTAssertEqual(try self.index(photos, index)["added"] as? Int, 2)

        // Other pixels, same byte size, then the old times put back (as `touch -r` would).
        let target = photos + "/image-000.bmp"
        let before = try status(target)
        let replacement = TestImages.bmp(seed: 99)
        XCTAssertEqual(Int(before.st_size), replacement.count, "same size")
        try replacement.write(to: URL(fileURLWithPath: target))
        var times = [before.st_atim, before.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, target, &times, 0), 0)
        let after = try status(target)
        XCTAssertEqual(after.st_mtim.tv_sec, before.st_mtim.tv_sec)
        XCTAssertEqual(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec)

        let summary = try self.index(photos, index)
        XCTAssertEqual(summary["updated"] as? Int, 1, "the new content is embedded: \(summary)")
        XCTAssertEqual(summary["unchanged"] as? Int, 1)
        let probe = temporary.path("probe.bmp")
        try replacement.write(to: URL(fileURLWithPath: probe))
        let hits = try CLI.run(["query", "--index", index, "--image", probe, "--json", "-k", "1"])
        XCTAssertEqual(hits.status, 0, hits.stderr)
        let top = (try JSONSerialization.jsonObject(with: Data(hits.stdout.utf8)) as? [[String: Any]])?.first
        XCTAssertEqual(top?["relative_path"] as? String, "image-000.bmp")
        XCTAssertGreaterThan(top?["score"] as? Double ?? 0, 0.99, "the stored embedding is the new picture's")
    }

    func testATouchWithTheSameContentIsNotEmbeddedAgain() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(2, into: photos)
        _ = try self.index(photos, index)
        XCTAssertEqual(chmod(photos + "/image-001.bmp", 0o600), 0, "a new change time, same content")
        let touched = try self.index(photos, index)
        XCTAssertEqual(touched["unchanged"] as? Int, 2, "\(touched)")
        XCTAssertEqual(touched["updated"] as? Int, 0)
        XCTAssertEqual(try self.index(photos, index)["unchanged"] as? Int, 2)
    }
}
