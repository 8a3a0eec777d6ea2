import Catalog

/// One search result.
public struct SearchHit: Encodable, Sendable, Equatable {
    /// 1-based rank.
    public let rank: Int
    /// Cosine similarity to the query.
    public let score: Float
    /// Path relative to the indexed root.
    public let path: String
    /// The image's catalog id (what `serve` puts in URLs instead of paths).
    public let id: Int64

    /// A hit; `score` is clamped to [-1, 1], the range of a cosine (and of the fused score), which
    /// float16 re-ranking and rounding can overstep by a few units in the last place.
    public init(rank: Int, score: Float, path: String, id: Int64) {
        self.rank = rank
        self.score = min(1, max(-1, score))
        self.path = path
        self.id = id
    }

    /// `query --json` and the reports keep their keys; the id is for callers in code.
    enum CodingKeys: String, CodingKey { case rank, score, path }
}

/// Nearest neighbours by cosine similarity, scanning every embedding.
///
/// Embeddings are unit length, so the cosine is a dot product. The product-quantized index
/// replaces this scan for large collections; this stays the exact reference.
public struct ExactSearch: Sendable {
    public let matrix: EmbeddingMatrix

    public init(matrix: EmbeddingMatrix) {
        self.matrix = matrix
    }

    /// The `k` rows most similar to `query`, best first.
    ///
    /// - Complexity: O(n·d) for the scores, then `topK`.
    public func nearest(to query: [Float], k: Int) -> [SearchHit] {
        let d = matrix.dimension
        precondition(query.count == d, "query has \(query.count) values; the index holds \(d)-d embeddings")
        var scores = [Float](repeating: 0, count: matrix.count)
        matrix.values.withUnsafeBufferPointer { values in
            query.withUnsafeBufferPointer { q in
                for row in 0..<matrix.count {
                    let total = Ranking.dot(values.baseAddress! + row * d, q.baseAddress!, d)
                    scores[row] = total
                }
            }
        }
        let order = topK(scores, k: k)
        return order.enumerated().map { SearchHit(rank: $0.offset + 1, score: scores[$0.element], path: matrix.paths[$0.element], id: matrix.ids[$0.element]) }
    }
}

/// Indices of the `k` largest scores, largest first (ties by index).
///
/// - Complexity: O(n) when most scores fall below the current k-th best, O(n·k) at worst.
func topK(_ scores: [Float], k requested: Int) -> [Int] {
    let k = min(requested, scores.count)
    guard k > 0 else { return [] }
    // A small sorted buffer beats a heap for the k ≤ 100 litsearch asks for.
    var best: [Int] = []
    best.reserveCapacity(k + 1)
    for index in scores.indices {
        let score = scores[index]
        if best.count == k, let last = best.last, scores[last] >= score { continue }
        var position = best.count
        while position > 0 && scores[best[position - 1]] < score { position -= 1 }
        best.insert(index, at: position)
        if best.count > k { best.removeLast() }
    }
    return best
}
