import ArgumentParser
import Foundation
import Tokenizer

/// One timed pass of the Swift side of `litsearch bench tokenizer`.
struct TokenizerPass: Codable {
    let sentences: Int
    let bytes: Int
    /// Total ids produced, to check that both sides did the same work.
    let ids: Int
    let seconds: Double

    var sentencesPerSecond: Double { Double(sentences) / seconds }
    var megabytesPerSecond: Double { Double(bytes) / 1e6 / seconds }

    /// The fastest of `passes` runs of `body`.
    ///
    /// - Complexity: `passes` × the cost of `body`.
    static func best(of passes: Int, _ body: () -> TokenizerPass) -> TokenizerPass {
        (0..<max(1, passes)).map { _ in body() }.min { $0.seconds < $1.seconds }!
    }

    /// Encodes every sentence with the encoder alone (what the peer does).
    ///
    /// - Complexity: O(total bytes × L).
    static func encode(_ sentences: [String], with encoder: UnigramEncoder) -> TokenizerPass {
        timed(sentences) { encoder.encode($0).count }
    }

    /// ICU normalization plus encoding, for reference.
    ///
    /// - Complexity: O(total bytes × L).
    static func tokenize(_ sentences: [String], with tokenizer: TextTokenizer) -> TokenizerPass {
        timed(sentences) { (try? tokenizer.tokenize($0).ids.count) ?? 0 }
    }

    private static func timed(_ sentences: [String], _ body: (String) -> Int) -> TokenizerPass {
        let start = DispatchTime.now().uptimeNanoseconds
        var ids = 0
        for sentence in sentences { ids += body(sentence) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return TokenizerPass(sentences: sentences.count, bytes: sentences.reduce(0) { $0 + $1.utf8.count },
                             ids: ids, seconds: seconds)
    }
}

/// The Python `sentencepiece` side: one round is one run of `spm_bench.py --peer`.
struct TokenizerPeer {
    let python: String
    let script: String
    let model: String
    let lines: String
    let passes: Int

    /// What the peer prints.
    struct Result: Codable {
        let sentencesPerSecond: Double
        let megabytesPerSecond: Double
        let sentences: Int
        let bytes: Int
        let ids: Int
        let version: String
        enum CodingKeys: String, CodingKey {
            case sentencesPerSecond = "sentences_per_s", megabytesPerSecond = "mb_per_s", sentences, bytes, ids, version
        }
    }

    /// Runs one round of the peer and parses its JSON line.
    func run() throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, "--peer", "--model", model, "--lines", lines, "--passes", String(passes)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("the sentencepiece peer failed (exit \(process.terminationStatus)); is `pip install sentencepiece` done?")
        }
        return try JSONDecoder().decode(Result.self, from: data)
    }
}

/// What `litsearch bench tokenizer` prints.
struct TokenizerBenchReport: Encodable {
    let model: String
    let sentences: Int
    let bytes: Int
    let swift: TokenizerPass
    let swiftPipeline: TokenizerPass
    let sentencepiece: TokenizerPeer.Result?
    let ratio: Double?
    let swiftRounds: [Double]
    let sentencepieceRounds: [Double]

    enum CodingKeys: String, CodingKey {
        case model, sentences, bytes, ratio
        case swiftSentencesPerSecond = "swift_sentences_per_s", swiftMegabytesPerSecond = "swift_mb_per_s"
        case pipelineSentencesPerSecond = "swift_icu_pipeline_sentences_per_s"
        case sentencepiece, swiftRounds = "swift_rounds", sentencepieceRounds = "sentencepiece_rounds"
    }

    func encode(to encoder: Encoder) throws {
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

    /// Pretty-printed JSON with sorted keys.
    func json() throws -> String {
        try JSONOutput.text(self)
    }

    /// The human-readable table.
    var text: String {
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
