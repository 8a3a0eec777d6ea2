import Foundation
import SeededRandom
import TextTower

extension Trainer {
    /// The complete training state now.
    ///
    /// - Complexity: O(parameters) (copies).
    public func checkpoint(identity: CheckpointIdentity) -> Checkpoint {
        let s = random.state
        let header = CheckpointHeader(
            identity: identity, textConfig: model.textTower.config, imageDimension: model.imageDimension, options: options,
            step: step, optimizerUpdates: optimizer.updates,
            randomState: [s.0, s.1, s.2, s.3].map { String(format: "%016llx", $0) }, parameterCount: parameters.count)
        return Checkpoint(header: header, parameters: parameters.array, firstMoment: optimizer.firstMoment.array,
                          secondMoment: optimizer.secondMoment.array, centre: centre)
    }

    /// Saves the training state atomically to `url`.
    public func save(to url: URL, identity: CheckpointIdentity) throws {
        try checkpoint(identity: identity).write(to: url)
    }

    /// Resumes from a checkpoint: the next `trainStep` continues exactly where the saved run was.
    ///
    /// - Throws: `CheckpointError` if the checkpoint's arrays do not fit its config.
    public convenience init(resuming checkpoint: Checkpoint) throws {
        let header = checkpoint.header
        guard !checkpoint.isWeightsOnly else {
            throw CheckpointError.corrupt("this is an exported model (weights only); resuming needs the run's training checkpoint")
        }
        let model = try ContrastiveModel(textConfig: header.textConfig, imageDimension: header.imageDimension)
        let words = header.randomState.compactMap { UInt64($0, radix: 16) }
        guard words.count == 4, words != [0, 0, 0, 0] else { throw CheckpointError.corrupt("bad random state") }
        guard model.layout.count == header.parameterCount, checkpoint.parameters.count == header.parameterCount,
              checkpoint.firstMoment.count == header.parameterCount, checkpoint.secondMoment.count == header.parameterCount,
              checkpoint.centre.count == header.imageDimension else {
            throw CheckpointError.corrupt("arrays do not match the config (\(model.layout.count) parameters expected)")
        }
        try self.init(model: model, options: header.options, centre: checkpoint.centre,
                      random: SeededGenerator(state: (words[0], words[1], words[2], words[3])))
        for (buffer, values) in [(parameters, checkpoint.parameters), (optimizer.firstMoment, checkpoint.firstMoment),
                                 (optimizer.secondMoment, checkpoint.secondMoment)] {
            values.withUnsafeBufferPointer { buffer.pointer.update(from: $0.baseAddress!, count: values.count) }
        }
        optimizer.updates = header.optimizerUpdates
        step = header.step
    }

    /// Loads `url`, checks it against `expected`, and resumes.
    public convenience init(resumingFrom url: URL, expecting expected: CheckpointIdentity) throws {
        try self.init(resuming: Checkpoint.read(from: url, expecting: expected))
    }
}
