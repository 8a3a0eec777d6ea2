import Foundation
import Tokenizer

extension Installation {
    /// The trained text tower `query` and `classify` use when `--model` is not given.
    public var defaultTextTower: URL { home.appendingPathComponent("models/text-tower.ckpt") }

    /// Further text towers averaged with the default one (`CompanionTower`): the `*.ckpt` files in
    /// `models/ensemble/`, by name; none when the folder is absent.
    public func ensembleTowers() -> [URL] {
        let folder = home.appendingPathComponent("models/ensemble", isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".ckpt") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// The tokenizer model: `$LITSEARCH_TOKENIZER_MODEL`, else `tokenizer/litsearch.model` in the
    /// installation, else wherever `ModelLocation` finds one.
    public func tokenizerModel(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment["LITSEARCH_TOKENIZER_MODEL"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let local = home.appendingPathComponent(ModelLocation.relativePath)
        if FileManager.default.fileExists(atPath: local.path) { return local }
        return ModelLocation.defaultModelPath().map { URL(fileURLWithPath: $0) } ?? local
    }
}
