import Catalog
import Foundation
import XCTest

/// `kill -9` in the middle of an index run loses at most the uncommitted batch, and the next run
/// resumes from there.
final class KillDuringIndexTests: XCTestCase {
    func testKillNineMidRunKeepsWholeBatchesAndTheNextRunResumes() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos")
        let total = 160
        let commitEvery = 4
        try TestImages.writeMany(total, into: photos)
        let index = IndexDirectory(path: temporary.path("index"))
        let arguments = ["index", photos, "--index", index.path, "--threads", "1", "--batch-size", "2",
                         "--commit-every", String(commitEvery), "--json"]

        let child = try CLI.start(arguments)
        let committedBeforeKill = try waitForRows(in: index, atLeast: commitEvery, while: child)
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        XCTAssertEqual(child.terminationReason, .uncaughtSignal, "the child must die by the signal, not finish first")

        // The catalog is consistent and holds only whole batches.
        let catalog = try Catalog(directory: index, mode: .readOnly)
        let integrity = try catalog.database.integrityCheck()
        XCTAssertEqual(integrity, ["ok"])
        let survived = try catalog.statistics().imageCount
        XCTAssertGreaterThanOrEqual(survived, committedBeforeKill)
        XCTAssertLessThan(survived, total, "the run was killed before the end")
        XCTAssertEqual(survived % commitEvery, 0, "only whole batches are committed")

        // The next run keeps what was committed and does the rest.
        let resumed = try CLI.run(arguments)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let summary = try resumed.json()
        XCTAssertEqual(summary["unchanged"] as? Int, survived)
        XCTAssertEqual(summary["added"] as? Int, total - survived)
        XCTAssertEqual(try Catalog(directory: index, mode: .readOnly).statistics().okCount, total)
    }

    /// Polls the catalog until it holds `rows` images; fails if the child exits first.
    private func waitForRows(in index: IndexDirectory, atLeast rows: Int, while child: Process) throws -> Int {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            XCTAssertTrue(child.isRunning, "the indexer finished before it could be killed")
            if FileManager.default.fileExists(atPath: index.catalogURL.path),
               let catalog = try? Catalog(directory: index, mode: .readOnly),
               let count = try? catalog.statistics().imageCount, count >= rows {
                return count
            }
            usleep(20_000)
        }
        XCTFail("no batch was committed within two minutes")
        return 0
    }
}
