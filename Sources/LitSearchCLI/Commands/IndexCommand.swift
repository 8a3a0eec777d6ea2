import ArgumentParser
import Foundation
import ImageTower
import LitSearch

/// `litsearch index DIR`: embed every image under a folder into an index.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Embed the images under a folder and record them in an index.",
        discussion: """
        Re-running is incremental: unchanged files are skipped, changed files re-embedded, moved or \
        renamed files keep their embedding, deleted files leave the index. Files that cannot be read \
        (corrupt, truncated, unsupported formats, bad names) are recorded with their reason and \
        counted in the summary; they never stop the run. An interrupted run resumes where it stopped.

        Formats: JPEG, PNG, WebP, GIF (first frame), BMP.

        Example:
          litsearch index ~/Pictures --index indexes/photos
        """
    )

    @Argument(help: ArgumentHelp("The folder of images to index.", valueName: "folder"))
    var folder: String

    @OptionGroup var index: IndexOptions

    @Option(help: "Threads for decoding and the image tower.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Images per image-tower batch.")
    var batchSize = 8

    @Option(help: ArgumentHelp("Catalog writes per transaction.", discussion: "An interrupted run loses at most this many files' work."))
    var commitEvery = 32

    @Flag(help: "If another process is indexing the same index, wait for it instead of failing.")
    var wait = false

    @Flag(help: "Print the summary as JSON on standard output.")
    var json = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard commitEvery >= 1 else { throw ValidationError("--commit-every must be at least 1") }
    }

    func run() throws {
        do {
            let installation = Installation.current()
            let tower = try ImageTower(contentsOf: installation.imageTowerWeights, threads: threads)
            let indexer = Indexer(tower: tower, options: .init(
                root: folder, index: index.directory, threads: threads, batchSize: batchSize, commitEvery: commitEvery, wait: wait))
            let bar = ProgressBar(label: "indexing", unit: "files")
            let summary = try indexer.run { bar.update(done: $0.done, total: $0.total) }
            bar.finish()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(summary), as: UTF8.self))
            } else {
                for failure in summary.failures.prefix(20) {
                    printError("skipped \(failure.path): \(failure.message) [\(failure.kind)]")
                }
                if summary.failures.count > 20 {
                    printError("… and \(summary.failures.count - 20) more (see --json or `litsearch info --failures`)")
                }
                print(summary.line)
            }
        } catch {
            throw failure(error)
        }
    }
}
