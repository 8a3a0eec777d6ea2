import Foundation
import XCTest
@testable import ConceptBridge

/// Class probabilities from unit features, and the bridge's vectors whose dot product is its score.
final class ConceptBridgeTests: XCTestCase {
    /// Three classes over 2-d features: class c's row points along angle c · 120°.
    private let classifier = ClassProbabilities(
        weights: [1, 0, -0.5, 0.866, -0.5, -0.866], bias: [0, 0, 0.5], scale: 10)

    func testProbabilitiesAreASoftmaxOfTheScaledLogits() {
        let p = classifier.probabilities([1, 0, 0, 1])
        XCTAssertEqual(p.count, 6)
        XCTAssertEqual(p[0..<3].reduce(0, +), 1, accuracy: 1e-5)
        XCTAssertEqual(p[3..<6].reduce(0, +), 1, accuracy: 1e-5)
        // Row 0 by hand: logits 10, -5, -4.5.
        let logits: [Float] = [10, -5, -4.5]
        let total = logits.map { exp($0) }.reduce(0, +)
        for c in 0..<3 { XCTAssertEqual(p[c], exp(logits[c]) / total, accuracy: 1e-6) }
        XCTAssertGreaterThan(p[4], p[3], "feature (0, 1) is nearest class 1's row")
        XCTAssertTrue(classifier.probabilities([]).isEmpty)
    }

    func testTextVectorTimesImageVectorIsWeightTimesProbability() throws {
        let lexicon = ConceptLexicon(terms: ["dog": ["en": [.init(synset: 7, weight: 1)]]],
                                     synsetClasses: [7: [0, 2]], languages: ["en"], longestTerm: 1)
        let bridge = ConceptBridge(lexicon: lexicon, classifier: classifier, weight: 0.5)
        XCTAssertEqual(bridge.dimension, 3)
        let text = bridge.textVector(normalized: "a dog", language: "en")
        XCTAssertEqual(text, [0.5, 0, 0.5])
        XCTAssertEqual(bridge.textVector(normalized: "a cat", language: "en"), [0, 0, 0])
        let images = bridge.imageVectors([1, 0])
        let score = zip(text, images).map(*).reduce(0, +)
        XCTAssertEqual(score, 0.5 * (images[0] + images[2]), accuracy: 1e-6)
    }

    func testBothLexiconsBorrowOnlyWhenNeitherKnowsAWordOfTheQuerysLanguage() throws {
        // Classes: "coral" (English) names a picture only; Spanish "coral" (a choir) reaches class 1.
        let classes = ConceptLexicon(terms: ["frosch": ["de": [.init(synset: 7, weight: 1)]],
                                             "coral": ["es": [.init(synset: 8, weight: 1)]],
                                             "perro": ["es": [.init(synset: 9, weight: 1)]]],
                                     synsetClasses: [7: [0], 8: [1], 9: [2]], languages: ["de", "en", "es", "oc"], longestTerm: 1)
        let names = ConceptLexicon(terms: ["coral": ["en": [.init(synset: 0, weight: 1)]],
                                           "granhòta": ["oc": [.init(synset: 1, weight: 1)]],
                                           "frosch": ["de": [.init(synset: 1, weight: 1)]]],
                                   synsetClasses: [0: [0], 1: [1]], languages: ["en", "oc", "de"], longestTerm: 1)
        var bridge = ConceptBridge(lexicon: classes, classifier: classifier, weight: 1)
        bridge.pictures = try PictureBridge(lexicon: names, prototypes: [1, 0, 0, 1] as [Float16], centre: [0, 0])

        XCTAssertFalse(bridge.borrows(normalized: "coral", language: "en"), "the pictures know English \"coral\"")
        XCTAssertEqual(bridge.textVector(normalized: "coral", language: "en", borrowing: false), [0, 0, 0])
        XCTAssertTrue(bridge.borrows(normalized: "un frosch", language: "oc"), "no Occitan word in either")
        XCTAssertEqual(bridge.textVector(normalized: "un frosch", language: "oc", borrowing: true), [1, 0, 0])
        XCTAssertEqual(bridge.pictures?.pull(normalized: "un frosch", language: "oc", borrowing: true)?.target, [0, 1])
        XCTAssertFalse(bridge.borrows(normalized: "una granhòta", language: "oc"))
        XCTAssertFalse(bridge.borrows(normalized: "perro", language: nil), "without a language every language counts already")
    }
}

/// The picture bridge's target: the unit-length mean of the prototypes a query's words name.
final class PictureBridgeTests: XCTestCase {
    private func bridge() throws -> PictureBridge {
        let lexicon = ConceptLexicon(terms: ["frosch": ["de": [.init(synset: 0, weight: 1)]],
                                             "kröte": ["de": [.init(synset: 1, weight: 1)]],
                                             "lurch": ["de": [.init(synset: 0, weight: 0.5), .init(synset: 1, weight: 0.5)]],
                                             "unke": ["de": [.init(synset: 1, weight: 0.5)]]],
                                     synsetClasses: [0: [0], 1: [1]], languages: ["de"], longestTerm: 1)
        return try PictureBridge(lexicon: lexicon, prototypes: [1, 0, 0, 0, 1, 0] as [Float16], centre: [0.1, 0.1, 0.1])
    }

