import XCTest
@testable import VectorIndex

final class SearchTests: XCTestCase {
    static let d = 32
    static let base = SyntheticData.clustered(count: 6000, dimension: d)
    static let queries = SyntheticData.clustered(count: 40, dimension: d, seed: 99)
    static let fast = VectorIndexParameters(bytesPerVector: 8, rotation: false, exactThreshold: 2000, kmeansIterations: 6)

    func testFlatPQRecallWithReranking() throws {
        let index = try VectorIndex.build(vectors: Self.base, dimension: Self.d, ids: (0..<6000).map(Int64.init), parameters: Self.fast)
        XCTAssertEqual(index.kind, .productQuantized)
        let reranked = SyntheticData.recall(vectors: Self.base, queries: Self.queries, dimension: Self.d, k: 10) {
            index.search(query: $0, k: 10)
        }
        let raw = SyntheticData.recall(vectors: Self.base, queries: Self.queries, dimension: Self.d, k: 10) {
            index.search(query: $0, k: 10, rerank: 0)
        }
        XCTAssertGreaterThan(reranked, 0.9)
        XCTAssertGreaterThan(raw, 0.4)
        XCTAssertGreaterThanOrEqual(reranked, raw)
    }

    func testOPQAndIVFRecall() throws {
        var parameters = Self.fast
        parameters.rotation = true
        parameters.rotationIterations = 3
        parameters.coarseLists = 16
        parameters.probes = 4
        let index = try VectorIndex.build(vectors: Self.base, dimension: Self.d, ids: (0..<6000).map(Int64.init), parameters: parameters)
        XCTAssertEqual(index.kind, .invertedFile)
        let recall = SyntheticData.recall(vectors: Self.base, queries: Self.queries, dimension: Self.d, k: 10) {
            index.search(query: $0, k: 10)
        }
        XCTAssertGreaterThan(recall, 0.85)
        // Probing every list with re-ranking of everything is exact.
        let all = SyntheticData.recall(vectors: Self.base, queries: Self.queries, dimension: Self.d, k: 10) {
            index.search(query: $0, k: 10, rerank: 6000, probes: 16)
        }
        XCTAssertEqual(all, 1, accuracy: 1e-9)
    }

    func testSmallCollectionsUseExactScan() throws {
        let small = Array(Self.base[0..<(500 * Self.d)])
        let index = try VectorIndex.build(vectors: small, dimension: Self.d, ids: (0..<500).map(Int64.init), parameters: Self.fast)
        XCTAssertEqual(index.kind, .exact)
        let recall = SyntheticData.recall(vectors: small, queries: Self.queries, dimension: Self.d, k: 10) {
            index.search(query: $0, k: 10)
        }
        XCTAssertEqual(recall, 1, accuracy: 1e-9)
    }

    func testScoresAreCosines() throws {
        let index = try VectorIndex.build(vectors: Self.base, dimension: Self.d, ids: (0..<6000).map(Int64.init), parameters: Self.fast)
        let query = Array(Self.base[(17 * Self.d)..<(18 * Self.d)])
        let top = index.search(query: query, k: 3)
        XCTAssertEqual(top.first?.id, 17)
        XCTAssertEqual(top.first?.score ?? 0, 1, accuracy: 2e-3)
        XCTAssertEqual(top.map(\.score), top.map(\.score).sorted(by: >))
    }
}
