import Foundation
import SeededRandom
@testable import VectorIndex

/// Seeded synthetic embeddings for the tests: unit vectors drawn around random cluster centres.
enum SyntheticData {
    /// `count` unit vectors of `dimension` values from `clusters` Gaussian clusters (row-major).
    static func clustered(count: Int, dimension: Int, clusters: Int = 32, spread: Float = 0.35, seed: UInt64 = 7) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        let centres = (0..<clusters).map { _ in normalised(gaussianMatrix(dimension, using: &generator)) }
        var out = [Float]()
        out.reserveCapacity(count * dimension)
        for _ in 0..<count {
            let centre = centres[generator.next(below: clusters)]
            let noise = gaussianMatrix(dimension, using: &generator)
            out += normalised(zip(centre, noise).map { $0 + spread * $1 / Float(dimension).squareRoot() * 3 })
        }
        return out
    }

    /// `count` correlated vectors (row-major, not normalised): a seeded random `rank`-d subspace
    /// embedded in `dimension` values, plus `noise` times standard normal noise, so the variance
    /// sits in a few directions that are not axis-aligned (what OPQ's rotation is for).
    static func lowRank(count: Int, dimension d: Int, rank: Int, noise: Float, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        let basis = gaussianMatrix(rank * d, using: &generator)
        var out = [Float]()
        out.reserveCapacity(count * d)
        for _ in 0..<count {
            let z = gaussianMatrix(rank, using: &generator), jitter = gaussianMatrix(d, using: &generator)
            out += (0..<d).map { i in (0..<rank).reduce(Float(0)) { $0 + z[$1] * basis[$1 * d + i] } + noise * jitter[i] }
        }
        return out
    }

    /// `vector` scaled to unit length.
    static func normalised(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return vector.map { $0 / norm }
    }

    /// Exact top-`k` ids by inner product (ids are row numbers).
    static func exactTop(_ vectors: [Float], dimension: Int, query: ArraySlice<Float>, k: Int) -> [Int64] {
        let n = vectors.count / dimension
        let q = Array(query)
        let scores = (0..<n).map { row in (0..<dimension).reduce(Float(0)) { $0 + vectors[row * dimension + $1] * q[$1] } }
        return scores.indices.sorted { scores[$0] > scores[$1] }.prefix(k).map(Int64.init)
    }

    /// Mean fraction of the exact top-`k` that `search` returns, over `queries` (row-major).
    static func recall(vectors: [Float], queries: [Float], dimension: Int, k: Int, search: ([Float]) -> [Neighbor]) -> Double {
        let q = queries.count / dimension
        var hits = 0
        for i in 0..<q {
            let query = queries[i * dimension..<(i + 1) * dimension]
            let truth = Set(exactTop(vectors, dimension: dimension, query: query, k: k))
            hits += search(Array(query)).prefix(k).filter { truth.contains($0.id) }.count
        }
        return Double(hits) / Double(q * k)
    }
}

extension SeededGenerator {
    /// A uniform `Float` in `range`, from the generator's own 24-bit draw (not the standard
    /// library's `Float.random(in:using:)`, whose algorithm may change), so test data is stable.
    mutating func uniform(_ range: ClosedRange<Float>) -> Float {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUniform()
    }
}
