import AtomicFiles
import Foundation
import TextTower
import Training

/// `litsearch train`: pairs → cached locked embeddings → contrastive training of the text tower,
/// with periodic held-out recall, metrics CSV, SVG plots and atomic checkpoints.
///
/// Files in `config.output`: `text-tower.ckpt` (the latest checkpoint), `metrics.csv`,
/// `loss.svg`, `temperature.svg`, `recall.svg`, `config.json` (the resolved config). The CSV and
/// plots are written just before each checkpoint, so after `kill -9` they hold at least the
/// checkpoint's steps; a resumed run drops rows past the checkpoint and continues.
public final class TrainingRun {
    /// What the run reports as it goes.
    public enum Event {
        case message(String)
        case embedding(done: Int, total: Int)
        case step(StepMetrics, startStep: Int, totalSteps: Int)
        case evaluated(step: Int, recallAt1: Double, recallAt10: Double)
        case checkpoint(step: Int, url: URL)
    }

    public let config: TrainConfig
    public let encoder: CaptionEncoder
    public let embedder: LockedImageEmbedder

    public static let checkpointName = "text-tower.ckpt"

    public init(config: TrainConfig, encoder: CaptionEncoder, embedder: LockedImageEmbedder) {
        self.config = config
        self.encoder = encoder
        self.embedder = embedder
    }

    public var identity: CheckpointIdentity {
        CheckpointIdentity(tokenizerHash: encoder.modelHash, imageModelID: embedder.modelID)
    }

    public var checkpointURL: URL { config.outputURL.appendingPathComponent(Self.checkpointName) }
    var metricsURL: URL { config.outputURL.appendingPathComponent("metrics.csv") }

    /// Trains to `config.steps`, from scratch or, with `resume`, from the output's checkpoint.
    ///
    /// - Throws: `TrainingDataError` for bad data or a checkpoint in the way; `CheckpointError`
    ///   for a checkpoint of another tokenizer or image model.
    /// - Returns: the final checkpoint's step.
    @discardableResult
    public func run(resume: Bool, events: (Event) -> Void = { _ in }) throws -> Int {
        let fileManager = FileManager.default
        let existing = fileManager.fileExists(atPath: checkpointURL.path)
        if existing && !resume {
            throw TrainingDataError("\(checkpointURL.path) already exists; pass --resume to continue that run, or choose another output directory")
        }
        try fileManager.createDirectory(at: config.outputURL, withIntermediateDirectories: true)
        var resumed: Trainer?
        if existing {
            let trainer = try Trainer(resumingFrom: checkpointURL, expecting: identity)
            try checkCompatible(trainer)
            events(.message("resuming \(checkpointURL.path) at step \(trainer.step) of \(config.steps)"))
            resumed = trainer
        } else if resume {
            events(.message("no checkpoint in \(config.outputURL.path) yet; starting from step 0"))
        }

        let pairsURL = config.dataURL.appendingPathComponent("pairs.jsonl")
        let heldOutURL = config.dataURL.appendingPathComponent("heldout_pairs.jsonl")
        var pairs = try PairsFile.read(pairsURL)
        if let sources = config.sources {
            pairs = pairs.filter { $0.source.map(sources.contains) ?? false }
            guard !pairs.isEmpty else { throw TrainingDataError("\(pairsURL.path) has no pairs from the sources \(sources)") }
        }
        guard !pairs.isEmpty else { throw TrainingDataError("\(pairsURL.path) has no pairs") }
        let heldOut = fileManager.fileExists(atPath: heldOutURL.path) ? try PairsFile.read(heldOutURL) : []
        events(.message("\(pairs.count) training pairs, \(heldOut.count) held-out pairs"))

        let pictures = (pairs + heldOut).compactMap(\.image)
        let refresh = try ImageEmbeddingCache.refresh(at: config.cacheURL, directory: config.dataURL, paths: pictures,
                                                      embedder: embedder, batchSize: config.embedBatch) { done, total in
            events(.embedding(done: done, total: total))
        }
        events(.message("pictures: \(refresh.embedded) embedded, \(refresh.reused) from the cache \(config.cacheURL.path)"))
        let prototypes = (pairs + heldOut).contains { $0.prototype != nil } ? embedder.classPrototypes(config.prototypes) : []
        let threads = config.options.threads
        let training = try PairDataset(pairs: pairs, encoder: encoder, cache: refresh.cache, prototypes: prototypes, threads: threads,
                                       alignPictures: config.alignPictures ? .computed : .none)
        let evaluation = heldOut.isEmpty ? nil : HeldOutEvaluation(
            data: try PairDataset(pairs: heldOut, encoder: encoder, cache: refresh.cache, prototypes: prototypes, threads: threads,
                                  alignPictures: training.pictureShift.map { .given($0) } ?? .none),
            maxQueries: config.evalQueries, seed: config.options.seed)
        let strata = (config.sourceShares ?? [:]).sorted { $0.key < $1.key }.map { source, share in
            (pairs: pairs.indices.filter { pairs[$0].source == source }, share: share)
        }
        var source = try PairBatchSource(data: training, batchSize: config.options.batchSize, languageAlpha: config.languageAlpha,
                                         strata: strata)
        events(.message("\(training.conceptNames.count) concepts, \(training.languages.count) languages, \(training.featureCount) distinct pictures/prototypes"))

        let trainer = try resumed ?? training.features.withUnsafeBufferPointer { features in
            let trainer = try Trainer(textConfig: config.tower, imageDimension: training.dimension, options: config.options,
                                      centre: ImageProjection.centre(of: features.baseAddress!, count: training.featureCount,
                                                                     dimension: training.dimension))
            if config.imageHead != .random {
                let head = trainer.model.imageProjection
                let directions = try PrincipalDirections.compute(features.baseAddress!, count: training.featureCount,
                                                                 dimension: training.dimension, centre: trainer.centre,
                                                                 k: head.outputDimension)
                head.weightSlice.pointer(trainer.parameters.pointer).update(from: directions, count: directions.count)
                if let bias = head.biasSlice { bias.pointer(trainer.parameters.pointer).update(repeating: 0, count: bias.count) }
                events(.message("image head: the training features' \(head.outputDimension) principal directions"
                                + (config.imageHead == .locked ? ", locked" : "")))
            }
            return trainer
        }
        if config.imageHead == .locked {
            let head = trainer.model.imageProjection
            trainer.frozenSlices = [head.weightSlice] + (head.biasSlice.map { [$0] } ?? [])
        }
        var rows = MetricsLog.read(metricsURL).filter { $0.step <= trainer.step }
        try writeConfig()
        let startStep = trainer.step
        while trainer.step < config.steps {
            var latest: StepMetrics?
            try trainer.train(steps: 1, source: &source) { latest = $0 }
            guard let metrics = latest else { break }
            events(.step(metrics, startStep: startStep, totalSteps: config.steps))
            var row = MetricsRow(step: metrics.step, loss: metrics.loss, temperature: 1 / metrics.logitScale,
                                 learningRate: metrics.learningRate)
            let last = trainer.step == config.steps
            if let evaluation, last || (config.evalEvery > 0 && trainer.step % config.evalEvery == 0) {
                let recall = try evaluation.recall(trainer)
                (row.recallAt1, row.recallAt10) = (recall.at1, recall.at10)
                events(.evaluated(step: trainer.step, recallAt1: recall.at1, recallAt10: recall.at10))
            }
            rows.append(row)
            if last || trainer.step % config.checkpointEvery == 0 {
                try writeMetrics(rows)
                try trainer.save(to: checkpointURL, identity: identity)
                events(.checkpoint(step: trainer.step, url: checkpointURL))
            }
        }
        if trainer.step == startStep { try writeMetrics(rows) }
        return trainer.step
    }

