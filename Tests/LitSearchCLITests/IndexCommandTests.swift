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
        XCTAssertEqual(hits.first?["relative_path"] as? String, "chelsea.jpg")
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

/// Issue 15, item 15: paths other tools can use.
final class QueryPathsTests: XCTestCase {
    func testPathsAreAbsoluteByDefaultAndBarePathsFeedOtherTools() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(3, into: photos)
        let indexed = try CLI.run(["index", photos, "--index", index])
        XCTAssertEqual(indexed.status, 0, indexed.stderr)
        let probe = photos + "/image-001.bmp"
        let root = URL(fileURLWithPath: photos).standardizedFileURL.path

        let json = try CLI.run(["query", "--index", index, "--image", probe, "-k", "2", "--json"])
        let hits = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(hits.first?["path"] as? String, root + "/image-001.bmp")
        XCTAssertEqual(hits.first?["relative_path"] as? String, "image-001.bmp")
        XCTAssertTrue(FileManager.default.fileExists(atPath: hits.first?["path"] as? String ?? ""), "an absolute path opens from anywhere")

        let table = try CLI.run(["query", "--index", index, "--image", probe, "-k", "1"])
        XCTAssertTrue(table.stdout.contains("  " + root + "/image-001.bmp"), table.stdout)
        let relative = try CLI.run(["query", "--index", index, "--image", probe, "-k", "1", "--relative"])
        XCTAssertTrue(relative.stdout.hasSuffix("  image-001.bmp\n"), relative.stdout)

        let bare = try CLI.run(["query", "--index", index, "--image", probe, "-k", "3", "--paths"])
        XCTAssertEqual(bare.stdout.split(separator: "\n").count, 3, bare.stdout)
        XCTAssertEqual(bare.stdout.split(separator: "\n").first.map(String.init), root + "/image-001.bmp")
        let nul = try CLI.run(["query", "--index", index, "--image", probe, "-k", "3", "-0"])
        let names = nul.stdout.split(separator: "\u{0}", omittingEmptySubsequences: false)
        XCTAssertEqual(names.count, 4, "three names, each ended by NUL: \(nul.stdout.debugDescription)")
        XCTAssertEqual(names.last, "")
        XCTAssertEqual(Set(names.dropLast().map(String.init)), Set((0..<3).map { root + String(format: "/image-%03d.bmp", $0) }))

        let both = try CLI.run(["query", "--index", index, "--image", probe, "--json", "--paths"])
        XCTAssertEqual(both.status, 64, both.stderr)
    }
}

/// Issue 15, item 16: excludes and hidden files.
final class ExcludeTests: XCTestCase {
    func testExcludesAndHiddenFilesAreCountedAndExcludedImagesLeave() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(3, into: photos)
        try TestImages.writeMany(2, into: photos + "/raw", firstSeed: 20)
        try TestImages.writeMany(1, into: photos + "/.cache", firstSeed: 30)
        try TestImages.bmp(seed: 40).write(to: URL(fileURLWithPath: photos + "/.hidden.bmp"))
        func run(_ extra: [String]) throws -> [String: Any] {
            let result = try CLI.run(["index", photos, "--index", index, "--json"] + extra)
            XCTAssertEqual(result.status, 0, result.stderr)
            return try result.json()
        }
        let all = try run([])
        XCTAssertEqual(all["added"] as? Int, 5)
        XCTAssertEqual(all["hidden"] as? Int, 2, "the .cache folder and .hidden.bmp")
        XCTAssertEqual(all["excluded"] as? Int, 0)

        try "raw/\n".write(toFile: photos + "/.litsearchignore", atomically: true, encoding: .utf8)
        let ignored = try run(["--exclude", "image-002.bmp"])
        XCTAssertEqual(ignored["excluded"] as? Int, 2, "the raw folder (once) and image-002.bmp: \(ignored)")
        XCTAssertEqual(ignored["removed"] as? Int, 3, "images now excluded leave the index")
        XCTAssertEqual(ignored["hidden"] as? Int, 2, "the ignore file itself is not counted")
        let text = try CLI.run(["index", photos, "--index", index, "--exclude", "image-002.bmp"])
        XCTAssertTrue(text.stdout.contains("2 hidden skipped, 2 excluded"), text.stdout)
    }
}

