import Foundation

/// One-thread encode throughput, for `litsearch tokenize --bench-file` and benchmarks/peers/spm_bench.py.
public struct TokenizerThroughput: Sendable {
    /// Lines encoded per pass.
    public let sentences: Int
    /// UTF-8 bytes per pass.
    public let bytes: Int
    /// Best-of-passes seconds for the encoder alone (lines used as given, no ICU normalization).
    public let encodeSeconds: Double
    /// Best-of-passes seconds for ICU normalization plus encoding.
    public let pipelineSeconds: Double

    /// The figures as one JSON object.
    public var json: String {
        let s = Double(sentences), mb = Double(bytes) / 1e6
        return String(format: "{\"sentences\": %d, \"bytes\": %d, \"encode_sentences_per_s\": %.1f, "
            + "\"encode_mb_per_s\": %.3f, \"pipeline_sentences_per_s\": %.1f, \"pipeline_mb_per_s\": %.3f}",
            sentences, bytes, s / encodeSeconds, mb / encodeSeconds, s / pipelineSeconds, mb / pipelineSeconds)
    }

    /// Encodes every line of `file` in several passes and keeps each stage's fastest pass.
    ///
    /// - Complexity: O(passes × corpus bytes × L).
    public static func measure(file: String, tokenizer: TextTokenizer, passes: Int = 5) throws -> TokenizerThroughput {
        guard let data = FileManager.default.contents(atPath: file) else { throw ModelFormatError.unreadable(path: file) }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        var checksum = 0
        var encodeBest = Double.infinity, pipelineBest = Double.infinity
        for _ in 0..<passes {
            var start = DispatchTime.now().uptimeNanoseconds
            for line in lines { checksum &+= tokenizer.encoder.encode(line).count }
            encodeBest = min(encodeBest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            start = DispatchTime.now().uptimeNanoseconds
            for line in lines { checksum &+= (try? tokenizer.tokenize(line).ids.count) ?? 0 }
            pipelineBest = min(pipelineBest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        precondition(checksum >= 0)
        return TokenizerThroughput(sentences: lines.count, bytes: lines.reduce(0) { $0 + $1.utf8.count },
                                   encodeSeconds: encodeBest, pipelineSeconds: pipelineBest)
    }
}
