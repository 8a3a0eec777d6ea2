import ParallelLoops
/// What to apply after a convolution's bias.
enum Activation {
    case none
    /// `min(max(x, 0), 6)`, the activation of EfficientNet-Lite.
    case relu6
}

/// Adds `bias[row]` to each row of a `rows × columns` matrix, then the activation, then (optionally)
/// a residual matrix of the same shape.
///
/// - Complexity: O(rows · columns), split over `threads`.
func addBias(
    _ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: [Float],
    activation: Activation, residual: UnsafePointer<Float>? = nil, threads: Int
) {
    bias.withUnsafeBufferPointer { bias in
        forEachChunk(of: rows, workers: threads) { _, range in
            for row in range {
                let b = bias[row]
                let line = matrix + row * columns
                switch activation {
                case .none:
                    for i in 0..<columns { line[i] += b }
                case .relu6:
                    for i in 0..<columns { line[i] = min(max(line[i] + b, 0), 6) }
                }
                if let residual {
                    let source = residual + row * columns
                    for i in 0..<columns { line[i] += source[i] }
                }
            }
        }
    }
}
