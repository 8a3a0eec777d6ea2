import XCTest
@testable import Tokenizer

/// The normalization pipeline: NFKC_Casefold, whitespace, format characters, locales, bad input.
final class NormalizerTests: XCTestCase {
    private let neutral = TextNormalizer()

    private func normalized(_ text: String, lang: String? = nil) throws -> String {
        try TextNormalizer(language: lang.map { try LanguageTag($0) }).normalize(text)
    }

    func testNFKCCasefold() throws {
        XCTAssertEqual(try normalized("Straße"), "strasse")
        XCTAssertEqual(try normalized("ＡＢＣ１２３"), "abc123")
        XCTAssertEqual(try normalized("ﬁle"), "file")
        XCTAssertEqual(try normalized("e\u{0301}"), "é")
        XCTAssertEqual(try normalized("Ⅻ"), "xii")
        XCTAssertEqual(try normalized("ｶﾞ"), "ガ")
    }

    func testWhitespaceCollapsesAndTrims() throws {
        XCTAssertEqual(try normalized("  a \t\n b\u{00A0}\u{3000}c  "), "a b c")
        XCTAssertEqual(try normalized(" \t\n\u{2028} "), "")
        XCTAssertEqual(try normalized(""), "")
    }

    func testControlAndFormatCharactersRemoved() throws {
        XCTAssertEqual(try normalized("a\u{0000}b\u{0007}c"), "abc")
        XCTAssertEqual(try normalized("\u{FEFF}soft\u{00AD}ware"), "software")
        XCTAssertEqual(try normalized("\u{200F}שלום\u{200E} abc"), "שלום abc")
        XCTAssertEqual(try neutral.normalize(bytes: [0x78, 0xEF, 0xB7, 0x90, 0x79, 0xEF, 0xBF, 0xBF]), "xy")
    }

    func testZeroWidthJoinerKeptInsideEmojiSequences() throws {
        XCTAssertEqual(try normalized("👩\u{200D}💻"), "👩\u{200D}💻")
        XCTAssertEqual(try normalized("👍🏽\u{200D}🔥"), "👍🏽\u{200D}🔥")
        XCTAssertEqual(try normalized("a\u{200D}b"), "ab")
    }

    func testZeroWidthNonJoinerKeptInPersianAndIndic() throws {
        XCTAssertEqual(try normalized("می\u{200C}خواهم"), "می\u{200C}خواهم")
        XCTAssertEqual(try normalized("क्\u{200C}ष"), "क्\u{200C}ष")
        XCTAssertEqual(try normalized("a\u{200C}b"), "ab")
    }

    func testTurkishAndAzeriDottedI() throws {
        XCTAssertEqual(try normalized("İSTANBUL", lang: "tr"), "istanbul")
        XCTAssertEqual(try normalized("DIŞ", lang: "tr"), "dış")
        XCTAssertEqual(try normalized("ISIQ", lang: "az"), "ısıq")
        XCTAssertEqual(try normalized("DIŞ"), "diş")
        XCTAssertEqual(try normalized("İ"), "i\u{0307}")
    }

    func testGreekFinalSigma() throws {
        XCTAssertEqual(try normalized("ΟΔΟΣ ΣΟΦΙΑΣ", lang: "el"), "οδος σοφιας")
        XCTAssertEqual(try normalized("Οδός", lang: "el"), "οδός")
        XCTAssertEqual(try normalized("ΟΔΟΣ"), "οδοσ")
        XCTAssertEqual(try normalized("Σ", lang: "el"), "σ")
    }

    func testLithuanianKeepsDotAbove() throws {
        XCTAssertEqual(try normalized("Ì", lang: "lt"), "i\u{0307}\u{0300}")
        XCTAssertEqual(try normalized("Ì"), "ì")
    }

    func testLanguageTags() throws {
        for tag in ["de", "pt-BR", "zh-Hant", "sr-Latn", "ja", "tr", "az", "el", "lt", "fa", "zh_Hans"] {
            XCTAssertNoThrow(try LanguageTag(tag), tag)
        }
        XCTAssertEqual(try LanguageTag("tr").casing, .turkic)
        XCTAssertEqual(try LanguageTag("pt-BR").language, "pt")
        for tag in ["oc", "an", "iu", "vec", "ach", "son", "nso", "shs", "qqq", "en-x-private", "zh-yue-HK", "de-CH-1996", "x-whatever"] {
            let parsed = try LanguageTag(tag)
            XCTAssertEqual(parsed.casing, .neutral, tag)
        }
        XCTAssertFalse(try LanguageTag("nso").hasLocaleData)
        XCTAssertEqual(try LanguageTag("nso").language, "nso")
        XCTAssertTrue(try LanguageTag("de-AT").hasLocaleData)
        XCTAssertEqual(try normalized("İSTANBUL", lang: "oc"), try normalized("İSTANBUL"))
        for tag in ["", "x", "d", "de--DE", "1234", "en US", "toolonglang", "de-", "-de", "de-u", "en-a-b", "de_DE!", "x-"] {
            XCTAssertThrowsError(try LanguageTag(tag), tag) { error in
                XCTAssertEqual(error as? NormalizationError, .unknownLanguage(tag: tag))
                XCTAssertTrue("\(error)".contains("well-formed BCP-47"))
            }
        }
        XCTAssertGreaterThan(LanguageTag.supportedLanguages.count, 100)
    }

    func testInvalidUTF8ReportsOffset() {
        let cases: [([UInt8], Int)] = [
            ([0x61, 0x62, 0xFF], 2),
            ([0x61, 0xC3], 1),                    // truncated
            ([0xC0, 0xAF], 0),                    // overlong
            ([0x61, 0xED, 0xA0, 0x80], 1),        // encoded lone surrogate
            ([0xF4, 0x90, 0x80, 0x80], 0),        // above U+10FFFF
            ([0x61, 0x80], 1),                    // stray continuation
            ([0xE2, 0x82, 0x41], 0),
        ]
        for (bytes, offset) in cases {
            XCTAssertThrowsError(try neutral.normalize(bytes: bytes)) { error in
                XCTAssertEqual(error as? NormalizationError, .invalidUTF8(offset: offset), "\(bytes)")
            }
        }
        XCTAssertEqual(try neutral.normalize(bytes: Array("Ünïcödé €𝄞".utf8)), "ünïcödé €𝄞")
    }

    func testBadInputHasDefinedOutput() throws {
        XCTAssertEqual(try normalized("\u{0000}\u{0000}"), "")
        XCTAssertEqual(try normalized("🐶🐱"), "🐶🐱")
        XCTAssertEqual(try normalized("Hund 犬 собака كلب"), "hund 犬 собака كلب")
        let storm = "a" + String(repeating: "\u{0301}\u{0316}", count: 5_000)
        let stormOut = try normalized(storm)
        XCTAssertLessThanOrEqual(stormOut.unicodeScalars.count, 1 + TextNormalizer.maxCombiningRun)
        let long = String(repeating: "Ab cd ", count: 180_000)
        let longOut = try normalized(long)
        XCTAssertEqual(longOut.utf8.count, long.utf8.count - 1)
    }
}
