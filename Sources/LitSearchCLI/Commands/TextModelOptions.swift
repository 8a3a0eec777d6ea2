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

extension TowerLoader {
    /// The installed text model's joint space (main tower, ensemble, the bridge's classes), which
    /// `index` keeps a vector file of; nil when no text tower is installed.
    ///
    /// - Throws: the checkpoints' or the lexicon's errors when they are there but unusable.
    func installedJointSpace() throws -> JointSpace? {
        guard FileManager.default.fileExists(atPath: installation.defaultTextTower.path) else { return nil }
        let main = try load(nil, chosen: false)
        let companions = try self.companions([], useInstalled: true)
        let bridge = try BridgeOptions.installed(installation, tower: tower)
        let embedder = ModelEmbedder(model: main.model, encoder: main.encoder, companions: companions, centring: .collection, bridge: bridge)
        return JointSpace(embedder: embedder, imageModelID: tower.modelID)
    }
}

/// Loads text-tower checkpoints for one image tower and the installed tokenizer: the main tower
/// and the ensemble's further towers, for `query`, `classify` and `eval` alike.
final class TowerLoader {
    let installation: Installation
    let tower: any ImageModelIdentity
    /// Whether queries subtract each model's text centre.
    let centresText: Bool
    /// The installation's tokenizer, loaded by the first tower and shared by the others.
    private var tokenizer: CaptionEncoder?

    init(installation: Installation, tower: any ImageModelIdentity, centresText: Bool) {
        self.installation = installation
        self.tower = tower
        self.centresText = centresText
    }

    /// The checkpoint at `url` (nil: the installation's default) with an encoder cut at its length.
    ///
    /// - Throws: `TextModelMissing`, or the checkpoint's own errors (wrong tokenizer or image tower).
    func load(_ url: URL?, chosen: Bool) throws -> CompanionTower {
        let url = url ?? installation.defaultTextTower
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TextModelMissing(path: url.path, chosen: chosen)
        }
        let probe = try tokenizer ?? CaptionEncoder(modelAt: installation.tokenizerModel(), maxLength: 2)
        tokenizer = probe
        let identity = CheckpointIdentity(tokenizerHash: probe.modelHash, imageModelID: tower.modelID)
        let loaded = try TextImageModel(checkpoint: url, expecting: identity)
        loaded.centresText = centresText
        return CompanionTower(model: loaded, encoder: CaptionEncoder(sharing: probe, maxLength: loaded.maxLength))
    }

    /// The towers named by `paths`, or with none named and `useInstalled`, those installed in
    /// models/ensemble/.
    func companions(_ paths: [String], useInstalled: Bool) throws -> [CompanionTower] {
        let urls = paths.isEmpty && useInstalled ? installation.ensembleTowers() : paths.map { URL(fileURLWithPath: $0) }
        return try urls.map { try load($0, chosen: true) }
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
