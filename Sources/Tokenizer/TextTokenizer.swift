/// The text front end in one call: ICU normalization, then unigram segmentation.
///
/// `tokenize` returns what the text tower needs (ids) and what a person wants to see (the
/// normalized text and the pieces). Thread-safe: it holds only immutable state.
public struct TextTokenizer: Sendable {
    /// The normalization step.
    public let normalizer: TextNormalizer
    /// The segmentation step.
    public let encoder: UnigramEncoder

    /// A tokenizer for `model`, normalizing for `language` (nil: language-neutral).
    public init(model: SentencePieceModel, language: LanguageTag? = nil) throws {
        normalizer = TextNormalizer(language: language)
        encoder = try UnigramEncoder(model: model)
    }

    /// The result of tokenizing one text.
    public struct Result: Sendable, Equatable, Encodable {
        /// The text after `TextNormalizer`.
        public let normalized: String
        /// The pieces, `▁` marking a word start; byte-fallback pieces are spelled `<0xXX>`.
        public let pieces: [String]
        /// The piece ids.
        public let ids: [Int32]
        /// The segmentation's log probability, for n-best and sampled results (nil for `tokenize`).
        public var score: Float? = nil
    }

    /// Normalizes and encodes `text`.
    ///
    /// - Complexity: O(n · L) for n bytes and longest piece L.
    public func tokenize(_ text: String) throws -> Result {
        let normalized = try normalizer.normalize(text)
        return result(normalized)
    }

    /// Normalizes and encodes raw bytes; invalid UTF-8 throws with its byte offset.
    ///
    /// - Complexity: O(n · L).
    public func tokenize(bytes: [UInt8]) throws -> Result {
        result(try normalizer.normalize(bytes: bytes))
    }

    private func result(_ normalized: String) -> Result {
        result(normalized, ids: encoder.encode(normalized))
    }

    /// A result for `ids` of `normalized`, with the pieces spelled out.
    func result(_ normalized: String, ids: [Int32], score: Float? = nil) -> Result {
        Result(normalized: normalized, pieces: ids.map { encoder.model.pieces[Int($0)].text }, ids: ids, score: score)
    }
}
