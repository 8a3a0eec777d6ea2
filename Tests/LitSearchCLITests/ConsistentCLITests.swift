import Foundation
import XCTest

/// Issue 15, item 17: one spelling of the result count, a `--version` that names the formats and
/// models, completion scripts.
final class ConsistentCLITests: XCTestCase {
    func testVersionNamesFormatsAndModels() throws {
        let result = try CLI.run(["--version"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for expected in ["litsearch 0.1.0", "catalog schema 4", "vector index 1", "checkpoint 1",
                         "image model  efficientnet-lite0", "text model   ", "models/text-tower.ckpt"] {
            XCTAssertTrue(result.stdout.contains(expected), "\(expected) in \(result.stdout)")
        }
    }

    func testResultCountIsKOrDashDashKEverywhere() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(4, into: photos)
        XCTAssertEqual(try CLI.run(["index", photos, "--index", index]).status, 0)
        for spelling in ["-k", "--k"] {
            let query = try CLI.run(["query", "--index", index, "--image", photos + "/image-000.bmp", spelling, "2", "--paths"])
            XCTAssertEqual(query.status, 0, query.stderr)
            XCTAssertEqual(query.stdout.split(separator: "\n").count, 2, "\(spelling): \(query.stdout)")
            let classify = try CLI.run(["classify", photos + "/image-000.bmp", "--labels", "cat,dog,car", spelling, "1", "--json"])
            XCTAssertEqual(classify.status, 0, classify.stderr)
            let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(classify.stdout.utf8)) as? [[String: Any]])
            XCTAssertEqual((rows.first?["labels"] as? [Any])?.count, 1, "\(spelling): \(classify.stdout)")
        }
        XCTAssertEqual(try CLI.run(["classify", photos + "/image-000.bmp", "--labels", "cat", "-k", "0"]).status, 64)
    }

    func testCompletionScriptsAreGenerated() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try CLI.run(["--generate-completion-script", shell])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stdout.contains("litsearch"), shell)
            XCTAssertTrue(result.stdout.contains("query"), "\(shell) completes the subcommands")
        }
    }
}
