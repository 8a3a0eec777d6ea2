/// A further text tower averaged with the main one: an ensemble of towers that read the same
/// locked image features through their own heads.
///
/// Towers trained differently (a transformer and a bag of subwords, say) make different mistakes;
/// the mean of their cosines ranks better than either alone when the evaluation says so (see
/// docs/results/). Each tower keeps its own encoder, since towers may cut captions at different
/// lengths; all of them must share the tokenizer and the locked image tower, which the checkpoint
/// identity check enforces at load time.
///
/// ```swift
/// let bos = CompanionTower(model: try TextImageModel(checkpoint: url, expecting: identity), encoder: encoder)
/// let embedder = ModelEmbedder(model: transformer, encoder: encoder, companions: [bos])
/// ```
public struct CompanionTower: Sendable {
    public let model: TextImageModel
    public let encoder: CaptionEncoder

    public init(model: TextImageModel, encoder: CaptionEncoder) {
        self.model = model
        self.encoder = encoder
    }
}
