import Foundation
import SeededRandom
import XCTest
@testable import VectorIndex

/// The sparse tail: a trailing block of class-probability-like values kept as each row's largest
/// entries instead of product-quantized.
final class SparseTailTests: XCTestCase {
    static let dense = 24, classes = 200, d = dense + classes

    /// Rows shaped like litsearch's joint vectors: a unit dense part, then a probability vector
    /// whose mass sits on a few classes (a softmax of sparse logits).
    static func classShaped(count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        let dense = SyntheticData.clustered(count: count, dimension: Self.dense, seed: seed &+ 1)
        var out = [Float]()
        out.reserveCapacity(count * d)
        for row in 0..<count {
            out += dense[row * Self.dense..<(row + 1) * Self.dense]
            var logits = [Float](repeating: 0, count: classes)
            for _ in 0..<4 { logits[generator.next(below: classes)] += generator.uniform(2...7) }
            let exps = logits.map { Foundation.exp($0) }, total = exps.reduce(0, +)
            out += exps.map { $0 / total }
        }
        return out
    }

    /// Queries as a text query weighs them: a small dense part and large weights on two classes.
    static func classQueries(count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        let dense = SyntheticData.clustered(count: count, dimension: Self.dense, seed: seed &+ 1)
        var out = [Float]()
        for row in 0..<count {
            out += dense[row * Self.dense..<(row + 1) * Self.dense].map { $0 * 0.05 }
            var weights = [Float](repeating: 0, count: classes)
            for _ in 0..<2 { weights[generator.next(below: classes)] = 1 }
            out += weights
        }
        return out
    }

    func testEntriesKeepTheLargestValuesAndScoreCloseToExact() {
        let tail = SparseTail(dimensions: 1000, entries: 4, scale: 1)
        XCTAssertEqual(tail.valueBits, 6, "1,000 coordinates need 10 bits")
        var values = [Float](repeating: 0.001, count: 1000)
        values[7] = 0.6; values[999] = 0.25; values[500] = 0.1; values[3] = 0.04; values[4] = -3
        var codes: [UInt16] = []
        values.withUnsafeBufferPointer { tail.encode($0.baseAddress!, into: &codes) }
        XCTAssertEqual(codes.count, 4)
        XCTAssertEqual(Set(codes.map { Int($0 >> 6) }), [7, 999, 500, 3])
        var query = [Float](repeating: 0, count: 1000)
        query[7] = 1; query[999] = 2; query[3] = 5; query[4] = 9
        let exact: Float = 0.6 + 0.5 + 0.2
        let score = query.withUnsafeBufferPointer { q in codes.withUnsafeBufferPointer { tail.scorer(q.baseAddress!).score($0.baseAddress!) } }
        XCTAssertEqual(score, exact, accuracy: 0.05, "square-root companding keeps small values close")
        // A negative value is never kept over a positive one, and counts as zero.
        XCTAssertFalse(codes.contains { $0 >> 6 == 4 })
    }

    /// With class-weighted queries, PQ codes over the whole vector blur the probabilities; the
    /// tail scores them nearly exactly, so the same few re-ranked candidates hold the answers.
    func testTailFindsClassQueriesThatPlainPQMisses() throws {
        let base = Self.classShaped(count: 4000, seed: 3), queries = Self.classQueries(count: 30, seed: 4)
        let ids = (0..<4000).map(Int64.init)
        let plain = try VectorIndex.build(vectors: base, dimension: Self.d, ids: ids, parameters: VectorIndexParameters(
            bytesPerVector: 16, rotation: false, rerankCandidates: 10, exactThreshold: 1000, kmeansIterations: 6))
        let tailed = try VectorIndex.build(vectors: base, dimension: Self.d, ids: ids, parameters: VectorIndexParameters(
            bytesPerVector: 4, rotation: false, rerankCandidates: 10, exactThreshold: 1000, kmeansIterations: 6,
            sparseDimensions: Self.classes, sparseEntries: 4))
        XCTAssertLessThanOrEqual(tailed.bytesPerVector - 2 * Self.d, plain.bytesPerVector - 2 * Self.d, "no more code bytes than plain PQ")
        let plainRecall = SyntheticData.recall(vectors: base, queries: queries, dimension: Self.d, k: 10) { plain.search(query: $0, k: 10) }
        let tailRecall = SyntheticData.recall(vectors: base, queries: queries, dimension: Self.d, k: 10) { tailed.search(query: $0, k: 10) }
        XCTAssertGreaterThan(tailRecall, 0.9, "tail \(tailRecall), plain PQ \(plainRecall)")
        XCTAssertGreaterThan(tailRecall, plainRecall + 0.05, "tail \(tailRecall), plain PQ \(plainRecall)")
    }

