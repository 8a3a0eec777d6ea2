import ArgumentParser
import Foundation
import LitSearch
import Training

/// `litsearch export-model`: a training checkpoint → the weights-only model `query` loads.
struct ExportModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-model",
        abstract: "Export a training checkpoint as a small, weights-only text-tower model.",
        discussion: """
        A training checkpoint holds the optimiser's state too (three times the parameters, in \
        float32). The export keeps what inference needs — the parameters at half precision, the \
        image head's centre, the config and the tokenizer/image-model identity — at about a sixth of \
        the size. `query` and `classify` load either kind; only a training checkpoint can be resumed.

        With --captions, the export also stores a text centre: the mean embedding of short training \
        captions, which `query` subtracts from each query's embedding (`classify` labels are left as \
        they are; see docs/text-tower.md, "Text centre"). It keeps pictures that are near every \
        caption from topping every search.

        Example:
          litsearch export-model --checkpoint runs/lit-default/text-tower.ckpt --captions data/lit/pairs.jsonl
        """
    )

    @Option(help: ArgumentHelp("The training checkpoint (`text-tower.ckpt` in a run's output directory).", valueName: "file"))
    var checkpoint: String

    @Option(help: ArgumentHelp("Where to write the model (default: models/text-tower.ckpt in the installation).", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("Training pairs (JSON Lines, e.g. data/lit/pairs.jsonl) to estimate the text centre from.",
                               valueName: "file"))
    var captions: String?

    @Option(name: .customLong("caption-samples"), help: ArgumentHelp("How many distinct captions the text centre averages.", valueName: "n"))
    var captionSamples = 4000

    @Option(name: .customLong("max-caption-pieces"), help: ArgumentHelp("Only captions of at most this many subword pieces count.",
                                                                        valueName: "n"))
    var maxCaptionPieces = 4

    @Flag(help: "Print the result as JSON on standard output (path, step, parameters, bytes, model id, text centre).")
    var json = false

    /// The `--json` result.
    struct Result: Encodable {
        let path: String
        let step: Int
        let parameters: Int
        let bytes: Int
        let modelID: String?
        let textCentre: Centre?
        struct Centre: Encodable {
            let captions: Int
            let norm: Float
        }
        enum CodingKeys: String, CodingKey { case path, step, parameters, bytes, modelID = "model_id", textCentre = "text_centre" }
    }

    func validate() throws {
        guard captionSamples > 0, maxCaptionPieces > 0 else { throw ValidationError("--caption-samples and --max-caption-pieces must be positive") }
    }

    func run() throws {
        do {
            let source = try Checkpoint.read(from: URL(fileURLWithPath: checkpoint), expecting: nil)
            let destination = out.map { URL(fileURLWithPath: $0) } ?? Installation.current().defaultTextTower
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            var exported = source.exportedForInference()
            var centre: Result.Centre?
            if let captions {
                let estimate = try textCentre(of: exported, captions: URL(fileURLWithPath: captions))
                exported.header.textCentre = estimate.centre
                centre = Result.Centre(captions: estimate.captions, norm: estimate.norm)
                if !json {
                    print(String(format: "text centre: mean of %d captions of at most %d pieces, norm %.3f",
                                 estimate.captions, maxCaptionPieces, estimate.norm))
                }
            }
            try exported.write(to: destination)
            let size = (try? FileManager.default.attributesOfItem(atPath: destination.path)[.size] as? Int) ?? 0
            if json {
                let result = Result(path: destination.path, step: source.header.step, parameters: source.parameters.count, bytes: size,
                                    modelID: Checkpoint.contentID(of: destination), textCentre: centre)
                try JSONOutput.print(result)
            } else {
                print("exported step \(source.header.step) (\(source.parameters.count) parameters) to \(destination.path), \(size) bytes")
            }
        } catch {
            throw failure(error)
        }
    }

    /// The text centre of `model` estimated from the pairs in `captions`, checked against the installed tokenizer.
    func textCentre(of model: Checkpoint, captions: URL) throws -> TextCentreEstimate {
        let installation = Installation.current()
        let encoder = try CaptionEncoder(modelAt: installation.tokenizerModel(), maxLength: model.header.textConfig.maxLength)
        guard encoder.modelHash == model.header.identity.tokenizerHash else {
            throw CheckpointError.tokenizerMismatch(expected: encoder.modelHash, found: model.header.identity.tokenizerHash)
        }
        let estimate = try TextCentreEstimate(pairs: PairsFile.read(captions), model: TextImageModel(model), encoder: encoder,
                                              samples: captionSamples, maxPieces: maxCaptionPieces)
        return estimate
    }
}
