import Foundation
import XCTest

/// Issue 15's data-loss findings, each reproduced first: an unlistable folder, a fixed failure.
final class IndexHardeningTests: XCTestCase {
    private func index(_ photos: String, _ index: String, environment: [String: String] = [:]) throws -> (summary: [String: Any], stderr: String) {
        let result = try CLI.run(["index", photos, "--index", index, "--json"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        return (try result.json(), result.stderr)
    }

    /// A folder that cannot be listed (here by the walk's test hook: tests run as root, who can
    /// list anything) removes nothing under it, says so, and counts as a failure.
    func testAnUnlistableFolderRemovesNothing() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(2, into: photos)
        try TestImages.writeMany(3, into: photos + "/trip", firstSeed: 50)
        XCTAssertEqual(try self.index(photos, index).summary["added"] as? Int, 5)

        let hooked = ["LITSEARCH_TEST_UNLISTABLE": "trip"]
        let (summary, stderr) = try self.index(photos, index, environment: hooked)
        XCTAssertEqual(summary["removed"] as? Int, 0, "nothing under an unlistable folder is removed: \(summary)")
        XCTAssertEqual(summary["failed"] as? Int, 1, "the folder counts as a failure")
        XCTAssertTrue(stderr.contains("kept 3 indexed images under trip, which could not be listed"), stderr)
        XCTAssertEqual((summary["notes"] as? [String])?.count, 1)

        let (rootless, rootStderr) = try self.index(photos, index, environment: ["LITSEARCH_TEST_UNLISTABLE": "."])
        XCTAssertEqual(rootless["removed"] as? Int, 0, "an unlistable root empties nothing")
        XCTAssertTrue(rootStderr.contains("under the root"), rootStderr)

        let info = try CLI.run(["info", "--index", index, "--json"]).json()
        XCTAssertEqual(info["ok"] as? Int, 5)
        let relisted = try self.index(photos, index).summary
        XCTAssertEqual(relisted["failed"] as? Int, 0, "listable again: the folders' failure records go")
        XCTAssertEqual(relisted["unchanged"] as? Int, 5, "and all five images are still there: \(relisted)")
    }

    /// A file that failed is read again on the next run even with the same size and mtime, and is
    /// indexed once it reads.
    func testAFailedFileIsRetried() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(1, into: photos)
        let good = TestImages.bmp(seed: 77)
        var broken = good
        broken.replaceSubrange(0..<16, with: [UInt8](repeating: 0, count: 16))   // same size, no BMP header
        let url = URL(fileURLWithPath: photos + "/later.bmp")
        try broken.write(to: url)
        let stamp = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: url.path)
        XCTAssertEqual(try self.index(photos, index).summary["failed"] as? Int, 1)
        XCTAssertEqual(try self.index(photos, index).summary["failed"] as? Int, 1, "still broken: counted again")

