import Foundation
import SeededRandom
import XCTest
@testable import VectorIndex

final class FeatureMixtureTests: XCTestCase {
    /// Two clusters of sparse non-negative unit vectors, as pooled CNN features are.
    private func realistic(_ count: Int, dimension d: Int) -> [Float] {
        var generator = SeededGenerator(seed: 3)
        var values = [Float](repeating: 0, count: count * d)
        for row in 0..<count {
            let offset = row % 2 == 0 ? 0 : d / 2
            var norm: Float = 0
            for i in 0..<(d / 2) where i == 0 || generator.next() % 3 == 0 {
                let value = Float(generator.next() % 1000) / 1000
                values[row * d + offset + i] = value
                norm += value * value
            }
            for i in 0..<d { values[row * d + i] /= max(norm.squareRoot(), 1e-6) }
        }
        return values
    }

    func testSamplesKeepTheFittedShape() {
        let d = 32, real = realistic(400, dimension: d)
        let mixture = FeatureMixture(fitting: real, count: 400, dimension: d, components: 8)
        XCTAssertTrue(mixture.clipsNegative)
        XCTAssertTrue(mixture.normalizes)
        var samples: [Float] = []
        var chunks = 0
        mixture.sample(count: 1000, seed: 9, chunk: 300) { rows, count in
            XCTAssertEqual(rows.count, count * d)
            samples += rows
            chunks += 1
        }
        XCTAssertEqual(chunks, 4)
        XCTAssertTrue(samples.allSatisfy { $0 >= 0 })
        let norms = (0..<1000).map { row in (0..<d).reduce(Float(0)) { $0 + samples[row * d + $1] * samples[row * d + $1] } }
        XCTAssertTrue(norms.allSatisfy { abs($0 - 1) < 1e-4 }, "every sample has unit length")
        // Each sample lives in one of the two halves, as every real vector does.
        let mixed = (0..<1000).filter { row in
            let low = (0..<(d / 2)).reduce(Float(0)) { $0 + samples[row * d + $1] }
            let high = ((d / 2)..<d).reduce(Float(0)) { $0 + samples[row * d + $1] }
            return min(low, high) > 0.25 * max(low, high)
        }
        XCTAssertLessThan(mixed.count, 50, "samples follow the clusters, not their average")
        let realShape = FeatureMixture.shape(of: real, count: 400, dimension: d)
        let sampledShape = FeatureMixture.shape(of: samples, count: 1000, dimension: d)
        XCTAssertEqual(sampledShape.meanNorm, realShape.meanNorm, accuracy: 0.1)

        var again: [Float] = []
        mixture.sample(count: 1000, seed: 9, chunk: 300) { rows, _ in again += rows }
        XCTAssertTrue(again == samples, "the same seed and chunk size give the same vectors")
    }
}

final class NumpyWriterTests: XCTestCase {
    func testRoundTripThroughTheReader() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID().uuidString).npy").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try NumpyWriter(path: path, rows: 3, columns: 5)
        try writer.append((0..<10).map(Float.init))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "the file appears only when complete")
        try writer.append((10..<15).map(Float.init))
        try writer.finish()
        let read = try NumpyMatrix(contentsOf: path)
        XCTAssertEqual(read.rows, 3)
        XCTAssertEqual(read.columns, 5)
        XCTAssertEqual(read.values, (0..<15).map(Float.init))
        let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(128)
        XCTAssertEqual((10 + Int(header[8]) + Int(header[9]) << 8) % 64, 0, "the header is padded to 64 bytes")
    }

    func testMissingRowsAreAnError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID().uuidString).npy").path
        let writer = try NumpyWriter(path: path, rows: 2, columns: 2)
        try writer.append([1, 2])
        XCTAssertThrowsError(try writer.finish())
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }
}

final class ExactNeighborsTests: XCTestCase {
    /// Blocks of any size give the brute-force answer, with rows numbered across blocks.
    func testAccumulatorMatchesBruteForceAcrossBlocks() {
        let d = 8, n = 500
        let base = SyntheticData.clustered(count: n, dimension: d)
        let queries = SyntheticData.clustered(count: 7, dimension: d, seed: 5)
        var accumulator = ExactNeighbors.Accumulator(queries: queries, dimension: d, k: 5)
        for start in stride(from: 0, to: n, by: 123) {
            let rows = min(123, n - start)
            Array(base[(start * d)..<((start + rows) * d)]).withUnsafeBufferPointer { accumulator.add($0, count: rows) }
        }
        XCTAssertEqual(accumulator.rows, n)
        for (q, found) in accumulator.neighbors().enumerated() {
            let scores = (0..<n).map { row in (0..<d).reduce(Float(0)) { $0 + base[row * d + $1] * queries[q * d + $1] } }
            XCTAssertEqual(found, Array(scores.indices.sorted { scores[$0] > scores[$1] }.prefix(5)))
        }
        let whole = ExactNeighbors.search(base: NumpyMatrix(rows: n, columns: d, values: base),
                                          queries: NumpyMatrix(rows: 7, columns: d, values: queries), k: 5)
        XCTAssertEqual(whole, accumulator.neighbors())
    }
}
