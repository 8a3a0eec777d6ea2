import Foundation
import ImageTower
import ParallelLoops

/// Something that maps encoded pictures to locked image embeddings: the real `ImageTower` in
/// production, a small fake in tests.
public protocol LockedImageEmbedder: AnyObject {
    /// Identifies the model; cached embeddings and checkpoints are keyed by it.
    var modelID: String { get }
    /// Length of one embedding.
    var dimension: Int { get }
    /// Embeds encoded images (JPEG, PNG, …): `images.count × dimension` unit rows.
    ///
    /// - Throws: `TrainingDataError` naming the first picture that cannot be decoded.
    func embed(_ images: [(path: String, bytes: [UInt8])]) throws -> [Float]
    /// One row per ImageNet class in the embedding space: `ImageTower.classFeatures()` or
    /// `ImageTower.classPrototypes`, as `kind` says.
    func classPrototypes(_ kind: PrototypeKind) -> [Float]
}

/// The locked EfficientNet-Lite0 tower behind `LockedImageEmbedder`: decodes on `threads` threads,
/// then runs the batch through the tower.
public final class TowerImageEmbedder: LockedImageEmbedder {
    public let tower: ImageTower
    public let threads: Int
    private let pipeline = ImagePipeline()
    private var prototypes: [PrototypeKind: [Float]] = [:]

    public init(tower: ImageTower, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.tower = tower
        self.threads = max(1, threads)
    }

    public var modelID: String { tower.modelID }
    public var dimension: Int { ImageTower.embeddingDimension }

    /// - Complexity: decoding plus about 0.4 GFLOP per image.
    public func embed(_ images: [(path: String, bytes: [UInt8])]) throws -> [Float] {
        let size = 3 * ImageTower.inputSize * ImageTower.inputSize
        let pipeline = self.pipeline
        let tensors = parallelMap(images, workers: threads) { image in Result { try pipeline.prepare(image.bytes).tensor } }
        var batch: [Float] = []
        batch.reserveCapacity(images.count * size)
        for (image, tensor) in zip(images, tensors) {
            switch tensor {
            case let .success(values): batch += values
            case let .failure(error): throw TrainingDataError("cannot decode \(image.path): \(error)")
            }
        }
        return tower.run(batch: batch, count: images.count).embeddings
    }

    public func classPrototypes(_ kind: PrototypeKind) -> [Float] {
        if let rows = prototypes[kind] { return rows }
        let rows = switch kind {
        case .classFeatures: tower.classFeatures()
        case .classifierRows: tower.classPrototypes
        }
        prototypes[kind] = rows
        return rows
    }
}
