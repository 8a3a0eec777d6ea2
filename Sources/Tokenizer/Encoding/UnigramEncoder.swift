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
        let bytes = whitespace.apply(text)
        let cells = viterbi(bytes)
        // Backtrack twice: once to count the ids (an <unk> spelled as bytes is one id per byte),
        // once to write them from the back, so no intermediate path array is built.
        var count = 0
        var end = bytes.count
        while end > 0 {
            let cell = cells[end]
            count += cell.id == unknownID && byteIDs != nil ? end - Int(cell.start) : 1
            end = Int(cell.start)
        }
        return [Int32](unsafeUninitializedCapacity: count) { ids, initialized in
            var slot = count
            var end = bytes.count
            while end > 0 {
                let cell = cells[end]
                let start = Int(cell.start)
                if cell.id == unknownID, let byteIDs {
                    for index in stride(from: end - 1, through: start, by: -1) {
                        slot -= 1
                        ids[slot] = byteIDs[Int(bytes[index])]
                    }
                } else {
                    slot -= 1
                    ids[slot] = cell.id
                }
                end = start
            }
            initialized = count
        }
    }

    /// Encodes `text` to `(piece text, id)` pairs, byte-fallback pieces spelled `<0xXX>`.
    ///
    /// - Complexity: O(n · L).
    public func encodeToPieces(_ text: String) -> [(piece: String, id: Int32)] {
        encode(text).map { (model.pieces[Int($0)].text, $0) }
    }

    /// A lattice cell: the best path ending here, where its last piece starts, and that piece.
    private struct Cell {
        var score: Float
        var start: Int32
        var id: Int32
    }

    /// The Viterbi best path over the already whitespace-escaped bytes, as (byte range, id) pairs.
    ///
    /// - Complexity: O(n · L).
    func segment(_ bytes: [UInt8]) -> [(range: Range<Int>, id: Int32)] {
        let cells = viterbi(bytes)
        var result: [(range: Range<Int>, id: Int32)] = []
        var end = bytes.count
        while end > 0 {
            let start = Int(cells[end].start)
            result.append((start..<end, cells[end].id))
            end = start
        }
        return result.reversed()
    }

    /// The Viterbi lattice: for each byte offset, the best path ending there (unset cells have
    /// `start == -1`; offset `bytes.count` always holds the end of the best path).
    ///
    /// - Complexity: O(n · L).
    private func viterbi(_ bytes: [UInt8]) -> [Cell] {
        let size = bytes.count
        if size == 0 { return [Cell(score: 0, start: -1, id: -1)] }
        var cells = [Cell](repeating: Cell(score: 0, start: -1, id: -1), count: size + 1)
        let unknownScore = self.unknownScore, maxScore = self.maxScore, unknownID = self.unknownID
        trie.withTables { tables in
            scores.withUnsafeBufferPointer { scores in
                isUserDefined.withUnsafeBufferPointer { userDefined in
                    bytes.withUnsafeBufferPointer { text in
                        cells.withUnsafeMutableBufferPointer { cells in
                            var start = 0
                            while start < size {
                                let scoreHere = cells[start].score
                                let charLength = min(UTF8Length.ofLeadByte(text[start]), size - start)
                                var hasSingle = false
                                var node: Int32 = 0
                                var position = start
                                while position < size {
                                    guard let edge = tables.edge(from: node, text[position]) else { break }
                                    node = edge.child
                                    position += 1
                                    let id = edge.value
                                    if id < 0 { continue }
                                    let length = position - start
                                    let score = userDefined[Int(id)] ? Float(length) * maxScore - 0.1 : scores[Int(id)]
                                    let candidate = score + scoreHere
                                    if cells[position].start == -1 || candidate > cells[position].score {
                                        cells[position] = Cell(score: candidate, start: Int32(start), id: id)
                                    }
                                    if length == charLength { hasSingle = true }
                                }
                                if !hasSingle {
                                    let end = start + charLength
                                    let candidate = unknownScore + scoreHere
                                    if cells[end].start == -1 || candidate > cells[end].score {
                                        cells[end] = Cell(score: candidate, start: Int32(start), id: unknownID)
                                    }
                                }
                                start += charLength
                            }
                        }
                    }
                }
            }
        }
        return cells
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
