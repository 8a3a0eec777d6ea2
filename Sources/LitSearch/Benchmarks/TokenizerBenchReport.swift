import Foundation

/// What `litsearch bench tokenizer` prints: the best rounds of both sides and their ratio.
public struct TokenizerBenchReport: Encodable, Sendable {
    public let model: String
    public let sentences: Int
    public let bytes: Int
    public let swift: TokenizerPass
    public let swiftPipeline: TokenizerPass
    public let sentencepiece: TokenizerPeer.Result?
    public let ratio: Double?
    public let swiftRounds: [Double]
    public let sentencepieceRounds: [Double]

    enum CodingKeys: String, CodingKey {
        case model, sentences, bytes, ratio
        case swiftSentencesPerSecond = "swift_sentences_per_s", swiftMegabytesPerSecond = "swift_mb_per_s"
        case pipelineSentencesPerSecond = "swift_icu_pipeline_sentences_per_s"
        case sentencepiece, swiftRounds = "swift_rounds", sentencepieceRounds = "sentencepiece_rounds"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(sentences, forKey: .sentences)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(swift.sentencesPerSecond, forKey: .swiftSentencesPerSecond)
        try container.encode(swift.megabytesPerSecond, forKey: .swiftMegabytesPerSecond)
        try container.encode(swiftPipeline.sentencesPerSecond, forKey: .pipelineSentencesPerSecond)
        try container.encodeIfPresent(sentencepiece, forKey: .sentencepiece)
        try container.encodeIfPresent(ratio, forKey: .ratio)
        try container.encode(swiftRounds, forKey: .swiftRounds)
        try container.encode(sentencepieceRounds, forKey: .sentencepieceRounds)
    }

    /// Why the two sides cannot have done the same work (their id counts differ), or nil.
    public var mismatch: String? {
        guard let sentencepiece, sentencepiece.ids != swift.ids else { return nil }
        return "id counts differ: swift \(swift.ids), sentencepiece \(sentencepiece.ids)"
    }

    /// The human-readable table.
    public var text: String {
        let rounds = { (values: [Double]) in values.map { String(format: "%.0f", $0) }.joined(separator: ", ") }
        var out = String(format: "%d sentences, %.2f MB, model %@\n", sentences, Double(bytes) / 1e6, model)
        out += String(format: "swift encoder          %9.0f sentences/s  %6.2f MB/s  (rounds: %@)\n",
                      swift.sentencesPerSecond, swift.megabytesPerSecond, rounds(swiftRounds))
        if let sentencepiece, let ratio {
            out += String(format: "sentencepiece %-8@ %9.0f sentences/s  %6.2f MB/s  (rounds: %@)\n", sentencepiece.version,
                          sentencepiece.sentencesPerSecond, sentencepiece.megabytesPerSecond, rounds(sentencepieceRounds))
            out += String(format: "ratio                  %9.2fx\n", ratio)
        }
        out += String(format: "swift ICU + encoder    %9.0f sentences/s  %6.2f MB/s  (reference, not in the ratio)",
                      swiftPipeline.sentencesPerSecond, swiftPipeline.megabytesPerSecond)
        return out
    }
}
