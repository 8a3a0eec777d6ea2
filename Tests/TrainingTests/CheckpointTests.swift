import Foundation
import XCTest
import TextTower
@testable import Training

/// Checkpoint format, identity checks, and bit-exact resumption.
final class CheckpointTests: XCTestCase {
    let identity = CheckpointIdentity(tokenizerHash: "sha256:abc", imageModelID: "efficientnet-lite0")
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("litsearch-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func makeTrainer(threads: Int = 2) throws -> (Trainer, ToyProblem) {
        let problem = ToyProblem(batchSize: 16)
        let options = TrainingOptions(batchSize: 16, totalSteps: 8, warmupSteps: 2, peakLearningRate: 3e-3, seed: 4, threads: threads)
        let trainer = try Trainer(textConfig: ToyTrainingTests.tinyConfig(vocabulary: problem.vocabularySize),
                                  imageDimension: problem.imageDimension, options: options, centre: problem.centre())
        return (trainer, problem)
    }

    func testResumeIsBitExact() throws {
        var (straight, problem) = try makeTrainer()
        try straight.train(steps: 8, source: &problem)

        var (first, secondProblem) = try makeTrainer()
        try first.train(steps: 4, source: &secondProblem)
        let url = directory.appendingPathComponent("run.ckpt")
        try first.save(to: url, identity: identity)
        first = try Trainer(resumingFrom: url, expecting: identity)
        XCTAssertEqual(first.step, 4)
        try first.train(steps: 4, source: &secondProblem)

        XCTAssertEqual(first.step, straight.step)
        XCTAssertEqual(first.parameters.array, straight.parameters.array)
        XCTAssertEqual(first.optimizer.firstMoment.array, straight.optimizer.firstMoment.array)
        XCTAssertEqual(first.optimizer.secondMoment.array, straight.optimizer.secondMoment.array)
        XCTAssertEqual(first.random, straight.random)
        // Only the checkpoint itself is left in the directory: no temporary files.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["run.ckpt"])
    }

    func testRoundTripAndHeader() throws {
        let (trainer, _) = try makeTrainer()
        let checkpoint = trainer.checkpoint(identity: identity)
        let decoded = try Checkpoint.decode(try checkpoint.encoded())
        XCTAssertEqual(decoded.header, checkpoint.header)
        XCTAssertEqual(decoded.parameters, checkpoint.parameters)
        XCTAssertEqual(decoded.centre, checkpoint.centre)
        XCTAssertEqual(decoded.header.textConfig, trainer.model.textTower.config)
    }

    func testAnExportKeepsTheModelAtHalfPrecisionAndCannotBeResumed() throws {
        var (trainer, problem) = try makeTrainer()
        try trainer.train(steps: 4, source: &problem)
        let full = trainer.checkpoint(identity: identity)
        let exported = full.exportedForInference()
        XCTAssertTrue(exported.isWeightsOnly)
        let bytes = try exported.encoded()
        XCTAssertLessThan(bytes.count, try full.encoded().count / 5)
        let decoded = try Checkpoint.decode(bytes)
        XCTAssertEqual(decoded.header, full.header)
        XCTAssertEqual(decoded.parameters, exported.parameters, "half-precision values survive a round trip exactly")
        for (a, b) in zip(decoded.parameters, full.parameters) { XCTAssertEqual(a, b, accuracy: max(1e-3, abs(b) * 1e-3)) }
        XCTAssertEqual(decoded.centre, full.centre)
        XCTAssertNil(decoded.header.textCentre, "no text centre unless one is set")
        XCTAssertFalse(String(decoding: bytes.prefix(4096), as: UTF8.self).contains("textCentre"), "older readers see the same header")
        var centred = exported
        centred.header.textCentre = (0..<full.header.textConfig.outputDimension).map { Float($0) / 8 - 0.5 }
        XCTAssertEqual(try Checkpoint.decode(try centred.encoded()).header.textCentre, centred.header.textCentre)
        let url = directory.appendingPathComponent("model.ckpt")
        try exported.write(to: url)
        XCTAssertThrowsError(try Trainer(resumingFrom: url, expecting: identity)) { error in
            XCTAssertTrue("\(error)".contains("exported model"), "\(error)")
        }
    }

