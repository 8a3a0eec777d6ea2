import Catalog
import Foundation
import ImageTower

/// The manifest's images in an index of their own, embedded once by `Indexer` so that a second
/// evaluation reads every embedding from the catalog and only embeds the queries.
///
/// `Indexer` indexes a folder, and the manifest's images may sit among many others (the data
/// builder's `images/` also holds the training pictures), so a temporary folder of symbolic links
/// (one per distinct image, named by its manifest path) is indexed instead. The walker follows the
/// links and stamps the targets' sizes and times, so unchanged images are not read again; the
/// folder is deleted afterwards.
public struct EvalGallery {
    /// The embedded images.
    public struct Embedded {
        /// Entries whose image has an embedding, in manifest order.
        public var entries: [ManifestEntry]
        /// Their locked embeddings, `entries.count × Embedding.dimension`.
        public var features: [Float]
        /// Entries whose image could not be embedded.
        public var failed: [EvalReport.FailedImage]
        /// What the index run did (how many images were embedded, reused, …).
        public var summary: IndexSummary
    }

    public let index: IndexDirectory
    public let tower: ImageTower
    public var vectors = VectorSettings()
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init(index: IndexDirectory, tower: ImageTower) {
        self.index = index
        self.tower = tower
    }

    /// The default index for a manifest: `.litsearch-eval/<manifest name>` next to it (hidden, so
    /// indexing the data folder itself does not pick it up).
    public static func defaultIndex(for manifest: URL) -> IndexDirectory {
        let folder = manifest.standardizedFileURL.deletingLastPathComponent()
        return IndexDirectory(url: folder.appendingPathComponent(".litsearch-eval").appendingPathComponent(manifest.deletingPathExtension().lastPathComponent))
    }

    /// Link name of an image inside the temporary folder: its manifest path when that is a plain
    /// relative path, else `external/<hash>-<file name>`.
    static func linkName(_ entry: ManifestEntry) -> String {
        let parts = entry.image.split(separator: "/")
        let plain = !entry.image.hasPrefix("/") && !parts.isEmpty
            && parts.allSatisfy { $0 != ".." && $0 != "." && !$0.hasPrefix(".") }
        if plain { return parts.joined(separator: "/") }
        let hash = String(contentHash(Array(entry.imagePath.utf8)).prefix(12))
        return "external/\(hash)-\(URL(fileURLWithPath: entry.imagePath).lastPathComponent)"
    }

    /// Indexes the entries' images (incrementally) and loads their embeddings.
    ///
    /// - Throws: `IndexError`, `CatalogError` (index busy), file-system errors for the link folder.
    /// - Complexity: the tower over new or changed images only, plus O(entries) catalog reads.
    public func embed(_ entries: [ManifestEntry], progress: (Indexer.Progress) -> Void = { _ in }) throws -> Embedded {
        let links = FileManager.default.temporaryDirectory.appendingPathComponent("litsearch-eval-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: links) }
        var names: [String] = []
        var made = Set<String>()
        for entry in entries {
            let name = Self.linkName(entry)
            names.append(name)
            guard made.insert(name).inserted else { continue }
            let link = links.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: entry.imagePath)
        }
        try FileManager.default.createDirectory(at: links, withIntermediateDirectories: true)
        let indexer = Indexer(tower: tower, options: .init(root: links.path, index: index, threads: threads, vectors: vectors))
        let summary = try indexer.run(progress: progress)
        try forgetEarlierLinkFolders()

        let catalog = try Catalog(directory: index, mode: .readOnly)
        let stored = try catalog.loadEmbeddings(modelID: tower.modelID)
        var rowOf: [String: Int] = [:]
        for (row, path) in stored.paths.enumerated() { rowOf[path] = row }
        var result = Embedded(entries: [], features: [], failed: [], summary: summary)
        for (entry, name) in zip(entries, names) {
            if let row = rowOf[name] {
                result.entries.append(entry)
                result.features += stored.row(row)
            } else {
                let record = try catalog.image(atPath: name)
                let message = record?.failure.map { "\($0.kind.rawValue): \($0.message)" } ?? "not in the index (unsupported file type?)"
                result.failed.append(.init(line: entry.line, id: entry.id, message: message))
            }
        }
        return result
    }

    /// Removes the roots that earlier evaluations' link folders left in the index: each run
    /// indexes a fresh temporary folder, so without this the catalog would gain a copy of every
    /// image per run. Only folders named like ours that no longer exist are removed (a concurrent
    /// evaluation's folder still exists; a user's own folders are never named so).
    ///
    /// - Complexity: O(roots) plus one vector-file update per root removed.
    func forgetEarlierLinkFolders() throws {
        let stale = try Catalog(directory: index, mode: .readOnly).roots().map(\.path).filter {
            URL(fileURLWithPath: $0).lastPathComponent.hasPrefix("litsearch-eval-") && !FileManager.default.fileExists(atPath: $0)
        }
        var removal = RootRemoval(index: index, imageModelID: tower.modelID, joint: nil)
        removal.vectors = vectors
        for root in stale { _ = try removal.forget(root) }
    }
}
