import ArgumentParser
import Catalog
import Foundation
import ImageTower
import LitSearch

/// `litsearch index DIR`: embed every image under a folder into an index.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Embed the images under folders and record them in an index.",
        discussion: """
        Re-running is incremental: unchanged files are skipped, changed files re-embedded, moved or \
        renamed files keep their embedding, deleted files leave the index. Files that cannot be read \
        (corrupt, truncated, unsupported formats, bad names) are recorded with their reason and \
        counted in the summary; they never stop the run. An interrupted run resumes where it stopped.

        Formats: JPEG, PNG, WebP, GIF (first frame), BMP.

        At the end the vector index (vectors.lsvi in the index directory, what `query` searches)         is brought up to date: new images added, removed ones tombstoned, and retrained when the         collection has grown well past its training set, when the file is missing or damaged, or         with --rebuild. Below --exact-threshold images it is an exact scan.

        An index holds one folder or several (its roots): `litsearch index A B` indexes both, a later         `litsearch index C` adds C and keeps A and B. Images leave an index only when their files are         gone from a folder walked in this run (never under a folder that could not be listed), with         `litsearch forget FOLDER`, or with --prune. `litsearch index` without a folder refreshes every         folder the index holds (--rebuild too). Folders inside one another are refused.

        Examples:
          litsearch index ~/Pictures ~/Phone --index indexes/photos
          litsearch index ~/Scans --index indexes/photos      (adds a folder)
          litsearch index --index indexes/photos              (refreshes every folder it holds)
        """
    )

    @Argument(help: ArgumentHelp("The folders of images to index (default: every folder the index holds).", valueName: "folder"))
    var folders: [String] = []

    @Flag(help: "Keep only the folders given: every other folder the index holds is removed, with its images.")
    var prune = false

    @OptionGroup var index: IndexOptions

    @Option(help: "Threads for decoding and the image tower.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Images per image-tower batch.")
    var batchSize = 8

    @Option(help: ArgumentHelp("Catalog writes per transaction.", discussion: "An interrupted run loses at most this many files' work."))
    var commitEvery = 32

    @Flag(help: "If another process is indexing the same index, wait for it instead of failing.")
    var wait = false

    @Flag(help: "Retrain the vector index from the catalog's embeddings (no image is decoded again).")
    var rebuild = false

    @Option(help: ArgumentHelp(
        "Below this many images the vector index is an exact scan; above it, OPQ+PQ (default 5000, at least 256).",
        discussion: "Also read from $\(VectorSettings.exactThresholdVariable). Changing it rebuilds the vector index."))
    var exactThreshold: Int?

    @Option(name: .customLong("exclude"), help: ArgumentHelp(
        "Leave out paths matching this pattern (repeatable), as a line of a .litsearchignore would.",
        discussion: "A pattern without '/' matches a name at any depth (*.png, thumbs); one with '/' matches the path "
            + "from the folder (raw/2019); a trailing '/' matches folders only; '!' takes a path back in. A "
            + ".litsearchignore file at the folder is read first. Images already indexed that are now excluded are removed.",
        valueName: "glob"))
    var exclude: [String] = []

    @Flag(help: "Print the summary as JSON on standard output.")
    var json = false

    func validate() throws {
        if folders.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("give the folder of images to index (an empty path would index the working directory)")
        }
        if prune, folders.isEmpty { throw ValidationError("--prune keeps only the folders given: give them (the others are removed)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard commitEvery >= 1 else { throw ValidationError("--commit-every must be at least 1") }
        if let exactThreshold, exactThreshold < 1 { throw ValidationError("--exact-threshold must be at least 1") }
    }

    /// The folders to index: those given, or every folder the index holds that is still there
    /// (`missing`: those that are not, whose images are kept).
    func chosenFolders() throws -> (folders: [String], missing: [RootRecord]) {
        guard folders.isEmpty else { return (folders, []) }
        var held: [RootRecord] = []
        if FileManager.default.fileExists(atPath: index.directory.catalogURL.path) {
            held = try Catalog(directory: index.directory, mode: .readOnly).roots()
        }
        guard !held.isEmpty else {
            throw ValidationError("give the folder of images to index: \(index.directory.path) holds none yet")
        }
        let present = held.filter { root in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        guard !present.isEmpty else {
            throw ValidationError("""
                none of the folders \(index.directory.path) holds is there now (\(held.map(\.path).joined(separator: ", "))); \
                mount or restore them, give the folder to index, or `litsearch forget FOLDER` one
                """)
        }
        return (present.map(\.path), held.filter { root in !present.contains(root) })
    }

    func run() throws {
        do {
            let (folders, missing) = try chosenFolders()
            for root in missing {
                printError("\(root.path) is not there: its \(root.images) indexed images are kept (`litsearch forget \(root.path)` removes them)")
            }
            let installation = Installation.current()
            let tower = try ImageTower(contentsOf: installation.imageTowerWeights, threads: threads)
            let joint = try TowerLoader(installation: installation, tower: tower, centresText: true).installedJointSpace()
            var options = Indexer.Options(
                roots: folders, index: index.directory, threads: threads, batchSize: batchSize, commitEvery: commitEvery, wait: wait,
                vectors: VectorSettings(exactThreshold: exactThreshold), rebuildVectors: rebuild, joint: joint)
            options.exclude = exclude
            options.prune = prune
            let indexer = Indexer(tower: tower, options: options)
            let bar = ProgressBar(label: "indexing", unit: "files")
            let summary = try indexer.run { bar.update(done: $0.done, total: $0.total) }
            bar.finish()
            for note in summary.notes + (summary.vectors?.notes ?? []) + (summary.joint?.notes ?? []) { printError(note) }
            if json {
                try JSONOutput.print(summary)
            } else {
                for failure in summary.failures.prefix(20) {
                    printError("skipped \(TerminalText.escaped(failure.shownPath)): \(TerminalText.escaped(failure.message)) [\(failure.kind)]")
                }
                if summary.failures.count > 20 {
                    printError("… and \(summary.failures.count - 20) more (see --json or `litsearch info --failures`)")
                }
                print(summary.line)
                if let vectors = summary.vectors { print(vectorLine(vectors)) }
                if let joint = summary.joint { print(vectorLine(joint, name: "joint index")) }
            }
        } catch let error as IndexError {
            if case .nested = error { throw ValidationError(error.description) }
            throw failure(error)
        } catch {
            throw failure(error)
        }
    }
}

/// One line about the vector file after an index run.
func vectorLine(_ report: VectorSyncReport, name: String = "vector index") -> String {
    let what: String
    switch report.action {
    case .unchanged: what = "unchanged"
    case .updated: what = "updated: \(report.added) added, \(report.removed) removed"
    case .rebuilt: what = "rebuilt (\(report.reason ?? "requested"))"
    }
    return "\(name): \(report.kind), \(report.vectors) vectors, generation \(report.generation), \(what)"
}
