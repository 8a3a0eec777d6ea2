import Catalog
import Foundation
import LitSearch
import XCTest

/// Reads an index directory the way the tests check it: the catalog's ok ids, the vector file's
/// live ids, `info --json`'s `vector_index`, and `query --json` results.
struct VectorChecks {
    let index: IndexDirectory

    init(_ path: String) { index = IndexDirectory(path: path) }

    /// `vectors.lsvi`.
    var fileURL: URL { VectorFile(directory: index).url }

    /// Ids of the catalog's ok images.
    func catalogIDs() throws -> Set<Int64> {
        Set(try Catalog(directory: index, mode: .readOnly).loadEmbeddings().ids)
    }

    /// Live ids of the vector file (which must be readable).
    func fileIDs() throws -> Set<Int64> {
        Set(try VectorFile(directory: index).load().liveIDs)
    }

    /// The catalog's vector generation.
    func catalogGeneration() throws -> UInt64? {
        try Catalog(directory: index, mode: .readOnly).vectorGeneration()
    }

    /// `litsearch info --json`'s `vector_index` object.
    func info() throws -> [String: Any] {
        let result = try CLI.run(["info", "--index", index.path, "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(try result.json()["vector_index"] as? [String: Any])
    }

    /// Asserts that the file holds exactly the catalog's ok images and that both agree on the generation.
    func assertInSync(file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try fileIDs(), try catalogIDs(), "the vector file holds exactly the catalog's ok images", file: file, line: line)
        let info = try info()
        XCTAssertEqual(info["in_sync"] as? Bool, true, "\(info)", file: file, line: line)
        XCTAssertEqual((info["generation"] as? NSNumber)?.uint64Value, try catalogGeneration(), file: file, line: line)
        let strays = try FileManager.default.contentsOfDirectory(atPath: index.path).filter { $0.contains(".tmp-") }
        XCTAssertEqual(strays, [], "no temporary vector file is left behind", file: file, line: line)
    }

    /// `litsearch query --image image -k k --json` with extra arguments: the result paths and stderr.
    func query(_ image: String, k: Int = 3, _ extra: [String] = []) throws -> (paths: [String], scores: [Double], stderr: String) {
        let result = try CLI.run(["query", "--image", image, "--index", index.path, "-k", String(k), "--json"] + extra)
        XCTAssertEqual(result.status, 0, result.stderr)
        let hits = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        return (hits.compactMap { $0["relative_path"] as? String }, hits.compactMap { $0["score"] as? Double }, result.stderr)
    }

    /// `litsearch index folder --json` plus `arguments`; the summary's `vectors` object and stderr.
    func index(_ folder: String, _ arguments: [String] = [], environment: [String: String] = [:])
        throws -> (vectors: [String: Any], stderr: String, joint: [String: Any]?) {
        let result = try CLI.run(["index", folder, "--index", index.path, "--json"] + arguments, environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try result.json()
        return (try XCTUnwrap(json["vectors"] as? [String: Any], result.stdout), result.stderr, json["joint"] as? [String: Any])
    }

    /// `litsearch query TEXT -k k --json` with extra arguments: the result paths, each hit's
    /// method, and stderr.
    func textQuery(_ text: String, k: Int = 10, _ extra: [String] = []) throws -> (paths: [String], methods: Set<String>, stderr: String) {
        let result = try CLI.run(["query", text, "--index", index.path, "-k", String(k), "--json"] + extra)
        XCTAssertEqual(result.status, 0, result.stderr)
        let hits = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        return (hits.compactMap { $0["relative_path"] as? String }, Set(hits.compactMap { $0["method"] as? String }), result.stderr)
    }
}
