import Foundation
import ParallelLoops
import XCTest

final class ParallelLoopsTests: XCTestCase {
    /// The chunks of every (count, workers) pair cover the range once, in order, nearly equally.
    func testChunksCoverTheRangeOnceAndEvenly() {
        for count in [0, 1, 2, 7, 64, 1001] {
            for workers in [1, 2, 3, 8, 100] {
                let lock = NSLock()
                var seen: [(Int, Range<Int>)] = []
                forEachChunk(of: count, workers: workers) { chunk, range in
                    lock.lock(); seen.append((chunk, range)); lock.unlock()
                }
                seen.sort { $0.0 < $1.0 }
                XCTAssertEqual(seen.map(\.0), Array(0..<max(1, min(workers, count))), "count \(count), workers \(workers)")
                XCTAssertEqual(seen.flatMap { Array($0.1) }, Array(0..<count))
                let sizes = seen.map(\.1.count)
                XCTAssertLessThanOrEqual((sizes.max() ?? 0) - (sizes.min() ?? 0), 1)
            }
        }
    }

    func testOneWorkerRunsInline() {
        var calls = 0   // not locked: an inline call is on this thread
        forEachChunk(of: 10, workers: 1) { chunk, range in
            XCTAssertEqual(chunk, 0)
            XCTAssertEqual(range, 0..<10)
            calls += 1
        }
        XCTAssertEqual(calls, 1)
    }

    func testParallelMapKeepsOrder() {
        let items = Array(0..<1000)
        XCTAssertEqual(parallelMap(items, workers: 4) { $0 * $0 }, items.map { $0 * $0 })
        XCTAssertEqual(parallelMap([Int](), workers: 4) { $0 }, [])
        XCTAssertEqual(parallelMap(["a"], workers: 0) { $0 + "b" }, ["ab"])
    }
}
