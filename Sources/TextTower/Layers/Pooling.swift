/// Turns `[batch × length × dimension]` token states into `[batch × dimension]`, one per caption.
enum Pooling {
    /// Pools each caption's states: mean over its real tokens, or its first token's state.
    ///
    /// - Complexity: O(batch·length·dimension).
    static func forward(_ x: UnsafePointer<Float>, lengths: UnsafePointer<Int>, batch: Int, length: Int,
                        dimension d: Int, mode: TextTowerConfig.Pooling, into pooled: UnsafeMutablePointer<Float>) {
        for b in 0..<batch {
            let target = pooled + b * d
            let source = x + b * length * d
            target.update(from: source, count: d)
            guard mode == .mean else { continue }
            for t in 1..<max(1, lengths[b]) { VectorMath.axpy(1, source + t * d, target, count: d) }
            let scale = 1 / Float(lengths[b])
            for j in 0..<d { target[j] *= scale }
        }
    }

    /// Adds the pooled gradient back to the token states' gradient.
    ///
    /// - Complexity: O(batch·length·dimension).
    static func backward(_ dPooled: UnsafePointer<Float>, lengths: UnsafePointer<Int>, batch: Int, length: Int,
                         dimension d: Int, mode: TextTowerConfig.Pooling, addingInto dx: UnsafeMutablePointer<Float>) {
        for b in 0..<batch {
            let source = dPooled + b * d
            switch mode {
            case .first:
                VectorMath.axpy(1, source, dx + b * length * d, count: d)
            case .mean:
                let scale = 1 / Float(lengths[b])
                for t in 0..<lengths[b] { VectorMath.axpy(scale, source, dx + (b * length + t) * d, count: d) }
            }
        }
    }
}
