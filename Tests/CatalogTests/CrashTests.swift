import Catalog
import Foundation
import XCTest

/// A writer killed with SIGKILL loses at most its open batch, never corrupts the catalog,
/// never removes records, and the next run resumes from what was committed.
final class CrashTests: XCTestCase {
    /// Kills the writer half-way through batch 3's transaction: batches 0–2 survive, 3 is absent.
    func testKillInsideTransactionLosesOnlyThatBatch() throws {
        let temporary = try TemporaryDirectory()
        let index = temporary.index
        let seeded = try seedFinishedRun(index, files: 10)

        let child = try ChildProcess(role: "crash-writer-paused", directory: index.url)
        XCTAssertNotNil(child.waitForMessage { $0 == "MID 3" }, "child never reached batch 3")
        child.killHard()
        XCTAssertEqual(child.process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(child.process.terminationStatus, SIGKILL)

        let batches = try verifyWholeBatches(index, seededPaths: seeded)
        XCTAssertEqual(batches, 3, "batches 0, 1, 2 were committed; batch 3 was open when killed")
        try resumeAndFinish(index, seededPaths: seeded, committedBatches: batches)
    }

    /// Kills free-running writers at random moments (mid-batch, mid-commit, mid-checkpoint).
    func testKillAtRandomMomentsKeepsOnlyWholeBatches() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<3 {
            let temporary = try TemporaryDirectory()
            let index = temporary.index
            let seeded = try seedFinishedRun(index, files: 5)
            let child = try ChildProcess(role: "crash-writer-free", directory: index.url)
            XCTAssertNotNil(child.waitForMessage { $0 == "COMMITTED 0" }, "round \(round): child never committed")
            usleep(UInt32.random(in: 0...1_500_000, using: &generator))
            child.killHard()
            let reported = child.remainingMessages().compactMap { Int($0.split(separator: " ").last ?? "") }
            let lastReported = max(0, reported.max() ?? 0)

            let batches = try verifyWholeBatches(index, seededPaths: seeded)
            // Every reported commit survived; at most one more committed before its report.
            print("crash round \(round): killed after \(batches) committed batches (last reported: \(lastReported))")
            XCTAssert((lastReported + 1...lastReported + 2).contains(batches),
                      "round \(round): \(batches) batches on disk, last reported commit \(lastReported)")
            try resumeAndFinish(index, seededPaths: seeded, committedBatches: batches)
        }
    }

    // MARK: Steps

    /// Indexes `files` images in a finished run, so the crash has something it must not remove.
    private func seedFinishedRun(_ index: IndexDirectory, files: Int) throws -> [String] {
        let catalog = try Catalog(directory: index)
        let run = try catalog.beginRun(root: "photos", modelID: Fixtures.model)
        let paths = (0..<files).map { "old/\($0).jpg" }
        try catalog.apply(paths.enumerated().map { .added(Fixtures.entry($1), Fixtures.embedding(seed: -1 - $0)) }, in: run)
        try catalog.finishRun(run)
        return paths
    }

    /// Checks integrity and that the crashed run left only whole batches `0..<n`; returns `n`.
    private func verifyWholeBatches(_ index: IndexDirectory, seededPaths: [String],
                                    file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let catalog = try Catalog(directory: index)
        XCTAssertEqual(try catalog.database.integrityCheck(), ["ok"], file: file, line: line)
        XCTAssertNil(try catalog.database.fetchString("PRAGMA foreign_key_check"), "dangling references", file: file, line: line)

        var perBatch: [Int: Int] = [:]
        try catalog.database.forEachRow("SELECT path FROM images WHERE path LIKE 'b%'") { row in
            let batch = Int(row.string(at: 0)!.dropFirst().prefix { $0 != "/" })!
            perBatch[batch, default: 0] += 1
        }
        let batches = perBatch.count
        XCTAssertEqual(Set(perBatch.keys), Set(0..<batches), "batches must be contiguous from 0", file: file, line: line)
        XCTAssert(perBatch.values.allSatisfy { $0 == ChildRoleTests.batchSize }, "partial batch: \(perBatch)", file: file, line: line)

        // Nothing was removed, embeddings are complete and correct, and the run's counts
        // (updated in the same transactions) agree with the rows.
        for path in seededPaths { XCTAssertNotNil(try catalog.image(atPath: path), "\(path) removed by a crashed run", file: file, line: line) }
        let total = seededPaths.count + batches * ChildRoleTests.batchSize
        XCTAssertEqual(try catalog.database.fetchInt64("SELECT count(*) FROM embeddings"), Int64(total), file: file, line: line)
        let crashed = try XCTUnwrap(try catalog.lastRun(), file: file, line: line)
        XCTAssertFalse(crashed.isFinished, file: file, line: line)
        XCTAssertEqual(crashed.counts.added, batches * ChildRoleTests.batchSize, file: file, line: line)
        if batches > 0 {
            let last = try XCTUnwrap(try catalog.image(atPath: "b\(batches - 1)/63.jpg"), file: file, line: line)
            XCTAssertEqual(try catalog.embedding(imageID: last.id)?.values,
                           Fixtures.values(seed: batches * ChildRoleTests.batchSize - 1), file: file, line: line)
        }
        return batches
    }

    /// Runs the next indexing run over the seeded files plus batches `0...committedBatches`:
    /// committed rows are unchanged, the lost batch is added again, nothing is removed.
    private func resumeAndFinish(_ index: IndexDirectory, seededPaths: [String], committedBatches: Int,
                                 file: StaticString = #filePath, line: UInt = #line) throws {
        let catalog = try Catalog(directory: index)
        let run = try catalog.beginRun(root: "photos", modelID: Fixtures.model)
        let writer = BatchWriter(catalog: catalog, run: run)
        let onDisk = seededPaths.map { ImageWrite.added(Fixtures.entry($0), Fixtures.embedding(seed: 0)) }
            + (0...committedBatches).flatMap { ChildRoleTests.writes(batch: $0) }
        for write in onDisk {
            guard case let .added(entry, _) = write else { continue }
            if let record = try catalog.image(atPath: entry.path), record.stamp == entry.stamp {
                try writer.add(.unchanged(path: entry.path))
            } else {
                try writer.add(write)
            }
        }
        let finished = try writer.finish()
        XCTAssertEqual(finished.counts.unchanged, seededPaths.count + committedBatches * ChildRoleTests.batchSize, file: file, line: line)
        XCTAssertEqual(finished.counts.added, ChildRoleTests.batchSize, file: file, line: line)
        XCTAssertEqual(finished.counts.removed, 0, file: file, line: line)
        XCTAssertEqual(try catalog.database.integrityCheck(), ["ok"], file: file, line: line)
    }
}
