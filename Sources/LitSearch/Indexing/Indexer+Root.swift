import Catalog
import Foundation
import ImageIO

/// One root's part of an index run: its walk, then its catalog run (pass 1 from the catalog
/// alone, pass 2 reading what changed, then the removal of what is gone — under this root only).
extension Indexer {
    /// What the walk found under one root.
    struct RootWalk {
        /// The root, absolute.
        let root: String
        /// Image files and files with problems, sorted by path.
        let files: [FoundFile]
        /// Folders (relative paths, `.` for the root) that could not be listed.
        let unlisted: [String]
    }

    /// Walks `root` (leaving out the index directory) and adds its counts to `summary`.
    func walk(_ root: String, summary: inout IndexSummary) throws -> RootWalk {
        let walk = FileWalker(root: root, exclusions: try PathExclusions(root: root, patterns: options.exclude)).walk()
        let walked = walk.files.filter { !isInside(root + "/" + $0.relativePath, options.index.path) }
        summary.hidden += walk.hidden
        summary.excluded += walk.excluded
        // Problems (bad names, loops) are reported whatever the name; other files by extension.
        let files = walked.filter { $0.problem != nil || FileKind(path: $0.relativePath) != .other }
        summary.found += files.count
        summary.ignored += walked.count - files.count
        return RootWalk(root: root, files: files, unlisted: walked.filter { $0.problem?.isUnlistedDirectory == true }.map(\.relativePath))
    }

    /// Indexes one walked root in a catalog run of its own; `progress` gets the files done of it.
    func index(_ walk: RootWalk, catalog: Catalog, summary: inout IndexSummary, progress: (Int) -> Void) throws {
        let run = try catalog.beginRun(root: walk.root, modelID: tower.modelID)
        let writer = BatchWriter(catalog: catalog, run: run, batchSize: options.commitEvery)
        let label = summary.roots.count > 1 ? walk.root : nil

        // Pass 1: decide from the catalog alone what needs reading.
        var work: [Pending] = []
        for file in walk.files {
            let stamp = file.stamp
            if let problem = file.problem {
                try record(.failed(ImageEntry(path: file.relativePath, stamp: stamp), ImageFailure(problem)), writer, &summary, root: label)
                continue
            }
            let existing = try catalog.image(atPath: file.relativePath, root: run.rootID)
            // A failed file is read again every run: it may have been fixed (permissions, a
            // finished download) without its size or mtime changing.
            guard let existing, existing.status == .ok, existing.modelID == tower.modelID else {
                work.append(Pending(file: file, known: existing != nil))
                continue
            }
            switch stamp.compared(to: existing.stamp) {
            case .same:
                try record(.unchanged(path: file.relativePath), writer, &summary, root: label)
            case .unrecorded:
                try record(.restamped(path: file.relativePath, stamp: stamp), writer, &summary, root: label)
            case .touched:
                // Size and mtime as recorded, but not the change time or inode (`cp -p`,
                // `touch -r`): the content is hashed, and re-embedded only if it differs.
                work.append(Pending(file: file, known: true, recordedHash: existing.contentHash))
            case .changed:
                work.append(Pending(file: file, known: true))
            }
        }
        var done = walk.files.count - work.count
        progress(done)

        // Pass 2: read, hash, decode and embed what changed, a batch at a time.
        for range in Self.batches(sizes: work.map(\.file.size), count: options.batchSize, bytes: options.batchBytes) {
            let batch = Array(work[range])
            for write in try embed(batch, root: walk.root, catalog: catalog) {
                try record(write, writer, &summary, root: label)
            }
            done += batch.count
            progress(done)
        }

        // A folder the walk could not list removes nothing under it: its records count as seen.
        try writer.flush()
        for folder in walk.unlisted {
            let kept = try catalog.markSeen(under: folder, run: run.id)
            if kept > 0 {
                let place = folder == "." ? (label ?? "the root") : (label.map { $0 + "/" } ?? "") + folder
                summary.notes.append("kept \(kept) indexed image\(kept == 1 ? "" : "s") under \(place), which could not be listed")
            }
        }
        summary.counts.add(try writer.finish(removeUnseen: true).counts)
    }

    /// Queues `write`; failures are also listed in the summary (the counts come from the catalog),
    /// under `root` when the run has several.
    func record(_ write: ImageWrite, _ writer: BatchWriter, _ summary: inout IndexSummary, root: String?) throws {
        if case let .failed(entry, failure) = write {
            summary.failuresByKind[failure.kind.rawValue, default: 0] += 1
            summary.failures.append(.init(path: entry.path, kind: failure.kind.rawValue, message: failure.message, root: root))
        }
        try writer.add(write)
    }

    /// Whether `path` is `directory` or inside it.
    func isInside(_ path: String, _ directory: String) -> Bool {
        path == directory || path.hasPrefix(directory + "/")
    }
}
