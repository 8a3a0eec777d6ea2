import Foundation
import ParallelLoops
import SeededRandom
import TextTower

/// Trains a `ContrastiveModel` by contrastive tuning against locked image features.
///
/// Each step splits the batch into `options.threads` contiguous shards. Every shard runs the text
/// tower and image projection forward on its own thread with its own workspace; the symmetric
/// InfoNCE loss is computed over the whole batch; the shards run backward in parallel into private
/// gradient buffers, which are summed in shard order. Then global-norm clipping, AdamW and the
/// logit-scale clamp. Fixed split and summation order make a run bit-reproducible for a given
/// thread count, and a checkpoint (see `Trainer+Checkpoint.swift`) resumes it bit-exactly.
///
/// ```swift
/// let trainer = try Trainer(textConfig: config, imageDimension: 1280, options: options, centre: centre)
/// try trainer.train(steps: 1000, source: &source) { print($0.step, $0.loss) }
/// try trainer.save(to: url, identity: CheckpointIdentity(tokenizerHash: hash, imageModelID: id))
/// ```
public final class Trainer: @unchecked Sendable {
    public let model: ContrastiveModel
    public let options: TrainingOptions
    /// All trainable parameters, laid out by `model.layout`.
    public let parameters: FloatBuffer
    /// Mean locked image feature, subtracted before the image projection.
    public let centre: [Float]
    /// Parameters that stay as they are (`litsearch train`'s locked image head): their gradients
    /// are zeroed before clipping and their values are kept through the optimiser step.
    public var frozenSlices: [ParameterSlice] = []
    public let optimizer: AdamW
    /// Updates done so far; the next update is number `step` (0-based) of the schedule.
    public internal(set) var step = 0
    /// The generator batch sources draw from; saved in checkpoints.
    public internal(set) var random: SeededGenerator

    let shards: [TrainingShard]
    let textEmbeddings, imageEmbeddings, textGradient, imageGradient, lossScratch: FloatBuffer

    /// A fresh run: parameters initialised from `options.seed`.
    public convenience init(textConfig: TextTowerConfig, imageDimension: Int, options: TrainingOptions,
                            centre: [Float]) throws {
        let model = try ContrastiveModel(textConfig: textConfig, imageDimension: imageDimension)
        try self.init(model: model, options: options, centre: centre, random: SeededGenerator(seed: options.seed))
        var initRandom = SeededGenerator(seed: options.seed ^ 0x5EED_1417)
        model.initialise(parameters.pointer, logScale: options.initialLogScale, random: &initRandom)
    }

    init(model: ContrastiveModel, options: TrainingOptions, centre: [Float], random: SeededGenerator) throws {
        guard centre.count == model.imageDimension else {
            throw TrainingError(message: "centre has \(centre.count) values; image features have \(model.imageDimension)")
        }
        guard options.batchSize > 0, options.threads > 0 else { throw TrainingError(message: "batchSize and threads must be positive") }
        useSingleThreadedBLAS()
        self.model = model
        self.options = options
        self.centre = centre
        self.random = random
        parameters = FloatBuffer(count: model.layout.count)
        optimizer = AdamW(layout: model.layout)
        let threads = min(options.threads, options.batchSize)
        let capacity = (options.batchSize + threads - 1) / threads
        shards = (0..<threads).map { _ in TrainingShard(model: model, capacity: capacity) }
        let (b, e) = (options.batchSize, model.jointDimension)
        textEmbeddings = FloatBuffer(count: b * e)
        imageEmbeddings = FloatBuffer(count: b * e)
        textGradient = FloatBuffer(count: b * e)
        imageGradient = FloatBuffer(count: b * e)
        lossScratch = FloatBuffer(count: 4 * b * b)
    }

    /// The current logit scale `s` (the temperature is `1/s`).
    public var logitScale: Float { exp(parameters[model.logScale.offset]) }

    /// Runs `steps` updates on batches from `source`, calling `progress` after each.
    public func train<Source: TrainingBatchSource>(steps: Int, source: inout Source,
                                                   progress: (StepMetrics) -> Void = { _ in }) throws {
        for _ in 0..<steps {
            let batch = try source.batch(step: step, random: &random)
            progress(try trainStep(on: batch))
        }
    }

