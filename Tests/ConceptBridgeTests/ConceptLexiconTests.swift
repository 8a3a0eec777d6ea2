import Foundation
import XCTest
@testable import ConceptBridge

/// The lexicon files, term matching in spaced and unspaced scripts, and class weights.
final class ConceptLexiconTests: XCTestCase {
    /// A lexicon of four synsets: dog (classes 1–3), cat (4, 5), frank/hot dog (9), animal (1–5).
    private func lexicon() throws -> ConceptLexicon {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lexicon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try """
        # synset<TAB>classes
        02084071\t1,2,3
        02121620\t4,5
        07676602\t9
        00015388\t1,2,3,4,5
        """.write(to: folder.appendingPathComponent("classes.tsv"), atomically: true, encoding: .utf8)
        try """
        en\tdog\t02084071:0.9,07676602:0.1
        en\tcat\t02121620:1
        en\thot dog\t07676602:1
        en\tanimal\t00015388:1
        en\tpuppy\t99999999:1
        de\thund\t02084071:1
        de\tdie\t02121620:1
        ja\t犬\t02084071:1
        ja\t子犬\t02084071:1
        fr\tchat\t02121620:1
        ar\tقطة\t02121620:1
        el\tσκύλοσ\t02084071:1
        """.write(to: folder.appendingPathComponent("lexicon.tsv"), atomically: true, encoding: .utf8)
        return try ConceptLexicon(lexicon: folder.appendingPathComponent("lexicon.tsv"), classes: folder.appendingPathComponent("classes.tsv"))
    }

    func testFilesLoadAndUnknownSynsetsAreDropped() throws {
        let lexicon = try lexicon()
        XCTAssertEqual(lexicon.termCount, 11)   // "puppy" points at no known synset
        XCTAssertEqual(lexicon.languages, ["en", "de", "ja", "fr", "ar", "el"])
        XCTAssertNil(lexicon.senses(of: "puppy", language: "en"))
    }

    func testWordsInASentenceAndLongestMatchFirst() throws {
        let lexicon = try lexicon()
        XCTAssertEqual(lexicon.match("ein hund.", language: "de").terms, ["hund"])
        XCTAssertEqual(lexicon.match("a hot dog, please", language: "en").terms, ["hot dog"])
        XCTAssertEqual(lexicon.match("a hot dog, please", language: "en").classWeights, [9: 1])
        XCTAssertEqual(lexicon.match("the dogs", language: "en").terms, ["dog"], "plural falls back to the singular")
        XCTAssertTrue(lexicon.match("ein auto", language: "de").isEmpty)
    }

    func testArabicWordsMatchWithoutTheirArticleAndVowelMarks() throws {
        let lexicon = try lexicon()
        XCTAssertEqual(lexicon.match("القطة", language: "ar").terms, ["قطة"], "al- taken off")
        XCTAssertEqual(lexicon.match("قِطّة", language: "ar").terms, ["قطة"], "vowel marks taken off")
        XCTAssertEqual(lexicon.match("القِطّة.", language: "ar").terms, ["قطة"], "both")
        XCTAssertTrue(lexicon.match("القطة", language: "fa").isEmpty, "only for Arabic")
        XCTAssertEqual(ConceptLexicon.arabicBareForms("ال"), [], "nothing is left of a bare article")
    }

    func testGreekFinalSigmaMatchesTheCaseFoldedTerm() throws {
        // The normaliser keeps "ς" at a word's end; the lexicon's case-folded terms write "σ".
        let lexicon = try lexicon()
        XCTAssertEqual(lexicon.match("ένας σκύλος.", language: "el").terms, ["σκύλοσ"])
        XCTAssertEqual(lexicon.match("σκύλοσ", language: "el").terms, ["σκύλοσ"])
        XCTAssertEqual(ConceptLexicon.foldingFinalSigma("dog"), "dog")
    }

    func testSensesAddUpPerClassAndTermsAverage() throws {
        let lexicon = try lexicon()
        let dog = lexicon.match("dog", language: "en").classWeights
        XCTAssertEqual(dog[1]!, 0.9, accuracy: 1e-6)
        XCTAssertEqual(dog[9]!, 0.1, accuracy: 1e-6)
        let both = lexicon.match("dog cat", language: "en").classWeights
        XCTAssertEqual(both[1]!, 0.45, accuracy: 1e-6)
        XCTAssertEqual(both[4]!, 0.5, accuracy: 1e-6)
        XCTAssertEqual(lexicon.match("animal", language: "en").classWeights.count, 5)
    }

