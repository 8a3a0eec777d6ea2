import ArgumentParser
import Catalog
import Foundation
import LitSearch

/// `litsearch info`: what an index holds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show what an index holds: counts, model, sizes, last run.")

    @OptionGroup var index: IndexOptions

    @Flag(help: "List every file that could not be indexed, with its reason.")
    var failures = false

    @Flag(help: "Print the information as JSON on standard output.")
    var json = false

    struct Report: Encodable {
        let index: String
        let images: Int
        let ok: Int
        let failed: Int
        let failuresByKind: [String: Int]
        let imageModelID: String?
        let root: String?
        let catalogBytes: Int64
        let embeddingBytes: Int64
        let lastRun: LastRun?
        let failures: [IndexSummary.Failure]?
        let vectorIndex: VectorIndexStatus
        /// The joint vector file that text queries search.
        let jointIndex: VectorIndexStatus

        struct LastRun: Encodable {
            let started: Date
            let finished: Date?
            /// Unfinished and its process still holds the index (not an interrupted run).
            let running: Bool
        }

        enum CodingKeys: String, CodingKey {
            case index, images, ok, failed, failuresByKind = "failures_by_kind", imageModelID = "image_model_id"
            case root, catalogBytes = "catalog_bytes", embeddingBytes = "embedding_bytes", lastRun = "last_run", failures
            case vectorIndex = "vector_index", jointIndex = "joint_index"
        }
    }

    func run() throws {
        do {
            let catalog = try Catalog(directory: index.directory, mode: .readOnly)
            let statistics = try catalog.statistics()
            let byKind = Dictionary(uniqueKeysWithValues: try catalog.failureCounts().map { ($0.kind.rawValue, $0.count) })
            let last = try catalog.lastRun()
            let failed = failures ? try catalog.failedImages().map {
                IndexSummary.Failure(path: $0.path, kind: $0.failure?.kind.rawValue ?? "", message: $0.failure?.message ?? "")
            } : nil
            let report = Report(
                index: index.directory.path, images: statistics.imageCount, ok: statistics.okCount,
                failed: statistics.failedCount, failuresByKind: byKind,
                imageModelID: try catalog.meta(.imageModelID), root: try catalog.meta(.lastRoot),
                catalogBytes: statistics.catalogFileBytes, embeddingBytes: statistics.embeddingBytes,
                lastRun: last.map { .init(started: $0.startedAt, finished: $0.finishedAt,
                                          running: $0.finishedAt == nil && IndexLock.holder(of: index.directory) != nil) },
                failures: failed,
                vectorIndex: try VectorIndexStatus(directory: index.directory, catalog: catalog),
                jointIndex: try VectorIndexStatus(file: .joint(index.directory), catalog: catalog, space: nil))
            if json {
                try JSONOutput.print(report, dates: .iso8601)
                return
            }
            print("index        \(report.index)")
            print("root         \(TerminalText.escaped(report.root ?? "-"))")
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
                print("  \(TerminalText.escaped(failure.path)): \(TerminalText.escaped(failure.message)) [\(failure.kind)]")
            }
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
