import ConceptBridge
import Foundation

/// Zero-shot classification (the LiT paper's headline use): each label is a caption, and an
/// image's probabilities are `softmax(s · cos(image, label))` at the learned logit scale `s`.
public struct ZeroShotClassifier: Sendable {
    public let model: TextImageModel
    public let encoder: CaptionEncoder
    /// Towers averaged with `model` (see `CompanionTower`).
    public let companions: [CompanionTower]
    /// The concept bridge scored beside the tower, or nil.
    public let bridge: ConceptBridge?

    public init(model: TextImageModel, encoder: CaptionEncoder, companions: [CompanionTower] = [], bridge: ConceptBridge? = nil) {
        self.model = model
        self.encoder = encoder
        self.companions = companions
        self.bridge = bridge
    }

    /// One label's probability.
    public struct Score: Encodable, Sendable, Equatable {
        public let label: String
        public let probability: Float
    }

    /// For each of the images (`count × imageDimension` locked embeddings), every label with its
    /// probability, most likely first. Each image's probabilities sum to 1.
    ///
    /// Labels are embedded without the model's text centre: for one image, the centre's share of
    /// every label's score is the same, so the softmax would only feel the renormalisation, which
    /// favours labels close to the centre (generic words).
    ///
    /// - Throws: `NormalizationError` for an unknown language; `TrainingDataError` for no labels.
    /// - Complexity: O(labels) text-tower passes plus O(images · labels · dimension).
    public func classify(features: [Float], labels: [String], language: String?) throws -> [[Score]] {
        guard !labels.isEmpty else { throw TrainingDataError("give at least one label") }
        var embedder = ModelEmbedder(model: model, encoder: encoder, companions: companions, centring: .model, bridge: bridge)
        embedder.strictLanguage = true
        let texts = try embedder.embedLabels(labels, language: language)
        let images = embedder.embedImages(features)
        let e = embedder.dimension
        let scale = model.logitScale
        return (0..<(images.count / e)).map { image in
            let logits = (0..<labels.count).map { label in
                (0..<e).reduce(Float(0)) { $0 + images[image * e + $1] * texts[label * e + $1] } * scale
            }
            let top = logits.max() ?? 0
            let exps = logits.map { exp($0 - top) }
            let total = exps.reduce(0, +)
            return zip(labels, exps).map { Score(label: $0.0, probability: $0.1 / total) }
                .sorted { $0.probability > $1.probability }
        }
    }
}
