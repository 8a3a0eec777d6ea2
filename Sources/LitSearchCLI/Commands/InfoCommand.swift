import ArgumentParser
import Catalog
import Foundation
import LitSearch

/// `litsearch info`: what an index holds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show what an index holds: its folders, counts, model, sizes, last run.")

    @OptionGroup var index: IndexOptions

    @Flag(help: "List every file that could not be indexed, with its reason.")
    var failures = false

    @Flag(help: "Print the information as JSON on standard output.")
    var json = false

    @Flag(help: ArgumentHelp("Read both vector files whole and verify every section's checksum.",
                             discussion: "Queries read the vector files in place without checking them; `index` verifies a file before updating it. Exits with 65 when a file fails the check (the next `index` rebuilds it from the catalog)."))
    var verify = false

    struct Report: Encodable {
        let index: String
        let images: Int
        let ok: Int
        let failed: Int
        let failuresByKind: [String: Int]
        let imageModelID: String?
        /// The most recently indexed folder (kept for readers of one folder; see `roots`).
        let root: String?
        /// Every folder the index holds, oldest first, with its image counts.
        let roots: [Root]
        let catalogBytes: Int64
        let embeddingBytes: Int64
        let lastRun: LastRun?
        let failures: [IndexSummary.Failure]?
        let vectorIndex: VectorIndexStatus
        /// The joint vector file that text queries search.
        let jointIndex: VectorIndexStatus

        struct Root: Encodable {
            let path: String
            let images: Int
            let ok: Int
        }

        struct LastRun: Encodable {
            let started: Date
            let finished: Date?
            /// Unfinished and its process still holds the index (not an interrupted run).
            let running: Bool
        }

        enum CodingKeys: String, CodingKey {
            case index, images, ok, failed, failuresByKind = "failures_by_kind", imageModelID = "image_model_id"
            case root, roots, catalogBytes = "catalog_bytes", embeddingBytes = "embedding_bytes", lastRun = "last_run", failures
            case vectorIndex = "vector_index", jointIndex = "joint_index"
        }
    }

    func run() throws {
        do {
            let catalog = try Catalog(directory: index.directory, mode: .readOnly)
            let statistics = try catalog.statistics()
            let byKind = Dictionary(uniqueKeysWithValues: try catalog.failureCounts().map { ($0.kind.rawValue, $0.count) })
            let last = try catalog.lastRun()
            let roots = try catalog.roots()
            let rootPaths = Dictionary(uniqueKeysWithValues: roots.map { ($0.id, $0.path) })
            let failed = failures ? try catalog.failedImages().map {
                IndexSummary.Failure(path: $0.path, kind: $0.failure?.kind.rawValue ?? "", message: $0.failure?.message ?? "",
                                     root: roots.count > 1 ? rootPaths[$0.rootID] : nil)
            } : nil
            let report = Report(
                index: index.directory.path, images: statistics.imageCount, ok: statistics.okCount,
                failed: statistics.failedCount, failuresByKind: byKind,
                imageModelID: try catalog.meta(.imageModelID), root: try catalog.meta(.lastRoot),
                roots: roots.map { .init(path: $0.path, images: $0.images, ok: $0.indexed) },
                catalogBytes: statistics.catalogFileBytes, embeddingBytes: statistics.embeddingBytes,
                lastRun: last.map { .init(started: $0.startedAt, finished: $0.finishedAt,
                                          running: $0.finishedAt == nil && IndexLock.holder(of: index.directory) != nil) },
                failures: failed,
                vectorIndex: try VectorIndexStatus(directory: index.directory, catalog: catalog, verifyingChecksums: verify),
                jointIndex: try VectorIndexStatus(file: .joint(index.directory), catalog: catalog, space: nil, verifyingChecksums: verify))
            let failedCheck = report.vectorIndex.checksumsVerified == false || report.jointIndex.checksumsVerified == false
            defer { if failedCheck { FileHandle.standardError.write(Data("litsearch: a vector file failed its checksum check; `litsearch index` rebuilds it from the catalog\n".utf8)) } }
            if json {
                try JSONOutput.print(report, dates: .iso8601)
                if failedCheck { throw ExitCode(65) }
                return
            }
            print("index        \(report.index)")
            if report.roots.isEmpty { print("root         -") }
            for (number, root) in report.roots.enumerated() {
                let label = number == 0 ? (report.roots.count == 1 ? "root " : "roots") : "     "
                print("\(label)        \(TerminalText.escaped(root.path)) (\(root.images) image\(root.images == 1 ? "" : "s"), \(root.ok) indexed)")
            }
            print("image model  \(report.imageModelID ?? "-")")
            print("images       \(report.images) (\(report.ok) indexed, \(report.failed) failed)")
            if !byKind.isEmpty {
                print("failures     " + byKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            }
            print("catalog      \(Self.size(report.catalogBytes)) (embeddings \(Self.size(report.embeddingBytes)))")
            print("vectors      " + report.vectorIndex.line(formatBytes: Self.size))
            print("joint        " + report.jointIndex.line(formatBytes: Self.size))
            if let last {
                let running = last.finishedAt == nil ? IndexLock.holder(of: index.directory) : nil
                let finished = last.finishedAt.map { "finished \($0)" }
                    ?? running.map { "running now (process \($0))" } ?? "did not finish (interrupted; the next run resumes)"
                print("last run     started \(last.startedAt), \(finished)")
            }
            for failure in failed ?? [] {
                print("  \(TerminalText.escaped(failure.shownPath)): \(TerminalText.escaped(failure.message)) [\(failure.kind)]")
            }
            if failedCheck { throw ExitCode(65) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw failure(error)
        }
    }

    /// `bytes` for people, always a number: `0 B`, `812 B`, `34.2 kB`, `3.2 GB` (powers of 1000).
    static func size(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes), unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, units[unit])
    }
}
