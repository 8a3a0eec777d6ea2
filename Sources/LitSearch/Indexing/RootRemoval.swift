import Catalog
import Foundation

/// Removes a folder (a root) from an index: its images leave the catalog and both vector files,
/// inside the index lock, as an `index` run would leave them (`litsearch forget ROOT`).
///
/// ```swift
/// let removal = RootRemoval(index: IndexDirectory(path: "indexes/default"), imageModelID: tower.modelID, joint: joint)
/// let report = try removal.forget("/home/me/Old photos")
/// print(report.removed, report.roots)
/// ```
public struct RootRemoval {
    public var index: IndexDirectory
    /// The installed image tower's id: only its embeddings are in the vector files.
    public var imageModelID: String
    /// The installed text model's joint space, whose vector file is kept in step; nil without one.
    public var joint: JointSpace?
    /// Wait for another process that holds the index, instead of failing.
    public var wait = false
    /// How the vector files are built.
    public var vectors = VectorSettings()

    public init(index: IndexDirectory, imageModelID: String, joint: JointSpace?) {
        self.index = index
        self.imageModelID = imageModelID
        self.joint = joint
    }

    /// What `forget` did.
    public struct Report: Encodable, Sendable {
        /// The folder removed, as the index held it.
        public var root: String
        /// Image records removed with it.
        public var removed: Int
        /// The folders the index still holds.
        public var roots: [String]
        public var vectors: VectorSyncReport?
        public var joint: VectorSyncReport?
    }

    /// Removes root `path` (given as on the command line: relative paths are resolved against the
    /// working directory, as `index` resolves them) and every image under it.
    ///
    /// - Throws: ``RootRemovalError/notHeld(root:index:held:)`` when the index does not hold that
    ///   folder; `CatalogError` when the index is locked or missing; what the vector sync throws.
    /// - Complexity: O(k) records removed, plus a vector-file update (O(n·d) comparison).
    public func forget(_ path: String) throws -> Report {
        guard FileManager.default.fileExists(atPath: index.catalogURL.path) else {
            throw RootRemovalError.notHeld(root: path, index: index.path, held: [])
        }
        let lock = try IndexLock.acquire(index, wait: wait)
        defer { lock.release() }
        let catalog = try Catalog(directory: index)
        let held = try catalog.roots()
        let resolved = Indexer.resolvedRoot(path)
        guard let root = held.first(where: { $0.path == resolved }) ?? held.first(where: { $0.path == path }) else {
            throw RootRemovalError.notHeld(root: resolved, index: index.path, held: held.map(\.path))
        }
        let sync = VectorSync(directory: index, catalog: catalog, space: SearchSpaces.current(imageModelID: imageModelID),
                              imageModelID: imageModelID, settings: vectors)
        let previous = try sync.beginChanges()
        let jointSync = joint.map { VectorSync(file: .joint(index), catalog: catalog, space: $0, imageModelID: imageModelID, settings: vectors) }
        let previousJoint = try catalog.bumpGeneration(.jointGeneration)
        let removed = try catalog.forgetRoot(id: root.id)
        var report = Report(root: root.path, removed: removed, roots: try catalog.roots().map(\.path))
        report.vectors = try sync.run(previousGeneration: previous)
        report.joint = try jointSync?.run(previousGeneration: previousJoint, knownChanges: report.vectors?.changes)
        return report
    }
}

/// Why `forget` removed nothing.
public enum RootRemovalError: Error, Equatable, CustomStringConvertible {
    /// The index does not hold `root`; `held` are the folders it does hold.
    case notHeld(root: String, index: String, held: [String])

    public var description: String {
        switch self {
        case let .notHeld(root, index, held) where held.isEmpty:
            return "\(index) holds no folders, so there is nothing to forget (\(root) was given)"
        case let .notHeld(root, index, held):
            return "\(index) does not hold \(root); it holds: " + held.joined(separator: ", ")
                + ". Give one of those folders as `litsearch info` lists it"
        }
    }
}