        try good.write(to: url)
        try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: url.path)
        let fixed = try self.index(photos, index).summary
        XCTAssertEqual(fixed["failed"] as? Int, 0, "\(fixed)")
        XCTAssertEqual(fixed["updated"] as? Int, 1, "the repaired file is indexed although its size and mtime are unchanged")
    }

    /// `-k` beyond any sensible size is a usage error, and the largest allowed one is served
    /// from a small index without sizing anything by it (it used to overflow in the exact scan).
    func testHugeKIsRefusedAndTheLargestIsServed() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(12, into: photos)
        _ = try self.index(photos, index)
        for arguments in [["dog"], ["--image", photos + "/image-003.bmp", "--exact"]] {
            let refused = try CLI.run(["query", "--index", index, "-k", "9223372036854775807"] + arguments)
            XCTAssertEqual(refused.status, 64, refused.stderr)
            XCTAssertTrue(refused.stderr.contains("-k must be between 1 and 10000"), refused.stderr)
            let largest = try CLI.run(["query", "--index", index, "-k", "10000", "--json"] + arguments)
            XCTAssertEqual(largest.status, 0, largest.stderr)
            XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(largest.stdout.utf8)) as? [Any])?.count, 12)
        }
    }

    /// Empty paths are usage errors (an empty folder or --index used to mean the working
    /// directory), as are an empty query and --lang with --image.
    func testEmptyPathsAndMixedQueriesAreUsageErrors() throws {
        let temporary = try TemporaryDirectory()
        let cases: [([String], String)] = [
            (["index", ""], "give the folder of images"),
            (["index", CLI.repository.appendingPathComponent("samples").path, "--index", ""], "--index needs a directory"),
            (["query", "   "], "the query text is empty"),
            (["query", "--image", CLI.repository.appendingPathComponent("samples/dogs.jpg").path, "--lang", "de"], "--lang applies to text queries"),
        ]
        for (arguments, message) in cases {
            let result = try CLI.run(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/catalog.sqlite"))
        _ = temporary
    }

    /// A file name with an escape sequence and a newline is printed escaped, one row, and the
    /// JSON keeps the real name.
    func testControlCharactersInNamesAreEscaped() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(1, into: photos)
        let name = "evil\u{1b}[2Jname\nrank 1 0.99 fake.bmp"
        try TestImages.bmp(seed: 5).write(to: URL(fileURLWithPath: photos).appendingPathComponent(name))
        _ = try self.index(photos, index)
        let table = try CLI.run(["query", "--index", index, "--image", photos + "/image-000.bmp", "-k", "5"])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertFalse(table.stdout.unicodeScalars.contains("\u{1b}"), "no raw escape reaches the terminal")
        XCTAssertTrue(table.stdout.contains("evil\\x1b[2Jname\\nrank 1 0.99 fake.bmp"), table.stdout)
        XCTAssertEqual(table.stdout.split(separator: "\n").count, 3, "a header and two rows, no forged one: \(table.stdout)")
        let json = try CLI.run(["query", "--index", index, "--image", photos + "/image-000.bmp", "-k", "5", "--json"])
        let paths = (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])?.compactMap { $0["relative_path"] as? String }
        XCTAssertTrue(paths?.contains(name) == true, "\(paths ?? [])")
    }

    /// A named pipe given as a photo is refused at once (it used to block forever waiting for a
    /// writer), with a message that names it.
    func testNamedPipesAreRefusedNotWaitedFor() throws {
        let temporary = try TemporaryDirectory()
        let fifo = temporary.path("photo.jpg"), photos = temporary.path("photos"), index = temporary.path("index")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        // A clean clone has no default index: query gets one of its own.
        try TestImages.writeMany(1, into: photos)
        _ = try self.index(photos, index)
        for arguments in [["query", "--index", index, "--image", fifo], ["classify", fifo, "--labels", "cat,dog"], ["embed", "--image", fifo]] {
            let stderr = Pipe()
            let process = try CLI.start(arguments, stderr: stderr)
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning && Date() < deadline { usleep(50_000) }
            guard !process.isRunning else {
                process.terminate()
                return XCTFail("\(arguments[0]) waited on the named pipe")
            }
            let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            // classify goes on with the other photos and exits 1; the others refuse their one photo.
            XCTAssertEqual(process.terminationStatus, arguments[0] == "classify" ? 1 : 64, "\(arguments[0]): \(message)")
            XCTAssertTrue(message.contains("cannot read \(fifo): not a regular file (a named pipe)"), "\(arguments[0]): \(message)")
        }
    }

    /// An index path that is a file, or cannot be created, is named with the reason (it was a raw
    /// NSError); a damaged catalog says how to recover.
    func testBadIndexPathsAndADamagedCatalogSayWhatToDo() throws {
        let temporary = try TemporaryDirectory()
        let file = temporary.path("file"), photos = temporary.path("photos"), index = temporary.path("index")
        try Data("not an index".utf8).write(to: URL(fileURLWithPath: file))
        try TestImages.writeMany(3, into: photos)
        for arguments in [["index", photos, "--index", file], ["query", "--index", file, "dog"], ["info", "--index", file]] {
            let result = try CLI.run(arguments)
            XCTAssertEqual(result.status, 1, "\(arguments[0]): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("\(file) cannot be an index directory: it is a file"), "\(arguments[0]): \(result.stderr)")
        }
        let nested = try CLI.run(["index", photos, "--index", file + "/sub"])
        XCTAssertTrue(nested.stderr.contains("cannot create it (not a directory)"), nested.stderr)

        _ = try self.index(photos, index)
        let catalog = URL(fileURLWithPath: index).appendingPathComponent("catalog.sqlite")
        var bytes = try Data(contentsOf: catalog)
        for offset in 8192..<bytes.count { bytes[offset] = UInt8(truncatingIfNeeded: offset &* 7919 % 251) }
        try bytes.write(to: catalog)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: catalog.path + suffix) }
        for arguments in [["query", "--index", index, "dog"], ["info", "--index", index], ["index", photos, "--index", index]] {
            let result = try CLI.run(arguments)
            XCTAssertEqual(result.status, 1, "\(arguments[0]): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("the index's catalog is damaged"), "\(arguments[0]): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("run `litsearch index FOLDER` again"), "\(arguments[0]): \(result.stderr)")
        }
    }

    /// Issue 15, item 5: indexing another folder into an index that holds images removed them
    /// all, silently. Now the folder is added beside the first (see `RootsTests` for the rest);
    /// only --prune replaces, and a new index still needs a folder.
    func testAnotherFolderDoesNotSilentlyEmptyTheIndex() throws {
        let temporary = try TemporaryDirectory()
        let first = temporary.path("first"), second = temporary.path("second"), index = temporary.path("index")
        try TestImages.writeMany(4, into: first)
        try TestImages.writeMany(2, into: second, firstSeed: 70)
        XCTAssertEqual(try self.index(first, index).summary["added"] as? Int, 4)

        let added = try self.index(second, index).summary
        XCTAssertEqual(added["added"] as? Int, 2, "\(added)")
        XCTAssertEqual(added["removed"] as? Int, 0, "the first folder's images stay")
        XCTAssertEqual(try CLI.run(["info", "--index", index, "--json"]).json()["ok"] as? Int, 6)

        let replaced = try CLI.run(["index", second, "--index", index, "--prune", "--json"])
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        XCTAssertEqual(try replaced.json()["unchanged"] as? Int, 2)
        XCTAssertEqual(try replaced.json()["removed"] as? Int, 4, "--prune removes the folders not given")
        XCTAssertEqual(try CLI.run(["info", "--index", index, "--json"]).json()["ok"] as? Int, 2)
        XCTAssertEqual(try CLI.run(["index", "--index", temporary.path("new")]).status, 64, "a new index needs a folder")
        XCTAssertEqual(try CLI.run(["index", "--index", index, "--prune"]).status, 64, "--prune needs the folders to keep")
    }

    /// A vector file copied from another index, with the same generation number, is not taken for
    /// this index's: the query scans exactly and says why, and the next run rebuilds it.
    func testAVectorFileOfAnotherIndexIsNotUsed() throws {
        let temporary = try TemporaryDirectory()
        let first = temporary.path("first"), second = temporary.path("second")
        try TestImages.writeMany(6, into: first)
        try TestImages.writeMany(6, into: second, firstSeed: 500)
        _ = try self.index(first, temporary.path("a"))
        _ = try self.index(second, temporary.path("b"))
        for name in ["vectors.lsvi", "joint.lsvi"] {
            let target = URL(fileURLWithPath: temporary.path("b")).appendingPathComponent(name)
            try FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: URL(fileURLWithPath: temporary.path("a")).appendingPathComponent(name), to: target)
        }
        let result = try CLI.run(["query", "--index", temporary.path("b"), "--image", second + "/image-002.bmp", "-k", "3", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("belongs to another index's catalog"), result.stderr)
        let hits = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(hits.first?["relative_path"] as? String, "image-002.bmp", "answers come from this index's images")
        XCTAssertEqual(hits.first?["method"] as? String, "exact")
        let info = try CLI.run(["info", "--index", temporary.path("b"), "--json"]).json()
        XCTAssertEqual((info["vector_index"] as? [String: Any])?["in_sync"] as? Bool, false)
        XCTAssertEqual((info["joint_index"] as? [String: Any])?["in_sync"] as? Bool, false)

        let (summary, stderr) = try self.index(second, temporary.path("b"))
        XCTAssertEqual((summary["vectors"] as? [String: Any])?["action"] as? String, "rebuilt", stderr)
        let again = try CLI.run(["query", "--index", temporary.path("b"), "--image", second + "/image-002.bmp", "-k", "3", "--json"])
        XCTAssertEqual(again.stderr, "", "the rebuilt file answers without a note")
    }

    /// Issue 15, item 13 in part: classify reports a bad photo and classifies the rest; info shows
    /// sizes as numbers and an unfinished run as interrupted; errors are not Swift debug dumps.
    func testClassifyGoesOnAndMessagesReadWell() throws {
        let temporary = try TemporaryDirectory()
        let text = temporary.path("notes.jpg")
        try "not an image".write(toFile: text, atomically: true, encoding: .utf8)
        let dogs = CLI.repository.appendingPathComponent("samples/dogs.jpg").path
        let result = try CLI.run(["classify", dogs, text, "--labels", "dog,cat", "--json"])
        XCTAssertEqual(result.status, 1, "a photo failed: \(result.stderr)")
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.compactMap { $0["path"] as? String }, [dogs], "the readable photo is still classified")
        XCTAssertTrue(result.stderr.contains("cannot read \(text):"), result.stderr)
        XCTAssertFalse(result.stderr.contains("ImageFailure("), "no Swift debug dump: \(result.stderr)")

        let empty = temporary.path("index")
        let photos = temporary.path("photos")
        try TestImages.writeMany(1, into: photos)
        XCTAssertEqual(try CLI.run(["index", photos, "--index", empty]).status, 0)
        let info = try CLI.run(["info", "--index", empty])
        XCTAssertFalse(info.stdout.contains("Zero"), info.stdout)
        XCTAssertTrue(info.stdout.contains(" kB"), info.stdout)
        let json = try CLI.run(["info", "--index", empty, "--json"]).json()
        XCTAssertEqual((json["last_run"] as? [String: Any])?["running"] as? Bool, false)
    }

    /// `--min-score` keeps only hits scoring at least the floor (issue 15, item 16).
    func testMinScoreDropsWeakerHits() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(8, into: photos)
        _ = try self.index(photos, index)
        let probe = photos + "/image-004.bmp"
        let all = try CLI.run(["query", "--index", index, "--image", probe, "-k", "8", "--json"])
        let scores = (try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])?.compactMap { $0["score"] as? Double } ?? []
        XCTAssertEqual(scores.count, 8)
        let floor = scores[2]
        let some = try CLI.run(["query", "--index", index, "--image", probe, "-k", "8", "--json", "--min-score", String(floor)])
        let kept = (try JSONSerialization.jsonObject(with: Data(some.stdout.utf8)) as? [[String: Any]])?.compactMap { $0["score"] as? Double } ?? []
        XCTAssertEqual(kept, scores.filter { Float($0) >= Float(floor) })
        XCTAssertGreaterThanOrEqual(kept.count, 3)
        XCTAssertEqual(try CLI.run(["query", "--index", index, "--image", probe, "--min-score", "1.5"]).status, 64)
    }
}
