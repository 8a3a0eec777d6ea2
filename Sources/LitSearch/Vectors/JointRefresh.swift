import Catalog
import Foundation
import VectorIndex

/// Builds a joint vector file at query time, when the installed text model is new to an index.
///
/// `index` keeps `joint.lsvi` in step with the catalog; a text model installed after the last
/// run finds the file missing or holding another model's vectors. The first text query then maps
/// the catalog's stored features into the new space (no image is decoded) and writes the file,
/// under the index lock, exactly as `index` would. When another process holds the lock, or the
/// directory is read-only, nothing is written and the caller keeps the exact scan.
///
/// ```swift
/// if answer.problem == .missing, let report = try JointRefresh.rebuild(directory: dir, space: space, imageModelID: id) {
///     print("joint index built: \(report.vectors) vectors")
/// }
/// ```
public enum JointRefresh {
    /// Whether a failed open is one that a rebuild at query time should repair: the file is
    /// missing or holds another model's vectors (a stale or damaged file waits for `index`).
    public static func repairs(_ problem: VectorFile.Problem) -> Bool {
        switch problem {
        case .missing, .otherSpace, .otherCatalog: return true
        case .unreadable, .stale: return false
        }
    }

    /// Rebuilds `directory`'s joint file for `space` from the catalog.
    ///
    /// The exact threshold is the image vector file's, so both files of an index agree on when
    /// an index is worth training.
    ///
    /// - Returns: the sync report, or nil when the index is locked by another process or cannot
    ///   be written (the exact scan keeps answering).
    /// - Throws: catalog errors while reading the embeddings, `VectorIndexError` building.
    /// - Complexity: O(n · imageDimension · space.dimension) to map n features, plus
    ///   `VectorIndex.build`.
    public static func rebuild(directory: IndexDirectory, space: JointSpace, imageModelID: String) throws -> VectorSyncReport? {
        guard let lock = try? IndexLock.acquire(directory, wait: false) else { return nil }
        defer { lock.release() }
        guard let catalog = try? Catalog(directory: directory) else { return nil }
        var settings = VectorSettings()
        if let images = try? VectorFile(directory: directory).load() {
            settings.parameters.exactThreshold = images.parameters.exactThreshold
        }
        let sync = VectorSync(file: .joint(directory), catalog: catalog, space: space, imageModelID: imageModelID, settings: settings)
        let previous = try catalog.generation(.jointGeneration)
        // The catalog cannot change while the lock is held: the file is built for its present state.
        return try sync.run(previousGeneration: previous)
    }
}
