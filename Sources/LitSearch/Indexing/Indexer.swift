import Catalog
import Dispatch
import Foundation
import ImageIO
import ImageTower

/// Indexes folders of images (the index's roots): walks them, embeds new and changed images with the locked tower and
/// records every file in the catalog.
///
/// The run is incremental and crash-safe:
/// - a file whose size and modification time match its record is not read again;
/// - a new path whose content hash matches an indexed image reuses that embedding (moves, renames);
/// - writes are committed in batches, so `kill -9` loses at most the last uncommitted batch and the
///   next run continues from there;
/// - records of files that are gone are removed only when a run finishes, and only under the roots
///   walked in this run (never under a folder that could not be listed);
/// - one writer at a time per index (`IndexLock`); a second run waits or fails with a clear message;
/// - at the end, still inside the lock, the vector file is brought up to date (`VectorSync`).
///
/// ```swift
/// let tower = try ImageTower(contentsOf: installation.imageTowerWeights)
/// let indexer = Indexer(tower: tower, options: .init(root: "photos", index: IndexDirectory(path: "indexes/default")))
/// let summary = try indexer.run { progress in print(progress.done, progress.total) }
/// print(summary.line)
/// ```
public final class Indexer {
    /// How to run.
    public struct Options: Sendable {
        /// The folders to walk (at least one); the index's other roots are kept unless `prune`.
        public var roots: [String]
        /// The first folder (for callers that index one).
        public var root: String {
            get { roots.first ?? "" }
            set { roots = [newValue] }
        }
        /// Remove every root of the index that is not in ``roots`` (`index --prune`).
        public var prune = false
        public var index: IndexDirectory
        /// Threads for decoding and for the tower.
        public var threads: Int
        /// Images per tower batch.
        public var batchSize: Int
        /// Paths to leave out, in `.litsearchignore` syntax (`PathExclusions`), after the root's
        /// own `.litsearchignore`.
        public var exclude: [String] = []
        /// File bytes held in memory per batch, at most (a file larger than this is a batch of
        /// its own): a batch is read whole before it is decoded, and eight 500 MiB files made 4 GB.
        public var batchBytes: Int64 = 256 << 20
        /// Catalog writes per transaction: what a crash can lose at most.
        public var commitEvery: Int
        /// Wait for another process that holds the index, instead of failing.
        public var wait: Bool
        /// How the vector file is built.
        public var vectors: VectorSettings
        /// Retrain the vector file from the catalog even when an update would do.
        public var rebuildVectors: Bool
        /// The text model's joint space, whose vector file (`joint.lsvi`) text queries search; nil
        /// when no text model is installed (the file then reads as stale until one is).
        public var joint: JointSpace?

        /// Options to index one folder.
        public init(root: String, index: IndexDirectory, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                    batchSize: Int = 8, commitEvery: Int = 32, wait: Bool = false,
                    vectors: VectorSettings = VectorSettings(), rebuildVectors: Bool = false, joint: JointSpace? = nil) {
            self.init(roots: [root], index: index, threads: threads, batchSize: batchSize, commitEvery: commitEvery, wait: wait,
                      vectors: vectors, rebuildVectors: rebuildVectors, joint: joint)
        }

        /// Options to index several folders in one run (each becomes, or stays, a root of the index).
        public init(roots: [String], index: IndexDirectory, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                    batchSize: Int = 8, commitEvery: Int = 32, wait: Bool = false,
                    vectors: VectorSettings = VectorSettings(), rebuildVectors: Bool = false, joint: JointSpace? = nil) {
            self.roots = roots
            self.index = index
            self.threads = max(1, threads)
            self.batchSize = max(1, batchSize)
            self.commitEvery = max(1, commitEvery)
            self.wait = wait
            self.vectors = vectors
            self.rebuildVectors = rebuildVectors
            self.joint = joint
        }
    }

    /// Where a run is: files embedded (or found unchanged) of those found.
    public struct Progress: Sendable {
        public let done: Int
        public let total: Int
    }

    public let tower: ImageTower
    public let options: Options
    public var pipeline = ImagePipeline()

    public init(tower: ImageTower, options: Options) {
        self.tower = tower
        self.options = options
    }

