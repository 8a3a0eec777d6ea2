import Catalog
import Foundation
import XCTest

/// The entry point of child processes started by ``ChildProcess``; skipped in a normal run.
///
/// Roles:
/// - `crash-writer-paused`: commits batches of 64 images forever; in every batch it pauses
///   half-way (inside the open transaction) after sending `MID k`, so the parent can kill it
///   at a known point.
/// - `crash-writer-free`: commits batches of 64 images as fast as it can through a
///   ``BatchWriter``, sending `COMMITTED k` after each, with WAL checkpoints every ~2 batches;
///   the parent kills it at a random moment.
/// - `lock-holder`: takes the ``IndexLock``, sends `LOCKED pid`, releases it when it reads
///   `RELEASE`, then sends `RELEASED`.
final class ChildRoleTests: XCTestCase {
    /// Images per batch written by the crash writers.
    static let batchSize = 64

    func testChildRole() throws {
        guard let role = ChildSide.role else { throw XCTSkip("runs only in a child process started by a multi-process test") }
        let index = IndexDirectory(url: ChildSide.directory)
        switch role {
        case "crash-writer-paused": try writeBatchesForever(index, pauseMidBatch: true)
        case "crash-writer-free": try writeBatchesForever(index, pauseMidBatch: false)
        case "lock-holder": try holdLock(index)
        default: XCTFail("unknown role \(role)")
        }
    }

    /// The writes of batch `batch`: 64 new images `b<batch>/<i>.jpg`.
    static func writes(batch: Int) -> [ImageWrite] {
        (0..<batchSize).map { item in
            let seed = batch * batchSize + item
            return .added(Fixtures.entry("b\(batch)/\(item).jpg"), Fixtures.embedding(seed: seed))
        }
    }

    /// Writes batches until killed.
    private func writeBatchesForever(_ index: IndexDirectory, pauseMidBatch: Bool) throws {
        let catalog = try Catalog(directory: index)
        // Checkpoint every few batches, so that random kills also land inside checkpoints.
        if !pauseMidBatch { try catalog.database.execute("PRAGMA wal_autocheckpoint = 40") }
        let run = try catalog.beginRun(root: "photos", modelID: Fixtures.model)
        ChildSide.send("RUN \(run.id.rawValue)")
        let writer = BatchWriter(catalog: catalog, run: run, batchSize: Self.batchSize)
        for batch in 0... {
            let writes = Self.writes(batch: batch)
            if pauseMidBatch {
                try catalog.database.transaction {
                    try catalog.apply(Array(writes.prefix(Self.batchSize / 2)), in: run)
                    ChildSide.send("MID \(batch)")
                    usleep(20_000)
                    try catalog.apply(Array(writes.dropFirst(Self.batchSize / 2)), in: run)
                }
            } else {
                for write in writes { try writer.add(write) }
            }
            ChildSide.send("COMMITTED \(batch)")
        }
    }

    /// Holds the index lock until told to release it.
    private func holdLock(_ index: IndexDirectory) throws {
        let lock = try IndexLock.acquire(index, wait: false)
        ChildSide.send("LOCKED \(getpid())")
        while let line = ChildSide.receive(), line != "RELEASE" {}
        lock.release()
        ChildSide.send("RELEASED")
    }
}
