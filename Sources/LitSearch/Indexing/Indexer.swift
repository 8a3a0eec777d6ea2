import Catalog
import Dispatch
import Foundation
import ImageIO
import ImageTower

/// Indexes a folder of images: walks it, embeds new and changed images with the locked tower and
/// records every file in the catalog.
///
/// The run is incremental and crash-safe:
/// - a file whose size and modification time match its record is not read again;
/// - a new path whose content hash matches an indexed image reuses that embedding (moves, renames);
/// - writes are committed in batches, so `kill -9` loses at most the last uncommitted batch and the
///   next run continues from there;
/// - records of files that are gone are removed only when a run finishes;
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
        public var root: String
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

        public init(root: String, index: IndexDirectory, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                    batchSize: Int = 8, commitEvery: Int = 32, wait: Bool = false,
                    vectors: VectorSettings = VectorSettings(), rebuildVectors: Bool = false, joint: JointSpace? = nil) {
            self.root = root
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

    /// The folder `path` names, as a run records it (`last_root`): absolute and standardized,
    /// against the working directory.
    public static func resolvedRoot(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Runs the index; `progress` is called from the calling thread.
    ///
    /// - Throws: `IndexError` for a root that is not a directory, `CatalogError` when the index is
    ///   locked or not a litsearch catalog, `DatabaseError` for SQLite failures.
    public func run(progress: (Progress) -> Void = { _ in }) throws -> IndexSummary {
        let started = Date()
        let root = Self.resolvedRoot(options.root)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw IndexError.notADirectory(options.root)
        }
        try options.index.create()
        let lock = try IndexLock.acquire(options.index, wait: options.wait)
        defer { lock.release() }
        let catalog = try Catalog(directory: options.index)
        try catalog.setMeta(.imageModelID, tower.modelID)
        try catalog.setMeta(.lastRoot, root)
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
        let run = try catalog.beginRun(root: root, modelID: tower.modelID)
        let writer = BatchWriter(catalog: catalog, run: run, batchSize: options.commitEvery)

        var summary = IndexSummary(root: root, index: options.index.path, modelID: tower.modelID)
        let walk = FileWalker(root: root, exclusions: try PathExclusions(root: root, patterns: options.exclude)).walk()
        let walked = walk.files.filter { !isInside(root + "/" + $0.relativePath, options.index.path) }
        summary.hidden = walk.hidden
        summary.excluded = walk.excluded
        // Problems (bad names, loops) are reported whatever the name; other files by extension.
        let files = walked.filter { $0.problem != nil || FileKind(path: $0.relativePath) != .other }
        let unlisted = walked.filter { $0.problem?.isUnlistedDirectory == true }.map(\.relativePath)
        summary.found = files.count
        summary.ignored = walked.count - files.count

        // Pass 1: decide from the catalog alone what needs reading.
        var work: [Pending] = []
        for file in files {
            let stamp = file.stamp
            if let problem = file.problem {
                try record(.failed(ImageEntry(path: file.relativePath, stamp: stamp), ImageFailure(problem)), writer, &summary)
                continue
            }
            let existing = try catalog.image(atPath: file.relativePath)
            // A failed file is read again every run: it may have been fixed (permissions, a
            // finished download) without its size or mtime changing.
            guard let existing, existing.status == .ok, existing.modelID == tower.modelID else {
                work.append(Pending(file: file, known: existing != nil))
                continue
            }
            switch stamp.compared(to: existing.stamp) {
            case .same:
                try record(.unchanged(path: file.relativePath), writer, &summary)
            case .unrecorded:
                try record(.restamped(path: file.relativePath, stamp: stamp), writer, &summary)
            case .touched:
                // Size and mtime as recorded, but not the change time or inode (`cp -p`,
                // `touch -r`): the content is hashed, and re-embedded only if it differs.
                work.append(Pending(file: file, known: true, recordedHash: existing.contentHash))
            case .changed:
                work.append(Pending(file: file, known: true))
            }
        }
        var done = files.count - work.count
        progress(Progress(done: done, total: files.count))

        // Pass 2: read, hash, decode and embed what changed, a batch at a time.
        for range in Self.batches(sizes: work.map(\.file.size), count: options.batchSize, bytes: options.batchBytes) {
            let batch = Array(work[range])
            for write in try embed(batch, root: root, catalog: catalog) {
                try record(write, writer, &summary)
            }
            done += batch.count
            progress(Progress(done: done, total: files.count))
        }

        // A folder the walk could not list removes nothing under it: its records count as seen.
        try writer.flush()
        for folder in unlisted {
            let kept = try catalog.markSeen(under: folder, run: run.id)
            if kept > 0 {
                summary.notes.append("kept \(kept) indexed image\(kept == 1 ? "" : "s") under \(folder == "." ? "the root" : folder), which could not be listed")
            }
        }
        let finished = try writer.finish(removeUnseen: true)
        summary.counts = finished.counts
        summary.vectors = try sync.run(previousGeneration: previousGeneration)
        summary.joint = try jointSync?.run(previousGeneration: previousJoint, knownChanges: summary.vectors?.changes)
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Queues `write`; failures are also listed in the summary (the counts come from the catalog).
    private func record(_ write: ImageWrite, _ writer: BatchWriter, _ summary: inout IndexSummary) throws {
        if case let .failed(entry, failure) = write {
            summary.failuresByKind[failure.kind.rawValue, default: 0] += 1
            summary.failures.append(.init(path: entry.path, kind: failure.kind.rawValue, message: failure.message))
        }
        try writer.add(write)
    }

    /// A file that needs reading: new, changed, failed before, or touched (`recordedHash`: the
    /// content its record was embedded from, which it may still have).
    private struct Pending {
        let file: FoundFile
        let known: Bool
        var recordedHash: String? = nil
    }

    /// The catalog writes for one batch of files that need reading.
    private func embed(_ batch: [Pending], root: String, catalog: Catalog) throws -> [ImageWrite] {
        // Read and hash in parallel.
        let reader = FileReader()
        let contents = parallelMap(batch, threads: options.threads) { item -> Result<(bytes: [UInt8], hash: String), ImageFailure> in
            do {
                let bytes = try reader.read(root + "/" + item.file.relativePath)
                return .success((bytes, contentHash(bytes)))
            } catch let problem as FileProblem {
                return .failure(ImageFailure(problem))
            } catch {
                return .failure(ImageFailure(kind: .unreadable, message: "\(error)"))
            }
        }
        var writes = [ImageWrite?](repeating: nil, count: batch.count)
        var toDecode: [Int] = []
        for (index, item) in batch.enumerated() {
            let stamp = item.file.stamp
            switch contents[index] {
            case let .failure(failure):
                writes[index] = .failed(ImageEntry(path: item.file.relativePath, stamp: stamp), failure)
            case let .success(content):
                if let recorded = item.recordedHash, recorded == content.hash {
                    // Touched, same content: the record stands, with the new stamp.
                    writes[index] = .restamped(path: item.file.relativePath, stamp: stamp)
                } else if !item.known, let (existing, embedding) = try catalog.okImage(contentHash: content.hash, modelID: tower.modelID) {
                    let entry = ImageEntry(path: item.file.relativePath, stamp: stamp, contentHash: content.hash,
                                           width: existing.width, height: existing.height, format: existing.format)
                    writes[index] = .moved(entry, embedding)
                } else {
                    toDecode.append(index)
                }
            }
        }
        // Decode and preprocess in parallel, then one tower batch.
        let prepared = parallelMap(toDecode, threads: options.threads) { index -> Result<ImagePipeline.Prepared, ImageFailure> in
            guard case let .success(content) = contents[index] else { fatalError("only readable files are decoded") }
            do { return .success(try pipeline.prepare(content.bytes)) } catch let failure as ImageFailure {
                return .failure(failure)
            } catch { return .failure(ImageFailure(kind: .corrupt, message: "\(error)")) }
        }
        var tensors: [Float] = []
        var embedded: [Int] = []
        for (position, index) in toDecode.enumerated() {
            let item = batch[index]
            let stamp = item.file.stamp
            switch prepared[position] {
            case let .failure(failure):
                var entry = ImageEntry(path: item.file.relativePath, stamp: stamp)
                if case let .success(content) = contents[index] { entry.contentHash = content.hash }
                writes[index] = .failed(entry, failure)
            case let .success(image):
                tensors += image.tensor
                embedded.append(position)
            }
        }
        let output = tower.run(batch: tensors, count: embedded.count)
        for (row, position) in embedded.enumerated() {
            let index = toDecode[position]
            let item = batch[index]
            guard case let .success(image) = prepared[position], case let .success(content) = contents[index] else { continue }
            let entry = ImageEntry(path: item.file.relativePath,
                                   stamp: item.file.stamp,
                                   contentHash: content.hash, width: image.info.width, height: image.info.height,
                                   format: image.info.format.rawValue)
            let embedding = Embedding(Array(output.embedding(row)))
            writes[index] = item.known ? .updated(entry, embedding) : .added(entry, embedding)
        }
        return writes.map { $0! }
    }

    /// Consecutive batches of files with these sizes: at most `count` files and `bytes` bytes
    /// each, except that a file larger than `bytes` is a batch of its own.
    ///
    /// - Complexity: O(sizes.count).
    static func batches(sizes: [Int64], count: Int, bytes: Int64) -> [Range<Int>] {
        var batches: [Range<Int>] = []
        var start = 0, held: Int64 = 0
        for (index, size) in sizes.enumerated() {
            if index > start, index - start >= count || held + size > bytes {
                batches.append(start..<index)
                start = index
                held = 0
            }
            held += max(size, 0)
        }
        if start < sizes.count { batches.append(start..<sizes.count) }
        return batches
    }

    private func isInside(_ path: String, _ directory: String) -> Bool {
        path == directory || path.hasPrefix(directory + "/")
    }
}

/// Why an index run could not start.
public enum IndexError: Error, CustomStringConvertible {
    case notADirectory(String)

    public var description: String {
        switch self {
        case let .notADirectory(path): return "\(path) is not a directory (give the folder of images to index)"
        }
    }
}

/// `transform` applied to each element on up to `threads` threads, results in order.
func parallelMap<T, R>(_ items: [T], threads: Int, _ transform: (T) -> R) -> [R] {
    var results = [R?](repeating: nil, count: items.count)
    let lock = NSLock()
    let workers = max(1, min(threads, items.count))
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var index = worker
        while index < items.count {
            let result = transform(items[index])
            lock.lock()
            results[index] = result
            lock.unlock()
            index += workers
        }
    }
    return results.map { $0! }
}
