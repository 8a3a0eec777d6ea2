import XCTest
@testable import LitSearch

/// Issue 15, item 9: a batch holds at most so many bytes of files, not only so many files.
final class IndexBatchTests: XCTestCase {
    func testBatchesAreBoundedByCountAndBytes() {
        let mib: Int64 = 1 << 20
        // Eight 500 MiB files used to be one batch (4 GB read at once); now one each.
        XCTAssertEqual(Indexer.batches(sizes: Array(repeating: 500 * mib, count: 8), count: 8, bytes: 256 * mib),
                       (0..<8).map { $0..<($0 + 1) })
        // Small files: by count.
        XCTAssertEqual(Indexer.batches(sizes: Array(repeating: mib, count: 20), count: 8, bytes: 256 * mib), [0..<8, 8..<16, 16..<20])
        // Mixed: a batch closes before the file that would overflow it.
        XCTAssertEqual(Indexer.batches(sizes: [100 * mib, 100 * mib, 100 * mib, 10 * mib, 300 * mib, mib], count: 8, bytes: 256 * mib),
                       [0..<2, 2..<4, 4..<5, 5..<6])
        XCTAssertEqual(Indexer.batches(sizes: [], count: 8, bytes: 256 * mib), [])
    }
}