    /// The folder `path` names, as a run records it (its `roots` row): absolute and standardized,
    /// against the working directory.
    public static func resolvedRoot(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Runs the index over every root of ``Options/roots``; `progress` is called from the calling
    /// thread, counting the files of all of them.
    ///
    /// Each root gets a run of its own (`Catalog.beginRun`), which removes only the records of
    /// that root it did not see; the index's other roots are untouched unless ``Options/prune``.
    /// - Throws: `IndexError` for a root that is not a directory or that nests with another,
    ///   `CatalogError` when the index is locked or not a litsearch catalog, `DatabaseError` for
    ///   SQLite failures.
    public func run(progress: (Progress) -> Void = { _ in }) throws -> IndexSummary {
        let started = Date()
        let roots = try checkedRoots()
        try options.index.create()
        let lock = try IndexLock.acquire(options.index, wait: options.wait)
        defer { lock.release() }
        let catalog = try Catalog(directory: options.index)
        let held = try catalog.roots()
        let kept = options.prune ? held.filter { roots.contains($0.path) } : held
        try Self.checkNesting(roots, held: kept.map(\.path))
        try catalog.setMeta(.imageModelID, tower.modelID)
        let sync = VectorSync(directory: options.index, catalog: catalog, space: SearchSpaces.current(imageModelID: tower.modelID),
                              imageModelID: tower.modelID, settings: options.vectors, forceRebuild: options.rebuildVectors)
        let previousGeneration = try sync.beginChanges()
        // The joint file's generation moves on every run, with or without a text model, so that a
        // file written before these changes can never pass as in sync with them.
        let jointSync = options.joint.map {
            VectorSync(file: .joint(options.index), catalog: catalog, space: $0, imageModelID: tower.modelID,
                       settings: options.vectors, forceRebuild: options.rebuildVectors)
        }
        let previousJoint = try catalog.bumpGeneration(.jointGeneration)

        var summary = IndexSummary(root: roots[0], index: options.index.path, modelID: tower.modelID)
        summary.roots = roots
        // Every root is walked first, so that progress counts the files of all of them.
        let walks = try roots.map { try walk($0, summary: &summary) }
        let total = walks.reduce(0) { $0 + $1.files.count }
        var done = 0
        for walk in walks {
            try index(walk, catalog: catalog, summary: &summary) { progress(Progress(done: done + $0, total: total)) }
            done += walk.files.count
        }
        if options.prune {
            for root in held where !roots.contains(root.path) {
                let removed = try catalog.forgetRoot(id: root.id)
                summary.counts.removed += removed
                summary.notes.append("pruned \(root.path): \(removed) image\(removed == 1 ? "" : "s") removed")
            }
        }
        summary.vectors = try sync.run(previousGeneration: previousGeneration)
        summary.joint = try jointSync?.run(previousGeneration: previousJoint, knownChanges: summary.vectors?.changes)
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// ``Options/roots`` resolved (``resolvedRoot(_:)``), without repeats, each checked to be a directory.
    func checkedRoots() throws -> [String] {
        var roots: [String] = []
        for given in options.roots {
            let root = Self.resolvedRoot(given)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw IndexError.notADirectory(given)
            }
            if !roots.contains(root) { roots.append(root) }
        }
        guard !roots.isEmpty else { throw IndexError.noRoot }
        return roots
    }

    /// Refuses roots inside one another: the new `roots` among themselves and against the roots
    /// the index keeps (`held`). An image would belong to two roots, and removing one would
    /// remove photos the other still holds.
    public static func checkNesting(_ roots: [String], held: [String]) throws {
        for (position, root) in roots.enumerated() {
            for other in roots[(position + 1)...] where RootRecord.isInside(root, other) || RootRecord.isInside(other, root) {
                let (inner, outer) = RootRecord.isInside(root, other) ? (root, other) : (other, root)
                throw IndexError.nested(inner: inner, outer: outer, held: false)
            }
            for other in held where other != root {
                if RootRecord.isInside(root, other) { throw IndexError.nested(inner: root, outer: other, held: true) }
                if RootRecord.isInside(other, root) { throw IndexError.nested(inner: other, outer: root, held: true) }
            }
        }
    }
}

/// Why an index run could not start.
public enum IndexError: Error, CustomStringConvertible {
    case notADirectory(String)
    /// No folder to index: none given and the index holds none.
    case noRoot
    /// `inner` is inside `outer`; `held`: one of them is a root the index already holds.
    case nested(inner: String, outer: String, held: Bool)

    public var description: String {
        switch self {
        case let .notADirectory(path): return "\(path) is not a directory (give the folder of images to index)"
        case .noRoot: return "no folder to index: give the folder of images to index"
        case let .nested(inner, outer, held) where held:
            return "\(inner) is inside \(outer), and the index holds one of them: a folder cannot be indexed twice. "
                + "Index \(outer) (it includes \(inner)), or `litsearch forget` the one the index holds first"
        case let .nested(inner, outer, _):
            return "\(inner) is inside \(outer): give only \(outer) (it includes \(inner))"
        }
    }
}

