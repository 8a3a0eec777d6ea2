import Foundation

/// What text search needs of the locked image tower: its model id (which checkpoints and indexes
/// are tied to) and its ImageNet classifier (the concept bridge's class probabilities). Both the
/// full `ImageTower` and the light `TowerIdentity` provide it.
public protocol ImageModelIdentity: Sendable {
    /// Identifies the weights; stored with every embedding.
    var modelID: String { get }
    /// The ImageNet classifier: `classCount × embeddingDimension` weights and `classCount` biases.
    var classifier: (weights: [Float], bias: [Float]) { get }
}

extension ImageTower: ImageModelIdentity {}

/// The image tower's model id and classifier, read from its weights file without building the
/// network: a text query never runs the tower, so it reads only this (the classifier's 5.1 MB of the
/// 18.8 MB file).
///
/// ```swift
/// let identity = try TowerIdentity(contentsOf: installation.imageTowerWeights)
/// print(identity.modelID)   // "efficientnet-lite0-…", as ImageTower(contentsOf:) gives
/// ```
public struct TowerIdentity: ImageModelIdentity {
    public let modelID: String
    public let classifier: (weights: [Float], bias: [Float])

    /// Reads the header and the classifier's two tensors of the safetensors file at `url`.
    ///
    /// - Throws: `WeightsError` for a missing file or a malformed header or classifier.
    public init(contentsOf url: URL) throws {
        // Mapped, so that only the header and the classifier's pages are read.
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped) else {
            throw WeightsError(file: url.path, message: "file not found or unreadable (run scripts/setup.sh to fetch the weights)")
        }
        let file = try SafeTensors(data: data, name: url.path, only: ["_fc.weight", "_fc.bias"])
        let classes = EfficientNetLite.classCount, features = EfficientNetLite.featureDimension
        do {
            classifier = (try file.tensor("_fc.weight", shape: [classes, features]).values, try file.tensor("_fc.bias", shape: [classes]).values)
        } catch let error as WeightsError {
            throw WeightsError(file: url.path, message: error.message)
        }
        modelID = file.metadata["model_id"] ?? "efficientnet-lite0"
    }
}
