import Catalog
import ConceptBridge
import TextTower

/// Text → images: a caption embedded by the text tower (and the concept bridge) against every
/// indexed image mapped through the checkpoint's image head (and the locked classifier).
///
/// `query --image` keeps comparing raw locked embeddings (image to image needs no head); only
/// text queries and zero-shot classification use the learned joint space.
public struct TextSearch: Sendable {
    public let model: TextImageModel
    public let encoder: CaptionEncoder
    /// Towers averaged with `model` (see `CompanionTower`).
    public var companions: [CompanionTower] = []
    /// Centre the images by their own mean (`.collection`) or by the checkpoint's centre.
    public var centring: Centring
    /// The concept bridge scored beside the tower, or nil.
    public var bridge: ConceptBridge?

    /// What the image head subtracts from the searched images' locked embeddings.
    public enum Centring: String, Sendable, CaseIterable {
        /// The checkpoint's centre (the mean of the photo-like training targets).
        case model
        /// The mean of the searched collection itself, so that what all its images share (their
        /// domain: photos, scans, icons) does not swamp what tells them apart. Falls back to the
        /// model's centre below `minimumCollection` images.
        case collection
    }

    /// Fewer images than this are centred by the model's centre even under `.collection`.
    public static let minimumCollection = 8

    public init(model: TextImageModel, encoder: CaptionEncoder, companions: [CompanionTower] = [], centring: Centring = .model,
                bridge: ConceptBridge? = nil) {
        self.model = model
        self.encoder = encoder
        self.companions = companions
        self.centring = centring
        self.bridge = bridge
    }

    /// The `k` images of `matrix` (locked embeddings) nearest to `text`, best first.
    ///
    /// - Parameter language: BCP-47 tag for normalisation; an unknown tag is an error.
    /// - Throws: `NormalizationError` for an unknown language or invalid text.
    /// - Complexity: O(n · imageDimension · dimension) to project the n images, plus O(n · dimension).
    public func nearest(to text: String, language: String?, in matrix: EmbeddingMatrix, k: Int) throws -> [SearchHit] {
        var embedder = ModelEmbedder(model: model, encoder: encoder, companions: companions, centring: centring, bridge: bridge)
        embedder.strictLanguage = true
        let query = try embedder.embedTexts([text], language: language)
        guard matrix.count > 0 else { return [] }
        let joint = EmbeddingMatrix(dimension: embedder.dimension, ids: matrix.ids, paths: matrix.paths,
                                    values: try embedder.embedImages(matrix.values))
        return ExactSearch(matrix: joint).nearest(to: query, k: k)
    }
}

extension TextSearch.Centring {
    /// The centre to pass to `TextImageModel.embedImages` for these locked features: their mean
    /// under `.collection` (with at least `TextSearch.minimumCollection` rows), else nil (the
    /// model's own centre).
    ///
    /// - Complexity: O(count · dimension).
    public func centre(of features: [Float], dimension d: Int) -> [Float]? {
        let count = features.count / max(d, 1)
        guard self == .collection, count >= TextSearch.minimumCollection else { return nil }
        return features.withUnsafeBufferPointer { ImageProjection.centre(of: $0.baseAddress!, count: count, dimension: d) }
    }
}
