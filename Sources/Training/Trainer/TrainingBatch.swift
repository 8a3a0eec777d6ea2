import SeededRandom
import TextTower

/// One step's pairs: captions as token ids, locked image features, and concept ids.
///
/// Rows with the same concept are positives of each other in the loss, whichever caption and
/// image they hold (several languages' names of one emoji, an emoji picture and its class
/// prototype).
public struct TrainingBatch: Sendable {
    /// `count × stride` token ids; row `i` holds `lengths[i]` real ids.
    public var tokenIDs: [Int32]
    public var lengths: [Int]
    public var stride: Int
    /// `count × imageDimension` locked features (not yet centred).
    public var imageFeatures: [Float]
    /// `count` concept ids.
    public var concepts: [Int]

    public init(tokenIDs: [Int32], lengths: [Int], stride: Int, imageFeatures: [Float], concepts: [Int]) {
        self.tokenIDs = tokenIDs
        self.lengths = lengths
        self.stride = stride
        self.imageFeatures = imageFeatures
        self.concepts = concepts
    }

    public var count: Int { lengths.count }
}

/// Supplies the batch for each step.
///
/// For bit-exact resumption a source must derive batch `step` only from `step`, its own fixed
/// data, and draws from `random` (the trainer's generator, which checkpoints save).
public protocol TrainingBatchSource {
    mutating func batch(step: Int, random: inout SeededGenerator) throws -> TrainingBatch
}
