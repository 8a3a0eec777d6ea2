/// Rows `rows` of a row-major matrix with `dimension` columns, copied into a new contiguous matrix.
///
/// - Complexity: O(rows.count · dimension).
func gatherRows(_ matrix: UnsafeBufferPointer<Float>, dimension: Int, rows: [Int]) -> [Float] {
    var out = [Float](repeating: 0, count: rows.count * dimension)
    out.withUnsafeMutableBufferPointer { dst in
        for (i, row) in rows.enumerated() {
            (dst.baseAddress! + i * dimension).update(from: matrix.baseAddress! + row * dimension, count: dimension)
        }
    }
    return out
}
