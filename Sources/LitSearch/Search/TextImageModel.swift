import Foundation
import TextTower
import Training

/// A trained text tower and image head loaded from a checkpoint, for inference only.
///
/// Text goes through the text tower; locked image embeddings go through the checkpoint's image
/// head (centre, projection, L2). Both land in the joint space, where cosine similarity ranks
/// images for a caption and, scaled by the learned logit scale, gives zero-shot probabilities.
public final class TextImageModel: @unchecked Sendable {
    public let header: CheckpointHeader
    let model: ContrastiveModel
    let parameters: FloatBuffer
    /// The token embeddings at float16 (exported checkpoints), read instead of their slice of `parameters`.
    let tokenTable: HalfTable?
    let centre: [Float]
    /// The checkpoint's text centre (`CheckpointHeader.textCentre`), if it has one.
    public let textCentre: [Float]?
    /// Whether `embedTexts` subtracts `textCentre` (default true; off to measure its effect).
    public var centresText = true
    /// Identifies the weights: the checkpoint file's checksum (see `Checkpoint.contentID`), or a
    /// hash of the header and a sample of the parameters for a model that never was a file.
    public let modelID: String
    /// Scratch memory, made on first use and grown to the largest batch seen (up to `chunk`): a
    /// one-caption query never allocates, or clears, room for 64.
    private var textWorkspace: TextTowerWorkspace?
    private var imageWorkspace: ImageProjectionWorkspace?
    private let lock = NSLock()
    static let chunk = 64

    /// Loads `url`, checking that it was trained with `identity`'s tokenizer and image model.
    ///
    /// - Throws: `CheckpointError` (mismatched tokenizer or image model, corrupt file).
    public convenience init(checkpoint url: URL, expecting identity: CheckpointIdentity) throws {
        let weights = try Checkpoint.readWeights(from: url, expecting: identity)
        do {
            try self.init(header: weights.header, parameters: weights.parameters, tokenTable: weights.tokenTable, centre: weights.centre,
                          modelID: weights.contentID)
        } catch let error as TextTowerError {
            // A header whose tower config cannot be (a crafted or damaged file): name the file.
            throw CheckpointError.corrupt("\(url.path): \(error.message)")
        } catch let CheckpointError.corrupt(why) {
            throw CheckpointError.corrupt("\(url.path): \(why)")
        }
    }

    /// The model of a checkpoint already in memory.
    ///
    /// - Throws: `CheckpointError.corrupt` when its arrays do not match its config.
    public convenience init(_ checkpoint: Checkpoint) throws {
        try self.init(header: checkpoint.header, parameters: FloatBuffer(checkpoint.parameters), centre: checkpoint.centre,
                      modelID: checkpoint.contentID ?? Self.fallbackID(checkpoint))
    }

    /// The model of these parts (the tower adopts `parameters`).
    ///
    /// - Throws: `CheckpointError.corrupt` when the arrays do not match the config, or
    ///   `TextTowerError` for a config no tower can have.
    init(header: CheckpointHeader, parameters: FloatBuffer, tokenTable: HalfTable? = nil, centre: [Float], modelID: String) throws {
        self.header = header
        self.tokenTable = tokenTable
        model = try ContrastiveModel(textConfig: header.textConfig, imageDimension: header.imageDimension)
        guard parameters.count == model.layout.count, centre.count == header.imageDimension else {
            throw CheckpointError.corrupt("arrays do not match the config")
        }
        self.parameters = parameters
        self.centre = centre
        if let textCentre = header.textCentre, textCentre.count != model.jointDimension {
            throw CheckpointError.corrupt("the text centre has \(textCentre.count) values, expected \(model.jointDimension)")
        }
        textCentre = header.textCentre
        self.modelID = modelID
    }

