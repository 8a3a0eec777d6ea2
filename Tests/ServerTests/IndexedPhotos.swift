import Catalog
import Foundation
import ImageTower
import LitSearch
import XCTest

/// A temporary folder of sample photos and an index of it, made by the real indexer with the
/// installed towers (skipped, saying why, where `scripts/setup.sh` has not fetched the weights).
final class IndexedPhotos {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let installation = Installation(home: repository)

    let folder: URL
    let index: IndexDirectory
    private let base: URL

    /// Copies `samples` (file names in samples/) into a new folder and indexes it.
    init(_ samples: [String] = ["chelsea.jpg", "dogs.jpg", "rocket.jpg", "coins.png", "astronaut.jpg", "flower.jpg"]) throws {
        guard FileManager.default.fileExists(atPath: Self.installation.imageTowerWeights.path) else {
            throw XCTSkip("no image-tower weights at \(Self.installation.imageTowerWeights.path); run scripts/setup.sh")
        }
        base = FileManager.default.temporaryDirectory.appendingPathComponent("litsearch-serve-\(UUID().uuidString)")
        folder = base.appendingPathComponent("photos", isDirectory: true)
        index = IndexDirectory(url: base.appendingPathComponent("index", isDirectory: true))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in samples {
            try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("samples/\(name)"), to: folder.appendingPathComponent(name))
        }
        try reindex()
    }

    deinit { try? FileManager.default.removeItem(at: base) }

    /// Runs `litsearch index` over the folder again (what another process does while a server
    /// runs), or over `folders` (each added to the index beside the first).
    func reindex(_ folders: [URL]? = nil) throws {
        let tower = try ImageTower(contentsOf: Self.installation.imageTowerWeights, threads: 2)
        let joint = try TowerLoader(installation: Self.installation, tower: tower, centresText: true).installedJointSpace()
        let options = Indexer.Options(roots: (folders ?? [folder]).map(\.path), index: index, threads: 2, joint: joint)
        _ = try Indexer(tower: tower, options: options).run()
    }

    /// A second folder beside the first, holding copies of `samples`, indexed into the same index.
    func addFolder(_ samples: [String]) throws -> URL {
        let more = base.appendingPathComponent("more", isDirectory: true)
        try FileManager.default.createDirectory(at: more, withIntermediateDirectories: true)
        for name in samples {
            try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("samples/\(name)"), to: more.appendingPathComponent(name))
        }
        try reindex([more])
        return more
    }

    /// The catalog id of `name`.
    func id(of name: String) throws -> Int64 {
        let catalog = try Catalog(directory: index, mode: .readOnly)
        return try XCTUnwrap(try catalog.image(atPath: name)?.id, "\(name) is not in the catalog")
    }

    /// A searcher of this index with the repository's towers.
    func searcher() throws -> CollectionSearcher {
        try CollectionSearcher(directory: index, installation: Self.installation)
    }
}
