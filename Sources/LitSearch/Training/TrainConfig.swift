import Foundation
import TextTower
import Training

/// What `litsearch train --config FILE` reads. Every key but `data` and `output` is optional.
///
/// ```json
/// {"data": "data/lit", "output": "runs/lit-default", "steps": 2000, "batch": 256,
///  "tower": {"kind": "transformer", "dimension": 256, "layers": 4, "heads": 4, "maxLength": 16},
///  "options": {"peakLearningRate": 0.001, "warmupSteps": 100, "seed": 0, "threads": 2},
///  "languageAlpha": 0.3, "evalEvery": 100, "evalQueries": 2000, "checkpointEvery": 100}
/// ```
///
/// Relative paths are resolved against the current directory.
public struct TrainConfig: Sendable, Equatable {
    /// The data builder's output directory (`pairs.jsonl`, `images/`, optional `heldout_pairs.jsonl`).
    public var data: String
    /// Where the checkpoint, metrics CSV and plots go.
    public var output: String
    /// The image-embedding cache file (default `<data>/image-embeddings.litcache`).
    public var cache: String?
    /// Tokenizer model (default: the installation's `tokenizer/litsearch.model`).
    public var tokenizer: String?
    public var tower: TextTowerConfig
    public var options: TrainingOptions
    /// Temperature exponent of language sampling.
    public var languageAlpha: Double
    /// Held-out recall every this many steps (0: only at the end).
    public var evalEvery: Int
    /// At most this many held-out captions per evaluation (a fixed, seeded subset).
    public var evalQueries: Int
    /// A checkpoint every this many steps (and always at the end).
    public var checkpointEvery: Int
    /// Pictures per image-tower batch while filling the cache.
    public var embedBatch: Int
    /// What stands in for a picture in prototype pairs.
    public var prototypes: PrototypeKind = .classFeatures
    /// Train only on pairs from these data sources (`emoji`, `flag`, `imagenet`; nil: all). The
    /// held-out pairs are never filtered, so ablations are measured on the same queries.
    public var sources: [String]? = nil
    /// How the image head starts and whether it trains.
    public var imageHead: ImageHeadMode = .random
    /// Fixed shares of each batch drawn from some sources (`{"imagenet": 0.25}`); the other
    /// pairs fill the rest. Nil: rows are drawn from all pairs alike.
    public var sourceShares: [String: Double]? = nil
    /// Shift the pictures' features so that their mean is the prototypes' mean; the image head's
    /// centre is then the prototypes' (photo-like) mean, where photos are centred at search time.
    public var alignPictures: Bool = false

    public var steps: Int { options.totalSteps }

    public var dataURL: URL { URL(fileURLWithPath: data, isDirectory: true) }
    public var outputURL: URL { URL(fileURLWithPath: output, isDirectory: true) }
    public var cacheURL: URL { cache.map { URL(fileURLWithPath: $0) } ?? dataURL.appendingPathComponent("image-embeddings.litcache") }

    /// Parses a config file; the tower's `vocabularySize` comes from the tokenizer.
    ///
    /// - Throws: `TrainingDataError` naming the file and the problem.
    public static func read(_ url: URL, vocabularySize: Int? = nil) throws -> TrainConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TrainingDataError("cannot read config \(url.path): \(error.localizedDescription)")
        }
        do {
            var config = try JSONDecoder().decode(TrainConfigFile.self, from: data).resolved()
            if let vocabularySize { config.tower.vocabularySize = vocabularySize }
            try config.validate()
            return config
        } catch let error as TrainingDataError {
            throw TrainingDataError("config \(url.path): \(error.message)")
        } catch let error as DecodingError {
            throw TrainingDataError("config \(url.path) is not valid: \(Self.describe(error))")
        }
    }

    /// Throws unless the numbers make a runnable training.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws { if !ok { throw TrainingDataError(message) } }
        try check(options.totalSteps >= 1, "steps must be at least 1")
        try check(options.batchSize >= 2, "batch must be at least 2")
        try check(options.threads >= 1, "threads must be at least 1")
        try check(evalEvery >= 0 && checkpointEvery >= 1, "evalEvery ≥ 0 and checkpointEvery ≥ 1")
        try check(languageAlpha >= 0, "languageAlpha must not be negative")
        try check(embedBatch >= 1 && evalQueries >= 1, "embedBatch and evalQueries must be positive")
        try check(sources.map { !$0.isEmpty } ?? true, "sources, when given, must name at least one source")
        try check((sourceShares ?? [:]).values.allSatisfy { $0 >= 0 } && (sourceShares ?? [:]).values.reduce(0, +) <= 1,
                  "sourceShares must be non-negative and add up to at most 1")
        do { try tower.validate() } catch { throw TrainingDataError("\(error)") }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).joined(separator: ".")
            return keys.isEmpty ? "" : " at \(keys)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key \"\(key.stringValue)\"\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.debugDescription + path(context)
        @unknown default: return "\(error)"
        }
    }
}

