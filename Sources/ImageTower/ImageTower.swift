import CBLAS
import Foundation
import ParallelLoops

/// The locked image tower: EfficientNet-Lite0 pre-trained on ImageNet.
///
/// It maps a preprocessed 224×224 image (planar RGB, normalised as `ImageIO.Preprocessor` does) to
/// the **locked image embedding**, the 1280-d globally pooled feature, L2-normalised, and to the
/// 1000 ImageNet logits of its classifier. Its weights never change: litsearch computes each
/// image's embedding once and keeps it in the catalog.
///
/// ```swift
/// let tower = try ImageTower(contentsOf: URL(fileURLWithPath: "weights/efficientnet-lite0.safetensors"))
/// let output = tower.run(batch: tensors, count: 8)   // 8 × 3×224×224 floats in
/// let first = output.embedding(0)                    // 1280 floats, unit length
/// ```
public final class ImageTower: @unchecked Sendable {
    /// Width and height of the network's input.
    public static let inputSize = 224
    /// Length of the locked embedding.
    public static let embeddingDimension = EfficientNetLite.featureDimension
    /// Number of ImageNet classes.
    public static let classCount = EfficientNetLite.classCount

    /// Images one worker runs through the network together.
    static let microBatch = 4

    /// Identifies the weights; stored with every embedding so a different model is detected.
    public let modelID: String
    /// Worker threads used for BLAS and the depthwise convolutions.
    public let threads: Int
    let network: EfficientNetLite
    private let pool = BufferPool()

    /// The result of running a batch.
    public struct Output: Sendable {
        public let count: Int
        /// `count × 1280`, each row L2-normalised.
        public let embeddings: [Float]
        /// `count × 1000` ImageNet logits.
        public let logits: [Float]

        /// The embedding of image `index`.
        public func embedding(_ index: Int) -> ArraySlice<Float> {
            embeddings[(index * ImageTower.embeddingDimension)..<((index + 1) * ImageTower.embeddingDimension)]
        }

        /// The logits of image `index`.
        public func logits(_ index: Int) -> ArraySlice<Float> {
            logits[(index * ImageTower.classCount)..<((index + 1) * ImageTower.classCount)]
        }

        /// The `k` most likely classes of image `index`, with softmax probabilities.
        public func topClasses(_ index: Int, k: Int = 5) -> [(index: Int, probability: Float)] {
            let row = Array(logits(index))
            let maximum = row.max() ?? 0
            let exps = row.map { Foundation.exp($0 - maximum) }
            let total = exps.reduce(0, +)
            return exps.enumerated().sorted { $0.element > $1.element }.prefix(k).map { ($0.offset, $0.element / total) }
        }
    }

    /// Loads the converted weights (see `docs/image-tower.md`).
    ///
    /// - Parameter threads: workers for one batch; defaults to the machine's active cores.
    public init(contentsOf url: URL, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        let file = try SafeTensors(contentsOf: url)
        do {
            network = try EfficientNetLite(weights: file)
        } catch let error as WeightsError {
            throw WeightsError(file: url.path, message: error.message)
        }
        modelID = file.metadata["model_id"] ?? "efficientnet-lite0"
        self.threads = max(1, threads)
        litsearch_single_threaded_blas()
    }

    /// Runs `count` preprocessed images given as consecutive 3×224×224 planar tensors.
    ///
    /// - Complexity: about 0.4 GFLOP per image.
    public func run(batch input: [Float], count: Int) -> Output {
        let size = Self.inputSize
        precondition(input.count == count * 3 * size * size, "expected \(count) tensors of 3×\(size)×\(size)")
        guard count > 0 else { return Output(count: 0, embeddings: [], logits: []) }
        var features = [Float](repeating: 0, count: count * Self.embeddingDimension)
        let imageSize = 3 * size * size
        // With at least one image per thread, each thread runs its share of the batch on its own:
        // no barrier per layer. A smaller batch (a query)
        // splits every layer over the threads instead.
        let workers = count >= threads ? threads : 1
        let layerThreads = count >= threads ? 1 : threads
        input.withUnsafeBufferPointer { input in
            features.withUnsafeMutableBufferPointer { features in
                let (input, features) = (input.baseAddress!, features.baseAddress!)
                forEachChunk(of: count, workers: workers) { _, images in
                    // Micro-batches of a few images keep the late, 7×7 layers' matrices wide
                    // enough for the vector kernel (the early layers run one image at a time).
                    for first in stride(from: images.lowerBound, to: images.upperBound, by: Self.microBatch) {
                        let batch = min(Self.microBatch, images.upperBound - first)
                        let result = network.features(input + first * imageSize, batch: batch, size: size,
                                                      threads: layerThreads, pool: pool)
                        (features + first * Self.embeddingDimension).update(from: result, count: result.count)
                    }
                }
            }
        }
        let logits = features.withUnsafeBufferPointer { network.logits($0.baseAddress!, count: count, threads: threads, pool: pool) }
        let d = Self.embeddingDimension
        for image in 0..<count {
            var norm: Float = 0
            for i in 0..<d { norm += features[image * d + i] * features[image * d + i] }
            let inverse = norm > 0 ? 1 / norm.squareRoot() : 0
            for i in 0..<d { features[image * d + i] *= inverse }
        }
        return Output(count: count, embeddings: features, logits: logits)
    }

    /// The ImageNet classifier as it is: `classCount × embeddingDimension` weights and `classCount` biases.
    public var classifier: (weights: [Float], bias: [Float]) {
        (network.classifierWeights, network.classifierBias)
    }

    /// The classifier's rows, L2-normalised: one prototype per ImageNet class in embedding space.
    public var classPrototypes: [Float] {
        var rows = network.classifierWeights
        let d = Self.embeddingDimension
        for c in 0..<Self.classCount {
            let norm = rows[(c * d)..<((c + 1) * d)].reduce(0) { $0 + $1 * $1 }.squareRoot()
            for i in 0..<d { rows[c * d + i] /= max(norm, .leastNormalMagnitude) }
        }
        return rows
    }
}
