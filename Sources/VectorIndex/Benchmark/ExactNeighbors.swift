import CBLAS

/// Exact inner-product nearest neighbours by blocked matrix products: the ground truth of the
/// ANN benchmark.
public enum ExactNeighbors {
    /// For each query row, the `k` base rows with the highest inner product, best first.
    ///
    /// - Complexity: O(q · n · d) in BLAS, memory O(block · n).
    public static func search(base: NumpyMatrix, queries: NumpyMatrix, k: Int) -> [[Int]] {
        precondition(base.columns == queries.columns)
        let n = base.rows, d = base.columns
        let block = max(1, min(queries.rows, (1 << 24) / max(n, 1)))
        var results: [[Int]] = []
        var scores = [Float](repeating: 0, count: block * n)
        var start = 0
        while start < queries.rows {
            let rows = min(block, queries.rows - start)
            queries.values.withUnsafeBufferPointer { q in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(d), 1,
                            q.baseAddress! + start * d, Int32(d), base.values, Int32(d), 0, &scores, Int32(n))
            }
            for r in 0..<rows {
                var heap = TopKHeap(capacity: k)
                for j in 0..<n where scores[r * n + j] > heap.threshold { heap.insert(score: scores[r * n + j], row: Int32(j)) }
                results.append(heap.sortedDescending().map { Int($0.row) })
            }
            start += rows
        }
        return results
    }
}
