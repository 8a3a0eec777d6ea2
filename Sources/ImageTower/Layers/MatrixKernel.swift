import CKernels
import ParallelLoops

/// The hand-vectorised matrix product of `CKernels`, for 1×1 convolutions.
enum MatrixKernel {
    /// Whether this CPU has AVX2 + FMA or AVX-512 (the kernel's two variants).
    static let isAvailable = litsearch_pointwise_width() > 0

    /// The vector widths this CPU can run (512 for AVX-512, 256 for AVX2 + FMA), widest first.
    static var supportedWidths: [Int] { [512, 256].filter { $0 <= Int(litsearch_pointwise_width()) } }

    /// Runs `body` with the kernels limited to `width` bits, then lifts the limit again.
    ///
    /// For tests: lets an AVX-512 machine check the AVX2 variants too. Not thread-safe.
    static func withWidth<T>(_ width: Int, _ body: () throws -> T) rethrows -> T {
        litsearch_limit_width(Int32(width))
        defer { litsearch_limit_width(512) }
        return try body()
    }

    /// Packs row-major `rows × columns` weights into the kernel's panel layout.
    static func pack(_ weights: [Float], rows: Int, columns: Int) -> [Float] {
        var packed = [Float](repeating: 0, count: litsearch_packed_size(Int32(rows), Int32(columns)))
        weights.withUnsafeBufferPointer { w in
            packed.withUnsafeMutableBufferPointer { p in
                litsearch_pack_weights(w.baseAddress, Int32(rows), Int32(columns), p.baseAddress)
            }
        }
        return packed
    }

    /// `output = act(W · input + bias) (+ residual)` for `rows × columns` outputs, split over
    /// `threads`: by columns in blocks of 48 (the AVX-512 tile width, a multiple of the AVX2 one)
    /// when there are many, else by 8-row panels (the late 7×7 layers of a single image).
    ///
    /// - Complexity: O(rows · inner · columns).
    static func multiply(packed: [Float], rows: Int, inner: Int, input: UnsafePointer<Float>,
                         output: UnsafeMutablePointer<Float>, columns: Int, bias: [Float],
                         residual: UnsafeMutablePointer<Float>?, relu6: Bool, threads: Int) {
        let panelRows = Int(LITSEARCH_PANEL_ROWS)
        packed.withUnsafeBufferPointer { packed in
            bias.withUnsafeBufferPointer { bias in
                if columns >= 256 || threads == 1 {
                    let blocks = (columns + 47) / 48
                    forEachChunk(of: blocks, workers: columns >= 256 ? threads : 1) { _, range in
                        let start = range.lowerBound * 48
                        let count = min(range.upperBound * 48, columns) - start
                        litsearch_pointwise(packed.baseAddress, Int32(rows), Int32(inner), input + start, Int32(columns),
                                            output + start, Int32(columns), Int32(count), bias.baseAddress,
                                            residual.map { UnsafePointer($0 + start) }, relu6 ? 1 : 0)
                    }
                } else {
                    let panels = (rows + panelRows - 1) / panelRows
                    forEachChunk(of: panels, workers: threads) { _, range in
                        let first = range.lowerBound * panelRows
                        let count = min(range.upperBound * panelRows, rows) - first
                        litsearch_pointwise(packed.baseAddress! + first * inner, Int32(count), Int32(inner), input, Int32(columns),
                                            output + first * columns, Int32(columns), Int32(columns), bias.baseAddress! + first,
                                            residual.map { UnsafePointer($0 + first * columns) }, relu6 ? 1 : 0)
                    }
                }
            }
        }
    }
}
