import ConceptBridge
import VectorIndex
import Foundation
import ImageTower
import Training

/// Loads text-tower checkpoints for one image tower and the installed tokenizer: the main tower
/// and the ensemble's further towers, for `query`, `classify`, `eval` and `serve` alike.
///
/// ```swift
/// let loader = TowerLoader(installation: .current(), tower: identity, centresText: true)
/// let main = try loader.load(nil, chosen: false)          // models/text-tower.ckpt
/// let space = try loader.installedJointSpace()            // what `index` keeps a joint file of
/// ```
public final class TowerLoader {
    public let installation: Installation
    public let tower: any ImageModelIdentity
    /// Whether queries subtract each model's text centre.
    public let centresText: Bool
    /// The installation's tokenizer, loaded by the first tower and shared by the others.
    private var tokenizer: CaptionEncoder?

    public init(installation: Installation, tower: any ImageModelIdentity, centresText: Bool) {
        self.installation = installation
        self.tower = tower
        self.centresText = centresText
    }

    /// The checkpoint at `url` (nil: the installation's default) with an encoder cut at its length.
    ///
    /// - Parameter chosen: whether the user named the file (changes what `TextModelMissing` says).
    /// - Throws: `TextModelMissing`, or the checkpoint's own errors (wrong tokenizer or image tower).
    public func load(_ url: URL?, chosen: Bool) throws -> CompanionTower {
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
    public func companions(_ paths: [String], useInstalled: Bool) throws -> [CompanionTower] {
        let urls = paths.isEmpty && useInstalled ? installation.ensembleTowers() : paths.map { URL(fileURLWithPath: $0) }
        return try urls.map { try load($0, chosen: true) }
    }

    /// The installed concept bridge over the tower's classifier with `weight`, or nil when none is
    /// installed (the joint index simply has no class block then). `classes` and `pictures` name
    /// other class and picture lexicon folders than the installed ones (`eval --bridge-lexicon`,
    /// `--pictures`).
    ///
    /// - Throws: `ConceptBridgeError` for a lexicon that is there but damaged, or a named folder
    ///   without one.
    public func installedBridge(weight: Float = ConceptBridge.defaultWeight, pictureWeight: Float = PictureBridge.defaultWeight,
                                classes: URL? = nil, pictures: URL? = nil) throws -> ConceptBridge? {
        let folder = classes ?? installation.conceptBridge
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("lexicon.tsv").path) else {
            if classes != nil { throw ConceptBridgeError.unreadable(folder.appendingPathComponent("lexicon.tsv").path, "no such file") }
            return nil
        }
        let classifier = tower.classifier
        var bridge = try ConceptBridge(folder: folder, classifier: ClassProbabilities(weights: classifier.weights, bias: classifier.bias),
                                       weight: weight)
        if pictureWeight > 0 { bridge.pictures = try installedPictures(weight: pictureWeight, folder: pictures) }
        return bridge
    }

    /// The installed picture bridge (models/pictures/, or `folder`), or nil when none is installed.
    ///
    /// - Throws: `ConceptBridgeError` for files that are there but damaged, or a `folder` without
    ///   a lexicon.
    public func installedPictures(weight: Float = PictureBridge.defaultWeight, folder chosen: URL? = nil) throws -> PictureBridge? {
        let folder = chosen ?? installation.pictureBridge
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("lexicon.tsv").path) else {
            if chosen != nil { throw ConceptBridgeError.unreadable(folder.appendingPathComponent("lexicon.tsv").path, "no such file") }
            return nil
        }
        func read<T>(_ name: String, _ body: (String) throws -> T) throws -> T {
            let path = folder.appendingPathComponent(name).path
            do { return try body(path) } catch {
                throw ConceptBridgeError.unreadable(path, "\(error)")
            }
        }
        let prototypes = try read("prototypes.npy") { try NumpyMatrix.mappedHalfPrecision(contentsOf: $0) }
        let centre = try read("centre.npy") { try NumpyMatrix(contentsOf: $0) }
        guard centre.rows == 1, centre.columns == prototypes.columns else {
            throw ConceptBridgeError.shape("\(folder.path): centre.npy must be one row of \(prototypes.columns) values")
        }
        let lexicon = try ConceptLexicon(sortedLexicon: folder.appendingPathComponent("lexicon.tsv"), targets: prototypes.rows)
        return try PictureBridge(lexicon: lexicon, prototypes: prototypes.values, centre: centre.values, weight: weight)
    }

    /// The installed text model's joint space (main tower, ensemble, the bridge's classes), which
    /// `index` keeps a vector file of; nil when no text tower is installed.
    ///
    /// - Throws: the checkpoints' or the lexicon's errors when they are there but unusable.
    public func installedJointSpace() throws -> JointSpace? {
        guard FileManager.default.fileExists(atPath: installation.defaultTextTower.path) else { return nil }
        return try installedSearch().jointSpace(imageModelID: tower.modelID)
    }

    /// A text search with the installed towers and bridge, centred on the collection: what
    /// `query TEXT` does with no options, and what the joint index holds.
    ///
    /// - Throws: `TextModelMissing` when no text tower is installed; the checkpoints' or the
    ///   lexicon's errors when they are there but unusable.
    public func installedSearch() throws -> TextSearch {
        let main = try load(nil, chosen: false)
        let bridge = try installedBridge()
        var search = TextSearch(model: main.model, encoder: main.encoder, companions: try companions([], useInstalled: true),
                                centring: .collection, bridge: bridge)
        search.indexBridge = bridge
        return search
    }
}

/// No text tower at the expected place; says how to get one.
public struct TextModelMissing: Error, CustomStringConvertible {
    public let path: String
    /// Whether the user named the file (`--model`), rather than relying on the installed one.
    public let chosen: Bool

    public init(path: String, chosen: Bool) {
        self.path = path
        self.chosen = chosen
    }

    public var description: String {
        if chosen { return "no text-tower checkpoint at \(path)" }
        return """
        no trained text tower at \(path). Train one with
          litsearch train --config configs/lit-default.json
        then copy its output (runs/lit-default/text-tower.ckpt) to \(path), or pass --model FILE
        """
    }
}
