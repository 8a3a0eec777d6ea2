import XCTest
@testable import VectorIndex

final class AnisotropicCodesTests: XCTestCase {
    /// Unit vectors, a PQ trained on them, and the slice both are read through.
    private struct Fixture {
        let d = 32, n = 4_000
        let vectors: [Float]
        let pq: ProductQuantizer

        init(subspaces: Int = 8) {
            vectors = SyntheticData.clustered(count: n, dimension: d, clusters: 64, spread: 0.6, seed: 31)
            let (vectors, d, n) = (vectors, d, n)
            pq = vectors.withUnsafeBufferPointer {
                ProductQuantizer.train(MatrixSlice(base: $0.baseAddress!, rows: n, columns: d, stride: d),
                                       subspaces: subspaces, iterations: 8, seed: 4)
            }
        }

        func codes(weight: Float) -> [UInt8] {
            vectors.withUnsafeBufferPointer {
                let slice = MatrixSlice(base: $0.baseAddress!, rows: n, columns: d, stride: d)
                return pq.encodeAnisotropic(slice, directions: slice, weight: weight)
            }
        }

        /// Mean squared error along each row and across it.
        func errors(_ codes: [UInt8]) -> (parallel: Double, orthogonal: Double) {
            let decoded = codes.withUnsafeBufferPointer { pq.decode($0, count: n) }
            var parallel = 0.0, total = 0.0
            for row in 0..<n {
                var along: Float = 0, length: Float = 0, squared: Float = 0
                for i in 0..<d {
                    let x = vectors[row * d + i], r = x - decoded[row * d + i]
                    along += r * x; length += x * x; squared += r * r
                }
                parallel += Double(along * along / length)
                total += Double(squared)
            }
            return (parallel / Double(n), (total - parallel) / Double(n))
        }
    }

    /// A weight of 1 is plain PQ: the nearest centroid in every sub-space.
    func testWeightOneGivesNearestCentroids() {
        let fixture = Fixture()
        let plain = fixture.vectors.withUnsafeBufferPointer {
            fixture.pq.encode(MatrixSlice(base: $0.baseAddress!, rows: fixture.n, columns: fixture.d, stride: fixture.d))
        }
        XCTAssertEqual(fixture.codes(weight: 1), plain)
    }

    /// Weighting the parallel error moves error out of each row's direction into the others:
    /// less along the row, more across it, and a lower weighted loss than nearest centroids.
    func testCodesTradeErrorAcrossForErrorAlong() {
        let fixture = Fixture()
        let plain = fixture.errors(fixture.codes(weight: 1)), weighted = fixture.errors(fixture.codes(weight: 4))
        XCTAssertLessThan(weighted.parallel, 0.8 * plain.parallel, "plain \(plain), weighted \(weighted)")
        XCTAssertGreaterThan(weighted.orthogonal, plain.orthogonal)
        XCTAssertLessThan(4 * weighted.parallel + weighted.orthogonal, 4 * plain.parallel + plain.orthogonal)
    }

    /// Directions given apart from the targets (IVF residuals) take the two-table path; with the
    /// same values it chooses the same codes.
    func testSeparateDirectionsWithTheSameValuesGiveTheSameCodes() {
        let fixture = Fixture(), copy = fixture.vectors.map { $0 }  // its own buffer
        let (n, d) = (fixture.n, fixture.d)
        let separate = fixture.vectors.withUnsafeBufferPointer { targets in
            copy.withUnsafeBufferPointer { directions in
                fixture.pq.encodeAnisotropic(MatrixSlice(base: targets.baseAddress!, rows: n, columns: d, stride: d),
                                             directions: MatrixSlice(base: directions.baseAddress!, rows: n, columns: d, stride: d),
                                             weight: 4)
            }
        }
        XCTAssertEqual(separate, fixture.codes(weight: 4))
    }

    /// Inner-product search over short codes ranks better with anisotropic codes, built through
    /// the index's parameters; a file keeps the weight and an older file decodes as 1.
    func testAnisotropicIndexFindsMoreNeighbours() throws {
        // Queries come from the same clusters as the rows (the last 100 drawn), as image queries do.
        let d = 32, n = 3_000
        let drawn = SyntheticData.clustered(count: n + 100, dimension: d, clusters: 16, spread: 0.3, seed: 8)
        let vectors = Array(drawn[..<(n * d)]), queries = Array(drawn[(n * d)...])
        func recall(weight: Double) throws -> Double {
            let parameters = VectorIndexParameters(bytesPerVector: 8, rotation: false, rerankCandidates: 0, exactThreshold: 0,
                                                   kmeansIterations: 8, anisotropicWeight: weight)
            let index = try VectorIndex.build(vectors: vectors, dimension: d, ids: (0..<n).map(Int64.init), parameters: parameters)
            return SyntheticData.recall(vectors: vectors, queries: queries, dimension: d, k: 10) {
                index.search(query: $0, k: 10, rerank: 0)
            }
        }
        let plain = try recall(weight: 1), weighted = try recall(weight: 4)
        XCTAssertGreaterThan(weighted, plain + 0.025, "plain \(plain), anisotropic \(weighted)")

        let json = try JSONEncoder().encode(VectorIndexParameters(anisotropicWeight: 4))
        XCTAssertEqual(try JSONDecoder().decode(VectorIndexParameters.self, from: json).anisotropicWeight, 4)
        var older = try JSONSerialization.jsonObject(with: json) as! [String: Any]
        older["anisotropicWeight"] = nil
        let decoded = try JSONDecoder().decode(VectorIndexParameters.self, from: JSONSerialization.data(withJSONObject: older))
        XCTAssertEqual(decoded.anisotropicWeight, 1)
        XCTAssertThrowsError(try VectorIndex.build(vectors: vectors, dimension: d, ids: (0..<n).map(Int64.init),
                                                   parameters: VectorIndexParameters(bytesPerVector: 4, anisotropicWeight: 0.5)))
    }
}
