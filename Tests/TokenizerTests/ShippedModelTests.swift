import XCTest
@testable import Tokenizer

/// The shipped tokenizer/litsearch.model end to end: normalization, pieces, bad input.
final class ShippedModelTests: XCTestCase {
    private func tokenizer(_ lang: String? = nil) throws -> TextTokenizer {
        try TextTokenizer(model: SentencePieceModel(contentsOf: Fixtures.shippedModelPath),
                          language: lang.map { try LanguageTag($0) })
    }

    func testSensiblePieces() throws {
        let hund = try tokenizer("de").tokenize("Hund")
        XCTAssertEqual(hund.normalized, "hund")
        XCTAssertEqual(hund.pieces.joined(), "▁hund")
        XCTAssertLessThanOrEqual(hund.pieces.count, 2)
        let inu = try tokenizer("ja").tokenize("犬")
        XCTAssertEqual(inu.pieces.joined(), "▁犬")
        XCTAssertFalse(inu.pieces.contains { $0.hasPrefix("<0x") })
    }

    func testLayoutAndSize() throws {
        let model = try SentencePieceModel(contentsOf: Fixtures.shippedModelPath)
        XCTAssertEqual(model.pieces.count, 32_000)
        XCTAssertEqual(model.normalizerSpec.string(NormalizerSpecField.name), "identity")
        XCTAssertTrue(model.trainerSpec.bool(TrainerSpecField.byteFallback, default: false))
    }

    func testBadInputNeverProducesUnknown() throws {
        let t = try tokenizer()
        let inputs = ["", "   \t\n ", "🐶🐱🦄👩\u{200D}💻", "abc кот 猫 قط बिल्ली", "\u{200F}שלום\u{200E}",
                      "a" + String(repeating: "\u{0301}", count: 1_000), "\u{0000}x\u{0000}",
                      String(repeating: "long line ", count: 100_000)]
        for input in inputs {
            let result = try t.tokenize(input)
            XCTAssertFalse(result.ids.contains(3), input.prefix(20).debugDescription)
            XCTAssertEqual(result.ids.isEmpty, result.normalized.isEmpty)
        }
        XCTAssertThrowsError(try t.tokenize(bytes: [0x61, 0xED, 0xA0, 0x80])) { error in
            XCTAssertEqual(error as? NormalizationError, .invalidUTF8(offset: 1))
        }
    }
}
