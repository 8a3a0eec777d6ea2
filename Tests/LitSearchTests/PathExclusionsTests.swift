import XCTest
@testable import LitSearch

/// `--exclude` and `.litsearchignore` patterns (issue 15, item 16).
final class PathExclusionsTests: XCTestCase {
    func testNamesPathsFoldersAndNegation() {
        let rules = PathExclusions(patterns: ["# comment", "", "*.png", "!keep.png", "raw/", "/drafts/2019", "thumb?.jpg  "])
        XCTAssertEqual(rules.rules.count, 5)
        XCTAssertTrue(rules.excludes("a.png", isDirectory: false))
        XCTAssertTrue(rules.excludes("deep/down/b.png", isDirectory: false), "a name pattern matches at any depth")
        XCTAssertFalse(rules.excludes("x/keep.png", isDirectory: false), "the last match wins: taken back")
        XCTAssertTrue(rules.excludes("raw", isDirectory: true))
        XCTAssertTrue(rules.excludes("2020/raw", isDirectory: true))
        XCTAssertFalse(rules.excludes("raw", isDirectory: false), "a trailing slash matches folders only")
        XCTAssertTrue(rules.excludes("drafts/2019", isDirectory: true))
        XCTAssertFalse(rules.excludes("old/drafts/2019", isDirectory: true), "a path pattern is anchored at the root")
        XCTAssertTrue(rules.excludes("thumb1.jpg", isDirectory: false), "trailing spaces are dropped")
        XCTAssertFalse(rules.excludes("thumb12.jpg", isDirectory: false))
        XCTAssertFalse(PathExclusions(patterns: ["*.jpg"]).excludes("a/b", isDirectory: true))
    }

    func testIgnoreFileComesFirstAndMustBeText() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ignore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "*.gif\n".write(to: folder.appendingPathComponent(".litsearchignore"), atomically: true, encoding: .utf8)
        let rules = try PathExclusions(root: folder.path, patterns: ["!ok.gif"])
        XCTAssertTrue(rules.excludes("a.gif", isDirectory: false))
        XCTAssertFalse(rules.excludes("ok.gif", isDirectory: false), "options come after the file")
        try Data([0xFF, 0xFE, 0x00]).write(to: folder.appendingPathComponent(".litsearchignore"))
        XCTAssertThrowsError(try PathExclusions(root: folder.path, patterns: [])) {
            XCTAssertTrue("\($0)".contains("not UTF-8"), "\($0)")
        }
    }
}
