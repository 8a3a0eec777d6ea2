import CBLAS

/// Rows of a row-major float matrix, possibly a column slice of a wider one.
///
/// Product quantization trains each sub-space on a slice of the full vectors; a stride lets k-means
/// and BLAS read that slice in place instead of copying it out.
struct MatrixSlice {
    /// First value of row 0.
    let base: UnsafePointer<Float>
    /// Number of rows.
    let rows: Int
    /// Number of columns used.
    let columns: Int
    /// Distance in floats between consecutive rows (≥ `columns`).
    let stride: Int

    /// First value of `row`.
    func row(_ row: Int) -> UnsafePointer<Float> { base + row * stride }
}

/// The nearest centroid (in L2) of every row of `points`, with its squared distance.
///
/// Uses ‖x − c‖² = ‖x‖² − 2·x·c + ‖c‖², with the x·c products from one `sgemm` per block of rows.
/// - Complexity: O(n·k·d) arithmetic in BLAS, O(n·k) extra for the minima; memory O(block·k).
func nearestCentroids(of points: MatrixSlice, centroids: UnsafeBufferPointer<Float>, count k: Int)
    -> (labels: [Int32], distances: [Float]) {
    let n = points.rows, d = points.columns
    var labels = [Int32](repeating: 0, count: n)
    var distances = [Float](repeating: 0, count: n)
    guard n > 0, k > 0 else { return (labels, distances) }
    let centroidNorms = squaredNorms(centroids.baseAddress!, rows: k, dimension: d, stride: d)
    let block = max(1, min(n, (1 << 20) / k))
    var products = [Float](repeating: 0, count: block * k)
    products.withUnsafeMutableBufferPointer { scores in
        var start = 0
        while start < n {
            let rows = min(block, n - start)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(k), Int32(d),
                        1, points.row(start), Int32(points.stride), centroids.baseAddress!, Int32(d),
                        0, scores.baseAddress!, Int32(k))
            for r in 0..<rows {
                let line = scores.baseAddress! + r * k
                var best = Float.infinity, bestIndex = 0
                for j in 0..<k {
                    let value = centroidNorms[j] - 2 * line[j]
                    if value < best { best = value; bestIndex = j }
                }
                let x = points.row(start + r)
                var norm: Float = 0
                for i in 0..<d { norm += x[i] * x[i] }
                labels[start + r] = Int32(bestIndex)
                distances[start + r] = max(0, best + norm)
            }
            start += rows
        }
    }
    return (labels, distances)
}

/// Squared L2 norm of each row.
///
/// - Complexity: O(rows · dimension).
func squaredNorms(_ base: UnsafePointer<Float>, rows: Int, dimension: Int, stride: Int) -> [Float] {
    (0..<rows).map { row in
        let x = base + row * stride
        var sum: Float = 0
        for i in 0..<dimension { sum += x[i] * x[i] }
        return sum
    }
}
