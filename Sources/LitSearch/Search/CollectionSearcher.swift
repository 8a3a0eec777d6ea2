import Catalog
import Foundation
import ImageTower
import VectorIndex

/// A long-lived searcher of one index directory: text, example photos and "more like this",
/// for `litsearch serve`.
///
/// It loads the installed text towers and bridge once, opens the catalog read-only and keeps each
/// vector file open between queries. While `litsearch index` runs in another process, queries see
/// the catalog's last committed state; once a run moves a file's generation on, the next query
/// reads the new file. A stale or missing vector file falls back to the exact scan (the answer's
/// `note` says why), as `query` does. The image tower is loaded by the first photo query.
///
/// ```swift
/// let searcher = try CollectionSearcher(directory: IndexDirectory(url: folder))
/// let answer = try searcher.search(text: "Hund", language: "de", k: 10)
/// let more = try searcher.similar(to: answer.hits[0].id, k: 10)
/// ```
///
/// Calls are serialised by a lock (the towers and the catalog connection are not shared across
/// threads); each query takes a text-tower pass or an image-tower pass plus one index search.
public final class CollectionSearcher: @unchecked Sendable {
    public let directory: IndexDirectory
    public let installation: Installation
    /// The locked image tower's id and classifier (the tower itself loads on the first photo query).
    public let identity: TowerIdentity
    private let catalog: Catalog
    /// Text queries through the joint file; nil when no text tower is installed (`textMissing` says why).
    private var text: TextSearch.Prepared?
    private let textMissing: TextModelMissing?
    private var imageTower: ImageTower?
    private var keptJoint: VectorIndex?
    private var keptImages: VectorIndex?
    private let lock = NSLock()

    /// Opens `directory` for searching with the towers of `installation`.
    ///
    /// - Throws: `CatalogError` when the directory holds no readable catalog; the weights' or
    ///   checkpoints' errors when they are there but unusable. A missing text tower is not an
    ///   error here: text queries then throw `TextModelMissing`.
    public init(directory: IndexDirectory, installation: Installation = .current()) throws {
        self.directory = directory
        self.installation = installation
        identity = try TowerIdentity(contentsOf: installation.imageTowerWeights)
        catalog = try Catalog(directory: directory, mode: .readOnly)
        let loader = TowerLoader(installation: installation, tower: identity, centresText: true)
        do {
            text = try loader.installedSearch().prepared(directory: directory, catalog: catalog, imageModelID: identity.modelID)
            textMissing = nil
        } catch let missing as TextModelMissing {
            text = nil
            textMissing = missing
        }
    }

    /// The `k` images nearest to `text`, best first.
    ///
    /// - Throws: `TextModelMissing`; `NormalizationError` for an unknown language or invalid text;
    ///   catalog errors.
    public func search(text query: String, language: String?, k: Int) throws -> IndexedSearch.Answer {
        try locked {
            guard var prepared = text else { throw textMissing ?? TextModelMissing(path: installation.defaultTextTower.path, chosen: false) }
            keptJoint = try refreshed(keptJoint, of: prepared.search)
            prepared.search.opened = keptJoint
            return try prepared.nearest(to: query, language: language, k: k)
        }
    }

    /// The `k` images nearest to the indexed image `id` (itself first), best first; nil when the
    /// catalog holds no indexed image with that id.
    ///
    /// - Throws: catalog errors.
    public func similar(to id: Int64, k: Int) throws -> IndexedSearch.Answer? {
        try locked {
            guard let record = try catalog.image(id: id), record.status == .ok,
                  let embedding = try catalog.embedding(imageID: id) else { return nil }
            return try imageSearch(embedding.values, k: k)
        }
    }

    /// The `k` images nearest to a photo given as its encoded bytes (JPEG, PNG, WebP, GIF, BMP).
    ///
    /// - Throws: `ImageFailure` when the bytes do not decode; the image tower's weights' errors.
    public func search(photo bytes: [UInt8], k: Int) throws -> IndexedSearch.Answer {
        let tensor = try ImagePipeline().prepare(bytes).tensor   // decoded outside the lock
        return try locked {
            let tower = try imageTower ?? ImageTower(contentsOf: installation.imageTowerWeights)
            imageTower = tower
            return try imageSearch(Array(tower.run(batch: tensor, count: 1).embedding(0)), k: k)
        }
    }

