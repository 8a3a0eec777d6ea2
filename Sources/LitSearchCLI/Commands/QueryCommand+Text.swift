import ArgumentParser
import Catalog
import Foundation
import ImageTower
import LitSearch

extension QueryCommand {
    /// `litsearch query [--lang TAG] TEXT`: tokenizer → text tower → cosine with every indexed
    /// image through the checkpoint's image head → the same table or JSON as `--image`.
    func runTextQuery() throws {
        guard let text else { throw ValidationError("give either TEXT or --image PHOTO") }
        do {
            let installation = Installation.current()
            // A text query never runs the image tower: its id and classifier are all it needs.
            let tower = try TowerIdentity(contentsOf: installation.imageTowerWeights)
            // Loaded once, beside the towers: the query's bridge (per the options) and the joint index's classes.
            let (weight, pictureWeight) = (bridge.bridgeWeight, bridge.pictureWeight)
            let (classes, pictures) = (bridge.classesFolder, bridge.picturesFolder)
            let bridgeLoad = Prefetch {
                try BridgeOptions.installed(installation, tower: tower, weight: weight, pictureWeight: pictureWeight,
                                            classes: classes, pictures: pictures)
            }
            let (model, encoder, companions) = try textModel.load(installation, tower: tower)
            let catalog = try Catalog(directory: index.directory, mode: .readOnly)
            let installed = try bridgeLoad.value()
            var search = TextSearch(model: model, encoder: encoder, companions: companions, centring: centre,
                                    bridge: bridge.selected(from: installed, installation))
            search.indexBridge = installed
            let answer = try search.nearest(to: text, language: textModel.lang, directory: index.directory, catalog: catalog,
                                            imageModelID: tower.modelID, k: filters.fetchCount(for: k), exact: exact,
                                            refresh: textModel.usesInstalledTowers)
            if case .otherSpace? = answer.problem, !textModel.usesInstalledTowers {
                printError("note: the joint vector index holds the installed text model; scanning exactly for --model/--ensemble")
            } else if let note = answer.note {
                printError("note: " + note)
            }
            try printHits(try filters.apply(answer.hits, k: k, catalog: catalog), method: answer.method, catalog: catalog)
        } catch {
            throw failure(error)
        }
    }

    /// Prints hits as a rank/score/path table, as JSON with `--json` (each hit also names the
    /// `method` that found it: `index` or `exact`), or as bare paths (`--paths`, `-0`); shared by
    /// both kinds of query. Paths are absolute (each image's root joined with its stored path)
    /// unless `--relative`.
    func printHits(_ found: [SearchHit], method: IndexedSearch.Method, catalog: Catalog) throws {
        let hits = minScore.map { floor in found.filter { $0.score >= floor } } ?? found
        let paths = try ResultPaths(catalog: catalog, ids: hits.map(\.id), relative: relative)
        func shown(_ hit: SearchHit) -> String { paths.shown(id: hit.id, stored: hit.path) }
        if nulSeparated {
            FileHandle.standardOutput.write(Data(hits.map { shown($0) + "\u{0}" }.joined().utf8))
        } else if pathsOnly {
            for hit in hits { print(TerminalText.escaped(shown(hit))) }
        } else if json {
            let rows = hits.map { JSONHit(hit: $0, path: shown($0), root: paths.root(of: $0.id), method: method.rawValue) }
            try JSONOutput.print(rows)
        } else if hits.isEmpty, let minScore, !found.isEmpty {
            print(String(format: "no image scores at least %.4f (the best: %.4f)", minScore, found[0].score))
        } else if hits.isEmpty, filters.isActive {
            print("no image among the \(filters.fetchCount(for: k)) best matches is under --under and within --since/--until")
        } else if hits.isEmpty {
            print("the index \(index.directory.path) holds no images; run `litsearch index FOLDER` first")
        } else {
            print("rank  score   path")
            for hit in hits {
                print(String(format: "%4d  %.4f  ", hit.rank, hit.score) + TerminalText.escaped(shown(hit)))
            }
        }
    }
}

extension TextSearch.Centring: ExpressibleByArgument {}

/// A result row of `query --json`: rank, score, the path as shown (absolute unless `--relative`)
/// and as stored, the root it is stored under, and how the run searched.
struct JSONHit: Encodable {
    let hit: SearchHit
    let path: String
    let root: String?
    let method: String

    enum CodingKeys: String, CodingKey {
        case rank, score, path, method, root
        case relativePath = "relative_path"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hit.rank, forKey: .rank)
        try container.encode(hit.score, forKey: .score)
        try container.encode(path, forKey: .path)
        try container.encode(hit.path, forKey: .relativePath)
        try container.encodeIfPresent(root, forKey: .root)
        try container.encode(method, forKey: .method)
    }
}
