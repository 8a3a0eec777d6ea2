import SeededRandom
import XCTest
@testable import VectorIndex

final class KMeansTests: XCTestCase {
    /// Four tight, well-separated blobs: k-means++ and Lloyd recover their centres.
    func testRecoversSeparatedCentres() {
        let centres: [[Float]] = [[0, 0], [10, 0], [0, 10], [10, 10]]
        var generator = SeededGenerator(seed: 3)
        var points = [Float]()
        for i in 0..<400 {
            let centre = centres[i % 4]
            points += [centre[0] + generator.uniform(-0.5...0.5),
                       centre[1] + generator.uniform(-0.5...0.5)]
        }
        let trained = points.withUnsafeBufferPointer {
            KMeans(k: 4, iterations: 10, seed: 1).train(MatrixSlice(base: $0.baseAddress!, rows: 400, columns: 2, stride: 2))
        }
        for centre in centres {
            let nearest = (0..<4).map { j in hypot(trained[2 * j] - centre[0], trained[2 * j + 1] - centre[1]) }.min()!
            XCTAssertLessThan(nearest, 0.2, "no centroid near \(centre): \(trained)")
        }
    }

    /// The same seed gives the same centroids, bit for bit.
    func testDeterministic() {
        let points = SyntheticData.clustered(count: 1000, dimension: 8)
        let slice = points.withUnsafeBufferPointer { MatrixSlice(base: $0.baseAddress!, rows: 1000, columns: 8, stride: 8) }
        let a = KMeans(k: 16, iterations: 5, seed: 9).train(slice)
        let b = KMeans(k: 16, iterations: 5, seed: 9).train(slice)
        XCTAssertEqual(a, b)
    }

    /// Fewer distinct points than centroids: empty clusters are split, every centroid stays finite.
    func testEmptyClustersAreRepaired() {
        var points = [Float]()
        for i in 0..<64 { points += [Float(i % 3), Float(i % 3)] }
        let trained = points.withUnsafeBufferPointer {
            KMeans(k: 8, iterations: 5, seed: 2).train(MatrixSlice(base: $0.baseAddress!, rows: 64, columns: 2, stride: 2))
        }
        XCTAssertTrue(trained.allSatisfy { $0.isFinite })
    }

    /// Assignment through BLAS agrees with a brute-force scan, on a strided column slice.
    func testNearestCentroidsOnSlice() {
        let points = SyntheticData.clustered(count: 300, dimension: 12, seed: 5)
        let centroids = Array(points[0..<(20 * 12)])
        // Columns 4..<8 of each row, against centroids restricted to those columns.
        let sub = (0..<20).flatMap { Array(centroids[$0 * 12 + 4..<$0 * 12 + 8]) }
        let result = points.withUnsafeBufferPointer { buffer in
            sub.withUnsafeBufferPointer {
                nearestCentroids(of: MatrixSlice(base: buffer.baseAddress! + 4, rows: 300, columns: 4, stride: 12), centroids: $0, count: 20, withDistances: true)
            }
        }
        for row in 0..<300 {
            let distances = (0..<20).map { c in (0..<4).reduce(Float(0)) { let d = points[row * 12 + 4 + $1] - sub[c * 4 + $1]; return $0 + d * d } }
            let best = distances.indices.min { distances[$0] < distances[$1] }!
            XCTAssertEqual(distances[Int(result.labels[row])], distances[best], accuracy: 1e-5)
            XCTAssertEqual(result.distances[row], distances[best], accuracy: 1e-4)
        }
    }
}