    /// One update on `batch`.
    ///
    /// - Throws: `TrainingError` or `TextTowerError` for a malformed batch (nothing is updated then).
    /// - Complexity: about 3× the forward FLOPs of the towers over the batch, plus O(parameters).
    @discardableResult
    public func trainStep(on batch: TrainingBatch) throws -> StepMetrics {
        let start = DispatchTime.now().uptimeNanoseconds
        try validate(batch)
        let (b, e, p) = (batch.count, model.jointDimension, parameters.pointer)
        let shardCount = min(shards.count, b)
        let metrics: ContrastiveLoss.Result = batch.tokenIDs.withUnsafeBufferPointer { ids in
            batch.lengths.withUnsafeBufferPointer { lengths in
                batch.imageFeatures.withUnsafeBufferPointer { features in
                    batch.concepts.withUnsafeBufferPointer { concepts in
                        centre.withUnsafeBufferPointer { centre in
                            let tokens = TokenBatch(ids: ids.baseAddress!, lengths: lengths.baseAddress!, count: b, stride: batch.stride)
                            let features = features.baseAddress!, centre = centre.baseAddress!
                            runShards(count: b) { shard, range in
                                shard.forward(model, tokens: tokens.rows(range), features: features + range.lowerBound * model.imageDimension,
                                              centre: centre, parameters: p,
                                              text: textEmbeddings.pointer + range.lowerBound * e,
                                              images: imageEmbeddings.pointer + range.lowerBound * e)
                            }
                            let result = ContrastiveLoss.evaluate(
                                text: textEmbeddings.pointer, images: imageEmbeddings.pointer, concepts: concepts.baseAddress!,
                                count: b, dimension: e, logScale: p[model.logScale.offset],
                                textGradient: textGradient.pointer, imageGradient: imageGradient.pointer,
                                scratch: lossScratch.pointer)
                            runShards(count: b) { shard, range in
                                shard.backward(model, tokens: tokens.rows(range), parameters: p,
                                               text: textGradient.pointer + range.lowerBound * e,
                                               images: imageGradient.pointer + range.lowerBound * e)
                            }
                            return result
                        }
                    }
                }
            }
        }
        let gradients = reduceGradients(shardCount: shardCount)
        gradients[model.logScale.offset] += metrics.logScaleGradient
        for slice in frozenSlices { slice.pointer(gradients).update(repeating: 0, count: slice.count) }
        let kept = frozenSlices.map { Array(UnsafeBufferPointer(start: $0.pointer(p), count: $0.count)) }
        let norm = GradientClipping.clip(gradients, count: parameters.count, maxNorm: options.clipNorm, threads: options.threads)
        let rate = options.schedule.rate(at: step)
        optimizer.update(p, gradients: gradients, count: parameters.count, learningRate: rate, options: options,
                         threads: options.threads)
        p[model.logScale.offset] = min(max(p[model.logScale.offset], 0), options.maxLogScale)
        for (slice, values) in zip(frozenSlices, kept) { slice.pointer(p).update(from: values, count: slice.count) }
        step += 1
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return StepMetrics(step: step, loss: metrics.loss, accuracy: metrics.textToImageAccuracy, learningRate: rate,
                           gradientNorm: norm, logitScale: logitScale, seconds: seconds, pairs: b)
    }

    func validate(_ batch: TrainingBatch) throws {
        let b = batch.count
        guard b > 0, b <= options.batchSize else {
            throw TrainingError(message: "batch has \(b) pairs; expected 1…\(options.batchSize)")
        }
        guard batch.tokenIDs.count == b * batch.stride, batch.concepts.count == b,
              batch.imageFeatures.count == b * model.imageDimension else {
            throw TrainingError(message: "batch arrays disagree with its \(b) rows (stride \(batch.stride), image dimension \(model.imageDimension))")
        }
        let config = model.textTower.config
        try batch.tokenIDs.withUnsafeBufferPointer { ids in
            try batch.lengths.withUnsafeBufferPointer { lengths in
                try TokenBatch(ids: ids.baseAddress!, lengths: lengths.baseAddress!, count: b, stride: batch.stride)
                    .validate(vocabularySize: config.vocabularySize, maxLength: config.maxLength)
            }
        }
    }

    /// Runs `body` on the first `min(shards.count, count)` shards, each with its contiguous rows of
    /// a batch of `count` (the cut of `forEachChunk`), concurrently.
    func runShards(count: Int, _ body: (TrainingShard, Range<Int>) -> Void) {
        forEachChunk(of: count, workers: shards.count) { part, range in body(shards[part], range) }
    }

    /// Sums the shards' gradients into shard 0's buffer (fixed order) and returns it.
    func reduceGradients(shardCount: Int) -> UnsafeMutablePointer<Float> {
        let target = shards[0].gradients.pointer
        guard shardCount > 1 else { return target }
        forEachChunk(of: parameters.count, workers: options.threads) { _, range in
            for shard in 1..<shardCount {
                let source = shards[shard].gradients.pointer
                for i in range { target[i] += source[i] }
            }
        }
        return target
    }
}

/// One thread's share of a training step: workspaces and a private gradient buffer.
final class TrainingShard: @unchecked Sendable {
    let text: TextTowerWorkspace
    let image: ImageProjectionWorkspace
    let gradients: FloatBuffer

    init(model: ContrastiveModel, capacity: Int) {
        text = TextTowerWorkspace(config: model.textTower.config, batchCapacity: capacity)
        image = ImageProjectionWorkspace(inputDimension: model.imageDimension, outputDimension: model.jointDimension,
                                         batchCapacity: capacity)
        gradients = FloatBuffer(count: model.layout.count)
    }

    func forward(_ model: ContrastiveModel, tokens: TokenBatch, features: UnsafePointer<Float>, centre: UnsafePointer<Float>,
                 parameters: UnsafeMutablePointer<Float>, text: UnsafeMutablePointer<Float>, images: UnsafeMutablePointer<Float>) {
        let e = model.jointDimension
        // Validated by the trainer already; `forward` re-checks cheaply and cannot fail here.
        let textOut = try! model.textTower.forward(tokens, parameters: parameters, workspace: self.text)
        text.update(from: textOut, count: tokens.count * e)
        let imageOut = model.imageProjection.forward(features, count: tokens.count, centre: centre,
                                                     parameters: parameters, workspace: image)
        images.update(from: imageOut, count: tokens.count * e)
    }

    func backward(_ model: ContrastiveModel, tokens: TokenBatch, parameters: UnsafeMutablePointer<Float>,
                  text: UnsafePointer<Float>, images: UnsafePointer<Float>) {
        gradients.zero()
        model.textTower.backward(text, tokens: tokens, parameters: parameters, gradients: gradients.pointer, workspace: self.text)
        model.imageProjection.backward(images, parameters: parameters, gradients: gradients.pointer, workspace: image)
    }
}
