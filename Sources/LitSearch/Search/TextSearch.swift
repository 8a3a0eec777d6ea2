import Catalog

/// Text → images: a caption embedded by the text tower against every indexed image mapped
/// through the checkpoint's image head.
///
/// `query --image` keeps comparing raw locked embeddings (image to image needs no head); only
/// text queries and zero-shot classification use the learned joint space.
public struct TextSearch: Sendable {
    public let model: TextImageModel
    public let encoder: CaptionEncoder

    public init(model: TextImageModel, encoder: CaptionEncoder) {
        self.model = model
        self.encoder = encoder
    }

    /// The `k` images of `matrix` (locked embeddings) nearest to `text`, best first.
    ///
    /// - Parameter language: BCP-47 tag for normalisation; an unknown tag is an error.
    /// - Throws: `NormalizationError` for an unknown language or invalid text.
    /// - Complexity: O(n · imageDimension · dimension) to project the n images, plus O(n · dimension).
    public func nearest(to text: String, language: String?, in matrix: EmbeddingMatrix, k: Int) throws -> [SearchHit] {
        let query = try model.embedTexts([encoder.encode(text, language: language, strictLanguage: true)])
        guard matrix.count > 0 else { return [] }
        let images = model.embedImages(matrix.values)
        let joint = EmbeddingMatrix(dimension: model.dimension, ids: matrix.ids, paths: matrix.paths, values: images)
        return ExactSearch(matrix: joint).nearest(to: query, k: k)
    }
}
