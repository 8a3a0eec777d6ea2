/// SentencePiece's whitespace handling for models with identity normalization.
///
/// Matches `sentencepiece::normalizer::Normalizer` when the character map is empty: leading spaces
/// are dropped, runs of spaces become one, trailing spaces are dropped (`remove_extra_whitespaces`),
/// a `▁` is put in front (`add_dummy_prefix`), and every space is written as `▁`
/// (`escape_whitespaces`). Only U+0020 counts as a space here; `TextNormalizer` has already turned
/// every other whitespace character into U+0020.
public struct SentencePieceWhitespace: Sendable {
    public let addDummyPrefix: Bool
    public let removeExtraWhitespaces: Bool
    public let escapeWhitespaces: Bool
    public let treatWhitespaceAsSuffix: Bool
    private static let meta: [UInt8] = [0xE2, 0x96, 0x81]

    /// The rules from a model's normalizer and trainer specs (protobuf defaults when absent).
    public init(spec: ProtoFields, trainer: ProtoFields) {
        addDummyPrefix = spec.bool(NormalizerSpecField.addDummyPrefix, default: true)
        removeExtraWhitespaces = spec.bool(NormalizerSpecField.removeExtraWhitespaces, default: true)
        escapeWhitespaces = spec.bool(NormalizerSpecField.escapeWhitespaces, default: true)
        treatWhitespaceAsSuffix = trainer.bool(TrainerSpecField.treatWhitespaceAsSuffix, default: false)
    }

    /// The UTF-8 bytes the lattice runs over.
    ///
    /// - Complexity: O(n).
    public func apply(_ text: String) -> [UInt8] {
        var input = text.utf8[...]
        if removeExtraWhitespaces {
            while input.first == 0x20 { input = input.dropFirst() }
            while input.last == 0x20 { input = input.dropLast() }
        }
        if input.isEmpty { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(input.count + input.count / 4 + 3)
        let space: [UInt8] = escapeWhitespaces ? Self.meta : [0x20]
        if addDummyPrefix && !treatWhitespaceAsSuffix { out.append(contentsOf: space) }
        var previousWasSpace = false
        for byte in input {
            if byte == 0x20 {
                if removeExtraWhitespaces && previousWasSpace { continue }
                out.append(contentsOf: space)
                previousWasSpace = true
            } else {
                out.append(byte)
                previousWasSpace = false
            }
        }
        if addDummyPrefix && treatWhitespaceAsSuffix { out.append(contentsOf: space) }
        return out
    }
}
