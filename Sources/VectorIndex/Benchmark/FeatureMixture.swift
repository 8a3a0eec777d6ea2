import CBLAS
import Foundation
import SeededRandom

/// A Gaussian mixture fitted to real feature vectors: synthetic collections of any size with the
/// shape of the real ones, for benchmarks at sizes no collection on this machine has.
///
/// Fitting clusters the real vectors with k-means; each component keeps its mean and its members'
/// residuals. A sample is a component drawn by its share of the vectors, its mean, plus a standard
/// normal combination of its residuals scaled by 1/√(m − 1): a draw from a normal distribution
/// with exactly the component's sample covariance (rank m − 1, in the directions the real vectors
/// vary in), with no eigen-decomposition. When the real vectors are non-negative (pooled ReLU
/// features are) samples are clipped at zero, and when they are unit length samples are
/// L2-normalised, so the synthetic set keeps their sparsity and norm as well.
///
/// ```swift
/// let mixture = FeatureMixture(fitting: real, count: n, dimension: 1280)
/// try mixture.sample(count: 1_000_000, seed: 1) { rows, count in try store(rows, count) }
/// ```
public struct FeatureMixture: Sendable {
    public let dimension: Int
    /// Number of components (non-empty k-means clusters).
    public var components: Int { means.count }
    /// Whether samples are clipped at zero (every fitted value was ≥ 0).
    public let clipsNegative: Bool
    /// Whether samples are L2-normalised (every fitted vector had unit length).
    public let normalizes: Bool

    private let means: [[Float]]
    /// Each component's residuals (m × dimension), already scaled by 1/√(m − 1); empty for m < 2.
    private let residuals: [[Float]]
    private let memberCounts: [Int]
    private let cumulativeShares: [Double]

    /// Fits `components` clusters (fewer when there are fewer than 8 vectors per cluster) to `count`
    /// row-major vectors of `dimension` values.
    ///
    /// - Precondition: `count ≥ 2`.
    /// - Complexity: O(iterations · count · components · dimension) for k-means on BLAS.
    public init(fitting features: [Float], count: Int, dimension: Int, components: Int = 64, seed: UInt64 = 7) {
        precondition(count >= 2 && features.count == count * dimension, "need at least two \(dimension)-d vectors")
        self.dimension = dimension
        let k = max(1, min(components, count / 8))
        let (centroids, labels): ([Float], [Int32]) = features.withUnsafeBufferPointer { values in
            let points = MatrixSlice(base: values.baseAddress!, rows: count, columns: dimension, stride: dimension)
            let centroids = KMeans(k: k, iterations: 15, seed: seed).train(points)
            let labels = centroids.withUnsafeBufferPointer { nearestCentroids(of: points, centroids: $0, count: k).labels }
            return (centroids, labels)
        }
        var members = [[Int]](repeating: [], count: k)
        for (row, label) in labels.enumerated() { members[Int(label)].append(row) }
        var means: [[Float]] = [], residuals: [[Float]] = [], counts: [Int] = []
        for (c, rows) in members.enumerated() where !rows.isEmpty {
            let mean = Array(centroids[(c * dimension)..<((c + 1) * dimension)])
            var block: [Float] = []
            if rows.count >= 2 {
                let scale = 1 / Float(rows.count - 1).squareRoot()
                block.reserveCapacity(rows.count * dimension)
                for row in rows {
                    for i in 0..<dimension { block.append((features[row * dimension + i] - mean[i]) * scale) }
                }
            }
            means.append(mean)
            residuals.append(block)
            counts.append(rows.count)
        }
        self.means = means
        self.residuals = residuals
        memberCounts = counts
        var running = 0.0
        cumulativeShares = counts.map { running += Double($0) / Double(count); return running }
        clipsNegative = features.allSatisfy { $0 >= 0 }
        normalizes = (0..<count).allSatisfy { row in
            var norm: Float = 0
            for i in 0..<dimension { norm += features[row * dimension + i] * features[row * dimension + i] }
            return abs(norm - 1) < 1e-3
        }
    }

    /// Draws `count` vectors, `chunk` rows at a time, handing each chunk (row-major, and its row
    /// count) to `body`; the same seed and chunk size give the same vectors.
    ///
    /// - Complexity: O(count · m · dimension) on BLAS, m the members per component; memory
    ///   O(chunk · dimension).
    public func sample(count: Int, seed: UInt64, chunk: Int = 4096, _ body: ([Float], Int) throws -> Void) rethrows {
        var generator = SeededGenerator(seed: seed)
        var start = 0
        while start < count {
            let rows = min(chunk, count - start)
            try body(draw(rows, using: &generator), rows)
            start += rows
        }
    }

    private func draw(_ rows: Int, using generator: inout SeededGenerator) -> [Float] {
        let d = dimension
        var byComponent = [[Int]](repeating: [], count: components)
        for row in 0..<rows {
            let u = generator.nextDouble()
            var low = 0, high = components - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulativeShares[middle] < u { low = middle + 1 } else { high = middle }
            }
            byComponent[low].append(row)
        }
        var out = [Float](repeating: 0, count: rows * d)
        for (c, members) in byComponent.enumerated() where !members.isEmpty {
            var block = [Float](repeating: 0, count: members.count * d)
            let m = memberCounts[c]
            if m >= 2 {
                var weights = [Float](repeating: 0, count: members.count * m)
                for i in weights.indices { weights[i] = Self.gaussian(&generator) }
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(members.count), Int32(d), Int32(m), 1,
                            weights, Int32(m), residuals[c], Int32(d), 0, &block, Int32(d))
            }
            for (position, row) in members.enumerated() {
                var norm: Float = 0
                for i in 0..<d {
                    var value = means[c][i] + block[position * d + i]
                    if clipsNegative && value < 0 { value = 0 }
                    out[row * d + i] = value
                    norm += value * value
                }
                if normalizes && norm > 0 {
                    let inverse = 1 / norm.squareRoot()
                    for i in 0..<d { out[row * d + i] *= inverse }
                }
            }
        }
        return out
    }

    /// A standard normal draw (Box–Muller).
    private static func gaussian(_ generator: inout SeededGenerator) -> Float {
        let u1 = (Double(generator.next() >> 11) + 0.5) * 0x1p-53
        let u2 = Double(generator.next() >> 11) * 0x1p-53
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    /// Mean L2 norm of the mean vector and the share of zero values of `count` rows: two figures
    /// that say whether a synthetic set kept the real one's shape.
    public static func shape(of values: [Float], count: Int, dimension: Int) -> (meanNorm: Double, zeros: Double) {
        guard count > 0 else { return (0, 0) }
        var mean = [Double](repeating: 0, count: dimension)
        var zeros = 0
        for row in 0..<count {
            for i in 0..<dimension {
                let value = values[row * dimension + i]
                mean[i] += Double(value)
                if value == 0 { zeros += 1 }
            }
        }
        let norm = mean.reduce(0) { $0 + ($1 / Double(count)) * ($1 / Double(count)) }.squareRoot()
        return (norm, Double(zeros) / Double(count * dimension))
    }
}
