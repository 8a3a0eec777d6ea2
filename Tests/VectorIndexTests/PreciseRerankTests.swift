import Foundation
import XCTest
@testable import VectorIndex

/// `preciseRerank`: the float16 rows keep their rounding errors, and the best candidates are
/// scored again with them, so that near ties rank as in float32.
final class PreciseRerankTests: XCTestCase {
    static let d = 16

    /// 600 clustered rows, then three rows that float16 cannot tell apart from each other (their
    /// first values differ by less than float16's step of 2⁻¹⁰ near 1) and that outscore every
    /// other row for the query e₀.
    static func nearTies() -> (vectors: [Float], ids: [Int64]) {
        var vectors = SyntheticData.clustered(count: 600, dimension: d, seed: 5).map { $0 * 0.5 }
        for first: Float in [1.0001, 1.0004, 1.0002] {
            var row = [Float](repeating: 0, count: d)
            row[0] = first
            vectors += row
        }
        return (vectors, (0..<603).map(Int64.init))
    }

    static var query: [Float] { [1] + [Float](repeating: 0, count: d - 1) }

    func parameters(precise: Int, exactThreshold: Int) -> VectorIndexParameters {
        VectorIndexParameters(bytesPerVector: 4, rerankCandidates: 50, exactThreshold: exactThreshold, kmeansIterations: 4,
                              rotationIterations: 1, preciseRerank: precise)
    }

    func testFloat16AloneCannotOrderTheTies() throws {
        let (vectors, ids) = Self.nearTies()
        let index = try VectorIndex.build(vectors: vectors, dimension: Self.d, ids: ids, parameters: parameters(precise: 0, exactThreshold: 5_000))
        let top = index.search(query: Self.query, k: 3)
        XCTAssertEqual(Set(top.map(\.id)), [600, 601, 602])
        XCTAssertEqual(Set(top.map(\.score)).count, 1, "all three round to the same float16 score")
    }

    func testExactAndQuantizedIndexesRankTiesAsFloat32() throws {
        let (vectors, ids) = Self.nearTies()
        for threshold in [5_000, 300] {   // an exact scan, then PQ with re-ranking
            let index = try VectorIndex.build(vectors: vectors, dimension: Self.d, ids: ids,
                                              parameters: parameters(precise: 20, exactThreshold: threshold))
            XCTAssertEqual(index.kind == .exact, threshold == 5_000)
            let top = index.search(query: Self.query, k: 3)
            XCTAssertEqual(top.map(\.id), [601, 602, 600], "kind \(index.kind)")
            XCTAssertEqual(top[0].score, 1.0004, accuracy: 2e-6)
            XCTAssertEqual(top[2].score, 1.0001, accuracy: 2e-6)
        }
    }

    func testResidualsSurviveTheFileAndUpdates() throws {
        let (vectors, ids) = Self.nearTies()
        let index = try VectorIndex.build(vectors: Array(vectors[0..<(600 * Self.d)]), dimension: Self.d, ids: Array(ids[0..<600]),
                                          parameters: parameters(precise: 20, exactThreshold: 300))
        try index.add(vectors: Array(vectors[(600 * Self.d)...]), ids: Array(ids[600...]))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("precise-\(UUID().uuidString).lsvi")
        defer { try? FileManager.default.removeItem(at: url) }
        try index.write(to: url)
        let reader = try IndexFileReader(path: url.path)
        XCTAssertNotNil(reader.sections[.residuals])
        let loaded = try VectorIndex(contentsOf: url)
        XCTAssertEqual(loaded.search(query: Self.query, k: 3).map(\.id), [601, 602, 600])
        XCTAssertEqual(try loaded.rebuilt().search(query: Self.query, k: 3).map(\.id), [601, 602, 600],
                       "a rebuild starts from the float16 values plus their residuals")
        XCTAssertEqual(loaded.memoryFootprint.float16Vectors, 603 * Self.d * 4, "values and residuals, 2 bytes each")
        XCTAssertEqual(loaded.bytesPerVector, 4 + 4 * Self.d + 9, "flat code, both float16 copies, id and tombstone")
    }

    func testWithoutPreciseRerankTheFileHasNoResiduals() throws {
        let (vectors, ids) = Self.nearTies()
        let index = try VectorIndex.build(vectors: vectors, dimension: Self.d, ids: ids, parameters: parameters(precise: 0, exactThreshold: 300))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(UUID().uuidString).lsvi")
        defer { try? FileManager.default.removeItem(at: url) }
        try index.write(to: url)
        XCTAssertNil(try IndexFileReader(path: url.path).sections[.residuals])
        let loaded = try VectorIndex(contentsOf: url)
        XCTAssertEqual(loaded.memoryFootprint.float16Vectors, 603 * Self.d * 2)
        XCTAssertEqual(loaded.bytesPerVector, 4 + 2 * Self.d + 9)
    }
}