    /// An id for a checkpoint built in memory: FNV-1a over the step, the sizes and every 97th parameter.
    private static func fallbackID(_ checkpoint: Checkpoint) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ value: UInt64) { hash = (hash ^ value) &* 0x100_0000_01B3 }
        mix(UInt64(checkpoint.header.step))
        mix(UInt64(checkpoint.parameters.count))
        for index in stride(from: 0, to: checkpoint.parameters.count, by: 97) { mix(UInt64(checkpoint.parameters[index].bitPattern)) }
        return "mem-" + String(hash, radix: 16)
    }

    /// Width of the joint space.
    public var dimension: Int { model.jointDimension }
    /// Width of the locked image features the head takes (1280).
    public var imageDimension: Int { header.imageDimension }
    /// Longest caption the tower reads.
    public var maxLength: Int { header.textConfig.maxLength }
    /// The learned inverse temperature `s` (probabilities are `softmax(s · cos)`).
    public var logitScale: Float { exp(parameters[model.logScale.offset]) }
    /// Training steps behind this model.
    public var step: Int { header.step }

    /// Joint-space embeddings of captions given as token ids (each 1…maxLength long): `count × dimension`.
    ///
    /// Each is L2-normalised; when the model has a text centre and `centred` is true (default:
    /// `centresText`), the centre is subtracted first and the result normalised again.
    ///
    /// - Complexity: the text tower's forward pass over all captions.
    public func embedTexts(_ captions: [[Int32]], centred: Bool? = nil) throws -> [Float] {
        let (e, t) = (dimension, maxLength)
        var result = [Float](repeating: 0, count: captions.count * e)
        lock.lock()
        defer { lock.unlock() }
        for start in stride(from: 0, to: captions.count, by: Self.chunk) {
            let rows = captions[start..<min(start + Self.chunk, captions.count)]
            var ids = [Int32](repeating: 0, count: rows.count * t)
            var lengths = [Int]()
            for (offset, caption) in rows.enumerated() {
                let clipped = caption.prefix(t)
                ids.replaceSubrange((offset * t)..<(offset * t + clipped.count), with: clipped)
                lengths.append(clipped.count)
            }
            try ids.withUnsafeBufferPointer { idPointer in
                try lengths.withUnsafeBufferPointer { lengthPointer in
                    let batch = TokenBatch(ids: idPointer.baseAddress!, lengths: lengthPointer.baseAddress!, count: rows.count, stride: t)
                    try batch.validate(vocabularySize: header.textConfig.vocabularySize, maxLength: t)
                    if (textWorkspace?.batchCapacity ?? 0) < rows.count {
                        textWorkspace = TextTowerWorkspace(config: header.textConfig, batchCapacity: rows.count)
                    }
                    let out = try model.textTower.forward(batch, parameters: parameters.pointer, tokenTable: tokenTable,
                                                              workspace: textWorkspace!)
                    for i in 0..<(rows.count * e) { result[start * e + i] = out[i] }
                }
            }
        }
        if centred ?? centresText, let textCentre { Self.recentre(&result, by: textCentre) }
        return result
    }

    /// Subtracts `centre` from each row of `rows` and L2-normalises the row again.
    static func recentre(_ rows: inout [Float], by centre: [Float]) {
        let e = centre.count
        for start in stride(from: 0, to: rows.count, by: e) {
            var norm: Float = 0
            for j in 0..<e {
                rows[start + j] -= centre[j]
                norm += rows[start + j] * rows[start + j]
            }
            let inverse = norm > 0 ? 1 / norm.squareRoot() : 0
            for j in 0..<e { rows[start + j] *= inverse }
        }
    }

    /// Joint-space embeddings of locked image embeddings (`count × imageDimension`): `count × dimension`.
    ///
    /// - Parameter centre: what to subtract before the projection (default: the checkpoint's).
    /// - Complexity: O(count · imageDimension · dimension) on BLAS.
    public func embedImages(_ features: [Float], centre override: [Float]? = nil) -> [Float] {
        let (n, e) = (header.imageDimension, dimension)
        precondition(features.count % n == 0, "image features must be \(n)-d")
        let count = features.count / n
        var result = [Float](repeating: 0, count: count * e)
        lock.lock()
        defer { lock.unlock() }
        let centre = override ?? self.centre
        precondition(centre.count == n, "a centre must have \(n) values")
        features.withUnsafeBufferPointer { features in
            centre.withUnsafeBufferPointer { centre in
                for start in stride(from: 0, to: count, by: Self.chunk) {
                    let rows = min(Self.chunk, count - start)
                    if (imageWorkspace?.batchCapacity ?? 0) < rows {
                        imageWorkspace = ImageProjectionWorkspace(inputDimension: n, outputDimension: header.textConfig.outputDimension,
                                                                  batchCapacity: rows)
                    }
                    let out = model.imageProjection.forward(features.baseAddress! + start * n, count: rows, centre: centre.baseAddress!,
                                                            parameters: parameters.pointer, workspace: imageWorkspace!)
                    for i in 0..<(rows * e) { result[start * e + i] = out[i] }
                }
            }
        }
        return result
    }
}
