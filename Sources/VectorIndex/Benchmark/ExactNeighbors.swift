import CBLAS

/// Exact inner-product nearest neighbours by blocked matrix products: the ground truth of the
/// ANN benchmark and of `bench search`.
public enum ExactNeighbors {
    /// For each query row, the `k` base rows with the highest inner product, best first.
    ///
    /// - Complexity: O(q · n · d) in BLAS, memory O(block · q).
    public static func search(base: NumpyMatrix, queries: NumpyMatrix, k: Int) -> [[Int]] {
        precondition(base.columns == queries.columns)
        var accumulator = Accumulator(queries: queries.values, dimension: queries.columns, k: k)
        base.values.withUnsafeBufferPointer { accumulator.add($0, count: base.rows) }
        return accumulator.neighbors()
    }

    /// The exact top `k` of fixed queries over base rows that arrive a block at a time, so a base
    /// that is made on the fly (a million mapped catalog features) is never held whole.
    ///
    /// ```swift
    /// var truth = ExactNeighbors.Accumulator(queries: q, dimension: d, k: 10)
    /// for block in blocks { block.withUnsafeBufferPointer { truth.add($0, count: block.count / d) } }
    /// let top = truth.neighbors()   // base row numbers, counted across blocks, best first
    /// ```
    public struct Accumulator {
        let queries: [Float]
        let dimension: Int
        var heaps: [TopKHeap]
        /// Base rows added so far; the next block's rows are numbered from here.
        public private(set) var rows = 0

        public init(queries: [Float], dimension: Int, k: Int) {
            precondition(dimension > 0 && queries.count % dimension == 0, "queries must be whole rows of \(dimension) values")
            self.queries = queries
            self.dimension = dimension
            heaps = Array(repeating: TopKHeap(capacity: k), count: queries.count / dimension)
        }

        /// Scores `count` base rows (row-major) against every query.
        ///
        /// - Complexity: O(count · q · d) in BLAS, memory O(block · q).
        public mutating func add(_ base: UnsafeBufferPointer<Float>, count: Int) {
            precondition(base.count >= count * dimension, "the block holds fewer than \(count) rows")
            let q = heaps.count, d = dimension
            guard q > 0, count > 0 else { rows += count; return }
            let block = max(1, min(count, (1 << 24) / q))
            var scores = [Float](repeating: 0, count: block * q)
            var start = 0
            while start < count {
                let n = min(block, count - start)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(q), Int32(d), 1,
                            base.baseAddress! + start * d, Int32(d), queries, Int32(d), 0, &scores, Int32(q))
                for r in 0..<n {
                    let row = Int32(rows + start + r)
                    for j in 0..<q where scores[r * q + j] > heaps[j].threshold { heaps[j].insert(score: scores[r * q + j], row: row) }
                }
                start += n
            }
            rows += count
        }

        /// Each query's best base rows, best first.
        public func neighbors() -> [[Int]] {
            heaps.map { $0.sortedDescending().map { Int($0.row) } }
        }
    }
}
