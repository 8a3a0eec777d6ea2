/// libFuzzer entry point for the normalizer + encoder (built by scripts/fuzz-tokenizer.sh).
///
/// Input layout: byte 0's low two bits pick the language (neutral, tr, lt, el) and its upper bits
/// the mode (Viterbi only, n-best, or sampling with a seed and alpha taken from it); the rest is
/// raw text bytes. The bytes go through `TextTokenizer` with the shipped model, which must either
/// throw `NormalizationError` (invalid UTF-8) or give ids that contain no `<unk>` (the model has
/// byte fallback) and decode back to the normalized text — for the Viterbi path, every n-best
/// path (the first being the Viterbi path, scores non-increasing) and every sample.
import Foundation

/// The shipped model, loaded once (`LITSEARCH_TOKENIZER_MODEL` or found from the working directory).
private let tokenizers: [TextTokenizer] = {
    guard let path = ModelLocation.defaultModelPath(),
          let model = try? SentencePieceModel(contentsOf: path) else {
        fatalError("set LITSEARCH_TOKENIZER_MODEL to tokenizer/litsearch.model")
    }
    return [nil, "tr", "lt", "el"].map { tag in
        try! TextTokenizer(model: model, language: tag.map { try! LanguageTag($0) })
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func tokenizerFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let tokenizer = tokenizers[Int(data[0]) % tokenizers.count]
    let text = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    guard let result = try? tokenizer.tokenize(bytes: text) else { return 0 }
    let encoder = tokenizer.encoder
    precondition(result.ids.isEmpty == result.normalized.isEmpty, "empty ids for non-empty text")
    precondition(!result.ids.contains(encoder.unknownID), "<unk> despite byte fallback")
    let expected = expectedDecoding(result.normalized)
    precondition(sameScalars(encoder.decode(result.ids), expected), "decode(encode(x)) != x")
    let control = Int(data[0] >> 2)
    switch control % 3 {
    case 1:
        let paths = encoder.nbest(result.normalized, k: 1 + control / 3 % 8)
        precondition(paths.first?.ids == result.ids, "n-best's first is not the Viterbi path")
        for (index, path) in paths.enumerated() {
            precondition(!path.ids.contains(encoder.unknownID), "<unk> in an n-best path")
            precondition(sameScalars(encoder.decode(path.ids), expected), "an n-best path does not decode to the text")
            if index > 0 {
                precondition(path.ids != paths[index - 1].ids, "n-best repeated a path")
                let slack: Float = 1e-3 * max(1, abs(path.score))
                precondition(path.score <= paths[index - 1].score + slack, "n-best out of order")
            }
        }
    case 2:
        var generator = SplitMix64(seed: UInt64(control))
        let alpha: Float = [0, 0.1, 1, 50][control / 3 % 4]
        let drawn = encoder.sample(result.normalized, alpha: alpha, using: &generator)
        precondition(!drawn.ids.contains(encoder.unknownID), "<unk> in a sample")
        precondition(sameScalars(encoder.decode(drawn.ids), expected), "a sample does not decode to the text")
    default:
        break
    }
    return 0
}

/// What decoding gives for normalized text: `▁` in the text itself reads back as a space.
private func expectedDecoding(_ normalized: String) -> String {
    String(String.UnicodeScalarView(normalized.unicodeScalars.map { $0 == "\u{2581}" ? " " : $0 }))
}

/// Exact equality of two strings' scalars (String's == would accept canonically equivalent text).
private func sameScalars(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.elementsEqual(b.unicodeScalars)
}
