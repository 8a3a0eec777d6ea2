/// Viterbi segmentation of text into the pieces of a unigram SentencePiece model.
///
/// Reproduces SentencePiece's `unigram::Model::Encode` decisions exactly, so ids match the Python
/// library: the input is the model's whitespace-normalized text (see `SentencePieceWhitespace`);
/// the lattice runs over UTF-8 bytes, moving one character at a time; each piece ending at a byte
/// position competes by total score in `Float`, a strictly better score replaces the stored one
/// (so ties keep the earlier start); a user-defined piece scores `length × maxScore − 0.1`; a
/// character with no single-character piece becomes `<unk>` with score `minScore − 10`, and with
/// byte fallback that `<unk>` is spelled as its UTF-8 bytes `<0xXX>`.
public final class UnigramEncoder: Sendable {
    /// The model this encoder was built from.
    public let model: SentencePieceModel
    /// Whitespace rules from the model's normalizer spec.
    public let whitespace: SentencePieceWhitespace
    let trie: PieceTrie
    let scores: [Float]
    let isUserDefined: [Bool]
    let unknownID: Int32
    let unknownScore: Float
    let maxScore: Float
    let byteIDs: [Int32]?
    let pieceIndex: [String: Int32]

    /// Builds the lattice tables for `model`.
    ///
    /// - Complexity: O(total bytes of the vocabulary).
    public init(model: SentencePieceModel) throws {
        self.model = model
        whitespace = SentencePieceWhitespace(spec: model.normalizerSpec, trainer: model.trainerSpec)
        var entries: [([UInt8], Int32)] = []
        var minScore = Float.greatestFiniteMagnitude, maxScore = -Float.greatestFiniteMagnitude
        var unknown: Int32? = nil
        var index: [String: Int32] = [:]
        for (id, piece) in model.pieces.enumerated() {
            if index[piece.text] == nil { index[piece.text] = Int32(id) }
            switch piece.kind {
            case .normal:
                minScore = min(minScore, piece.score)
                maxScore = max(maxScore, piece.score)
                entries.append((Array(piece.text.utf8), Int32(id)))
            case .userDefined:
                entries.append((Array(piece.text.utf8), Int32(id)))
            case .unknown:
                if unknown == nil { unknown = Int32(id) }
            case .control, .unused, .byte:
                break
            }
        }
        guard let unknown else { throw ModelFormatError.unsupported("the model has no <unk> piece") }
        let modelType = model.trainerSpec.int32(TrainerSpecField.modelType, default: 1)
        guard modelType == 1 else { throw ModelFormatError.unsupported("model type \(modelType) is not unigram") }
        trie = PieceTrie(entries: entries)
        scores = model.pieces.map(\.score)
        isUserDefined = model.pieces.map { $0.kind == .userDefined }
        unknownID = unknown
        unknownScore = (minScore == .greatestFiniteMagnitude ? 0 : minScore) - 10
        self.maxScore = maxScore == -.greatestFiniteMagnitude ? 0 : maxScore
        pieceIndex = index
        if model.trainerSpec.bool(TrainerSpecField.byteFallback, default: false) {
            let ids = (0...255).map { index[Piece.byteText(UInt8($0))] ?? -1 }
            byteIDs = ids.contains(-1) ? nil : ids
        } else {
            byteIDs = nil
        }
    }

    /// The id of a piece text, or nil.
    public func id(of piece: String) -> Int32? { pieceIndex[piece] }

    /// Encodes `text` (already normalized by the caller's normalizer) to piece ids.
    ///
    /// - Complexity: O(n · L) for n bytes and longest piece L.
    public func encode(_ text: String) -> [Int32] {
        segment(whitespace.apply(text)).flatMap { expand($0) }
    }

    /// Encodes `text` to `(piece text, id)` pairs, byte-fallback pieces spelled `<0xXX>`.
    ///
    /// - Complexity: O(n · L).
    public func encodeToPieces(_ text: String) -> [(piece: String, id: Int32)] {
        encode(text).map { (model.pieces[Int($0)].text, $0) }
    }

    /// Turns one segment into ids: itself, or its bytes when it is `<unk>` and byte fallback is on.
    private func expand(_ segment: (range: Range<Int>, id: Int32, bytes: [UInt8])) -> [Int32] {
        guard segment.id == unknownID, let byteIDs else { return [segment.id] }
        return segment.bytes[segment.range].map { byteIDs[Int($0)] }
    }

    /// The Viterbi best path over the already whitespace-escaped bytes.
    ///
    /// - Complexity: O(n · L).
    func segment(_ bytes: [UInt8]) -> [(range: Range<Int>, id: Int32, bytes: [UInt8])] {
        let size = bytes.count
        if size == 0 { return [] }
        var bestScore = [Float](repeating: 0, count: size + 1)
        var startsAt = [Int32](repeating: -1, count: size + 1)
        var bestID = [Int32](repeating: -1, count: size + 1)
        bytes.withUnsafeBufferPointer { text in
            var start = 0
            while start < size {
                let scoreHere = bestScore[start]
                let charLength = min(UTF8Length.ofLeadByte(text[start]), size - start)
                var hasSingle = false
                var node: Int32 = 0
                var position = start
                while position < size, let next = trie.child(of: node, text[position]) {
                    node = next
                    position += 1
                    let id = trie.values[Int(node)]
                    if id < 0 { continue }
                    let length = position - start
                    let score = isUserDefined[Int(id)] ? Float(length) * maxScore - 0.1 : scores[Int(id)]
                    let candidate = score + scoreHere
                    if startsAt[position] == -1 || candidate > bestScore[position] {
                        bestScore[position] = candidate
                        startsAt[position] = Int32(start)
                        bestID[position] = id
                    }
                    if length == charLength { hasSingle = true }
                }
                if !hasSingle {
                    let end = start + charLength
                    let candidate = unknownScore + scoreHere
                    if startsAt[end] == -1 || candidate > bestScore[end] {
                        bestScore[end] = candidate
                        startsAt[end] = Int32(start)
                        bestID[end] = unknownID
                    }
                }
                start += charLength
            }
        }
        var result: [(range: Range<Int>, id: Int32, bytes: [UInt8])] = []
        var end = size
        while end > 0 {
            let start = Int(startsAt[end])
            result.append((start..<end, bestID[end], bytes))
            end = start
        }
        return result.reversed()
    }
}

/// UTF-8 sequence lengths, as SentencePiece's `OneCharLen` computes them from the lead byte.
enum UTF8Length {
    /// 1 for ASCII and stray continuation bytes, else 2–4 by the lead byte's high bits.
    @inline(__always)
    static func ofLeadByte(_ byte: UInt8) -> Int {
        byte < 0xC0 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
    }
}
