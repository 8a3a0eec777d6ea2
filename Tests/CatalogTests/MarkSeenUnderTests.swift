import Catalog
import Foundation
import XCTest

/// `markSeen(under:run:)` keeps the records of a folder the walk could not list.
final class MarkSeenUnderTests: XCTestCase {
    func testKeepsExactlyTheFolder() throws {
        let temporary = try TemporaryDirectory()
        let catalog = try Catalog(directory: temporary.index)
        let paths = ["a/b/1.jpg", "a/b/c/2.jpg", "a/bc/3.jpg", "a/b.jpg", "a/b0/4.jpg", "é/x.jpg", "z.jpg"]
        let first = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        for (seed, path) in paths.enumerated() {
            try catalog.storeOK(Fixtures.entry(path), embedding: Fixtures.embedding(seed: seed), modelID: Fixtures.model, run: first.id)
        }
        try catalog.finishRun(first)

        let second = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        XCTAssertEqual(try catalog.markSeen(under: "a/b", run: second.id), 2)
        XCTAssertEqual(try catalog.markSeen(under: "é/", run: second.id), 1)
        let finished = try catalog.finishRun(second)
        XCTAssertEqual(finished.counts.removed, 4)
        XCTAssertNotNil(try catalog.image(atPath: "a/b/c/2.jpg"))
        XCTAssertNotNil(try catalog.image(atPath: "é/x.jpg"))
        XCTAssertNil(try catalog.image(atPath: "a/bc/3.jpg"), "a sibling whose name starts alike is not under the folder")
        XCTAssertNil(try catalog.image(atPath: "a/b.jpg"))

        let third = try catalog.beginRun(root: "/photos", modelID: Fixtures.model)
        XCTAssertEqual(try catalog.markSeen(under: ".", run: third.id), 3, "the root keeps everything")
        XCTAssertEqual(try catalog.finishRun(third).counts.removed, 0)
    }
}
