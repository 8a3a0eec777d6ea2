import SeededRandom
import XCTest
@testable import VectorIndex

final class ProductQuantizerTests: XCTestCase {
    /// Each sub-space takes at most 256 distinct values, so PQ codes them without loss.
    func testEncodesRepresentableDataExactly() {
        let d = 8, m = 4, n = 2048
        var generator = SeededGenerator(seed: 11)
        let palette = (0..<m).map { _ in (0..<200).map { _ in [generator.uniform(-1...1), generator.uniform(-1...1)] } }
        var points = [Float]()
        for _ in 0..<n { for s in 0..<m { points += palette[s][generator.next(below: 200)] } }
        let slice = points.withUnsafeBufferPointer { MatrixSlice(base: $0.baseAddress!, rows: n, columns: d, stride: d) }
        let pq = ProductQuantizer.train(slice, subspaces: m, iterations: 15, seed: 1)
        let codes = pq.encode(slice)
        let decoded = codes.withUnsafeBufferPointer { pq.decode($0, count: n) }
        let error = zip(points, decoded).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Float(n)
        XCTAssertLessThan(error, 1e-3)
    }

    /// The ADC score (sum of table entries) equals the inner product with the reconstruction.
    func testLookupTableMatchesReconstruction() {
        let d = 16, n = 600
        let points = SyntheticData.clustered(count: n, dimension: d)
        let slice = points.withUnsafeBufferPointer { MatrixSlice(base: $0.baseAddress!, rows: n, columns: d, stride: d) }
        let pq = ProductQuantizer.train(slice, subspaces: 4, iterations: 5, seed: 1)
        let codes = pq.encode(slice)
        let decoded = codes.withUnsafeBufferPointer { pq.decode($0, count: n) }
        let query = Array(points[0..<d])
        let table = query.withUnsafeBufferPointer { pq.innerProductTable($0.baseAddress!) }
        for row in 0..<20 {
            let adc = (0..<4).reduce(Float(0)) { $0 + table[$1 * 256 + Int(codes[row * 4 + $1])] }
            let exact = (0..<d).reduce(Float(0)) { $0 + query[$1] * decoded[row * d + $1] }
            XCTAssertEqual(adc, exact, accuracy: 1e-5)
        }
    }

    /// OPQ's rotation is orthogonal and quantizes correlated data better than plain PQ.
    func testRotationIsOrthogonalAndHelps() {
        let d = 16, n = 4000
        // Correlated data: a random 4-d subspace embedded in 16-d plus little noise.
        let points = SyntheticData.lowRank(count: n, dimension: d, rank: 4, noise: 0.05, seed: 4)
        let (rotation, opq) = points.withUnsafeBufferPointer {
            OPQTraining(subspaces: 8, rotationIterations: 6, kmeansIterations: 8, seed: 1).train($0, rows: n, dimension: d)
        }
        for i in 0..<d {
            for j in 0..<d {
                let product = (0..<d).reduce(Float(0)) { $0 + rotation[$1 * d + i] * rotation[$1 * d + j] }
                XCTAssertEqual(product, i == j ? 1 : 0, accuracy: 1e-4)
            }
        }
        func error(_ data: [Float], _ pq: ProductQuantizer) -> Float {
            let slice = data.withUnsafeBufferPointer { MatrixSlice(base: $0.baseAddress!, rows: n, columns: d, stride: d) }
            let decoded = pq.encode(slice).withUnsafeBufferPointer { pq.decode($0, count: n) }
            return zip(data, decoded).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        }
        let plain = points.withUnsafeBufferPointer {
            ProductQuantizer.train(MatrixSlice(base: $0.baseAddress!, rows: n, columns: d, stride: d), subspaces: 8, iterations: 8, seed: 1)
        }
        let rotated = multiply(points, rows: n, by: rotation, dimension: d)
        XCTAssertLessThan(error(rotated, opq), error(points, plain))
    }
}
