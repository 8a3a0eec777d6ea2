import Foundation
import VectorIndex
import XCTest

/// `litsearch export` writes what `query --exact` ranks, in files other vector databases load.
final class ExportCommandTests: XCTestCase {
    /// An index of 40 images and its npy export, made once per test.
    private func exported(_ temporary: TemporaryDirectory, format: String = "npy") throws -> (index: String, photos: String, out: String) {
        let photos = temporary.path("photos"), index = temporary.path("index"), out = temporary.path("export")
        try TestImages.writeMany(40, into: photos)
        let indexed = try CLI.run(["index", photos, "--index", index])
        XCTAssertEqual(indexed.status, 0, indexed.stderr)
        let export = try CLI.run(["export", "--index", index, "--format", format, "--out", out, "--json"])
        XCTAssertEqual(export.status, 0, export.stderr)
        let manifest = try export.json()
        XCTAssertEqual(manifest["count"] as? Int, 40)
        XCTAssertEqual(manifest["format"] as? String, format)
        return (index, photos, out)
    }

    /// The joint vector of `text` from `embed --joint`.
    private func jointVector(_ text: String) throws -> [Float] {
        let result = try CLI.run(["embed", "--joint", "--lang", "en", "--text", text])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(try result.json()["vector"] as? [Double]).map(Float.init)
    }

    /// The paths `query --exact --json` returns, best first.
    private func exactPaths(_ arguments: [String], index: String, k: Int = 10) throws -> [String] {
        let result = try CLI.run(["query", "--index", index, "--exact", "--json", "-k", String(k)] + arguments)
        XCTAssertEqual(result.status, 0, result.stderr)
        let hits = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        return hits.compactMap { $0["relative_path"] as? String }
    }

    private func lines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func testNpyExportRanksAsTheExactScan() throws {
        let temporary = try TemporaryDirectory()
        let (index, _, out) = try exported(temporary)
        let joint = try NumpyMatrix(contentsOf: out + "/joint.npy")
        let locked = try NumpyMatrix(contentsOf: out + "/locked.npy")
        XCTAssertEqual(locked.rows, 40)
        XCTAssertEqual(locked.columns, 1280)
        XCTAssertEqual(joint.rows, 40)
        let rows = try lines(out + "/images.jsonl")
        XCTAssertEqual(rows.count, 40)
        XCTAssertEqual(Set(rows.compactMap { $0["path"] as? String }).count, 40)
        for (i, row) in rows.enumerated() {
            XCTAssertEqual(row["row"] as? Int, i)
            XCTAssertNotNil(row["size"] as? Int)
            XCTAssertNotNil(row["mtime_ns"] as? Int)
            XCTAssertTrue((row["mtime"] as? String)?.hasSuffix("Z") == true)
            XCTAssertTrue((row["image_model"] as? String)?.hasPrefix("efficientnet") == true)
            XCTAssertTrue((row["joint_model"] as? String)?.hasPrefix("joint/") == true)
        }
        for text in ["a red car", "dog"] {
            let query = try jointVector(text)
            XCTAssertEqual(query.count, joint.columns, "embed --joint gives vectors of the export's width")
            let scores = (0..<joint.rows).map { row in zip(query, joint.values[(row * joint.columns)..<((row + 1) * joint.columns)]).reduce(0) { $0 + $1.0 * $1.1 } }
            let top = scores.indices.sorted { scores[$0] > scores[$1] }.prefix(10).map { rows[$0]["path"] as! String }
            XCTAssertEqual(top, try exactPaths(["--lang", "en", text], index: index), "the export's inner products rank as query --exact")
        }
    }

    func testJsonlLinesCarryTheSameVectors() throws {
        let temporary = try TemporaryDirectory()
        let (_, _, out) = try exported(temporary, format: "jsonl")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/joint.npy"), "jsonl writes one file of lines")
        let rows = try lines(out + "/images.jsonl")
        XCTAssertEqual(rows.count, 40)
        let first = try XCTUnwrap(rows.first)
        XCTAssertEqual((first["locked"] as? [Double])?.count, 1280)
        let joint = try XCTUnwrap(first["joint"] as? [Double])
        XCTAssertGreaterThan(joint.count, 512)
        let norm = (first["locked"] as! [Double]).reduce(0) { $0 + $1 * $1 }
        XCTAssertEqual(norm, 1, accuracy: 1e-3, "locked features are unit length")
    }

