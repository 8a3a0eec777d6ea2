import TextTower

/// What a checkpoint must match to be loaded: the tokenizer that made its ids and the locked image
/// model whose features it was trained on.
public struct CheckpointIdentity: Codable, Sendable, Equatable {
    /// A hash of the tokenizer model file (ids mean nothing under another vocabulary).
    public var tokenizerHash: String
    /// The image tower's model id (`ImageTower.modelID`).
    public var imageModelID: String

    public init(tokenizerHash: String, imageModelID: String) {
        self.tokenizerHash = tokenizerHash
        self.imageModelID = imageModelID
    }

    /// Throws unless this (a checkpoint's) identity has `expected`'s tokenizer and image model.
    public func check(_ expected: CheckpointIdentity) throws {
        if tokenizerHash != expected.tokenizerHash {
            throw CheckpointError.tokenizerMismatch(expected: expected.tokenizerHash, found: tokenizerHash)
        }
        if imageModelID != expected.imageModelID {
            throw CheckpointError.imageModelMismatch(expected: expected.imageModelID, found: imageModelID)
        }
    }
}

/// The metadata part of a checkpoint, stored as JSON inside the binary file.
public struct CheckpointHeader: Codable, Sendable, Equatable {
    public var identity: CheckpointIdentity
    public var textConfig: TextTowerConfig
    public var imageDimension: Int
    public var options: TrainingOptions
    /// Updates done when saved.
    public var step: Int
    /// AdamW's update count (bias correction).
    public var optimizerUpdates: Int
    /// The trainer's generator state, four words as 16-digit hex (JSON numbers lose 64-bit precision).
    public var randomState: [String]
    /// Length of each of the parameter and moment arrays.
    public var parameterCount: Int
    /// The text side's centre (`textConfig.outputDimension` values), or nil.
    ///
    /// The mean joint-space embedding of short training captions, written by `litsearch
    /// export-model --captions`. Inference subtracts it from each text embedding and normalises
    /// again, as the image head subtracts `Checkpoint.centre`: what every caption shares (the
    /// text side of the modality gap) then no longer favours the pictures that happen to lie
    /// along it. Absent from training checkpoints and from older exports.
    public var textCentre: [Float]? = nil
}

/// A complete training state: everything needed to use the towers or to resume training bit-exactly.
///
/// The binary format is described in `Checkpoint+Binary.swift` and `docs/text-tower.md`.
public struct Checkpoint: Sendable {
    public var header: CheckpointHeader
    public var parameters: [Float]
    public var firstMoment: [Float]
    public var secondMoment: [Float]
    /// The image head's centre (`imageDimension` values).
    public var centre: [Float]
    /// The file's checksum as 16 hex digits when it was read from a file: an id that changes with
    /// every byte of the model (the joint vector index is named by it). Nil for one built in memory.
    public var contentID: String?

    public init(header: CheckpointHeader, parameters: [Float], firstMoment: [Float], secondMoment: [Float], centre: [Float]) {
        self.header = header
        self.parameters = parameters
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
        self.centre = centre
    }

    /// Throws unless the checkpoint was made with `expected`'s tokenizer and image model.
    public func check(_ expected: CheckpointIdentity) throws {
        try header.identity.check(expected)
    }
}

/// A checkpoint could not be written, read, or used.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    case notACheckpoint(String)
    case unsupportedVersion(UInt32)
    case corrupt(String)
    case tokenizerMismatch(expected: String, found: String)
    case imageModelMismatch(expected: String, found: String)
    case io(String)

    public var description: String {
        switch self {
        case .notACheckpoint(let path): return "\(path) is not a litsearch text-tower checkpoint"
        case .unsupportedVersion(let v): return "checkpoint format version \(v) is not supported (expected \(Checkpoint.formatVersion))"
        case .corrupt(let why): return "checkpoint is corrupt: \(why)"
        case .tokenizerMismatch(let expected, let found):
            return "checkpoint was trained with tokenizer \(found), but the current tokenizer is \(expected); token ids would not match"
        case .imageModelMismatch(let expected, let found):
            return "checkpoint was trained on image model \(found), but the current image model is \(expected)"
        case .io(let why): return "checkpoint I/O failed: \(why)"
        }
    }
}
