import ArgumentParser
import Foundation
import ImageTower
import LitSearch
import Tokenizer
import Training

/// `--model FILE` and `--lang TAG`, shared by the text query and `classify`.
struct TextModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("BCP-47 language of the text (de, ja, ar, …); optional.", valueName: "tag"))
    var lang: String?

    @Option(help: ArgumentHelp(
        "A text-tower checkpoint from `litsearch train`.",
        discussion: "Default: models/text-tower.ckpt in the litsearch installation (or $LITSEARCH_HOME).",
        valueName: "file"))
    var model: String?

    @Flag(name: .customLong("no-text-centre"), help: ArgumentHelp(
        "Do not subtract the model's text centre from text embeddings (for comparison).",
        discussion: "Models exported with --captions store the mean of short captions; subtracting it keeps pictures that are near every caption from topping every search."))
    var noTextCentre = false

    /// The checkpoint file to load.
    func checkpointURL(_ installation: Installation) -> URL {
        model.map { URL(fileURLWithPath: $0) } ?? installation.defaultTextTower
    }

    /// Loads the tokenizer and the checkpoint, checking that they and `tower` belong together.
    func load(_ installation: Installation, tower: ImageTower) throws -> (TextImageModel, CaptionEncoder) {
        if let lang { try LanguageNote.check(lang) }
        let url = checkpointURL(installation)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TextModelMissing(path: url.path, chosen: model != nil)
        }
        let probe = try CaptionEncoder(modelAt: installation.tokenizerModel(), maxLength: 2)
        let identity = CheckpointIdentity(tokenizerHash: probe.modelHash, imageModelID: tower.modelID)
        let loaded = try TextImageModel(checkpoint: url, expecting: identity)
        loaded.centresText = !noTextCentre
        let encoder = try CaptionEncoder(model: probe.encoder.model, hash: probe.modelHash, maxLength: loaded.maxLength)
        return (loaded, encoder)
    }
}

/// Validates a `--lang` tag and says on stderr, in one line, when its language has no ICU rules.
enum LanguageNote {
    /// - Throws: `NormalizationError.unknownLanguage` for a tag that is not well-formed BCP-47.
    static func check(_ tag: String) throws {
        let parsed = try LanguageTag(tag)
        if !parsed.hasLocaleData { printError(note(for: [parsed.tag])) }
    }

    /// The note for tags whose languages ICU has no data for.
    static func note(for tags: [String]) -> String {
        "note: ICU has no rules for \(tags.joined(separator: ", ")); normalising with the root rules"
    }
}

/// No text tower at the expected place; says how to get one.
struct TextModelMissing: Error, CustomStringConvertible {
    let path: String
    let chosen: Bool
    var description: String {
        if chosen { return "no text-tower checkpoint at \(path)" }
        return """
        no trained text tower at \(path). Train one with
          litsearch train --config configs/lit-default.json
        then copy its output (runs/lit-default/text-tower.ckpt) to \(path), or pass --model FILE
        """
    }
}