    func testExportRefusesAMissingIndex() throws {
        let temporary = try TemporaryDirectory()
        let result = try CLI.run(["export", "--index", temporary.path("nothing"), "--format", "npy", "--out", temporary.path("out")])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("holds no index"), result.stderr)
        XCTAssertEqual(try CLI.run(["export", "--format", "parquet", "--out", temporary.path("out")]).status, 64)
    }

    /// The export loaded into Milvus Lite (the engine and client API of a Milvus cluster) answers
    /// with litsearch's exact top 10, for text queries (joint space) and an image query (locked).
    func testMilvusLiteReturnsTheExactTopTen() throws {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import numpy, pymilvus, milvus_lite"]
        probe.standardError = Pipe()
        try probe.run()
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else {
            throw XCTSkip("pymilvus and milvus-lite are not installed (scripts/test.sh installs them with pip where it can)")
        }
        let temporary = try TemporaryDirectory()
        let (index, photos, out) = try exported(temporary)
        var cases: [[String: Any]] = []
        for text in ["a red car", "Hund"] {
            cases.append(["field": "joint", "vector": try jointVector(text), "expected": try exactPaths(["--lang", "en", text], index: index)])
        }
        let locked = try NumpyMatrix(contentsOf: out + "/locked.npy")
        let rows = try lines(out + "/images.jsonl")
        let row = try XCTUnwrap(rows.firstIndex { $0["path"] as? String == "image-007.bmp" })
        cases.append(["field": "locked", "vector": Array(locked.values[(row * 1280)..<((row + 1) * 1280)]),
                      "expected": try exactPaths(["--image", photos + "/image-007.bmp"], index: index)])
        let casesFile = temporary.path("cases.json")
        try JSONSerialization.data(withJSONObject: cases).write(to: URL(fileURLWithPath: casesFile))

        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", CLI.repository.appendingPathComponent("scripts/tests/milvus_roundtrip.py").path,
                           "--export", out, "--cases", casesFile]
        let output = Pipe()
        check.standardOutput = output
        check.standardError = output
        try check.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        if check.terminationStatus == 77 { throw XCTSkip(text) }
        XCTAssertEqual(check.terminationStatus, 0, text)
        XCTAssertEqual(text.components(separatedBy: "matches").count - 1, 3, text)
    }
}

/// `bench search` runs end to end on a small synthetic collection and prints exactly its keys.
final class BenchSearchCommandTests: XCTestCase {
    func testSmallRunPrintsTheContractKeys() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(80, into: photos)
        XCTAssertEqual(try CLI.run(["index", photos, "--index", index]).status, 0)
        let queries = temporary.path("queries.tsv")
        try "# two queries\nen\tdog\nde\tein rotes Auto\n".write(toFile: queries, atomically: true, encoding: .utf8)
        let result = try CLI.run(["bench", "search", "--images", "600", "--fit", index, "--queries", queries, "--rounds", "1", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try result.json()
        XCTAssertEqual(Set(report.keys), ["images", "p50_ms", "p99_ms", "recall_at_10", "bytes_per_image", "build_s", "peak_rss_mib"])
        XCTAssertEqual(report["images"] as? Int, 600)
        XCTAssertEqual(report["recall_at_10"] as? Double, 1, "below the exact threshold the joint index scans exactly")
        XCTAssertGreaterThan(report["bytes_per_image"] as? Double ?? 0, 2 * 1512, "the file holds a float16 copy of each joint vector")
        XCTAssertTrue(result.stderr.contains("fitted a"), result.stderr)

        let tooFew = try CLI.run(["bench", "search", "--images", "10", "--fit", temporary.path("photos"), "--json"])
        XCTAssertEqual(tooFew.status, 64, "a folder of images is not an index: \(tooFew.stderr)")
        let badWeight = try CLI.run(["bench", "search", "--images", "600", "--fit", index, "--anisotropy", "0.5", "--json"])
        XCTAssertEqual(badWeight.status, 64)
        XCTAssertTrue(badWeight.stderr.contains("--anisotropy"), badWeight.stderr)
    }
}
