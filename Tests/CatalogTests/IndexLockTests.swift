import Catalog
import Foundation
import XCTest

/// Two writers on one index directory exclude each other, across and within processes.
final class IndexLockTests: XCTestCase {
    /// Another process holds the lock: `wait: false` fails at once naming its pid; `wait: true`
    /// blocks until that process releases the lock, then gets it.
    func testSecondProcessFailsFastThenWaits() throws {
        let temporary = try TemporaryDirectory()
        let index = temporary.index
        let child = try ChildProcess(role: "lock-holder", directory: index.url)
        XCTAssertEqual(child.waitForMessage { $0.hasPrefix("LOCKED") }, "LOCKED \(child.pid)")
        XCTAssertEqual(IndexLock.holderPID(of: index), child.pid)

        let started = Date()
        XCTAssertThrowsError(try IndexLock.acquire(index, wait: false)) { error in
            XCTAssertEqual(error as? CatalogError, .locked(directory: index.path, pid: child.pid))
            XCTAssertEqual("\(error)", "another litsearch process (pid \(child.pid)) is indexing \(index.path); wait for it or use --wait")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 1, "wait: false must not wait")

        let waiter = LockWaiter(index)
        XCTAssertFalse(waiter.acquired.wait(timeout: .now() + 0.3) == .success, "got the lock while the child held it")
        child.send("RELEASE")
        XCTAssertEqual(waiter.acquired.wait(timeout: .now() + 10), .success, "never got the lock after release")
        XCTAssertNil(waiter.error)
        XCTAssertEqual(IndexLock.holderPID(of: index), getpid())
        XCTAssertNotNil(child.waitForMessage { $0 == "RELEASED" })
        XCTAssertTrue(child.waitForExit())
        waiter.lock?.release()
    }

    /// A holder killed with SIGKILL leaves its pid in the file but not the lock.
    func testKilledHolderReleasesTheLock() throws {
        let temporary = try TemporaryDirectory()
        let index = temporary.index
        let child = try ChildProcess(role: "lock-holder", directory: index.url)
        XCTAssertNotNil(child.waitForMessage { $0.hasPrefix("LOCKED") })
        child.killHard()
        XCTAssertEqual(IndexLock.holderPID(of: index), child.pid, "stale pid stays in the file")
        let lock = try IndexLock.acquire(index, wait: false)
        XCTAssertTrue(lock.isHeld)
        XCTAssertEqual(IndexLock.holderPID(of: index), getpid())
    }

    /// flock locks belong to open file descriptions, so two locks in one process conflict too.
    func testTwoLocksInOneProcessConflict() throws {
        let temporary = try TemporaryDirectory()
        let index = temporary.index
        let first = try IndexLock.acquire(index, wait: false)
        let second = IndexLock(directory: index)
        XCTAssertThrowsError(try second.acquire(wait: false)) { error in
            XCTAssertEqual(error as? CatalogError, .locked(directory: index.path, pid: getpid()))
        }
        XCTAssertFalse(second.isHeld)

        let waiter = LockWaiter(index)
        XCTAssertFalse(waiter.acquired.wait(timeout: .now() + 0.2) == .success)
        first.release()
        XCTAssertEqual(waiter.acquired.wait(timeout: .now() + 10), .success)
        XCTAssertTrue(waiter.lock?.isHeld ?? false)
    }

    /// Releasing clears the pid; re-acquiring and releasing twice is harmless; deinit releases.
    func testReleaseAndDeinit() throws {
        let temporary = try TemporaryDirectory()
        let index = temporary.index
        let lock = try IndexLock.acquire(index, wait: false)
        try lock.acquire(wait: false)  // already held: no-op
        lock.release()
        lock.release()
        XCTAssertNil(IndexLock.holderPID(of: index))
        do {
            _ = try IndexLock.acquire(index, wait: false)  // released when it goes out of scope
        }
        XCTAssertNoThrow(try IndexLock.acquire(index, wait: false).release())
    }

    /// A lock file in a directory that cannot be created gives a clear error.
    func testUnavailableDirectory() throws {
        let temporary = try TemporaryDirectory()
        let file = temporary.url.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        let index = IndexDirectory(url: file.appendingPathComponent("index"))
        XCTAssertThrowsError(try IndexLock.acquire(index, wait: false)) { error in
            guard case .lockUnavailable? = error as? CatalogError else { return XCTFail("\(error)") }
        }
    }
}

/// Acquires an index lock with `wait: true` on a background thread.
private final class LockWaiter: @unchecked Sendable {
    /// Signalled once `acquire` returned (or threw).
    let acquired = DispatchSemaphore(value: 0)
    private(set) var lock: IndexLock?
    private(set) var error: Error?

    init(_ index: IndexDirectory) {
        Thread.detachNewThread { [self] in
            do { lock = try IndexLock.acquire(index, wait: true) } catch { self.error = error }
            acquired.signal()
        }
    }
}
