import Foundation
import LitSearch
import SeededRandom
import TextTower
import XCTest

/// The pair batch source: one pair per concept per batch, languages drawn by temperature, deterministic by seed.
final class BatchSourceTests: XCTestCase {
    func makeSource(alpha: Double, batch: Int = 16, strata: [(pairs: [Int], share: Double)] = []) throws -> PairBatchSource {
        let directory = try SyntheticPairs.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // en has 16× the captions of sw, de 4×: counts 64·16, 64·4, 64·1.
        let pairs = try SyntheticPairs.pairs(concepts: 64, languages: [("en", 16), ("de", 4), ("sw", 1)], in: directory)
        let embedder = FakeEmbedder()
        let refresh = try ImageEmbeddingCache.refresh(at: directory.appendingPathComponent("cache"), directory: directory,
                                                      paths: pairs.compactMap(\.image), embedder: embedder)
        let encoder = try CaptionEncoder(modelAt: SyntheticPairs.tokenizerModel, maxLength: 8)
        let data = try PairDataset(pairs: pairs, encoder: encoder, cache: refresh.cache, prototypes: [])
        return try PairBatchSource(data: data, batchSize: batch, languageAlpha: alpha, strata: strata)
    }

    func testAStratumFillsItsShareOfTheRowsHoweverSmallItIs() throws {
        // The sw pairs are 64 of 1,344; given a 40% share they fill about 40% of the rows.
        let all = try makeSource(alpha: 0.3, batch: 1)
        let sw = Int32(all.data.languages.firstIndex(of: "sw")!)
        let swPairs = all.data.languageIDs.indices.filter { all.data.languageIDs[$0] == sw }
        let source = try makeSource(alpha: 0.3, batch: 1, strata: [(pairs: swPairs, share: 0.4)])
        var random = SeededGenerator(seed: 5)
        let draws = 20_000
        var hits = 0
        for _ in 0..<draws where source.data.languageIDs[source.drawPairs(&random)[0]] == sw { hits += 1 }
        XCTAssertEqual(Double(hits) / Double(draws), 0.4, accuracy: 0.015)
        XCTAssertThrowsError(try makeSource(alpha: 0.3, batch: 1, strata: [(pairs: swPairs, share: 0.7), (pairs: [0, 1], share: 0.5)]))
    }

    func testNoConceptTwiceInABatchAndRowsMatchTheirPairs() throws {
        var source = try makeSource(alpha: 0.3, batch: 48)
        var random = SeededGenerator(seed: 3)
        for step in 0..<50 {
            let batch = try source.batch(step: step, random: &random)
            XCTAssertEqual(batch.count, 48)
            XCTAssertEqual(Set(batch.concepts).count, 48, "a concept appears twice in batch \(step)")
            XCTAssertEqual(batch.imageFeatures.count, 48 * source.data.dimension)
            XCTAssertTrue(batch.lengths.allSatisfy { $0 >= 1 && $0 <= 8 })
            // Same concept → same picture feature here (one picture per concept).
            for row in 0..<batch.count {
                let first = batch.imageFeatures[row * source.data.dimension]
                let reference = source.data.features[batch.concepts[row] * source.data.dimension]
                XCTAssertEqual(first, reference)
            }
        }
    }

    func testBatchAsLargeAsTheConceptCountStillHasDistinctConcepts() throws {
        var source = try makeSource(alpha: 0.3, batch: 64)
        var random = SeededGenerator(seed: 1)
        XCTAssertEqual(Set(try source.batch(step: 0, random: &random).concepts).count, 64)
        XCTAssertThrowsError(try makeSource(alpha: 0.3, batch: 65))
    }

    func testLanguagesFollowTheTemperature() throws {
        let source = try makeSource(alpha: 0.3, batch: 1)
        let counts: [Double] = [64 * 16, 64 * 4, 64]
        let weights = counts.map { pow($0, 0.3) }
        let expected = weights.map { $0 / weights.reduce(0, +) }
        for (tag, p) in zip(["en", "de", "sw"], expected) {
            XCTAssertEqual(source.sampler.probabilities[source.data.languages.firstIndex(of: tag)!], p, accuracy: 1e-9)
        }
        var random = SeededGenerator(seed: 9)
        var drawn = [Int](repeating: 0, count: 3)
        let draws = 20_000
        for _ in 0..<draws { drawn[Int(source.data.languageIDs[source.drawPairs(&random)[0]])] += 1 }
        for (tag, p) in zip(["en", "de", "sw"], expected) {
            let observed = Double(drawn[source.data.languages.firstIndex(of: tag)!]) / Double(draws)
            XCTAssertEqual(observed, p, accuracy: 0.015, "language \(tag)")
        }
        // α = 0.3 lifts the small language well above its 1/21 share of the pairs.
        XCTAssertGreaterThan(expected[2], 2 * (64.0 / (64 * 21)))
    }

    func testSameSeedSameBatches() throws {
        var a = try makeSource(alpha: 0.3), b = try makeSource(alpha: 0.3)
        var ra = SeededGenerator(seed: 5), rb = SeededGenerator(seed: 5)
        for step in 0..<5 {
            let x = try a.batch(step: step, random: &ra), y = try b.batch(step: step, random: &rb)
            XCTAssertEqual(x.tokenIDs, y.tokenIDs)
            XCTAssertEqual(x.concepts, y.concepts)
        }
    }
}
