import AtomicFiles
import Foundation

/// A SentencePiece `.model` file: the `ModelProto` protobuf, read and written by hand.
///
/// Fields of `ModelProto`: 1 pieces (repeated `SentencePiece`: 1 piece, 2 score, 3 type),
/// 2 trainer_spec, 3 normalizer_spec, 4 self_test_data, 5 denormalizer_spec. The specs are kept as
/// `ProtoFields` so that reading then writing a file reproduces it byte for byte.
public struct SentencePieceModel: Equatable, Sendable {
    /// The vocabulary; a piece's id is its index.
    public var pieces: [Piece]
    /// `TrainerSpec` (field numbers in `TrainerSpecField`).
    public var trainerSpec: ProtoFields
    /// `NormalizerSpec` (field numbers in `NormalizerSpecField`).
    public var normalizerSpec: ProtoFields
    /// Any other top-level fields (self-test data, denormalizer), kept as read.
    public var otherFields: ProtoFields

    /// A model from its parts.
    public init(pieces: [Piece], trainerSpec: ProtoFields, normalizerSpec: ProtoFields,
                otherFields: ProtoFields = ProtoFields()) {
        self.pieces = pieces
        self.trainerSpec = trainerSpec
        self.normalizerSpec = normalizerSpec
        self.otherFields = otherFields
    }

    /// Parses a serialized `ModelProto`.
    ///
    /// - Complexity: O(n) in the file size.
    public init(serialized bytes: [UInt8]) throws {
        var reader = ProtoReader(bytes)
        var pieces: [Piece] = []
        var trainer: ProtoFields? = nil, normalizer: ProtoFields? = nil
        var other = ProtoFields()
        while !reader.isAtEnd {
            let (field, wireType) = try reader.key()
            switch (field, wireType) {
            case (1, 2): pieces.append(try Self.parsePiece(bytes, try reader.lengthDelimited()))
            case (2, 2): trainer = try ProtoFields(bytes, range: try reader.lengthDelimited())
            case (3, 2): normalizer = try ProtoFields(bytes, range: try reader.lengthDelimited())
            case (_, 2): other.append(field, .bytes(reader.slice(try reader.lengthDelimited())))
            default:
                throw ModelFormatError.malformed(offset: reader.offset, reason: "unexpected field \(field)/\(wireType)")
            }
        }
        guard !pieces.isEmpty else { throw ModelFormatError.unsupported("the model has no pieces") }
        self.init(pieces: pieces, trainerSpec: trainer ?? ProtoFields(), normalizerSpec: normalizer ?? ProtoFields(),
                  otherFields: other)
    }

    /// Reads a `.model` file.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelFormatError.unreadable(path: path)
        }
        try self.init(serialized: [UInt8](data))
    }

    /// The model in wire format, fields in SentencePiece's order (pieces, trainer, normalizer, others).
    ///
    /// - Complexity: O(n) in the output size.
    public func serialized() -> [UInt8] {
        var writer = ProtoWriter()
        for piece in pieces {
            var inner = ProtoWriter()
            inner.bytesField(1, Array(piece.text.utf8))
            inner.fixed32Field(2, piece.score.bitPattern)
            if piece.typeWasExplicit || piece.kind != .normal { inner.varintField(3, UInt64(piece.kind.rawValue)) }
            writer.bytesField(1, inner.bytes)
        }
        writer.bytesField(2, trainerSpec.serialized())
        writer.bytesField(3, normalizerSpec.serialized())
        var tail = ProtoWriter()
        for (number, value) in otherFields.fields {
            if case .bytes(let payload) = value { tail.bytesField(number, payload) }
        }
        return writer.bytes + tail.bytes
    }

    /// Writes the model to `path` atomically and durably (`AtomicFileWriter`).
    ///
    /// - Throws: `AtomicWriteError` naming the file and the failed step.
    public func write(to path: String) throws {
        try AtomicFileWriter.write(serialized(), to: path)
    }

    private static func parsePiece(_ bytes: [UInt8], _ range: Range<Int>) throws -> Piece {
        var reader = ProtoReader(bytes, range: range)
        var text = "", score: Float = 0, kind = Piece.Kind.normal, explicit = false
        while !reader.isAtEnd {
            let (field, wireType) = try reader.key()
            switch (field, wireType) {
            case (1, 2): text = String(decoding: reader.slice(try reader.lengthDelimited()), as: UTF8.self)
            case (2, 5): score = Float(bitPattern: try reader.fixed32())
            case (3, 0):
                let raw = try reader.varint()
                guard let parsed = Piece.Kind(rawValue: Int32(truncatingIfNeeded: raw)) else {
                    throw ModelFormatError.malformed(offset: reader.offset, reason: "piece type \(raw)")
                }
                kind = parsed
                explicit = true
            case (_, 0): _ = try reader.varint()
            case (_, 1): _ = try reader.fixed64()
            case (_, 2): _ = try reader.lengthDelimited()
            case (_, 5): _ = try reader.fixed32()
            default: throw ModelFormatError.malformed(offset: reader.offset, reason: "wire type \(wireType)")
            }
        }
        return Piece(text: text, score: score, kind: kind, typeWasExplicit: explicit)
    }
}
