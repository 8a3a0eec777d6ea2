import Catalog
import ConceptBridge
import Foundation
import LitSearch
import Training
import VectorIndex
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

        try checkEnsembleAndBridge(model: model, encoder: encoder, matrix: matrix, directory: directory)

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

    /// Two copies of one tower score as the tower alone (their cosines are averaged), and the
    /// bridge's fused score is `(cos + w·p) / (1 + w)`: within [-1, 1], the bridged image first.
    func checkEnsembleAndBridge(model: TextImageModel, encoder: CaptionEncoder, matrix: EmbeddingMatrix,
                                directory: URL) throws {
        let single = ModelEmbedder(model: model, encoder: encoder)
        let pair = ModelEmbedder(model: model, encoder: encoder, companions: [CompanionTower(model: model, encoder: encoder)])
        XCTAssertEqual(pair.dimension, 2 * single.dimension)
        let text = "word3 en 0"
        func scores(_ embedder: ModelEmbedder, _ query: String) throws -> [Float] {
            let q = try embedder.embedTexts([query], language: "en")
            let images = embedder.embedImages(matrix.values)
            let e = embedder.dimension
            return (0..<matrix.count).map { row in (0..<e).reduce(Float(0)) { $0 + q[$1] * images[row * e + $1] } }
        }
        let alone = try scores(single, text)
        for (a, b) in zip(alone, try scores(pair, text)) { XCTAssertEqual(a, b, accuracy: 1e-5) }

        // A bridge whose class c is concept c's own feature; "word5" names class 5 only.
        let folder = directory.appendingPathComponent("bridge")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "5\t5\n".write(to: folder.appendingPathComponent("classes.tsv"), atomically: true, encoding: .utf8)
        try "en\tword5\t5:1\n".write(to: folder.appendingPathComponent("lexicon.tsv"), atomically: true, encoding: .utf8)
        let classifier = ClassProbabilities(weights: matrix.values, bias: [Float](repeating: 0, count: matrix.count), scale: 10)
        let bridge = try ConceptBridge(folder: folder, classifier: classifier, weight: 4)
        let bridged = ModelEmbedder(model: model, encoder: encoder, bridge: bridge)
        let fused = try scores(bridged, "word5 en 0")
        let cosines = try scores(single, "word5 en 0")
        let p = classifier.probabilities(matrix.values)
        for row in 0..<matrix.count {
            XCTAssertEqual(fused[row], (cosines[row] + 4 * p[row * matrix.count + 5]) / 5, accuracy: 1e-5)
            XCTAssertLessThanOrEqual(abs(fused[row]), 1)
        }
        XCTAssertEqual(fused.indices.max { fused[$0] < fused[$1] }, 5)
        // A text that reaches no class ranks as the tower alone, scaled by 1 / (1 + w).
        for (a, b) in zip(alone, try scores(bridged, text)) { XCTAssertEqual(a / 5, b, accuracy: 1e-5) }

        try checkPictures(model: model, encoder: encoder, matrix: matrix, bridge: bridge, directory: directory)

        // A large collection's joint index keeps the class block (and the padding after it) as a
        // sparse tail; a flat one codes the whole vector.
        let space = JointSpace(embedder: bridged, imageModelID: "fake-v1")
        let ivf = space.tuned(VectorIndexParameters(coarseLists: 1024))
        XCTAssertEqual(ivf.sparseDimensions, space.dimension - model.dimension)
        XCTAssertEqual(ivf.sparseEntries, JointSpace.classEntries)
        XCTAssertEqual(ivf.bytesPerVector, JointSpace.leadingBytes)
        XCTAssertEqual(ivf.rerankPerMillion, JointSpace.rerankPerMillion)
        XCTAssertFalse(ivf.rotation)
        XCTAssertEqual(space.tuned(VectorIndexParameters()).sparseDimensions, 0)
        XCTAssertEqual(JointSpace(embedder: single, imageModelID: "fake-v1").tuned(VectorIndexParameters(coarseLists: 1024)).sparseDimensions, 0,
                       "no bridge, no class block")
    }

    /// Pictures: "word3" names one picture, concept 9's own feature. The tower's text embedding
    /// moves by `w · |t|` times that picture through the image head, so with `w = 8` concept 9
    /// ranks first; the class block and texts that name no picture are unchanged.
    func checkPictures(model: TextImageModel, encoder: CaptionEncoder, matrix: EmbeddingMatrix, bridge: ConceptBridge,
                       directory: URL) throws {
        let d = matrix.dimension, e = model.dimension
        var prototype = Array(matrix.values[(9 * d)..<(10 * d)])
        let norm = prototype.reduce(0) { $0 + $1 * $1 }.squareRoot()
        prototype = prototype.map { $0 / norm }
        let centre = (0..<d).map { j in (0..<matrix.count).reduce(Float(0)) { $0 + matrix.values[$1 * d + j] } / Float(matrix.count) }
        let url = directory.appendingPathComponent("pictures.tsv")
        try "# litsearch lexicon sorted by term\n# languages: en\nen\tword3\t0:1\n".write(to: url, atomically: true, encoding: .utf8)
        var pictured = bridge
        pictured.pictures = try PictureBridge(lexicon: ConceptLexicon(sortedLexicon: url, targets: 1), prototypes: prototype.map { Float16($0) }, centre: centre, weight: 8)
        let plain = ModelEmbedder(model: model, encoder: encoder, bridge: bridge)
        let moved = ModelEmbedder(model: model, encoder: encoder, bridge: pictured)

        let before = try plain.embedTexts(["word3 en 0"], language: "en"), after = try moved.embedTexts(["word3 en 0"], language: "en")
        let scale = 1 + bridge.weight
        let tower = before[0..<e].map { $0 * scale }
        let length = tower.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let head = model.embedImages(prototype.map { Float(Float16($0)) }, centre: centre)
        for j in 0..<e { XCTAssertEqual(after[j], (tower[j] + 8 * length * head[j]) / scale, accuracy: 1e-5) }
        XCTAssertEqual(Array(after[e...]), Array(before[e...]), "the class block does not move")
        XCTAssertEqual(try moved.embedTexts(["word5 en 0"], language: "en"), try plain.embedTexts(["word5 en 0"], language: "en"))

        let images = moved.embedImages(matrix.values)
        let ranked = (0..<matrix.count).map { row in (0..<moved.dimension).reduce(Float(0)) { $0 + after[$1] * images[row * moved.dimension + $1] } }
        XCTAssertEqual(ranked.indices.max { ranked[$0] < ranked[$1] }, 9)
        let unmoved = try scores(plain, "word3 en 0", matrix)
        XCTAssertNotEqual(unmoved.indices.max { unmoved[$0] < unmoved[$1] }, 9, "without the picture, concept 9 is not first")
    }

    private func scores(_ embedder: ModelEmbedder, _ query: String, _ matrix: EmbeddingMatrix) throws -> [Float] {
        let q = try embedder.embedTexts([query], language: "en")
        let images = embedder.embedImages(matrix.values)
        let e = embedder.dimension
        return (0..<matrix.count).map { row in (0..<e).reduce(Float(0)) { $0 + q[$1] * images[row * e + $1] } }
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
