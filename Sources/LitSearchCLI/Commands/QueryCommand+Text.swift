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
            let tower = try ImageTower(contentsOf: installation.imageTowerWeights, threads: 1)
            let (model, encoder, companions) = try textModel.load(installation, tower: tower)
            let catalog = try Catalog(directory: index.directory, mode: .readOnly)
            let matrix = try catalog.loadEmbeddings(modelID: tower.modelID)
            let bridge = try self.bridge.load(installation, tower: tower)
            let hits = try TextSearch(model: model, encoder: encoder, companions: companions, centring: centre, bridge: bridge)
                .nearest(to: text, language: textModel.lang, in: matrix, k: k)
            try printHits(hits)
        } catch {
            throw failure(error)
        }
    }

    /// Prints hits as a rank/score/path table, or as JSON with `--json`; shared by both kinds of query.
    func printHits(_ hits: [SearchHit]) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(hits), as: UTF8.self))
        } else if hits.isEmpty {
            print("the index \(index.directory.path) holds no images; run `litsearch index FOLDER` first")
        } else {
            print("rank  score   path")
            for hit in hits {
                print(String(format: "%4d  %.4f  ", hit.rank, hit.score) + hit.path)
            }
        }
    }
}

extension TextSearch.Centring: ExpressibleByArgument {}
