import ConceptBridge
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

/// A trained `TextImageModel` with its tokenizer, and optionally the concept bridge, as a
/// `JointEmbedder`: the joint space that `query`, `classify` and `eval` all search.
///
/// Without a bridge a text is the tower's embedding `t` and an image the head's `u`. With one, the
/// bridge's class vectors are appended (`[t; w·q]` and `[u; p]`, see `ConceptBridge`), so the dot
/// product adds the bridge's score to the tower's cosine.
public struct ModelEmbedder: JointEmbedder {
    public let model: TextImageModel
    public let encoder: CaptionEncoder
    /// How the evaluated gallery is centred; `.collection`, like `query`, by default.
    public let centring: TextSearch.Centring
    /// The second scorer, or nil for the tower alone.
    public let bridge: ConceptBridge?
    /// Whether a malformed language tag is an error (queries) or falls back to the root rules (eval).
    public var strictLanguage = false

    public init(model: TextImageModel, encoder: CaptionEncoder, centring: TextSearch.Centring = .collection,
                bridge: ConceptBridge? = nil) {
        self.model = model
        self.encoder = encoder
        self.centring = centring
        self.bridge = bridge
    }

    public var dimension: Int { model.dimension + (bridge?.dimension ?? 0) }

    /// - Throws: `NormalizationError` for text the normaliser refuses.
    /// - Complexity: one text-tower pass per text.
    public func embedTexts(_ texts: [String], language: String?) throws -> [Float] {
        try embed(texts, language: language, centred: nil)
    }

    /// The same without the model's text centre.
    public func embedLabels(_ texts: [String], language: String?) throws -> [Float] {
        try embed(texts, language: language, centred: false)
    }

    private func embed(_ texts: [String], language: String?, centred: Bool?) throws -> [Float] {
        let ids = try texts.map { try encoder.encode($0, language: language, strictLanguage: strictLanguage) }
        let tower = try model.embedTexts(ids, centred: centred)
        guard let bridge else { return tower }
        let classes = try texts.map {
            bridge.textVector(normalized: try encoder.normalize($0, language: language, strictLanguage: strictLanguage), language: language)
        }
        return Self.concatenate(tower, model.dimension, classes.flatMap { $0 }, bridge.dimension)
    }

    /// - Complexity: O(count · imageDimension · dimension).
    public func embedImages(_ features: [Float]) throws -> [Float] {
        let tower = model.embedImages(features, centre: centring.centre(of: features, dimension: model.imageDimension))
        guard let bridge else { return tower }
        return Self.concatenate(tower, model.dimension, bridge.imageVectors(features), bridge.dimension)
    }

    /// Rows of `left` (`a` wide) followed by the rows of `right` (`b` wide), row by row.
    static func concatenate(_ left: [Float], _ a: Int, _ right: [Float], _ b: Int) -> [Float] {
        let count = left.count / max(a, 1)
        precondition(right.count == count * b, "both sides need the same number of rows")
        var result = [Float]()
        result.reserveCapacity(count * (a + b))
        for row in 0..<count {
            result += left[(row * a)..<((row + 1) * a)]
            result += right[(row * b)..<((row + 1) * b)]
        }
        return result
    }
}
