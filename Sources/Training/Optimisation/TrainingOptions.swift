/// Hyper-parameters of a training run; stored in every checkpoint so a resumed run continues the
/// same schedule.
public struct TrainingOptions: Codable, Sendable, Equatable {
    /// Pairs per step.
    public var batchSize: Int
    /// Length of the whole run (the cosine schedule ends here).
    public var totalSteps: Int
    public var warmupSteps: Int
    public var peakLearningRate: Float
    /// Learning rate at the end of the cosine, as a fraction of the peak.
    public var finalLearningRateFraction: Float
    /// Decoupled weight decay (AdamW), applied to matrices only.
    public var weightDecay: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    /// Global gradient-norm clip; 0 disables clipping.
    public var clipNorm: Float
    /// Initial `log` of the logit scale (LiT and CLIP start the scale at 10).
    public var initialLogScale: Float
    /// The logit scale is clamped to `[1, e^maxLogScale]` (CLIP: 100).
    public var maxLogScale: Float
    /// Seed of initialisation and of the batch source's randomness.
    public var seed: UInt64
    /// Worker threads (batch shards). Results are bit-identical only for the same thread count.
    public var threads: Int

    public init(
        batchSize: Int = 256, totalSteps: Int = 10_000, warmupSteps: Int = 500, peakLearningRate: Float = 1e-3,
        finalLearningRateFraction: Float = 0.01, weightDecay: Float = 1e-4, beta1: Float = 0.9, beta2: Float = 0.98,
        epsilon: Float = 1e-8, clipNorm: Float = 1, initialLogScale: Float = 2.302_585, maxLogScale: Float = 4.605_17,
        seed: UInt64 = 0, threads: Int = 2
    ) {
        self.batchSize = batchSize
        self.totalSteps = totalSteps
        self.warmupSteps = warmupSteps
        self.peakLearningRate = peakLearningRate
        self.finalLearningRateFraction = finalLearningRateFraction
        self.weightDecay = weightDecay
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.clipNorm = clipNorm
        self.initialLogScale = initialLogScale
        self.maxLogScale = maxLogScale
        self.seed = seed
        self.threads = threads
    }

    /// The warmup + cosine schedule these options describe.
    public var schedule: LearningRateSchedule {
        LearningRateSchedule(peak: peakLearningRate, warmupSteps: warmupSteps, totalSteps: totalSteps,
                             finalFraction: finalLearningRateFraction)
    }
}
