import XCTest
@testable import VectorIndex

final class SearchTests: XCTestCase {
    static let d = 32
    static let base = SyntheticData.clustered(count: 6000, dimension: d)
    static let queries = SyntheticData.clustered(count: 40, dimension: d, seed: 99)
    /// More queries where a recall threshold must hold: with 40, one seed's recall is a noisy draw.
    static let manyQueries = SyntheticData.clustered(count: 200, dimension: d, seed: 99)
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
        let recall = SyntheticData.recall(vectors: Self.base, queries: Self.manyQueries, dimension: Self.d, k: 10) {
            index.search(query: $0, k: 10)
        }
        // These fast settings (3 rotation iterations, 6 Lloyd iterations) give recall@10 between
        // 0.77 and 0.89 over training seeds and data draws (40 queries), about 0.81–0.86 with 200.
        XCTAssertGreaterThan(recall, 0.8)
        // Probing every list with re-ranking of everything is exact.
        let all = SyntheticData.recall(vectors: Self.base, queries: Self.queries, dimension: Self.d, k: 10) {
            index.search(query: $0, k: 10, rerank: 6000, probes: 16)
        }
        XCTAssertEqual(all, 1, accuracy: 1e-9)
    }

    /// Short queries (a text query's norm is unrelated to the images'): L2 probing picks the lists
    /// with the smallest centroids for every query; inner-product probing finds the answers.
    func testInnerProductProbingServesShortQueries() throws {
        var parameters = Self.fast
        parameters.coarseLists = 16
        parameters.probes = 4
        let ids = (0..<6000).map(Int64.init)
        let short = Self.queries.map { $0 * 0.02 }
        let byL2 = try VectorIndex.build(vectors: Self.base, dimension: Self.d, ids: ids, parameters: parameters)
        parameters.probesByInnerProduct = true
        let byProduct = try VectorIndex.build(vectors: Self.base, dimension: Self.d, ids: ids, parameters: parameters)
        let l2 = SyntheticData.recall(vectors: Self.base, queries: short, dimension: Self.d, k: 10) { byL2.search(query: $0, k: 10) }
        let product = SyntheticData.recall(vectors: Self.base, queries: short, dimension: Self.d, k: 10) { byProduct.search(query: $0, k: 10) }
        XCTAssertGreaterThan(product, 0.6, "inner-product probing \(product), L2 \(l2)")
        XCTAssertGreaterThan(product, l2 + 0.2, "inner-product probing \(product), L2 \(l2)")
    }

    func testParametersOfOlderFilesDecode() throws {
        var parameters = Self.fast
        parameters.probesByInnerProduct = true
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(parameters)) as! [String: Any]
        XCTAssertEqual(json["probesByInnerProduct"] as? Bool, true)
        json["probesByInnerProduct"] = nil
        let old = try JSONDecoder().decode(VectorIndexParameters.self, from: JSONSerialization.data(withJSONObject: json))
        XCTAssertFalse(old.probesByInnerProduct, "files written before the field probe by L2")
        XCTAssertEqual(old.bytesPerVector, parameters.bytesPerVector)
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

extension SearchTests {
    /// A k or re-rank depth far beyond the rows is served with every row, not a huge buffer.
    func testHugeKReturnsEveryRow() throws {
        let index = try VectorIndex.build(vectors: Self.base, dimension: Self.d, ids: (0..<6000).map(Int64.init), parameters: Self.fast)
        let query = Array(Self.base[0..<Self.d])
        XCTAssertEqual(index.search(query: query, k: Int.max, rerank: Int.max).count, 6000)
        XCTAssertEqual(index.search(query: query, k: 1 << 40, rerank: 0).count, 6000)
    }
}
