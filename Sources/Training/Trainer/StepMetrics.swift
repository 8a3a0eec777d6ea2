/// What one training step reports.
public struct StepMetrics: Sendable, Codable, Equatable {
    /// Updates done, including this one.
    public var step: Int
    public var loss: Float
    /// In-batch text→image top-1 accuracy (same concept counts as correct).
    public var accuracy: Float
    public var learningRate: Float
    /// Global gradient norm before clipping.
    public var gradientNorm: Float
    /// Logit scale after the update (temperature = 1/scale).
    public var logitScale: Float
    /// Wall time of the step.
    public var seconds: Double
    public var pairs: Int

    /// Throughput of this step.
    public var pairsPerSecond: Double { Double(pairs) / max(seconds, 1e-9) }
}

/// A training run was given inconsistent input.
public struct TrainingError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