/// The config file as written: everything optional except `data` and `output`.
struct TrainConfigFile: Decodable {
    struct Tower: Decodable {
        var kind: TextTowerConfig.Kind?
        var dimension, layers, heads, mlpRatio, maxLength, outputDimension: Int?
        var pooling: TextTowerConfig.Pooling?
        var decayEmbeddings: Bool?
    }

    struct Options: Decodable {
        var warmupSteps: Int?
        var peakLearningRate, finalLearningRateFraction, weightDecay, beta1, beta2, epsilon, clipNorm: Float?
        var initialLogScale, maxLogScale: Float?
        var seed: UInt64?
        var threads: Int?
    }

    var data: String
    var output: String
    var cache, tokenizer: String?
    var tower: Tower?
    var options: Options?
    var steps, batch, evalEvery, evalQueries, checkpointEvery, embedBatch: Int?
    var languageAlpha: Double?
    var prototypes: PrototypeKind?
    var sources: [String]?
    var imageHead: ImageHeadMode?
    var sourceShares: [String: Double]?
    var alignPictures: Bool?

    func resolved() -> TrainConfig {
        let t = tower ?? Tower(), o = options ?? Options()
        let defaults = TextTowerConfig()
        let towerConfig = TextTowerConfig(
            kind: t.kind ?? defaults.kind, vocabularySize: defaults.vocabularySize, dimension: t.dimension ?? defaults.dimension,
            layers: t.layers ?? defaults.layers, heads: t.heads ?? defaults.heads, mlpRatio: t.mlpRatio ?? defaults.mlpRatio,
            maxLength: t.maxLength ?? defaults.maxLength, outputDimension: t.outputDimension ?? defaults.outputDimension,
            pooling: t.pooling ?? defaults.pooling, decayEmbeddings: t.decayEmbeddings ?? defaults.decayEmbeddings)
        let d = TrainingOptions()
        let totalSteps = steps ?? 1000
        let trainingOptions = TrainingOptions(
            batchSize: batch ?? 256, totalSteps: totalSteps, warmupSteps: o.warmupSteps ?? min(d.warmupSteps, totalSteps / 10),
            peakLearningRate: o.peakLearningRate ?? d.peakLearningRate,
            finalLearningRateFraction: o.finalLearningRateFraction ?? d.finalLearningRateFraction,
            weightDecay: o.weightDecay ?? d.weightDecay, beta1: o.beta1 ?? d.beta1, beta2: o.beta2 ?? d.beta2,
            epsilon: o.epsilon ?? d.epsilon, clipNorm: o.clipNorm ?? d.clipNorm, initialLogScale: o.initialLogScale ?? d.initialLogScale,
            maxLogScale: o.maxLogScale ?? d.maxLogScale, seed: o.seed ?? d.seed, threads: o.threads ?? d.threads)
        return TrainConfig(data: data, output: output, cache: cache, tokenizer: tokenizer, tower: towerConfig, options: trainingOptions,
                           languageAlpha: languageAlpha ?? 0.3, evalEvery: evalEvery ?? 100, evalQueries: evalQueries ?? 2000,
                           checkpointEvery: checkpointEvery ?? 100, embedBatch: embedBatch ?? 16,
                           prototypes: prototypes ?? .classFeatures, sources: sources,
                           imageHead: imageHead ?? .random, sourceShares: sourceShares,
                           alignPictures: alignPictures ?? false)
    }
}
