import SeededRandom
import XCTest
@testable import Tokenizer

/// N-best and sampled segmentations (subword regularization) and decoding back to text.
final class SubwordRegularizationTests: XCTestCase {
    private static let tokenizer: TextTokenizer = {
        try! TextTokenizer(model: SentencePieceModel(contentsOf: Fixtures.shippedModelPath))
    }()
    private var encoder: UnigramEncoder { Self.tokenizer.encoder }
    private let texts = ["hund", "the quick brown fox jumps over the lazy dog", "犬と猫", "подсолнечник",
                         "बिल्ली का बच्चा", "unbelievably", "a", "🐶🦄 𓀀"]

    func testFirstOfNBestIsViterbi() {
        for text in texts {
            let paths = encoder.nbest(text, k: 8)
            XCTAssertEqual(paths.first?.ids, encoder.encode(text), text)
            XCTAssertEqual(encoder.nbest(text, k: 1).map(\.ids), [encoder.encode(text)], text)
        }
    }

    func testNBestIsDistinctSortedAndDecodes() {
        for text in texts {
            let paths = encoder.nbest(text, k: 10)
            XCTAssertEqual(Set(paths.map(\.ids)).count, paths.count, text)
            for (previous, next) in zip(paths, paths.dropFirst()) {
                XCTAssertLessThanOrEqual(next.score, previous.score + 1e-4, text)
            }
            for path in paths { XCTAssertEqual(encoder.decode(path.ids), text) }
        }
        // A long word has many segmentations; k of them come back.
        XCTAssertEqual(encoder.nbest("unbelievably", k: 10).count, 10)
    }

    func testNBestScoresMatchPieceScores() {
        for path in encoder.nbest("the quick brown fox", k: 5) {
            let sum = path.ids.reduce(Float(0)) { $0 + encoder.model.pieces[Int($1)].score }
            XCTAssertEqual(path.score, sum, accuracy: 1e-3)
        }
    }

    func testSamplingIsDeterministicForASeed() {
        let text = "the quick brown fox jumps over the lazy dog"
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        for _ in 0..<20 {
            XCTAssertEqual(encoder.sample(text, alpha: 0.1, using: &a), encoder.sample(text, alpha: 0.1, using: &b))
        }
        var c = SeededGenerator(seed: 7)
        let draws = Set((0..<50).map { _ in encoder.sample(text, alpha: 0.1, using: &c).ids })
        XCTAssertGreaterThan(draws.count, 5, "a small alpha should give varied segmentations")
    }

    func testLargeAlphaConcentratesOnViterbi() {
        var generator = SeededGenerator(seed: 1)
        for text in texts {
            let viterbi = encoder.encode(text)
            let hits = (0..<50).filter { _ in encoder.sample(text, alpha: 1_000, using: &generator).ids == viterbi }
            XCTAssertEqual(hits.count, 50, text)
        }
    }

    func testSamplesAlwaysDecodeToTheInput() {
        var generator = SeededGenerator(seed: 3)
        for text in texts {
            for alpha: Float in [0, 0.1, 0.5, 1] {
                for _ in 0..<20 {
                    let drawn = encoder.sample(text, alpha: alpha, using: &generator)
                    XCTAssertEqual(encoder.decode(drawn.ids), text, "alpha \(alpha)")
                    XCTAssertFalse(drawn.ids.contains(encoder.unknownID))
                }
            }
        }
    }

    func testEmptyText() {
        var generator = SeededGenerator(seed: 0)
        XCTAssertEqual(encoder.nbest("", k: 3).map(\.ids), [[]])
        XCTAssertEqual(encoder.sample("", alpha: 0.1, using: &generator).ids, [])
    }

    func testTokenizerFrontEnd() throws {
        let results = try Self.tokenizer.nbest("Unbelievably", k: 3)
        XCTAssertEqual(results.first?.ids, try Self.tokenizer.tokenize("Unbelievably").ids)
        XCTAssertTrue(results.allSatisfy { $0.normalized == "unbelievably" && $0.score != nil })
        var generator = SeededGenerator(seed: 9)
        XCTAssertThrowsError(try Self.tokenizer.sample(bytes: [0xFF], alpha: 0.1, using: &generator))
    }

    /// Regression (fuzzer, tokenizer target): text starting with a combining mark. The dummy-prefix
    /// space and the mark form one Character, so decode's Character-based `hasPrefix(" ")` missed it
    /// and returned " ্ব" for "্ব".
    func testDecodeWithLeadingCombiningMark() throws {
        let result = try Self.tokenizer.tokenize(bytes: [0x00, 0xE0, 0xA7, 0x8D, 0xE0, 0xA6, 0xAC, 0, 0, 0])
        XCTAssertEqual(Array(result.normalized.unicodeScalars), ["\u{09CD}", "\u{09AC}"])
        XCTAssertTrue(encoder.decode(result.ids).unicodeScalars.elementsEqual(result.normalized.unicodeScalars))
    }
}