    /// The file of indexed image `id`, or nil when there is none to serve: the id is unknown or
    /// not indexed, the file is gone or no longer a regular file, or it is not the file that was
    /// indexed (a link or a copy swapped in since, or an edit not indexed yet: another inode,
    /// size or modification time).
    ///
    /// - Complexity: one catalog look-up and one `stat`.
    public func file(id: Int64) throws -> (record: ImageRecord, url: URL)? {
        try locked {
            guard let record = try catalog.image(id: id), record.status == .ok,
                  let location = try catalog.location(ofImage: id) else { return nil }
            return Self.indexedFile(root: location.root, record: record).map { (record, $0) }
        }
    }

    /// What the index holds: image counts, the models, the indexed folders and the last run.
    public func summary() throws -> Summary {
        try locked {
            let counts = try catalog.statusCounts()
            let run = try catalog.lastRun()
            return Summary(images: counts.values.reduce(0, +), indexed: counts[.ok] ?? 0, failed: counts[.failed] ?? 0,
                           imageModel: identity.modelID, textModel: text != nil ? installation.defaultTextTower.lastPathComponent : nil,
                           roots: try catalog.roots().map(\.path),
                           lastRun: run.map { Summary.Run(started: $0.startedAt, finished: $0.finishedAt, running: !$0.isFinished) })
        }
    }

    /// Counts and names for `GET /api/info`, encoded with snake_case keys.
    public struct Summary: Sendable, Encodable {
        /// Images in the catalog, indexed or failed.
        public var images: Int
        public var indexed: Int
        public var failed: Int
        public var imageModel: String
        /// The installed text tower's file name, nil when none is installed.
        public var textModel: String?
        /// The indexed folders.
        public var roots: [String]
        public var lastRun: Run?

        /// When the last `index` run started and finished (`running` while it goes on, or when it
        /// was killed).
        public struct Run: Sendable, Encodable {
            public var started: Date
            public var finished: Date?
            public var running: Bool
        }

        enum CodingKeys: String, CodingKey {
            case images, indexed, failed, roots
            case imageModel = "image_model", textModel = "text_model", lastRun = "last_run"
        }
    }

    /// The file at `root`/`record.path` when it is still the file that was indexed: a regular file
    /// (links followed, as the indexer follows them) with the recorded size, modification time and
    /// (where recorded) inode. A photo edited since is served again after the next `index` run.
    static func indexedFile(root: String, record: ImageRecord) -> URL? {
        let relative = record.path
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else { return nil }
        let path = root.hasSuffix("/") ? root + relative : root + "/" + relative
        guard let now = try? FileStamp(path: path), isRegularFile(path),
              now.size == record.stamp.size, now.mtimeNanoseconds == record.stamp.mtimeNanoseconds,
              record.stamp.inode == nil || now.inode == record.stamp.inode else { return nil }
        return URL(fileURLWithPath: path)
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    private func imageSearch(_ embedding: [Float], k: Int) throws -> IndexedSearch.Answer {
        var search = IndexedSearch(directory: directory, catalog: catalog, imageModelID: identity.modelID)
        keptImages = try refreshed(keptImages, of: search)
        search.opened = keptImages
        return try search.nearest(to: embedding, k: k)
    }

    /// `kept` while it is still the file of `search`'s space at the catalog's generation, else the
    /// file read again (nil when it is missing or unusable: the search then scans exactly).
    private func refreshed(_ kept: VectorIndex?, of search: IndexedSearch) throws -> VectorIndex? {
        let generation = try catalog.generation(search.file.generationKey)
        let catalogID = try catalog.identity()
        if let kept, case .usable = search.file.check(kept, expecting: search.space, catalogGeneration: generation, catalogID: catalogID) {
            return kept
        }
        if case let .usable(index) = search.file.open(expecting: search.space, catalogGeneration: generation, catalogID: catalogID) {
            return index
        }
        return nil
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