    /// IVF lists are chosen with the whole vector, residuals taken over the dense part only; the
    /// file keeps the tail, and rows added after reopening are encoded the same way.
    func testIVFWithTailRoundTripsThroughTheFile() throws {
        let base = Self.classShaped(count: 3000, seed: 5), queries = Self.classQueries(count: 20, seed: 6)
        // 24 dense values and 5-byte codes: the quantizer pads them to 25.
        let parameters = VectorIndexParameters(bytesPerVector: 5, coarseLists: 8, probes: 8, rotation: false, rerankCandidates: 40,
                                               exactThreshold: 1000, kmeansIterations: 4, probesByInnerProduct: true,
                                               sparseDimensions: Self.classes, sparseEntries: 6)
        let index = try VectorIndex.build(vectors: base, dimension: Self.d, ids: (0..<3000).map(Int64.init), parameters: parameters)
        XCTAssertEqual(index.quantizer?.pq.dimension, 25)
        let recall = SyntheticData.recall(vectors: base, queries: queries, dimension: Self.d, k: 10) { index.search(query: $0, k: 10) }
        XCTAssertGreaterThan(recall, 0.9)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sparse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("joint.lsvi")
        try index.write(to: url)
        let reopened = try VectorIndex(contentsOf: url)
        XCTAssertEqual(reopened.quantizer, index.quantizer)
        XCTAssertEqual(reopened.lists, index.lists)
        XCTAssertEqual(reopened.memoryFootprint.codes, 3000 * (5 + 2 * 6))
        let query = Array(queries[0..<Self.d])
        XCTAssertEqual(reopened.search(query: query, k: 10), index.search(query: query, k: 10))
        let extra = Self.classShaped(count: 1, seed: 77)
        try reopened.add(vectors: extra, ids: [99_999])
        XCTAssertEqual(reopened.search(query: extra, k: 1, rerank: 0, probes: 8).first?.id, 99_999)
    }

    func testParametersAreChecked() {
        let ids = (0..<300).map(Int64.init), base = Self.classShaped(count: 300, seed: 8)
        for (parameters, message) in [
            (VectorIndexParameters(bytesPerVector: 4, exactThreshold: 100, sparseDimensions: Self.classes, sparseEntries: 4), "OPQ"),
            (VectorIndexParameters(bytesPerVector: 4, rotation: false, exactThreshold: 100, sparseDimensions: Self.classes, sparseEntries: 0), "entries"),
            (VectorIndexParameters(bytesPerVector: 4, rotation: false, exactThreshold: 100, sparseDimensions: Self.d, sparseEntries: 4), "sparse tail"),
            (VectorIndexParameters(bytesPerVector: 30, rotation: false, exactThreshold: 100, sparseDimensions: Self.classes, sparseEntries: 4), "bytes per vector"),
        ] {
            XCTAssertThrowsError(try VectorIndex.build(vectors: base, dimension: Self.d, ids: ids, parameters: parameters)) {
                XCTAssertTrue("\($0)".contains(message), "\($0)")
            }
        }
    }
}
