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

    @Option(name: .customLong("ensemble"), help: ArgumentHelp(
        "Another text-tower checkpoint whose cosine is averaged with the main tower's (repeatable).",
        discussion: "Default: every *.ckpt in models/ensemble/ of the installation when --model is not given.",
        valueName: "file"))
    var ensemble: [String] = []

    @Flag(name: .customLong("no-ensemble"), help: "Use the main text tower alone, without the installed ensemble.")
    var noEnsemble = false

    @Flag(name: .customLong("no-text-centre"), help: ArgumentHelp(
        "Do not subtract the model's text centre from text embeddings (for comparison).",
        discussion: "Models exported with --captions store the mean of short captions; subtracting it keeps pictures that are near every caption from topping every search."))
    var noTextCentre = false

    /// Loads the tokenizer, the checkpoint and the ensemble's further towers, checking that they
    /// and `tower` belong together.
    func load(_ installation: Installation, tower: any ImageModelIdentity) throws -> (TextImageModel, CaptionEncoder, [CompanionTower]) {
        if let lang { try LanguageNote.check(lang) }
        let loader = TowerLoader(installation: installation, tower: tower, centresText: !noTextCentre)
        let main = try loader.load(model.map { URL(fileURLWithPath: $0) }, chosen: model != nil)
        let companions = try loader.companions(ensemble, useInstalled: model == nil && !noEnsemble)
        return (main.model, main.encoder, companions)
    }

    /// Whether these options name the installed towers (no --model, no --ensemble, no --no-ensemble):
    /// the model whose joint vector index `index` keeps.
    var usesInstalledTowers: Bool { model == nil && ensemble.isEmpty && !noEnsemble }
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
