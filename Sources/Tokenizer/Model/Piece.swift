/// One vocabulary entry of a SentencePiece model.
public struct Piece: Equatable, Sendable {
    /// SentencePiece's `ModelProto.SentencePiece.Type`.
    public enum Kind: Int32, Sendable {
        /// An ordinary subword; segmentation picks it by score.
        case normal = 1
        /// `<unk>`.
        case unknown = 2
        /// `<s>`, `</s>`, `<pad>`: never produced by segmentation.
        case control = 3
        /// Always kept whole when it occurs in the text.
        case userDefined = 4
        /// In the vocabulary but never produced.
        case unused = 5
        /// `<0x00>`…`<0xFF>`: byte fallback for characters outside the vocabulary.
        case byte = 6
    }

    /// The piece's text, with `▁` (U+2581) standing for a space.
    public var text: String
    /// Its log probability (unigram models).
    public var score: Float
    /// What kind of piece it is.
    public var kind: Kind
    /// Whether the file spelled out the type field; protobuf writers omit it for `normal`.
    var typeWasExplicit: Bool

    /// A piece; `kind` is written to files unless it is `.normal`.
    public init(text: String, score: Float, kind: Kind = .normal) {
        self.text = text
        self.score = score
        self.kind = kind
        self.typeWasExplicit = kind != .normal
    }

    init(text: String, score: Float, kind: Kind, typeWasExplicit: Bool) {
        self.text = text
        self.score = score
        self.kind = kind
        self.typeWasExplicit = typeWasExplicit
    }

    /// The byte-fallback piece text for `byte`, e.g. `<0x0A>`.
    public static func byteText(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "<0x" + (hex.count == 1 ? "0" + hex : hex) + ">"
    }
}
