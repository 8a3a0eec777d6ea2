import Foundation

/// The trainer's view of a corpus: weighted words, each prefixed with `▁`.
///
/// A corpus directory holds one `<lang>.txt` per language, one sentence per line. Languages are
/// sampled with temperature: language i gets `budget · p_i` sentences with p_i ∝ lines_i^alpha, so
/// small languages are up-weighted (XLM-R, mT5). Instead of drawing lines at random, every line
/// taken gets a fractional weight — the same expectation with no sampling noise, hence deterministic.
/// Lines are normalized with `TextNormalizer` (language-neutral) and split at spaces into words.
public struct TrainingCorpus: Sendable {
    /// Distinct words (UTF-8, starting with `▁`) and their weighted frequencies, sorted by word.
    public private(set) var words: [[UInt8]] = []
    /// `frequencies[i]` belongs to `words[i]`.
    public private(set) var frequencies: [Double] = []
    /// Per language: lines read, lines used, weight per line.
    public private(set) var languages: [(name: String, lines: Int, used: Int, weight: Double)] = []

    /// Reads and samples `directory`.
    ///
    /// - Complexity: O(total corpus bytes).
    public init(directory: String, options: TrainerOptions) throws {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted()
        var texts: [(String, [Substring])] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: directory + "/" + file) else { continue }
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
            if !lines.isEmpty { texts.append((String(file.dropLast(4)), lines)) }
        }
        guard !texts.isEmpty else { throw TrainerError.emptyCorpus(directory) }
        let total = Double(texts.reduce(0) { $0 + $1.1.count })
        let raw = texts.map { pow(Double($0.1.count) / total, options.alpha) }
        let norm = raw.reduce(0, +)
        let normalizer = TextNormalizer()
        var counts: [[UInt8]: Double] = [:]
        for (index, (name, lines)) in texts.enumerated() {
            let target = Double(options.sentenceBudget) * raw[index] / norm
            let used = max(1, min(lines.count, Int(target.rounded(.up))))
            let weight = target / Double(used)
            let stride = Double(lines.count) / Double(used)
            for k in 0..<used {
                let line = lines[Int(Double(k) * stride)]
                guard let text = try? normalizer.normalize(String(line)) else { continue }
                for word in text.split(separator: " ") {
                    counts["▁\(word)".utf8.map { $0 }, default: 0] += weight
                }
            }
            languages.append((name, lines.count, used, weight))
        }
        let sorted = counts.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        words = sorted.map(\.key)
        frequencies = sorted.map(\.value)
    }
}
