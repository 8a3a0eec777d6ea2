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
}
