import Catalog
import Foundation
import LitSearch
import Training
import XCTest

/// Train → checkpoint → text search and zero-shot classification, on a toy set with a fake tower.
final class RoundTripTests: XCTestCase {
    func config(_ directory: URL, steps: Int = 150) -> TrainConfig {
        let file = """
        {"data": "\(directory.path)", "output": "\(directory.appendingPathComponent("run").path)", "steps": \(steps), "batch": 8,
         "tower": {"kind": "bagOfSubwords", "dimension": 32, "maxLength": 8, "outputDimension": 32},
         "options": {"peakLearningRate": 0.02, "warmupSteps": 5, "threads": 2, "seed": 4},
         "evalEvery": 50, "checkpointEvery": 50}
        """
        let url = directory.appendingPathComponent("config.json")
        try! file.write(to: url, atomically: true, encoding: .utf8)
        return try! TrainConfig.read(url, vocabularySize: 32_000)
    }

    func testTrainedModelFindsTheRightPictureAndClassifies() throws {
        let directory = try SyntheticPairs.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pairs = try SyntheticPairs.pairs(concepts: 12, languages: [("en", 2), ("de", 1)], in: directory)
        try SyntheticPairs.write(pairs, to: directory.appendingPathComponent("pairs.jsonl"))
        try SyntheticPairs.write(Array(pairs.prefix(6)), to: directory.appendingPathComponent("heldout_pairs.jsonl"))
        let embedder = FakeEmbedder()
        let encoder = try CaptionEncoder(modelAt: SyntheticPairs.tokenizerModel, maxLength: 8)
        let run = TrainingRun(config: config(directory), encoder: encoder, embedder: embedder)
        var evaluations = 0
        XCTAssertEqual(try run.run(resume: false) { if case .evaluated = $0 { evaluations += 1 } }, 150)
        XCTAssertEqual(evaluations, 3)

        let rows = MetricsLog.read(directory.appendingPathComponent("run/metrics.csv"))
        XCTAssertEqual(rows.map(\.step), Array(1...150))
        XCTAssertLessThan(rows.last!.loss, rows.first!.loss)
        XCTAssertNotNil(rows.last!.recallAt1)
        for plot in ["loss.svg", "temperature.svg", "recall.svg"] {
            let svg = try String(contentsOf: directory.appendingPathComponent("run/\(plot)"), encoding: .utf8)
            XCTAssertTrue(svg.hasPrefix("<svg") && svg.contains("<polyline") && svg.hasSuffix("</svg>\n"), plot)
        }

        // Query through the checkpoint: every concept's own picture ranks first.
        let model = try TextImageModel(checkpoint: run.checkpointURL, expecting: run.identity)
        let cache = ImageEmbeddingCache.load(from: directory.appendingPathComponent("image-embeddings.litcache"),
                                             modelID: embedder.modelID, dimension: embedder.dimension)
        let paths = (0..<12).map { "images/c\($0).bin" }
        let values = paths.flatMap { Array(cache.embedding(cache.row(path: $0)!)) }
        let matrix = EmbeddingMatrix(dimension: embedder.dimension, ids: (0..<12).map(Int64.init), paths: paths, values: values)
        let search = TextSearch(model: model, encoder: encoder)
        for concept in [0, 5, 11] {
            let hits = try search.nearest(to: "word\(concept) en 0", language: "en", in: matrix, k: 3)
            XCTAssertEqual(hits.first?.path, "images/c\(concept).bin")
        }

        let labels = ["word2 de 0", "word7 de 0", "word9 de 0"]
        let scores = try ZeroShotClassifier(model: model, encoder: encoder)
            .classify(features: Array(values[(7 * 32)..<(9 * 32)]), labels: labels, language: "de")
        XCTAssertEqual(scores.count, 2)
        for image in scores {
            XCTAssertEqual(image.count, 3)
            XCTAssertEqual(image.map(\.probability).reduce(0, +), 1, accuracy: 1e-5)
            XCTAssertEqual(Set(image.map(\.label)), Set(labels))
        }
        XCTAssertEqual(scores[0].first?.label, "word7 de 0")

        // A checkpoint from another image model is refused clearly.
        XCTAssertThrowsError(try TextImageModel(checkpoint: run.checkpointURL,
                                                expecting: CheckpointIdentity(tokenizerHash: encoder.modelHash, imageModelID: "other"))) {
            XCTAssertEqual($0 as? CheckpointError, .imageModelMismatch(expected: "other", found: "fake-v1"))
        }
        // Training again into the same output without --resume is refused; with it, nothing is left to do.
        XCTAssertThrowsError(try run.run(resume: false))
        XCTAssertEqual(try run.run(resume: true), 150)
        XCTAssertThrowsError(try TrainingRun(config: config(directory, steps: 200), encoder: encoder, embedder: embedder)
            .run(resume: true), "a resumed run must use the config it started with")
    }

    func testConfigErrorsNameTheProblem() throws {
        let directory = try SyntheticPairs.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("bad.json")
        try #"{"output": "x"}"#.write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TrainConfig.read(url)) { XCTAssertTrue("\($0)".contains("\"data\""), "\($0)") }
        try #"{"data": "d", "output": "x", "batch": 1}"#.write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TrainConfig.read(url)) { XCTAssertTrue("\($0)".contains("batch"), "\($0)") }
        try #"{"data": "d", "output": "x", "sourceShares": {"imagenet": 0.7, "flag": 0.5}}"#.write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TrainConfig.read(url)) { XCTAssertTrue("\($0)".contains("sourceShares"), "\($0)") }
        try #"{"data": "d", "output": "x", "prototypes": "pixels"}"#.write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TrainConfig.read(url)) { XCTAssertTrue("\($0)".contains("prototypes"), "\($0)") }
    }

    func testPhotoTransferKeysAreReadWithTheirDefaults() throws {
        let directory = try SyntheticPairs.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("c.json")
        try #"{"data": "d", "output": "x"}"#.write(to: url, atomically: true, encoding: .utf8)
        let plain = try TrainConfig.read(url)
        XCTAssertEqual(plain.prototypes, .classFeatures)
        XCTAssertEqual(plain.imageHead, .random)
        XCTAssertFalse(plain.alignPictures)
        XCTAssertNil(plain.sourceShares)
        XCTAssertNil(plain.sources)
        try #"{"data": "d", "output": "x", "prototypes": "rows", "imageHead": "locked", "alignPictures": true, "sourceShares": {"imagenet": 0.4}, "sources": ["flag", "imagenet"]}"#
            .write(to: url, atomically: true, encoding: .utf8)
        let tuned = try TrainConfig.read(url)
        XCTAssertEqual(tuned.prototypes, .classifierRows)
        XCTAssertEqual(tuned.imageHead, .locked)
        XCTAssertTrue(tuned.alignPictures)
        XCTAssertEqual(tuned.sourceShares, ["imagenet": 0.4])
        XCTAssertEqual(tuned.sources, ["flag", "imagenet"])
    }
}
