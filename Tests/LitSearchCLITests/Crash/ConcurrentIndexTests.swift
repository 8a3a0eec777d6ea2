import Catalog
import Foundation
import XCTest

/// Two `index` runs on one index: the second fails with a clear message, or waits with `--wait`.
final class ConcurrentIndexTests: XCTestCase {
    func testASecondRunIsRefusedClearlyOrWaits() throws {
        let temporary = try TemporaryDirectory()
        let photos = temporary.path("photos")
        try TestImages.writeMany(160, into: photos)
        let index = IndexDirectory(path: temporary.path("index"))
        let arguments = ["index", photos, "--index", index.path, "--threads", "1", "--batch-size", "1", "--commit-every", "1", "--json"]

        let first = try CLI.start(arguments)
        // Wait until the first run holds the lock (its pid is in the lock file) and has started work.
        let deadline = Date().addingTimeInterval(120)
        while IndexLock.holderPID(of: index) != first.processIdentifier && Date() < deadline && first.isRunning {
            usleep(10_000)
        }
        XCTAssertTrue(first.isRunning, "the first run ended too soon for the test")

        let refused = try CLI.run(arguments)
        XCTAssertEqual(refused.status, 75)
        XCTAssertTrue(refused.stderr.contains("another litsearch process (pid \(first.processIdentifier)) is indexing"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--wait"), refused.stderr)

        let waited = try CLI.run(arguments + ["--wait"])
        first.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0)
        XCTAssertEqual(waited.status, 0, waited.stderr)
        XCTAssertEqual(try waited.json()["unchanged"] as? Int, 160, "the waiting run starts after the first one finished")
        let catalog = try Catalog(directory: index, mode: .readOnly)
        XCTAssertEqual(try catalog.database.integrityCheck(), ["ok"])
        XCTAssertEqual(try catalog.statistics().okCount, 160)
    }
}