    func testMismatchedTokenizerOrImageModelIsAClearError() throws {
        let (trainer, _) = try makeTrainer()
        let url = directory.appendingPathComponent("a.ckpt")
        try trainer.save(to: url, identity: identity)
        XCTAssertThrowsError(try Trainer(resumingFrom: url, expecting: CheckpointIdentity(tokenizerHash: "sha256:other", imageModelID: "efficientnet-lite0"))) {
            XCTAssertEqual($0 as? CheckpointError, .tokenizerMismatch(expected: "sha256:other", found: "sha256:abc"))
            XCTAssertTrue("\($0)".contains("tokenizer"))
        }
        XCTAssertThrowsError(try Checkpoint.read(from: url, expecting: CheckpointIdentity(tokenizerHash: "sha256:abc", imageModelID: "resnet"))) {
            XCTAssertEqual($0 as? CheckpointError, .imageModelMismatch(expected: "resnet", found: "efficientnet-lite0"))
        }
    }

    /// A crafted header (checksum recomputed) with sizes no tower can have is refused with an
    /// error, never a crash or an allocation of its size (issue 15, item 7: overflow traps and a
    /// billion-layer layout before).
    func testCraftedSizesAreRefused() throws {
        let (trainer, _) = try makeTrainer()
        let checkpoint = trainer.checkpoint(identity: identity)
        var crafted: [(String, (inout Checkpoint) -> Void)] = [
            ("dimension", { $0.header.textConfig.dimension = 1 << 40 }),
            ("vocabularySize", { $0.header.textConfig.vocabularySize = 1 << 62 }),
            ("layers", { $0.header.textConfig.layers = 1_000_000_000 }),
            ("outputDimension", { $0.header.textConfig.outputDimension = 1 << 62 }),
            ("maxLength", { $0.header.textConfig.maxLength = 1 << 40 }),
            ("mlpRatio", { $0.header.textConfig.mlpRatio = 1 << 40 }),
        ]
        crafted.append(("parameterCount", { $0.header.parameterCount = 1 << 62 }))
        crafted.append(("imageDimension", { $0.header.imageDimension = 1 << 62 }))
        for (field, craft) in crafted {
            var bad = checkpoint
            craft(&bad)
            do {
                let decoded = try Checkpoint.decode(try bad.encoded())
                XCTAssertThrowsError(try ContrastiveModel(textConfig: decoded.header.textConfig, imageDimension: decoded.header.imageDimension),
                                     field) { XCTAssertTrue("\($0)".contains(field), "\(field): \($0)") }
            } catch let error as CheckpointError {
                XCTAssertTrue(["parameterCount", "imageDimension"].contains(field), "\(field): \(error)")
                XCTAssertEqual(error, .corrupt("arrays do not fit the file"), field)
            }
        }
    }