    /// A resumed checkpoint must have been made with this config's tower and options.
    func checkCompatible(_ trainer: Trainer) throws {
        var expected = config.tower
        expected.vocabularySize = trainer.model.textTower.config.vocabularySize
        if trainer.model.textTower.config != expected {
            throw TrainingDataError("the checkpoint's tower (\(trainer.model.textTower.config)) differs from the config's; resume with the config it was started with")
        }
        if trainer.options != config.options {
            throw TrainingDataError("the checkpoint's training options differ from the config's (steps, batch, learning rate, seed, threads…); resume with the config it was started with")
        }
    }

    func writeMetrics(_ rows: [MetricsRow]) throws {
        let directory = config.outputURL
        do {
            try AtomicFileWriter.write(Data(MetricsLog.csv(rows).utf8), to: metricsURL.path)
            for plot in SVGChart.trainingPlots(rows) {
                try AtomicFileWriter.write(Data(plot.svg.utf8), to: directory.appendingPathComponent(plot.name).path)
            }
        } catch let error as AtomicWriteError {
            throw TrainingDataError("cannot write metrics to \(directory.path): \(error.reason)")
        }
    }

    func writeConfig() throws {
        struct Resolved: Encodable {
            let data: String, output: String, cache: String, tower: TextTowerConfig, options: TrainingOptions
            let languageAlpha: Double, evalEvery: Int, evalQueries: Int, checkpointEvery: Int, embedBatch: Int
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let resolved = Resolved(data: config.data, output: config.output, cache: config.cacheURL.path, tower: config.tower,
                                options: config.options, languageAlpha: config.languageAlpha, evalEvery: config.evalEvery,
                                evalQueries: config.evalQueries, checkpointEvery: config.checkpointEvery, embedBatch: config.embedBatch)
        try AtomicFileWriter.write(try encoder.encode(resolved), to: config.outputURL.appendingPathComponent("config.json").path)
    }
}
