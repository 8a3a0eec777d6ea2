import ArgumentParser
import ConceptBridge
import Foundation
import ImageTower
import LitSearch

/// `--no-bridge` and `--bridge-weight W`: the concept bridge beside the text tower, shared by the
/// text query, `classify` and `eval`.
struct BridgeOptions: ParsableArguments {
    @Flag(name: .customLong("no-bridge"), help: ArgumentHelp(
        "Rank by the text tower alone, without the concept bridge.",
        discussion: "The bridge looks the query's words up in models/bridge/lexicon.tsv (WordNet, CLDR and FreeDict in many languages), follows them to the ImageNet classes below them (\"Hund\" → the dog breeds) and adds the locked tower's probability of those classes to the tower's cosine."))
    var noBridge = false

    @Option(name: .customLong("bridge-weight"), help: ArgumentHelp(
        "How much the bridge's class probability counts against the tower's cosine.", valueName: "w"))
    var bridgeWeight: Float = ConceptBridge.defaultWeight

    @Option(name: .customLong("picture-weight"), help: ArgumentHelp(
        "How far a query that names a training picture moves towards it (0: not at all).",
        discussion: "Words that name an emoji in any CLDR language (models/pictures/lexicon.tsv) reach that emoji's locked features, which the text model's image head maps into the joint space; the query moves towards them by w times its own length. Off with --no-bridge.",
        valueName: "w"))
    var pictureWeight: Float = PictureBridge.defaultWeight

    @Option(name: .customLong("pictures"), help: ArgumentHelp(
        "Another picture lexicon folder than the installed models/pictures.",
        discussion: "For evaluation: scripts/eval/all.sh scores the held-out emoji with a lexicon built without them (build_pictures.py without --with-heldout).",
        valueName: "dir"))
    var pictures: String?

    @Option(name: .customLong("bridge-lexicon"), help: ArgumentHelp(
        "Another class lexicon folder than the installed models/bridge.",
        discussion: "For evaluation: scripts/eval/neighbours.sh scores Occitan and Aragonese captions with a lexicon built without the translator that wrote them.",
        valueName: "dir"))
    var bridgeLexicon: String?

    /// The `--pictures` folder, or nil for the installed one.
    var picturesFolder: URL? { pictures.map { URL(fileURLWithPath: $0, isDirectory: true) } }

    /// The `--bridge-lexicon` folder, or nil for the installed one.
    var classesFolder: URL? { bridgeLexicon.map { URL(fileURLWithPath: $0, isDirectory: true) } }

    func validate() throws {
        guard bridgeWeight.isFinite, bridgeWeight >= 0 else { throw ValidationError("--bridge-weight must be 0 or more") }
        guard pictureWeight.isFinite, pictureWeight >= 0 else { throw ValidationError("--picture-weight must be 0 or more") }
        for (option, folder, builder) in [("--pictures", picturesFolder, "build_pictures.py"), ("--bridge-lexicon", classesFolder, "build_lexicon.py")] {
            if let folder, !FileManager.default.fileExists(atPath: folder.appendingPathComponent("lexicon.tsv").path) {
                throw ValidationError("\(option): no lexicon at \(folder.appendingPathComponent("lexicon.tsv").path) "
                                      + "(build one with python3 scripts/bridge/\(builder) --out \(folder.path))")
            }
        }
    }

    /// The bridge over `tower`'s classifier, or nil with `--no-bridge`, a zero weight, or no lexicon
    /// installed (said on stderr).
    ///
    /// - Throws: `ConceptBridgeError` for a lexicon that is there but damaged.
    func load(_ installation: Installation, tower: any ImageModelIdentity) throws -> ConceptBridge? {
        guard !noBridge, bridgeWeight > 0 else { return nil }
        return selected(from: try Self.installed(installation, tower: tower, weight: bridgeWeight, pictureWeight: pictureWeight,
                                                 classes: classesFolder, pictures: picturesFolder), installation)
    }

    /// What these options make of `installed` (loaded with `bridgeWeight`): nil with `--no-bridge`
    /// or a zero weight, and nil with a note on stderr when no bridge is installed.
    func selected(from installed: ConceptBridge?, _ installation: Installation) -> ConceptBridge? {
        guard !noBridge, bridgeWeight > 0 else { return nil }
        if installed == nil {
            printError("note: no concept bridge at \(installation.conceptBridge.path); ranking by the text tower alone")
        }
        return installed
    }

    /// The installed bridge with `weight`, or nil when none is installed (said by no one: the
    /// joint index simply has no class block then).
    ///
    /// - Throws: `ConceptBridgeError` for a lexicon that is there but damaged.
    static func installed(_ installation: Installation, tower: any ImageModelIdentity, weight: Float = ConceptBridge.defaultWeight,
                          pictureWeight: Float = PictureBridge.defaultWeight, classes: URL? = nil, pictures: URL? = nil) throws -> ConceptBridge? {
        try TowerLoader(installation: installation, tower: tower, centresText: true)
            .installedBridge(weight: weight, pictureWeight: pictureWeight, classes: classes, pictures: pictures)
    }
}
