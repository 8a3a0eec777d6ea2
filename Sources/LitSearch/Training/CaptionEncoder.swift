import Foundation
import Tokenizer

/// Captions → the token ids the text tower reads, the same way for training, queries and labels.
///
/// Text is normalised for its language (an unknown tag in training data falls back to the
/// language-neutral rules; `strictLanguage` makes it an error, as `query --lang` wants), segmented
/// by the shared unigram model, truncated to `maxLength − 2` pieces and wrapped in BOS…EOS when the
/// model has `<s>`/`</s>`. An empty caption becomes BOS EOS (or the unknown id).
public final class CaptionEncoder: @unchecked Sendable {
    public let encoder: UnigramEncoder
    public let maxLength: Int
    /// Hash of the tokenizer model file; it goes into checkpoints.
    public let modelHash: String
    let bos: Int32?
    let eos: Int32?
    private var normalizers: [String: TextNormalizer] = [:]
    private let lock = NSLock()

    /// Loads the model file at `url`.
    public convenience init(modelAt url: URL, maxLength: Int) throws {
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: url)) } catch {
            throw TrainingDataError("cannot read the tokenizer model \(url.path): \(error.localizedDescription)")
        }
        let hash = contentHash(bytes)
        try self.init(model: SentencePieceModel(serialized: bytes), hash: hash, maxLength: maxLength, cache: PiecesCache.standard(key: hash))
    }

    /// An encoder of `model` (whose file's content hash is `hash`); `cache` keeps its segmenter's
    /// double array between processes (`PiecesCache`).
    public init(model: SentencePieceModel, hash: String, maxLength: Int, cache: PiecesCache? = nil) throws {
        precondition(maxLength >= 1, "maxLength must be positive")
        encoder = try UnigramEncoder(model: model, cache: cache)
        self.maxLength = maxLength
        modelHash = hash
        bos = encoder.id(of: "<s>")
        eos = encoder.id(of: "</s>")
    }

    /// An encoder of the same tokenizer model cut at another length, sharing `other`'s segmenter
    /// (building it is most of a model's load time, so towers of one installation share one).
    public init(sharing other: CaptionEncoder, maxLength: Int) {
        precondition(maxLength >= 1, "maxLength must be positive")
        encoder = other.encoder
        self.maxLength = maxLength
        modelHash = other.modelHash
        bos = other.bos
        eos = other.eos
    }

    /// Vocabulary size of the model (the text tower's `vocabularySize`).
    public var vocabularySize: Int { encoder.model.pieces.count }

    /// The ids of `text` normalised for `language` (nil: language-neutral), 1…`maxLength` long.
    ///
    /// - Throws: `NormalizationError` for invalid text, or for an unknown `language` when `strictLanguage`.
    /// - Complexity: O(n · L) for n bytes and longest piece L.
    public func encode(_ text: String, language: String?, strictLanguage: Bool = false) throws -> [Int32] {
        let normalized = try normalizer(for: language, strict: strictLanguage).normalize(text)
        return wrap(encoder.encode(normalized))
    }

    /// `text` normalised for `language` as `encode` does before segmenting it.
    ///
    /// - Throws: `NormalizationError` for invalid text, or for a malformed `language` when `strictLanguage`.
    public func normalize(_ text: String, language: String?, strictLanguage: Bool = false) throws -> String {
        try normalizer(for: language, strict: strictLanguage).normalize(text)
    }

    func wrap(_ pieces: [Int32]) -> [Int32] {
        let room = maxLength - (bos == nil ? 0 : 1) - (eos == nil ? 0 : 1)
        var ids: [Int32] = []
        if let bos, maxLength >= 2 { ids.append(bos) }
        ids += pieces.prefix(max(room, 0))
        if let eos, maxLength >= 2 { ids.append(eos) }
        if ids.isEmpty { ids = [pieces.first ?? 0] }
        return Array(ids.prefix(maxLength))
    }

    private func normalizer(for language: String?, strict: Bool) throws -> TextNormalizer {
        let key = (strict ? "!" : "") + (language ?? "")
        lock.lock()
        defer { lock.unlock() }
        if let cached = normalizers[key] { return cached }
        var tag: LanguageTag?
        if let language {
            do { tag = try LanguageTag(language) } catch {
                if strict { throw error }
                tag = nil
            }
        }
        let normalizer = TextNormalizer(language: tag)
        normalizers[key] = normalizer
        return normalizer
    }
}
