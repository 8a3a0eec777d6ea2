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
/// Uses ‖x − c‖² = ‖x‖² − 2·x·c + ‖c‖², with the x·c products from one `sgemm` per block of rows;
/// `distances` is filled only when `withDistances` is true (zeros otherwise).
/// - Complexity: O(n·k·d) arithmetic in BLAS, O(n·k) extra for the minima; memory O(block·k).
func nearestCentroids(of points: MatrixSlice, centroids: UnsafeBufferPointer<Float>, count k: Int,
                      withDistances: Bool = false) -> (labels: [Int32], distances: [Float]) {
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
            // scores = ‖c‖² − 2·x·c: prefill every row with the norms, then one sgemm with β = 1.
            for r in 0..<rows { (scores.baseAddress! + r * k).update(from: centroidNorms, count: k) }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(k), Int32(d),
                        -2, points.row(start), Int32(points.stride), centroids.baseAddress!, Int32(d),
                        1, scores.baseAddress!, Int32(k))
            for r in 0..<rows {
                let (bestIndex, best) = argmin(scores.baseAddress! + r * k, count: k)
                labels[start + r] = Int32(bestIndex)
                if withDistances {
                    let x = points.row(start + r)
                    distances[start + r] = max(0, best + dotProduct(x, x, count: d))
                }
            }
            start += rows
        }
    }
    return (labels, distances)
}

/// The index of the smallest of `count` values, and that value (first index on ties).
///
/// Lane-wise running minima with their indices kept as floats (exact below 2²⁴), so both updates
/// are the same blend under one comparison mask.
/// - Complexity: O(count), eight lanes at a time.
@inline(__always)
func argmin(_ values: UnsafePointer<Float>, count k: Int) -> (Int, Float) {
    var best = SIMD8<Float>(repeating: .infinity)
    var bestIndex = SIMD8<Float>(repeating: 0)
    var index = SIMD8<Float>(0, 1, 2, 3, 4, 5, 6, 7)
    let step = SIMD8<Float>(repeating: 8)
    var j = 0
    while j + 8 <= k {
        let value = UnsafeRawPointer(values + j).loadUnaligned(as: SIMD8<Float>.self)
        let better = value .< best
        best.replace(with: value, where: better)
        bestIndex.replace(with: index, where: better)
        index += step
        j += 8
    }
    var minimum = Float.infinity, position = 0
    for lane in 0..<8 where best[lane] < minimum || (best[lane] == minimum && Int(bestIndex[lane]) < position) {
        minimum = best[lane]
        position = Int(bestIndex[lane])
    }
    while j < k {
        if values[j] < minimum { minimum = values[j]; position = j }
        j += 1
    }
    return (position, minimum)
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
