/// libFuzzer entry point for the `.model` loader (built by scripts/fuzz-tokenizer.sh).
///
/// Each input is a candidate serialized `ModelProto`. Parsing must either throw
/// `ModelFormatError` or give a model that (1) survives a write/read round trip unchanged and
/// (2) when it builds an encoder, encodes and decodes a few fixed texts without trapping.
/// Any trap, sanitizer report or failed check is a finding.

/// Texts every loadable model is asked to encode.
private let probeTexts = ["", "a", "hello world", "héllo wörld 犬 🐶", "<0x41> ▁x", "  spaced  out  "]

@_cdecl("LLVMFuzzerTestOneInput")
public func modelFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let model = try? SentencePieceModel(serialized: bytes) else { return 0 }
    let reread = try? SentencePieceModel(serialized: model.serialized())
    // Compared by score bit pattern: a NaN score is legal in a file and must survive as it is.
    precondition(reread.map { sameScoresAndTexts($0.pieces, model.pieces) } == true, "pieces changed in a write/read round trip")
    guard let encoder = try? UnigramEncoder(model: model) else { return 0 }
    for text in probeTexts {
        let ids = encoder.encode(text)
        precondition(ids.allSatisfy { $0 >= 0 && Int($0) < model.pieces.count }, "id out of range")
        _ = encoder.decode(ids)
        _ = encoder.encodeToPieces(text)
        precondition(encoder.nbest(text, k: 3).first?.ids == ids, "n-best's first is not the Viterbi path")
        var generator = SplitMix64(seed: UInt64(size))
        _ = encoder.sample(text, alpha: 0.5, using: &generator)
    }
    return 0
}

/// Whether two vocabularies are equal piece for piece, scores compared bit for bit.
private func sameScoresAndTexts(_ a: [Piece], _ b: [Piece]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy {
        $0.text == $1.text && $0.kind == $1.kind && $0.score.bitPattern == $1.score.bitPattern
    }
}
