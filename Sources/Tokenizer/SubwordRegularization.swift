/// N-best and sampled segmentations through the whole front end (subword regularization,
/// Kudo 2018): for training-time augmentation, where the text tower should see more than the
/// single Viterbi segmentation of each caption.
extension TextTokenizer {
    /// Normalizes raw bytes and returns the `k` best segmentations, best first; the first is
    /// exactly what `tokenize(bytes:)` returns. Invalid UTF-8 throws with its byte offset.
    ///
    /// - Complexity: O(n · L) plus O(k · n · L · log(k · n · L)); see `UnigramEncoder.nbest`.
    public func nbest(bytes: [UInt8], k: Int) throws -> [Result] {
        let normalized = try normalizer.normalize(bytes: bytes)
        return encoder.nbest(normalized, k: k).map { result(normalized, ids: $0.ids, score: $0.score) }
    }

    /// Normalizes `text` and returns its `k` best segmentations, best first.
    ///
    /// - Complexity: as `nbest(bytes:k:)`.
    public func nbest(_ text: String, k: Int) throws -> [Result] {
        try nbest(bytes: Array(text.utf8), k: k)
    }

    /// Normalizes raw bytes and draws one segmentation with probability ∝ P(path)^alpha.
    ///
    /// - Complexity: O(n · L).
    public func sample<G: RandomNumberGenerator>(bytes: [UInt8], alpha: Float, using generator: inout G) throws
        -> Result {
        let normalized = try normalizer.normalize(bytes: bytes)
        let drawn = encoder.sample(normalized, alpha: alpha, using: &generator)
        return result(normalized, ids: drawn.ids, score: drawn.score)
    }

    /// Normalizes `text` and draws one segmentation with probability ∝ P(path)^alpha.
    ///
    /// - Complexity: O(n · L).
    public func sample<G: RandomNumberGenerator>(_ text: String, alpha: Float, using generator: inout G) throws
        -> Result {
        try sample(bytes: Array(text.utf8), alpha: alpha, using: &generator)
    }
}
