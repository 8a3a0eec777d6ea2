import Foundation

/// Linear warmup to a peak, then a cosine decay to a floor.
///
/// `rate(step)` for the update made at 0-based `step`: `peak·(step+1)/warmup` during warmup, then
/// `peak·(f + (1−f)·½(1 + cos(π·p)))` with `p` the fraction of the decay done and `f` the final
/// fraction; after `totalSteps` it stays at `peak·f`.
public struct LearningRateSchedule: Sendable, Equatable {
    public let peak: Float
    public let warmupSteps: Int
    public let totalSteps: Int
    public let finalFraction: Float

    public init(peak: Float, warmupSteps: Int, totalSteps: Int, finalFraction: Float) {
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.finalFraction = finalFraction
    }

    /// The learning rate of the update at `step`.
    ///
    /// - Complexity: O(1).
    public func rate(at step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
        let span = max(totalSteps - warmupSteps, 1)
        let progress = min(Double(step - warmupSteps) / Double(span), 1)
        let cosine = 0.5 * (1 + cos(Double.pi * progress))
        return peak * (finalFraction + (1 - finalFraction) * Float(cosine))
    }
}