/// Issue 15, item 16: `query --under`, `--since`, `--until`.
final class QueryFilterTests: XCTestCase {
    func testFoldersAndDatesNarrowTheResults() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(3, into: photos + "/2019", firstSeed: 1)
        try TestImages.writeMany(3, into: photos + "/2024", firstSeed: 10)
        for (folder, day) in [("2019", "2019-07-01"), ("2024", "2024-07-01")] {
            let date = try XCTUnwrap(ISO8601DateFormatter().date(from: day + "T12:00:00Z"))
            for name in try FileManager.default.contentsOfDirectory(atPath: photos + "/" + folder) {
                try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: photos + "/" + folder + "/" + name)
            }
        }
        XCTAssertEqual(try CLI.run(["index", photos, "--index", index]).status, 0)
        let probe = photos + "/2019/image-000.bmp"
        func paths(_ extra: [String]) throws -> [String] {
            let result = try CLI.run(["query", "--index", index, "--image", probe, "-k", "10", "--relative", "--paths"] + extra)
            XCTAssertEqual(result.status, 0, result.stderr)
            return result.stdout.split(separator: "\n").map(String.init)
        }
        XCTAssertEqual(try paths([]).count, 6)
        XCTAssertEqual(Set(try paths(["--under", "2024"])), Set((0..<3).map { String(format: "2024/image-%03d.bmp", $0) }))
        XCTAssertEqual(try paths(["--under", photos + "/2019/"]).first, "2019/image-000.bmp", "an absolute folder, best first")
        XCTAssertEqual(try paths(["--since", "2024-01-01"]).count, 3)
        XCTAssertEqual(Set(try paths(["--until", "2019-07-01"])), Set((0..<3).map { String(format: "2019/image-%03d.bmp", $0) }),
                       "--until includes its whole day")
        XCTAssertEqual(try paths(["--since", "2020-01-01", "--until", "2023-12-31"]), [])
        XCTAssertEqual(try CLI.run(["query", "--index", index, "--image", probe, "--since", "last tuesday"]).status, 64)
    }

    /// A photo's date is when it was taken (EXIF DateTimeOriginal) where its file says so, not
    /// when the file was last written.
    func testTheEXIFDateWinsOverTheModificationTime() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(2, into: photos, firstSeed: 1)   // modified today, no EXIF
        // Taken 2019-07-04 10:30 at +02:00 (see ImageIOTests/CaptureDateTests); copied today.
        try FileManager.default.copyItem(atPath: CLI.repository.path + "/Tests/ImageIOTests/Fixtures/exif_date.jpg",
                                         toPath: photos + "/holiday.jpg")
        XCTAssertEqual(try CLI.run(["index", photos, "--index", index]).status, 0)
        func paths(_ extra: [String]) throws -> [String] {
            let result = try CLI.run(["query", "--index", index, "--image", photos + "/holiday.jpg", "-k", "10", "--relative", "--paths"] + extra)
            XCTAssertEqual(result.status, 0, result.stderr)
            return result.stdout.split(separator: "\n").map(String.init)
        }
        XCTAssertEqual(try paths(["--since", "2019-07-04", "--until", "2019-07-04"]), ["holiday.jpg"])
        XCTAssertEqual(try paths(["--since", "2019-07-04T08:29:00Z", "--until", "2019-07-04T08:31:00Z"]), ["holiday.jpg"],
                       "10:30 at +02:00 is 08:30 UTC")
        XCTAssertEqual(try paths(["--since", "2019-07-04T08:31:00Z", "--until", "2019-07-05"]), [])
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        XCTAssertEqual(Set(try paths(["--since", today])), ["image-000.bmp", "image-001.bmp"], "the copy's mtime is today, its photo is not")
    }
}
