import TextTower

/// Retrieval recall: how often a query's top-k neighbours include an item of its concept.
public enum Recall {
    /// Fraction of `queries` rows whose `k` highest-cosine `gallery` rows contain one with the
    /// query's label. Rows are assumed unit length.
    ///
    /// - Complexity: O(queries·gallery·dimension) on BLAS plus O(queries·gallery·k).
    public static func atK(_ k: Int, queries: [Float], queryLabels: [Int], gallery: [Float], galleryLabels: [Int],
                           dimension: Int) -> Double {
        let (q, g) = (queryLabels.count, galleryLabels.count)
        guard q > 0, g > 0 else { return 0 }
        var scores = [Float](repeating: 0, count: q * g)
        queries.withUnsafeBufferPointer { a in
            gallery.withUnsafeBufferPointer { b in
                scores.withUnsafeMutableBufferPointer { c in
                    gemm(a.baseAddress!, b.baseAddress!, transposeB: true, c.baseAddress!, m: q, n: g, k: dimension)
                }
            }
        }
        var hits = 0
        for i in 0..<q {
            let row = scores[(i * g)..<((i + 1) * g)]
            let top = row.indices.sorted { row[$0] > row[$1] }.prefix(k)
            if top.contains(where: { galleryLabels[$0 - i * g] == queryLabels[i] }) { hits += 1 }
        }
        return Double(hits) / Double(q)
    }
}
