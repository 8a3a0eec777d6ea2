/// Precomputed filter taps for resampling one axis.
///
/// Output pixel `o` of a length-`resizedLength` axis, shifted by `cropOffset`,
/// is the weighted sum of source pixels `first[o] ..< first[o] + count[o]`
/// with weights `weights[o * stride ..< o * stride + count[o]]`, which sum to 1.
/// Only the outputs inside the crop window are computed, so cropping costs nothing.
///
/// The source pixel `i` has its centre at `i + 0.5`; output `x` maps to the
/// source position `(x + 0.5) · scale`, as in PIL and OpenCV's area modes.
/// When the axis is not resized (`scale == 1`) every output has exactly one
/// tap of weight 1, so values pass through bit-exactly.
struct ResamplingTaps {
    private(set) var first: [Int]
    private(set) var count: [Int]
    private(set) var weights: [Float]
    /// Distance between consecutive outputs' weights.
    let stride: Int
    /// The source pixels any output reads.
    let sourceRange: Range<Int>

    /// - Parameters:
    ///   - sourceLength: Source pixels along the axis (> 0).
    ///   - resizedLength: Length of the whole resized axis (> 0).
    ///   - cropOffset: First resized pixel kept.
    ///   - outputLength: Pixels kept, with `cropOffset + outputLength ≤ resizedLength`.
    ///   - filter: The kernel.
    /// - Complexity: O(outputLength × taps), taps ≈ 2 · support · max(1, scale).
    init(sourceLength: Int, resizedLength: Int, cropOffset: Int, outputLength: Int, filter: ResamplingFilter) {
        precondition(sourceLength > 0 && resizedLength > 0 && outputLength > 0, "empty axis")
        precondition(cropOffset >= 0 && cropOffset + outputLength <= resizedLength, "crop outside resized axis")
        let scale = Double(sourceLength) / Double(resizedLength)
        let kernelScale = max(scale, 1)
        let radius = filter.support * kernelScale
        stride = Int((2 * radius).rounded(.up)) + 2

        first = []
        count = []
        weights = [Float](repeating: 0, count: outputLength * stride)
        first.reserveCapacity(outputLength)
        count.reserveCapacity(outputLength)
        var scratch = [Double](repeating: 0, count: stride)
        var lowest = sourceLength, highest = 0

        for o in 0..<outputLength {
            let centre = (Double(o + cropOffset) + 0.5) * scale
            // Source pixels whose centres lie within the kernel's reach.
            var lo = max(0, Int((centre - radius - 0.5).rounded(.up)))
            var hi = min(sourceLength - 1, Int((centre + radius - 0.5).rounded(.down)))
            if hi < lo { (lo, hi) = (min(lo, sourceLength - 1), min(lo, sourceLength - 1)) }
            var total = 0.0
            for i in lo...hi {
                let w = filter.weight((Double(i) + 0.5 - centre) / kernelScale)
                scratch[i - lo] = w
                total += w
            }
            // Drop zero weights at both ends so pass-through axes get one tap.
            while lo < hi && scratch[0] == 0 {
                scratch.removeFirst()
                scratch.append(0)
                lo += 1
            }
            while hi > lo && scratch[hi - lo] == 0 { hi -= 1 }
            if total == 0 { // cannot happen for the kernels above; be safe
                scratch[0] = 1
                total = 1
                hi = lo
            }
            first.append(lo)
            count.append(hi - lo + 1)
            for t in 0...(hi - lo) {
                weights[o * stride + t] = Float(scratch[t] / total)
            }
            lowest = min(lowest, lo)
            highest = max(highest, hi + 1)
        }
        sourceRange = lowest..<highest
    }
}

extension ResamplingTaps {
    /// The vertical pass for output row `output`: `row[i] = Σ weight · source row[i]` over this
    /// output's taps, source row `r` starting at `source + r · rowStride` (interleaved RGB bytes).
    ///
    /// - Complexity: O(taps × row.count).
    @inline(__always)
    func accumulate(_ output: Int, rowsOf source: UnsafePointer<UInt8>, rowStride: Int, into row: UnsafeMutableBufferPointer<Float>) {
        row.initialize(repeating: 0)
        for t in 0..<count[output] {
            let weight = weights[output * stride + t]
            let line = source + (first[output] + t) * rowStride
            for i in 0..<row.count {
                row[i] += weight * Float(line[i])
            }
        }
    }

    /// The horizontal pass for output pixel `output`: the weighted RGB of `row`, an interleaved row
    /// of floats whose first pixel is source column `firstColumn`.
    ///
    /// - Complexity: O(taps).
    @inline(__always)
    func rgb(_ output: Int, of row: UnsafeMutableBufferPointer<Float>, firstColumn: Int = 0) -> (r: Float, g: Float, b: Float) {
        var r: Float = 0, g: Float = 0, b: Float = 0
        var p = (first[output] - firstColumn) * 3
        for t in 0..<count[output] {
            let weight = weights[output * stride + t]
            r += weight * row[p]
            g += weight * row[p + 1]
            b += weight * row[p + 2]
            p += 3
        }
        return (r, g, b)
    }
}