    func testUnspacedScriptsMatchInsideTheText() throws {
        let lexicon = try lexicon()
        XCTAssertEqual(lexicon.match("かわいい子犬です。", language: "ja").terms, ["子犬"])
        XCTAssertEqual(lexicon.match("一只犬", language: "ja").terms, ["犬"])
    }

    func testALanguageUsesItsOwnWordsAndOtherwiseAll() throws {
        let lexicon = try lexicon()
        // German "die" is an article here, but it is a German entry (cat) in this toy lexicon;
        // English text does not see it.
        XCTAssertTrue(lexicon.match("die", language: "en").isEmpty)
        XCTAssertEqual(lexicon.match("die katze", language: "de").terms, ["die"])
        XCTAssertEqual(lexicon.match("chat", language: nil).terms, ["chat"], "no language: every language")
        XCTAssertEqual(lexicon.match("chat", language: "fr-CA").terms, ["chat"], "regional tags use the primary language")
        XCTAssertEqual(lexicon.match("hund", language: "oc").terms, ["hund"], "a language without words: every language")
    }

    func testBorrowingTriesEveryLanguagesLongerTermsWhenNoWordIsTheLanguagesOwn() throws {
        let lexicon = try lexicon()
        XCTAssertTrue(lexicon.match("eine chat", language: "de").isEmpty, "not without borrowing")
        // No German term here (German has "hund" and "die" only).
        XCTAssertEqual(lexicon.match("eine chat", language: "de", borrowing: true).terms, ["chat"], "French's")
        XCTAssertEqual(lexicon.match("ein animal", language: "de", borrowing: true).classWeights.count, 5)
        // A German word matched: nothing is borrowed ("cat" is English, "die" German).
        XCTAssertEqual(lexicon.match("die chat", language: "de", borrowing: true).terms, ["die"])
        // Terms shorter than four characters are not borrowed: mostly function words elsewhere.
        XCTAssertTrue(lexicon.match("ein cat", language: "de", borrowing: true).isEmpty)
        XCTAssertTrue(lexicon.match("die", language: "en", borrowing: true).isEmpty)
        XCTAssertTrue(lexicon.match("ein 子犬", language: "de", borrowing: true).isEmpty, "two characters: not borrowed")
    }

    func testASortedLexiconIsSearchedInPlace() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lexicon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let classes = folder.appendingPathComponent("classes.tsv"), terms = folder.appendingPathComponent("lexicon.tsv")
        try "02084071\t1,2,3\n07707451\t7\n".write(to: classes, atomically: true, encoding: .utf8)
        try "\(SortedTermFile.signature)\n# languages: de en\nen\tdog\t02084071:1\nde\thund\t02084071:1\nen\tpumpkin\t07707451:0.5\n"
            .write(to: terms, atomically: true, encoding: .utf8)
        let lexicon = try ConceptLexicon(lexicon: terms, classes: classes)
        XCTAssertEqual(lexicon.languages, ["de", "en"])
        XCTAssertEqual(lexicon.match("ein hund", language: "de").classWeights, [1: 1, 2: 1, 3: 1])
        XCTAssertEqual(lexicon.match("a pumpkin", language: "en").classWeights, [7: 0.5], "a kind's weight is kept")
        try "\(SortedTermFile.signature)\nen\tdog\t02084071:1\n".write(to: terms, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ConceptLexicon(lexicon: terms, classes: classes), "no languages line") { error in
            XCTAssertEqual(error as? ConceptBridgeError, .malformed(terms.path, line: 1))
        }
    }

    func testMalformedLinesNameTheFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lexicon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let classes = folder.appendingPathComponent("classes.tsv"), terms = folder.appendingPathComponent("lexicon.tsv")
        try "1\t1,2\n2\t1,2000\n".write(to: classes, atomically: true, encoding: .utf8)
        try "en\tdog\t1:1\n".write(to: terms, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ConceptLexicon(lexicon: terms, classes: classes)) { error in
            XCTAssertEqual(error as? ConceptBridgeError, .malformed(classes.path, line: 2))
        }
        try "1\t1,2\n".write(to: classes, atomically: true, encoding: .utf8)
        try "en\tdog\t1:1\nen\tcat\t1:x\n".write(to: terms, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ConceptLexicon(lexicon: terms, classes: classes)) { error in
            XCTAssertEqual(error as? ConceptBridgeError, .malformed(terms.path, line: 2))
            XCTAssertTrue("\(error)".contains("build_lexicon.py"))
        }
        XCTAssertThrowsError(try ConceptLexicon(lexicon: folder.appendingPathComponent("none.tsv"), classes: classes)) { error in
            guard case .unreadable = error as? ConceptBridgeError else { return XCTFail("\(error)") }
        }
    }
}
