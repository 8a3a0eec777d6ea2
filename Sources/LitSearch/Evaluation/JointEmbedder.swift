import Foundation

/// What the evaluation needs from a text–image model: texts and locked image embeddings mapped into
/// one joint space, unit length, so that a dot product is the cosine.
///
/// `TextImageModel` is the real one (`ModelEmbedder`); tests use small fakes whose numbers can be
/// checked by hand.
public protocol JointEmbedder: Sendable {
    /// Width of the joint space.
    var dimension: Int { get }

    /// Joint embeddings of `texts` in `language` (nil: language-neutral) as search queries, which
    /// rank images: `texts.count × dimension`.
    func embedTexts(_ texts: [String], language: String?) throws -> [Float]

    /// Joint embeddings of `texts` as labels, which are ranked for one image (image→text recall,
    /// classification). Differs from `embedTexts` only for a model with a text centre, which
    /// applies to queries alone (see `ZeroShotClassifier`).
    func embedLabels(_ texts: [String], language: String?) throws -> [Float]

    /// Joint embeddings of locked image embeddings (`count × imageDimension`): `count × dimension`.
    func embedImages(_ features: [Float]) throws -> [Float]
}

extension JointEmbedder {
    /// Labels are embedded like queries unless the embedder says otherwise.
    public func embedLabels(_ texts: [String], language: String?) throws -> [Float] {
        try embedTexts(texts, language: language)
    }
}

/// A trained `TextImageModel` with its tokenizer, as a `JointEmbedder`.
public struct ModelEmbedder: JointEmbedder {
    public let model: TextImageModel
    public let encoder: CaptionEncoder
    /// How the evaluated gallery is centred; `.collection`, like `query`, by default.
    public let centring: TextSearch.Centring

    public init(model: TextImageModel, encoder: CaptionEncoder, centring: TextSearch.Centring = .collection) {
        self.model = model
        self.encoder = encoder
        self.centring = centring
    }

    public var dimension: Int { model.dimension }

    /// - Throws: `NormalizationError` for text the normaliser refuses.
    /// - Complexity: one text-tower pass per text.
    public func embedTexts(_ texts: [String], language: String?) throws -> [Float] {
        try model.embedTexts(texts.map { try encoder.encode($0, language: language, strictLanguage: false) })
    }

    /// The same without the model's text centre.
    public func embedLabels(_ texts: [String], language: String?) throws -> [Float] {
        try model.embedTexts(texts.map { try encoder.encode($0, language: language, strictLanguage: false) }, centred: false)
    }

    /// - Complexity: O(count · imageDimension · dimension).
    public func embedImages(_ features: [Float]) throws -> [Float] {
        model.embedImages(features, centre: centring.centre(of: features, dimension: model.imageDimension))
    }
}