    func testAQueryNamingAPictureTargetsItsPrototype() throws {
        let pictures = try bridge()
        XCTAssertEqual(pictures.count, 2)
        XCTAssertEqual(pictures.target(normalized: "ein frosch.", language: "de"), [1, 0, 0])
        XCTAssertNil(pictures.target(normalized: "ein hund", language: "de"))
        let half = Float(0.5).squareRoot()
        for query in ["lurch", "frosch und kröte"] {
            let target = try XCTUnwrap(pictures.target(normalized: query, language: "de"))
            for (a, b) in zip(target, [half, half, 0]) { XCTAssertEqual(a, b, accuracy: 1e-6, query) }
        }
    }

    func testAKindPullsWithItsLexiconWeight() throws {
        let pictures = try bridge()
        XCTAssertEqual(pictures.pull(normalized: "frosch", language: "de")?.strength, 1)
        XCTAssertEqual(pictures.pull(normalized: "lurch", language: "de")?.strength, 1)
        let kind = try XCTUnwrap(pictures.pull(normalized: "eine unke", language: "de"))
        XCTAssertEqual(kind.target, [0, 1, 0])
        XCTAssertEqual(kind.strength, 0.5)
        XCTAssertEqual(pictures.pull(normalized: "frosch und unke", language: "de")?.strength, 0.75)
        XCTAssertNil(pictures.pull(normalized: "ein hund", language: "de"))
    }

    func testPrototypesMustBeRowsOfTheCentresWidth() throws {
        let lexicon = ConceptLexicon(terms: [:], synsetClasses: [:], languages: [], longestTerm: 1)
        XCTAssertThrowsError(try PictureBridge(lexicon: lexicon, prototypes: [1, 0, 0, 1] as [Float16], centre: [0, 0, 0])) {
            XCTAssertTrue("\($0)".contains("not rows of 3"), "\($0)")
        }
    }

    func testTheSortedLexiconNamesPrototypeRows() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pictures-\(UUID().uuidString).tsv")
        defer { try? FileManager.default.removeItem(at: url) }
        try "\(SortedTermFile.signature)\n# languages: de en\nen\tfrog\t1:0.5,0:0.5\nde\tfrosch\t1:1\nde\tkröte\t7:1\n"
            .write(to: url, atomically: true, encoding: .utf8)
        let lexicon = try ConceptLexicon(sortedLexicon: url, targets: 2)
        XCTAssertEqual(lexicon.languages, ["de", "en"])
        XCTAssertEqual(lexicon.match("ein frosch", language: "de").classWeights, [1: 1])
        XCTAssertEqual(lexicon.match("a frog", language: "en").classWeights, [0: 0.5, 1: 0.5])
        XCTAssertTrue(lexicon.match("kröte", language: "de").classWeights.isEmpty, "row 7 is past the 2 prototypes")
        XCTAssertEqual(lexicon.termCount, 3)

        try "de\tfrosch\t1:1\n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ConceptLexicon(sortedLexicon: url, targets: 2)) {
            XCTAssertEqual($0 as? ConceptBridgeError, .malformed(url.path, line: 1))
        }
    }

    /// Bisecting the file's bytes finds every term of a large sorted file, in every language, and
    /// nothing that is not there; a malformed line is skipped.
    func testBisectionFindsEveryTermAndNothingElse() throws {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("abcdeéfgxyzä ")
        var terms = Set<String>()
        while terms.count < 600 {
            let word = String((0..<Int.random(in: 1...9, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
                .trimmingCharacters(in: .whitespaces)
            if !word.isEmpty, !word.contains("  ") { terms.insert(word) }
        }
        let sorted = terms.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var lines = [SortedTermFile.signature, "# languages: de en"]
        for (row, term) in sorted.enumerated() {
            lines.append("de\t\(term)\t\(row):1")
            if row % 3 == 0 { lines.append("en\t\(term)\t\(row + 1):0.5,\(row):0.5") }
            if row == 100 { lines.append("xx\t\(term)\tbroken") }
        }
        let file = try SortedTermFile(text: Data((lines.joined(separator: "\n") + "\n").utf8), path: "memory")
        for (row, term) in sorted.enumerated() {
            let found = try XCTUnwrap(file.senses(ofTerm: Array(term.utf8)), term)
            XCTAssertEqual(found["de"], [.init(synset: row, weight: 1)], term)
            XCTAssertEqual(found.count, row % 3 == 0 ? 2 : 1, term)
        }
        for absent in ["", "zzzzzzzzzz", "0", "ab\u{0}"] where !terms.contains(absent) {
            XCTAssertNil(file.senses(ofTerm: Array(absent.utf8)), absent)
        }
        XCTAssertEqual(file.termCount, sorted.count)
    }
}
