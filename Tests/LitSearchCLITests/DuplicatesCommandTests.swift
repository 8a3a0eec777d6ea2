import Foundation
import XCTest

/// Issue 15, item 16: `litsearch duplicates`.
final class DuplicatesCommandTests: XCTestCase {
    func testCopiesAreGroupedThroughTheIndexOrExactly() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(6, into: photos)
        try FileManager.default.copyItem(atPath: photos + "/image-002.bmp", toPath: photos + "/copy of image-002.bmp")
        try FileManager.default.copyItem(atPath: photos + "/image-002.bmp", toPath: photos + "/again.bmp")
        XCTAssertEqual(try CLI.run(["index", photos, "--index", index]).status, 0)

        func groups(_ extra: [String] = []) throws -> (groups: [[String: Any]], stderr: String) {
            let result = try CLI.run(["duplicates", "--index", index, "--json"] + extra)
            XCTAssertEqual(result.status, 0, result.stderr)
            return (try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]), result.stderr)
        }
        let (found, stderr) = try groups()
        XCTAssertEqual(found.count, 1, "\(found)")
        let members = (found.first?["images"] as? [[String: Any]])?.compactMap { $0["relative_path"] as? String }
        XCTAssertEqual(members, ["again.bmp", "copy of image-002.bmp", "image-002.bmp"])
        XCTAssertEqual(found.first?["score"] as? Double ?? 0, 1, accuracy: 1e-3)
        XCTAssertFalse(stderr.contains("compared the images exactly"), stderr)

        try FileManager.default.removeItem(atPath: index + "/vectors.lsvi")
        let (exact, note) = try groups()
        XCTAssertEqual(exact.count, 1, "the exact comparison finds the same group")
        XCTAssertTrue(note.contains("compared the images exactly"), note)

        let table = try CLI.run(["duplicates", "--index", index, "--threshold", "1.5"])
        XCTAssertEqual(table.status, 64, "a cosine above 1 is a usage error")
    }
}
