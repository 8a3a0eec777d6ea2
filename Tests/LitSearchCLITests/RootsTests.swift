import Foundation
import XCTest

/// Issue 15, item 5: one index holds several folders (roots), through the real executable.
final class RootsTests: XCTestCase {
    /// Two folders whose images share names (`image-000.bmp`, …): 4 in `a`, 2 in `b`.
    private struct Folders {
        let temporary: TemporaryDirectory
        let a: String, b: String, index: String
        init() throws {
            temporary = try TemporaryDirectory()
            a = URL(fileURLWithPath: temporary.path("a")).standardizedFileURL.path
            b = URL(fileURLWithPath: temporary.path("b")).standardizedFileURL.path
            index = temporary.path("index")
            try TestImages.writeMany(4, into: a)
            try TestImages.writeMany(2, into: b, firstSeed: 70)
        }
    }

    private func run(_ arguments: [String], status: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) throws -> CLI.Result {
        let result = try CLI.run(arguments)
        XCTAssertEqual(result.status, status, "\(arguments): \(result.stderr)", file: file, line: line)
        return result
    }

    /// `query --image photo --json` hits.
    private func hits(_ photo: String, _ index: String, k: Int = 3, _ extra: [String] = []) throws -> [[String: Any]] {
        let result = try run(["query", "--image", photo, "--index", index, "-k", String(k), "--json"] + extra)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    /// `info --json`'s `roots`: path → images.
    private func roots(_ index: String) throws -> [String: Int] {
        let roots = try XCTUnwrap(try run(["info", "--index", index, "--json"]).json()["roots"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: roots.map { ($0["path"] as? String ?? "", $0["images"] as? Int ?? -1) })
    }

    func testTwoFoldersAreIndexedAndBothQueried() throws {
        let folders = try Folders()
        let summary = try run(["index", folders.a, folders.b, "--index", folders.index, "--json"]).json()
        XCTAssertEqual(summary["added"] as? Int, 6, "same names in both folders are different images: \(summary)")
        XCTAssertEqual(summary["roots"] as? [String], [folders.a, folders.b])
        XCTAssertEqual(try roots(folders.index), [folders.a: 4, folders.b: 2])

        for (folder, name) in [(folders.a, "image-002.bmp"), (folders.b, "image-001.bmp")] {
            let best = try XCTUnwrap(try hits(folder + "/" + name, folders.index).first)
            XCTAssertEqual(best["path"] as? String, folder + "/" + name, "absolute, under its own folder")
            XCTAssertEqual(best["relative_path"] as? String, name)
            XCTAssertEqual(best["root"] as? String, folder)
        }
        // --under: an absolute folder picks one root; a relative one applies under every root.
        let underB = try hits(folders.a + "/image-000.bmp", folders.index, k: 10, ["--under", folders.b])
        XCTAssertEqual(Set(underB.compactMap { $0["path"] as? String }), [folders.b + "/image-000.bmp", folders.b + "/image-001.bmp"])
        let relative = try run(["query", "--image", folders.a + "/image-000.bmp", "--index", folders.index, "-k", "10", "--relative", "--paths"])
        XCTAssertEqual(relative.stdout.split(separator: "\n").count, 6, relative.stdout)
    }

    func testALaterFolderIsAddedAndAFolderlessRunRefreshesEvery() throws {
        let folders = try Folders()
        XCTAssertEqual(try run(["index", folders.a, "--index", folders.index, "--json"]).json()["added"] as? Int, 4)
        let added = try run(["index", folders.b, "--index", folders.index, "--json"]).json()
        XCTAssertEqual(added["added"] as? Int, 2)
        XCTAssertEqual(added["removed"] as? Int, 0, "the first folder is kept")
        XCTAssertEqual(try roots(folders.index), [folders.a: 4, folders.b: 2])

        try FileManager.default.removeItem(atPath: folders.a + "/image-001.bmp")
        let refreshed = try run(["index", "--index", folders.index, "--json"]).json()
        XCTAssertEqual(refreshed["roots"] as? [String], [folders.a, folders.b], "no folder: every folder the index holds")
        XCTAssertEqual(refreshed["removed"] as? Int, 1)
        XCTAssertEqual(refreshed["unchanged"] as? Int, 5)
        XCTAssertEqual(try roots(folders.index), [folders.a: 3, folders.b: 2], "b is untouched")

        let rebuilt = try run(["index", "--rebuild", "--index", folders.index, "--json"]).json()
        XCTAssertEqual(rebuilt["unchanged"] as? Int, 5)
        XCTAssertEqual((rebuilt["vectors"] as? [String: Any])?["action"] as? String, "rebuilt", "--rebuild needs no folder")

        // A folder that is gone is kept, and said so.
        try FileManager.default.moveItem(atPath: folders.b, toPath: folders.temporary.path("b-away"))
        let partial = try run(["index", "--index", folders.index, "--json"])
        XCTAssertEqual(try partial.json()["removed"] as? Int, 0)
        XCTAssertTrue(partial.stderr.contains("\(folders.b) is not there: its 2 indexed images are kept"), partial.stderr)
        XCTAssertEqual(try roots(folders.index), [folders.a: 3, folders.b: 2])
    }

    func testForgetRemovesOnlyThatFolderAndTheVectorFilesFollow() throws {
        let folders = try Folders()
        _ = try run(["index", folders.a, folders.b, "--index", folders.index])
        let forgot = try run(["forget", folders.a, "--index", folders.index, "--json"]).json()
        XCTAssertEqual(forgot["removed"] as? Int, 4)
        XCTAssertEqual(forgot["roots"] as? [String], [folders.b])
        XCTAssertEqual(try roots(folders.index), [folders.b: 2])
        try VectorChecks(folders.index).assertInSync()

        let found = try hits(folders.b + "/image-001.bmp", folders.index, k: 5)
        XCTAssertEqual(found.count, 2, "only b's images are left")
        XCTAssertEqual(found.first?["path"] as? String, folders.b + "/image-001.bmp")
        XCTAssertEqual(found.first?["method"] as? String, "index", "the vector index answers, in sync")
        XCTAssertTrue(FileManager.default.fileExists(atPath: folders.a + "/image-000.bmp"), "the photos themselves stay")

        let unknown = try run(["forget", folders.a, "--index", folders.index], status: 64)
        XCTAssertTrue(unknown.stderr.contains("does not hold \(folders.a); it holds: \(folders.b)"), unknown.stderr)
        let refreshed = try run(["index", "--index", folders.index, "--json"]).json()
        XCTAssertEqual(refreshed["roots"] as? [String], [folders.b], "a forgotten folder is not refreshed")
    }

    func testPruneKeepsOnlyTheFoldersGiven() throws {
        let folders = try Folders()
        _ = try run(["index", folders.a, folders.b, "--index", folders.index])
        let pruned = try run(["index", folders.b, "--prune", "--index", folders.index, "--json"]).json()
        XCTAssertEqual(pruned["removed"] as? Int, 4)
        XCTAssertEqual(pruned["unchanged"] as? Int, 2)
        XCTAssertEqual(try roots(folders.index), [folders.b: 2])
        try VectorChecks(folders.index).assertInSync()
    }

    func testFoldersInsideOneAnotherAreRefused() throws {
        let folders = try Folders()
        try TestImages.writeMany(1, into: folders.a + "/inner", firstSeed: 90)
        let together = try run(["index", folders.a, folders.a + "/inner", "--index", folders.index], status: 64)
        XCTAssertTrue(together.stderr.contains("\(folders.a)/inner is inside \(folders.a)"), together.stderr)
        _ = try run(["index", folders.a, "--index", folders.index])
        let inner = try run(["index", folders.a + "/inner", "--index", folders.index], status: 64)
        XCTAssertTrue(inner.stderr.contains("is inside"), inner.stderr)
        let outer = try run(["index", folders.temporary.path("."), "--index", folders.index], status: 64)
        XCTAssertTrue(outer.stderr.contains("\(folders.a) is inside"), outer.stderr)
        XCTAssertEqual(try roots(folders.index), [folders.a: 5], "nothing changed")
    }
}