    /// `readWeights` streams a file into the tower's buffer: the same numbers as `decode`, for an
    /// export (whose token embeddings stay float16 in a `HalfTable`, their float32 slice zeros) and
    /// a training checkpoint (whose moments it skips), and the same refusals.
    func testStreamedWeightsMatchTheDecodedCheckpoint() throws {
        var (trainer, problem) = try makeTrainer()
        try trainer.train(steps: 2, source: &problem)
        let full = trainer.checkpoint(identity: identity)
        for checkpoint in [full, full.exportedForInference()] {
            let url = directory.appendingPathComponent("weights.ckpt")
            try checkpoint.write(to: url)
            let decoded = try Checkpoint.read(from: url, expecting: identity)
            let weights = try Checkpoint.readWeights(from: url, expecting: identity)
            var parameters = weights.parameters.array
            let model = try ContrastiveModel(textConfig: decoded.header.textConfig, imageDimension: decoded.header.imageDimension)
            let tokens = model.textTower.tokenEmbeddings
            if checkpoint.firstMoment.isEmpty {
                let table = try XCTUnwrap(weights.tokenTable, "an export keeps its token embeddings at float16")
                XCTAssertEqual(table.rows * table.dimension, tokens.count)
                XCTAssertTrue(parameters[tokens.offset..<(tokens.offset + tokens.count)].allSatisfy { $0 == 0 }, "their float32 slice is never written")
                XCTAssertTrue(decoded.parameters[tokens.offset..<(tokens.offset + tokens.count)].contains { $0 != 0 })
                parameters.withUnsafeMutableBufferPointer { buffer in
                    for row in 0..<table.rows { table.widenRow(row, into: buffer.baseAddress! + tokens.offset + row * table.dimension) }
                }
                // The tower reads the table: the same embeddings as from the float32 parameters.
                let config = checkpoint.header.textConfig
                let ids: [Int32] = [5, 9, 2, 7, 0, 0], lengths = [3, 1]
                let workspace = TextTowerWorkspace(config: config, batchCapacity: 2)
                let full = FloatBuffer(decoded.parameters)
                func embed(_ parameters: UnsafeMutablePointer<Float>, _ table: HalfTable?) throws -> [Float] {
                    try ids.withUnsafeBufferPointer { i in
                        try lengths.withUnsafeBufferPointer { l in
                            let batch = TokenBatch(ids: i.baseAddress!, lengths: l.baseAddress!, count: 2, stride: 3)
                            let out = try model.textTower.forward(batch, parameters: parameters, tokenTable: table, workspace: workspace)
                            return Array(UnsafeBufferPointer(start: out, count: 2 * config.outputDimension))
                        }
                    }
                }
                let fromTable = try embed(weights.parameters.pointer, table)
                let fromFloats = try embed(full.pointer, nil)
                XCTAssertEqual(fromTable, fromFloats)
            } else {
                XCTAssertNil(weights.tokenTable, "a training checkpoint's weights are all float32")
            }
            XCTAssertEqual(parameters, decoded.parameters)
            XCTAssertEqual(weights.centre, decoded.centre)
            XCTAssertEqual(weights.header, decoded.header)
            XCTAssertEqual(weights.contentID, decoded.contentID)
            XCTAssertThrowsError(try Checkpoint.readWeights(from: url, expecting: CheckpointIdentity(tokenizerHash: "other", imageModelID: "efficientnet-lite0")))
            var bytes = try Data(contentsOf: url)
            bytes[bytes.count / 2] ^= 0x10
            try bytes.write(to: url)
            XCTAssertThrowsError(try Checkpoint.readWeights(from: url, expecting: nil)) { XCTAssertEqual($0 as? CheckpointError, .corrupt("checksum mismatch")) }
            try bytes.prefix(bytes.count / 2 / 8 * 8).write(to: url)
            XCTAssertThrowsError(try Checkpoint.readWeights(from: url, expecting: nil)) { XCTAssertTrue($0 is CheckpointError, "\($0)") }
        }
    }

    func testCorruptionIsDetected() throws {
        let (trainer, _) = try makeTrainer()
        var bytes = try trainer.checkpoint(identity: identity).encoded()
        bytes[bytes.count / 2] ^= 0x10
        XCTAssertThrowsError(try Checkpoint.decode(bytes)) { XCTAssertEqual($0 as? CheckpointError, .corrupt("checksum mismatch")) }
        bytes[bytes.count / 2] ^= 0x10
        XCTAssertThrowsError(try Checkpoint.decode(Array(bytes.prefix(bytes.count - 16))))
        var wrongMagic = bytes
        wrongMagic[0] = 0
        XCTAssertThrowsError(try Checkpoint.decode(wrongMagic)) {
            guard case .notACheckpoint = $0 as? CheckpointError else { return XCTFail("\($0)") }
        }
        var wrongVersion = bytes
        wrongVersion[8] = 9
        XCTAssertThrowsError(try Checkpoint.decode(wrongVersion)) { XCTAssertEqual($0 as? CheckpointError, .unsupportedVersion(9)) }
    }
}
