import SeededRandom
import XCTest
@testable import VectorIndex

final class ADCScanTests: XCTestCase {
    /// The 16-bit table gives the float table's scores to within M·step/2, and the scan keeps the
    /// same best rows as a plain float scan, for code sizes with and without a tail of < 8 bytes.
    func testQuantizedScanMatchesFloatScores() {
        for m in [4, 8, 12, 64] {
            var generator = SeededGenerator(seed: UInt64(m))
            let n = 1003  // not a multiple of 4: the single-code tail runs too
            let table = (0..<(m * 256)).map { _ in generator.uniform(-0.2...0.3) }
            var list = InvertedList()
            list.rows = MappedArray((0..<n).map(Int32.init))
            list.codes = MappedArray((0..<(n * m)).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
            let exact = (0..<n).map { row in
                (0..<m).reduce(Float(0.25)) { $0 + table[$1 * 256 + Int(list.codes[row * m + $1])] }
            }
            let deleted = [UInt8](repeating: 0, count: n)
            var heap = TopKHeap(capacity: 25)
            table.withUnsafeBufferPointer { t in
                deleted.withUnsafeBufferPointer { flags in
                    ADCScan(table: t.baseAddress!, subspaces: m, deleted: flags.baseAddress!).scan(list, bias: 0.25, into: &heap)
                }
            }
            let found = heap.sortedDescending()
            let tolerance = Float(m) * 0.5 / 65_535 * 1.01 + 1e-5
            for hit in found { XCTAssertEqual(hit.score, exact[Int(hit.row)], accuracy: tolerance, "m = \(m)") }
            // The 25th best float score is beaten by nothing the scan left out (up to the tolerance).
            let expected = exact.enumerated().sorted { $0.element > $1.element }.prefix(25)
            let kept = Set(found.map { Int($0.row) })
            for (row, score) in expected where !kept.contains(row) {
                XCTAssertLessThanOrEqual(score, found.last!.score + 2 * tolerance, "m = \(m), row \(row)")
            }
        }
    }

    /// Tombstoned rows never come back, however well they score.
    func testTombstonesAreSkipped() {
        let m = 8, n = 64
        var list = InvertedList()
        list.rows = MappedArray((0..<n).map(Int32.init))
        list.codes = MappedArray((0..<(n * m)).map { UInt8($0 / m) })  // row r scores r·(entries of code r)
        let table = (0..<(m * 256)).map { Float($0 % 256) / 256 }
        var deleted = [UInt8](repeating: 0, count: n)
        deleted[n - 1] = 1
        deleted[n - 3] = 1
        var heap = TopKHeap(capacity: 3)
        table.withUnsafeBufferPointer { t in
            deleted.withUnsafeBufferPointer { flags in
                ADCScan(table: t.baseAddress!, subspaces: m, deleted: flags.baseAddress!).scan(list, bias: 0, into: &heap)
            }
        }
        XCTAssertEqual(heap.sortedDescending().map(\.row), [62, 60, 59])
    }

    /// The footprint counts codes, list rows, float16 copies, ids and tombstones per stored row.
    func testMemoryFootprint() throws {
        let d = 32, n = 3000
        let vectors = SyntheticData.clustered(count: n, dimension: d)
        let parameters = VectorIndexParameters(bytesPerVector: 8, coarseLists: 4, rotation: false, exactThreshold: 1000,
                                               kmeansIterations: 3)
        let index = try VectorIndex.build(vectors: vectors, dimension: d, ids: (0..<n).map(Int64.init), parameters: parameters)
        let memory = index.memoryFootprint
        XCTAssertEqual(memory.rows, n)
        XCTAssertEqual(memory.codes, 8 * n)
        XCTAssertEqual(memory.listRows, 4 * n)
        XCTAssertEqual(memory.float16Vectors, 2 * d * n)
        XCTAssertEqual(memory.idsAndTombstones, 9 * n)
        XCTAssertEqual(memory.quantizer, 4 * (4 * d + 256 * d))
        XCTAssertEqual(memory.bytesPerVector - memory.bytesPerVectorWithoutRerank, Double(2 * d), accuracy: 1e-9)
        XCTAssertEqual(memory.bytesPerVectorWithoutRerank, Double(8 + 4 + 9) + Double(4 * 260 * d) / Double(n), accuracy: 1e-9)
    }
}
