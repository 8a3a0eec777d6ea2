import Foundation
import LitSearch
import XCTest

final class FileReaderTests: XCTestCase {
    func testAMissingFileIsUnreadableWithTheSystemReason() {
        XCTAssertThrowsError(try FileReader().read("/nonexistent/litsearch/photo.jpg")) { error in
            let problem = error as? FileProblem
            XCTAssertEqual(problem?.kind, .unreadable)
            XCTAssertEqual(problem?.message, "No such file or directory")
        }
    }

    func testAFileWithoutReadPermissionIsUnreadable() throws {
        try XCTSkipIf(getuid() == 0, "root reads any file; run as a normal user to exercise this")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("litsearch-\(UUID().uuidString).jpg").path
        _ = FileManager.default.createFile(atPath: path, contents: Data([0xFF, 0xD8]), attributes: [.posixPermissions: 0o000])
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try FileReader().read(path)) { error in
            XCTAssertEqual((error as? FileProblem)?.message, "Permission denied")
        }
    }

    func testFilesOverTheLimitAreRefusedUnread() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("litsearch-\(UUID().uuidString).jpg").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(count: 4096))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = FileReader()
        reader.maximumBytes = 1024
        XCTAssertThrowsError(try reader.read(path)) { error in
            XCTAssertTrue((error as? FileProblem)?.message.contains("are not read") == true, "\(error)")
        }
        reader.maximumBytes = 8192
        XCTAssertEqual(try reader.read(path).count, 4096)
    }

    func testWalkingEscapesBadNamesAndSortsPaths() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("litsearch-walk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("b"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        _ = FileManager.default.createFile(atPath: root.appendingPathComponent("b/2.jpg").path, contents: Data([1]))
        _ = FileManager.default.createFile(atPath: root.appendingPathComponent("a.jpg").path, contents: Data([1, 2]))
        _ = FileManager.default.createFile(atPath: root.appendingPathComponent(".hidden.jpg").path, contents: Data([1]))
        let files = FileWalker(root: root.path).files()
        XCTAssertEqual(files.map(\.relativePath), ["a.jpg", "b/2.jpg"])
        XCTAssertEqual(files.first?.size, 2)
        XCTAssertNil(files.first?.problem)
    }
}
