import ParallelLoops
import TextTower

/// Global-norm gradient clipping.
enum GradientClipping {
    /// The L2 norm of `gradients[0..<count]`, summed per thread in `Double` and combined in order.
    ///
    /// - Complexity: O(count).
    static func norm(_ gradients: UnsafePointer<Float>, count: Int, threads: Int) -> Float {
        let partial = UnsafeMutablePointer<Double>.allocate(capacity: max(threads, 1))
        defer { partial.deallocate() }
        partial.initialize(repeating: 0, count: max(threads, 1))
        forEachChunk(of: count, workers: threads) { part, range in
            var total = 0.0
            var start = range.lowerBound
            while start < range.upperBound {
                let end = min(start + 4096, range.upperBound)
                total += Double(VectorMath.dot(gradients + start, gradients + start, count: end - start))
                start = end
            }
            partial[part] = total
        }
        var total = 0.0
        for part in 0..<max(threads, 1) { total += partial[part] }
        return Float(total.squareRoot())
    }

    /// Scales the gradients so their global norm is at most `maxNorm`; returns the norm before.
    ///
    /// - Complexity: O(count).
    static func clip(_ gradients: UnsafeMutablePointer<Float>, count: Int, maxNorm: Float, threads: Int) -> Float {
        let total = norm(gradients, count: count, threads: threads)
        guard maxNorm > 0, total > maxNorm else { return total }
        let scale = maxNorm / total
        forEachChunk(of: count, workers: threads) { _, range in
            for i in range { gradients[i] *= scale }
        }
        return total
    }
}
