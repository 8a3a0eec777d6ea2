import ConceptBridge
import Foundation

/// What the evaluation needs from a text–image model: texts and locked image embeddings mapped into
/// one joint space where a larger dot product is a better match (the cosine for a tower alone).
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

/// A trained `TextImageModel` with its tokenizer, optionally further towers (an ensemble) and the
/// concept bridge, as a `JointEmbedder`: the joint space that `query`, `classify` and `eval` all
/// search.
///
/// A text is the towers' embeddings side by side, each divided by the number of towers, and an
/// image each tower's head output (`[t₁/n; t₂/n]` and `[u₁; u₂]`), so the dot product is the mean
/// of the towers' cosines. With a bridge, its class vectors are appended and the text side is
/// divided by `1 + w` (`[t/n; w·q] / (1 + w)` and `[u; p]`, see `ConceptBridge`): the score is the
/// mean cosine plus `w` times the bridge's class probability, over `1 + w`, a number in [-1, 1]
/// that reaches 1 only for a perfect match on both. A bridge with pictures (`PictureBridge`) first
/// moves each tower's text embedding towards the pictures the text names. A text's opening
/// indefinite article ("A frog.") is taken off first (`LeadingArticle`).
public struct ModelEmbedder: JointEmbedder {
    public let model: TextImageModel
    public let encoder: CaptionEncoder
    /// Towers averaged with `model` (empty: `model` alone).
    public let companions: [CompanionTower]
    /// How the evaluated gallery is centred; `.collection`, like `query`, by default.
    public let centring: TextSearch.Centring
    /// The second scorer, or nil for the tower alone.
    public let bridge: ConceptBridge?
    /// Whether a malformed language tag is an error (queries) or falls back to the root rules (eval).
    public var strictLanguage = false
    /// When set, what every tower's head subtracts from the images instead of the centre that
    /// `centring` picks (the joint vector index fixes the centre it was built with).
    public var imageCentre: [Float]?

    public init(model: TextImageModel, encoder: CaptionEncoder, companions: [CompanionTower] = [],
                centring: TextSearch.Centring = .collection, bridge: ConceptBridge? = nil) {
        self.model = model
        self.encoder = encoder
        self.companions = companions
        self.centring = centring
        self.bridge = bridge
    }

    /// Every tower, `model` first.
    public var towers: [CompanionTower] { [CompanionTower(model: model, encoder: encoder)] + companions }

    public var dimension: Int { towers.reduce(0) { $0 + $1.model.dimension } + (bridge?.dimension ?? 0) }

    /// - Throws: `NormalizationError` for text the normaliser refuses.
    /// - Complexity: one pass of each tower per text.
    public func embedTexts(_ texts: [String], language: String?) throws -> [Float] {
        try embed(texts, language: language, centred: nil)
    }

    /// The same without the models' text centres.
    public func embedLabels(_ texts: [String], language: String?) throws -> [Float] {
        try embed(texts, language: language, centred: false)
    }

    private func embed(_ texts: [String], language: String?, centred: Bool?) throws -> [Float] {
        let texts = texts.map { LeadingArticle.removed(from: $0, language: language) }
        let share = 1 / Float(towers.count)
        var blocks: [(values: [Float], width: Int)] = try towers.map { tower in
            let ids = try texts.map { try tower.encoder.encode($0, language: language, strictLanguage: strictLanguage) }
            let values = try tower.model.embedTexts(ids, centred: centred)
            return (towers.count == 1 ? values : values.map { $0 * share }, tower.model.dimension)
        }
        guard let bridge else { return Self.concatenate(blocks) }
        let normalized = try texts.map { try encoder.normalize($0, language: language, strictLanguage: strictLanguage) }
        let borrowing = normalized.map { bridge.borrows(normalized: $0, language: language) }
        if let pictures = bridge.pictures, pictures.weight > 0 {
            let targets = zip(normalized, borrowing).map { pictures.pull(normalized: $0, language: language, borrowing: $1) }
            for (index, tower) in towers.enumerated() {
                blocks[index].values = try Self.moved(blocks[index].values, towards: targets, of: pictures, by: tower.model)
            }
        }
        let classes = zip(normalized, borrowing).map { bridge.textVector(normalized: $0, language: language, borrowing: $1) }
        blocks.append((classes.flatMap { $0 }, bridge.dimension))
        let scale = 1 / (1 + bridge.weight)
        return Self.concatenate(blocks).map { $0 * scale }
    }

    /// `embeddings` (one row per text, `model.dimension` wide) with `pictures.weight` times each
    /// text's picture target (`PictureBridge.pull`, nil when it names none) added, as `model`'s
    /// image head maps it, at the row's own length times the pull's strength; rows without a
    /// target are unchanged.
    ///
    /// - Throws: `ConceptBridgeError.shape` when the prototypes do not fit `model`'s image head.
    /// - Complexity: O(texts · imageDimension · dimension).
    static func moved(_ embeddings: [Float], towards targets: [PictureBridge.Pull?], of pictures: PictureBridge,
                      by model: TextImageModel) throws -> [Float] {
        let named = targets.indices.filter { targets[$0] != nil }
        guard !named.isEmpty else { return embeddings }
        guard pictures.dimension == model.imageDimension else {
            throw ConceptBridgeError.shape("picture prototypes are \(pictures.dimension)-d, the image head takes \(model.imageDimension)")
        }
        let heads = model.embedImages(named.flatMap { targets[$0]!.target }, centre: pictures.centre)
        let d = model.dimension
        var result = embeddings
        for (k, row) in named.enumerated() {
            let range = (row * d)..<((row + 1) * d)
            let length = result[range].reduce(0) { $0 + $1 * $1 }.squareRoot()
            let pull = pictures.weight * targets[row]!.strength * length
            for j in 0..<d { result[row * d + j] += pull * heads[k * d + j] }
        }
        return result
    }

    /// - Complexity: O(count · imageDimension · dimension).
    public func embedImages(_ features: [Float]) -> [Float] {
        var blocks: [(values: [Float], width: Int)] = towers.map { tower in
            let centre = imageCentre ?? centring.centre(of: features, dimension: tower.model.imageDimension)
            return (tower.model.embedImages(features, centre: centre), tower.model.dimension)
        }
        if let bridge { blocks.append((bridge.imageVectors(features), bridge.dimension)) }
        return Self.concatenate(blocks)
    }

    /// The rows of each block side by side: row `i` of the result is row `i` of every block in
    /// order. Every block needs the same number of rows.
    ///
    /// - Complexity: O(total values).
    static func concatenate(_ blocks: [(values: [Float], width: Int)]) -> [Float] {
        guard let first = blocks.first else { return [] }
        if blocks.count == 1 { return first.values }
        let count = first.values.count / max(first.width, 1)
        precondition(blocks.allSatisfy { $0.values.count == count * $0.width }, "every block needs the same number of rows")
        var result = [Float]()
        result.reserveCapacity(count * blocks.reduce(0) { $0 + $1.width })
        for row in 0..<count {
            for block in blocks { result += block.values[(row * block.width)..<((row + 1) * block.width)] }
        }
        return result
    }
}
