import Foundation
import ParallelLoops
import TextTower

/// Adam with decoupled weight decay (Loshchilov & Hutter) over a flat parameter vector.
///
/// Per parameter: `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`,
/// `θ ← θ − lr·(m̂/(√v̂ + ε) + λ·θ)` with bias-corrected `m̂`, `v̂`, and `λ` applied only where the
/// layout's slice decays (matrices; not biases, LayerNorm, the logit scale, and embeddings unless
/// configured). The moments are checkpointed.
public final class AdamW: @unchecked Sendable {
    /// First and second moments, shaped like the parameters.
    public let firstMoment: FloatBuffer
    public let secondMoment: FloatBuffer
    /// Updates applied so far (for bias correction).
    public internal(set) var updates: Int = 0
    /// Per-parameter decay flag, as ranges of the layout that decay.
    let decayRanges: [Range<Int>]

    public init(layout: ParameterLayout) {
        firstMoment = FloatBuffer(count: layout.count)
        secondMoment = FloatBuffer(count: layout.count)
        decayRanges = layout.slices.filter(\.decays).map { $0.offset..<($0.offset + $0.count) }
    }

    /// Applies one update to `parameters` from `gradients`, split over `threads`.
    ///
    /// - Complexity: O(parameters).
    public func update(_ parameters: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>, count: Int,
                       learningRate: Float, options: TrainingOptions, threads: Int) {
        updates += 1
        let (b1, b2) = (options.beta1, options.beta2)
        let correction1 = 1 - Float(pow(Double(b1), Double(updates)))
        let correction2 = 1 - Float(pow(Double(b2), Double(updates)))
        let stepSize = learningRate / correction1
        let rootCorrection2 = correction2.squareRoot()
        let (m, v) = (firstMoment.pointer, secondMoment.pointer)
        let decay = learningRate * options.weightDecay
        let epsilon = options.epsilon
        let decayRanges = self.decayRanges
        forEachChunk(of: count, workers: threads) { _, range in
            // Walk the range in pieces that either all decay or all do not.
            var start = range.lowerBound
            while start < range.upperBound {
                var end = range.upperBound
                var decays = false
                for r in decayRanges {
                    if r.contains(start) { decays = true; end = min(end, r.upperBound); break }
                    if r.lowerBound > start { end = min(end, r.lowerBound) }
                }
                let shrink: Float = decays ? 1 - decay : 1
                for i in start..<end {
                    let g = gradients[i]
                    m[i] = b1 * m[i] + (1 - b1) * g
                    v[i] = b2 * v[i] + (1 - b2) * g * g
                    parameters[i] = parameters[i] * shrink - stepSize * m[i] / (v[i].squareRoot() / rootCorrection2 + epsilon)
                }
                start = end
            }
        }
    }
}
