import XCTest
@testable import Tokenizer

/// The unigram trainer on a small committed corpus (8 languages, 250 lines each).
final class TrainerTests: XCTestCase {
    private func options(vocab: Int = 1_200) -> TrainerOptions {
        var options = TrainerOptions()
        options.vocabSize = vocab
        options.sentenceBudget = 2_000
        options.seedSize = 20_000
        return options
    }

    private func train(vocab: Int = 1_200) throws -> SentencePieceModel {
        let corpus = try TrainingCorpus(directory: Fixtures.path("corpus"), options: options(vocab: vocab))
        return try UnigramTrainer(options: options(vocab: vocab)).train(corpus)
    }

    func testTrainingIsDeterministic() throws {
        XCTAssertEqual(try train().serialized(), try train().serialized())
    }

    func testVocabularyLayout() throws {
        let model = try train()
        XCTAssertEqual(model.pieces.count, 1_200)
        XCTAssertEqual(model.pieces[0..<4].map(\.text), ["<pad>", "<s>", "</s>", "<unk>"])
        XCTAssertEqual(model.pieces[3].kind, .unknown)
        XCTAssertEqual(model.pieces[4].text, "<0x00>")
        XCTAssertEqual(model.pieces[259].text, "<0xFF>")
        XCTAssertTrue(model.pieces[260...].allSatisfy { $0.kind == .normal })
        let texts = Set(model.pieces.map(\.text))
        XCTAssertEqual(texts.count, model.pieces.count, "pieces are unique")
        XCTAssertTrue(texts.contains("▁"))
        let scores = model.pieces[260...].map(\.score)
        XCTAssertEqual(scores, scores.sorted(by: >), "pieces ordered by score")
        XCTAssertEqual(try SentencePieceModel(serialized: model.serialized()), model)
    }

    func testByteFallbackMeansNoUnknown() throws {
        let encoder = try UnigramEncoder(model: train())
        for text in ["☃ unseen 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ᚠᚢᚦᚨᚱᚲ", "hund", "犬", "\u{10FFFD}"] {
            let ids = encoder.encode(text)
            XCTAssertFalse(ids.contains(3), text)
            XCTAssertFalse(ids.isEmpty, text)
        }
        let snowman = encoder.encodeToPieces("☃").map(\.piece)
        XCTAssertEqual(snowman.suffix(3), ["<0xE2>", "<0x98>", "<0x83>"])
    }

    func testCorpusSamplingUsesTemperature() throws {
        let corpus = try TrainingCorpus(directory: Fixtures.path("corpus"), options: options())
        XCTAssertEqual(corpus.languages.count, 8)
        let total = corpus.languages.reduce(0.0) { $0 + Double($1.used) * $1.weight }
        XCTAssertEqual(total, 2_000, accuracy: 1)
    }

    func testDigamma() {
        XCTAssertEqual(Digamma.of(1), -0.5772156649015329, accuracy: 1e-10)
        XCTAssertEqual(Digamma.of(0.5), -1.9635100260214235, accuracy: 1e-10)
        XCTAssertEqual(Digamma.of(100), 4.600161852738087, accuracy: 1e-10)
    }

    func testSuffixArrayMatchesNaiveSort() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let n = Int.random(in: 1...300, using: &generator)
            let text = (0..<n).map { _ in Int32.random(in: 0...3, using: &generator) }
            let suffixes = SuffixArray(text)
            let naive = (0..<Int32(n)).sorted { text[Int($0)...].lexicographicallyPrecedes(text[Int($1)...]) }
            XCTAssertEqual(suffixes.order, naive)
            for i in 1..<n {
                let a = text[Int(naive[i - 1])...], b = text[Int(naive[i])...]
                let common = zip(a, b).prefix { $0 == $1 }.count
                XCTAssertEqual(Int(suffixes.lcp[i]), common)
            }
        }
    }

    func testPieceValidity() {
        let validity = PieceValidity(maxLength: 16)
        func valid(_ s: String) -> Bool { validity.isValid(Array(s.unicodeScalars.map(\.value))[...]) }
        XCTAssertTrue(valid("▁hund"))
        XCTAssertTrue(valid("ひらがなカタカナ漢字"))
        XCTAssertFalse(valid("hu▁nd"))
        XCTAssertFalse(valid("abc123"))
        XCTAssertFalse(valid("abcабв"))
        XCTAssertFalse(valid(String(repeating: "a", count: 17)))
    }
}
