import Foundation
import XCTest
@testable import LitSearch
import VectorIndex

/// Recall, chance and classification on sets small enough to check by hand.
final class EvaluatorTests: XCTestCase {
    func testRecallChanceAndClassificationByHand() throws {
        let set = EvaluatorTests.handSet()
        let report = try Evaluator(embedder: set.embedder, ks: [1, 2]).run(entries: set.entries, features: set.features,
                                                                           model: .init(imageTower: "i", textTower: "t", tokenizer: "k"))
        // en text→image: "a" finds A first (score 1 vs 0); "b" scores A 1, B 0 → B at rank 2.
        let en = try XCTUnwrap(report.textToImage["en"])
        XCTAssertEqual(en.queries, 2)
        XCTAssertEqual(en.recall[1], 0.5)
        XCTAssertEqual(en.recall[2], 1)
        XCTAssertEqual(en.chance[1], 0.5)
        XCTAssertEqual(en.chance[2], 1)
        // de: one caption, x → B first.
        XCTAssertEqual(report.textToImage["de"]?.recall[1], 1)
        XCTAssertEqual(report.textToImage["de"]?.queries, 1)
        // en image→text: A scores a = b = 1 → its caption a (row 0) wins the tie; B scores 0, 0 → b (row 1) loses it.
        XCTAssertEqual(report.imageToText["en"]?.recall[1], 0.5)
        XCTAssertEqual(report.imageToText["en"]?.queries, 2)
        XCTAssertEqual(report.imageToText["de"]?.queries, 1)
        XCTAssertEqual(report.imageToText["de"]?.recall[1], 1)
        // Classes "cat a", "cat b" both (1,0): A picks cat a (tie, lower index), B gets cat b second.
        let classes = try XCTUnwrap(report.classification["und"])
        XCTAssertEqual(classes.images, 2)
        XCTAssertEqual(classes.classes, 2)
        XCTAssertEqual(classes.top1, 0.5)
        XCTAssertEqual(classes.top5, 1)
        XCTAssertEqual(report.meanTextToImageRecall(at: 1), 0.75)
        // One failure ("b") and one success per language at most, failures first.
        let english = report.samples.filter { $0.language == "en" }
        XCTAssertEqual(english.map(\.query), ["b", "a"])
        XCTAssertEqual(english.first?.rank, 1)
        XCTAssertEqual(english.first?.hits.map(\.correct), [false, true])
    }

    func testLanguageFilterAndUnknownLanguages() throws {
        let set = EvaluatorTests.handSet()
        var evaluator = Evaluator(embedder: set.embedder, ks: [1])
        evaluator.languages = ["de", "fr"]
        let report = try evaluator.run(entries: set.entries, features: set.features, model: .init(imageTower: "", textTower: "", tokenizer: ""))
        XCTAssertEqual(report.languages, ["de"])
        evaluator.languages = ["fr"]
        XCTAssertThrowsError(try evaluator.run(entries: set.entries, features: set.features, model: .init(imageTower: "", textTower: "", tokenizer: ""))) {
            XCTAssertTrue("\($0)".contains("none of the requested languages"), "\($0)")
        }
    }

    func testChanceForSeveralRightAnswers() {
        // 2 right among 4, one pick: 1/2; two picks: 1 − (2/4 · 1/3) = 5/6.
        XCTAssertEqual(Ranking.chance(right: 2, total: 4, k: 1), 0.5, accuracy: 1e-12)
        XCTAssertEqual(Ranking.chance(right: 2, total: 4, k: 2), 5.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(Ranking.chance(right: 1, total: 4, k: 10), 1)
    }

    /// 300 random images: the PQ index is built in the joint space and recall is reported next to the exact scan.
    func testApproximateIndexSideBySide() throws {
        var generator = SystemRandomNumberGenerator()
        let (n, d) = (300, 16)
        var features: [Float] = [], entries: [ManifestEntry] = [], texts: [String: [Float]] = [:]
        for i in 0..<n {
            var v = (0..<d).map { _ in Float.random(in: -1...1, using: &generator) }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            v = v.map { $0 / norm }
            features += v
            texts["q\(i)"] = v
            entries.append(ManifestEntry(line: i + 1, id: "i\(i)", image: "\(i).png", imagePath: "/\(i).png", captions: ["en": ["q\(i)"]]))
        }
        var evaluator = Evaluator(embedder: HandEmbedder(dimension: d, texts: texts), ks: [1, 10])
        evaluator.approximate = { joint, dimension in
            try IndexRanker.build(vectors: joint, dimension: dimension,
                                  parameters: VectorIndexParameters(bytesPerVector: 5, rerankCandidates: 20, exactThreshold: 256, kmeansIterations: 4, rotationIterations: 1))
        }
        let report = try evaluator.run(entries: entries, features: features, model: .init(imageTower: "", textTower: "", tokenizer: ""))
        XCTAssertEqual(report.textToImage["en"]?.recall[1], 1)
        XCTAssertNotNil(report.indexKind)
        let approximate = try XCTUnwrap(report.textToImageIndex["en"]?.recall[10])
        XCTAssertGreaterThan(approximate, 0.9)
        XCTAssertNotNil(report.json.rendered().range(of: "\"mean_text_to_image_index_recall@10\""))
    }
}

extension EvaluatorTests {
    /// Images A = (1,0), B = (0,1). English captions "a" and "b" both embed to (1,0);
    /// German "x" embeds to (0,1) and belongs to B.
    static func handSet() -> (entries: [ManifestEntry], features: [Float], embedder: HandEmbedder) {
        let entries = [
            ManifestEntry(line: 1, id: "A", image: "a.png", imagePath: "/a.png", captions: ["en": ["a"]], labels: ["und": ["cat a"]]),
            ManifestEntry(line: 3, id: "B", image: "b.png", imagePath: "/b.png", captions: ["en": ["b"], "de": ["x"]], labels: ["und": ["cat b"]]),
        ]
        let embedder = HandEmbedder(dimension: 2, texts: ["a": [1, 0], "b": [1, 0], "x": [0, 1], "cat a": [1, 0], "cat b": [1, 0]])
        return (entries, [1, 0, 0, 1], embedder)
    }
}
