import Synchronization

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
    /// The pieces' trie, for the lattices of sampling and n-best search; built on first use
    /// (`encode` needs only `pieces`, and a text query should not pay for it).
    var trie: PieceTrie {
        lazyTrie.withLock { built in
            if let built { return built }
            let trie = PieceTrie(entries: trieEntries)
            built = trie
            return trie
        }
    }
    private let trieEntries: [([UInt8], Int32)]
    private let lazyTrie = Mutex<PieceTrie?>(nil)
    /// The same pieces as `trie`, each unit carrying its piece's lattice score, for `viterbi`.
    let pieces: PieceDoubleArray
    let scores: [Float]
    let isUserDefined: [Bool]
    let unknownID: Int32
    let unknownScore: Float
    let maxScore: Float
    let byteIDs: [Int32]?

    /// Builds the lattice tables for `model`; with a `cache`, reads the double array from it
    /// when it holds this model's, else builds it and stores it there for the next process.
    ///
    /// - Complexity: O(total bytes of the vocabulary).
    public init(model: SentencePieceModel, cache: PiecesCache? = nil) throws {
        self.model = model
        whitespace = SentencePieceWhitespace(spec: model.normalizerSpec, trainer: model.trainerSpec)
        var entries: [([UInt8], Int32)] = []
        var minScore = Float.greatestFiniteMagnitude, maxScore = -Float.greatestFiniteMagnitude
        var unknown: Int32? = nil
        // Byte pieces (`<0xAB>`) by text, the first of each, for byte fallback.
        let byteTexts = Dictionary(uniqueKeysWithValues: (0...255).map { (Piece.byteText(UInt8($0)), $0) })
        var byteIDs = [Int32](repeating: -1, count: 256)
        for (id, piece) in model.pieces.enumerated() {
            if piece.text.utf8.count == 6, piece.text.hasPrefix("<0x"), let byte = byteTexts[piece.text], byteIDs[byte] < 0 {
                byteIDs[byte] = Int32(id)
            }
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
        trieEntries = entries
        let scores = model.pieces.map(\.score)
        let isUserDefined = model.pieces.map { $0.kind == .userDefined }
        self.scores = scores
        self.isUserDefined = isUserDefined
        unknownID = unknown
        unknownScore = (minScore == .greatestFiniteMagnitude ? 0 : minScore) - 10
        let userScore = maxScore == -.greatestFiniteMagnitude ? 0 : maxScore
        self.maxScore = userScore
        if let cache, let stored = PieceDoubleArray(cache: cache) {
            pieces = stored
        } else {
            pieces = PieceDoubleArray(entries: entries) { id, length in
                isUserDefined[Int(id)] ? Float(length) * userScore - 0.1 : scores[Int(id)]
            }
            if let cache { pieces.store(in: cache) }
        }
        if model.trainerSpec.bool(TrainerSpecField.byteFallback, default: false) {
            self.byteIDs = byteIDs.contains(-1) ? nil : byteIDs
        } else {
            self.byteIDs = nil
        }
    }

    /// The id of a piece text (the first, if several pieces share it), or nil.
    ///
    /// A scan, not a table: callers ask for a few special pieces (`<s>`, `</s>`) once, and a
    /// 32,000-entry string table would cost every text query several milliseconds to build.
    /// - Complexity: O(vocabulary) string comparisons.
    public func id(of piece: String) -> Int32? {
        model.pieces.firstIndex { $0.text == piece }.map(Int32.init)
    }

    /// Encodes `text` (already normalized by the caller's normalizer) to piece ids.
    ///
    /// - Complexity: O(n · L) for n bytes and longest piece L.
    public func encode(_ text: String) -> [Int32] {
        let bytes = whitespace.apply(text)
        return viterbi(bytes) { cells in
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
        viterbi(bytes) { cells in
            var result: [(range: Range<Int>, id: Int32)] = []
            var end = bytes.count
            while end > 0 {
                let start = Int(cells[end].start)
                result.append((start..<end, cells[end].id))
                end = start
            }
            return result.reversed()
        }
    }

    /// The Viterbi lattice, passed to `body`: for each byte offset, the best path ending there
    /// (unset cells have `start == -1`; offset `bytes.count` always holds the end of the best path).
    /// The cells live in a temporary allocation (on the stack for short inputs).
    ///
    /// - Complexity: O(n · L).
    private func viterbi<R>(_ bytes: [UInt8], _ body: (UnsafeMutableBufferPointer<Cell>) -> R) -> R {
        let size = bytes.count
        return withUnsafeTemporaryAllocation(of: Cell.self, capacity: size + 1) { cells in
            cells.initialize(repeating: Cell(score: 0, start: -1, id: -1))
            if size > 0 { fill(cells, bytes) }
            return body(cells)
        }
    }

    private func fill(_ cells: UnsafeMutableBufferPointer<Cell>, _ bytes: [UInt8]) {
        let size = bytes.count
        let unknownScore = self.unknownScore, unknownID = self.unknownID
        pieces.units.withUnsafeBufferPointer { units in
            bytes.withUnsafeBufferPointer { text in
                let units = units.baseAddress!, text = text.baseAddress!, cells = cells.baseAddress!
                let rootBase = Int(units[0].base)
                var start = 0
                while start < size {
                    let scoreHere = cells[start].score
                    let charLength = min(UTF8Length.ofLeadByte(text[start]), size &- start)
                    var hasSingle = false
                    var node: Int32 = 0
                    var base = rootBase
                    var position = start
                    while position < size {
                        let next = base &+ Int(text[position])
                        let unit = units[next]
                        if unit.check != node { break }
                        node = Int32(truncatingIfNeeded: next)
                        base = Int(unit.base)
                        position &+= 1
                        let id = unit.id
                        if id < 0 { continue }
                        let candidate = unit.score + scoreHere
                        if cells[position].start == -1 || candidate > cells[position].score {
                            cells[position] = Cell(score: candidate, start: Int32(truncatingIfNeeded: start), id: id)
                        }
                        if position &- start == charLength { hasSingle = true }
                    }
                    if !hasSingle {
                        let end = start &+ charLength
                        let candidate = unknownScore + scoreHere
                        if cells[end].start == -1 || candidate > cells[end].score {
                            cells[end] = Cell(score: candidate, start: Int32(truncatingIfNeeded: start), id: unknownID)
                        }
                    }
                    start &+= charLength
                }
            }
        }
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
