import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive, process-wide lock on an index directory, held by the one process that indexes it.
///
/// Two `index` runs writing one catalog at once would not corrupt SQLite, but they would undo
/// each other's work (each run removes the records *it* did not see). So a writer takes this
/// lock first; readers (queries) do not need it — WAL gives them consistent snapshots.
///
/// The lock is `flock(LOCK_EX)` on the file `lock` in the index directory; its holder writes its
/// pid there so a second process can say who holds it. `flock` locks belong to an *open file
/// description*: the kernel releases them when the holder exits in any way, including
/// `kill -9`, so a stale lock file never blocks anyone. Two `IndexLock`s in one process open
/// the file separately and therefore also exclude each other. The descriptor is opened with
/// `O_CLOEXEC`, so child processes do not inherit the lock.
///
/// ```swift
/// do {
///     let lock = try IndexLock.acquire(index, wait: false)
///     defer { lock.release() }
///     // ... beginRun / BatchWriter / finish ...
/// } catch let error as CatalogError {
///     print(error)  // another litsearch process (pid 4242) is indexing /photos/idx; wait for it or use --wait
/// }
/// ```
public final class IndexLock {
    /// The locked directory.
    public let directory: IndexDirectory
    /// The open lock file while held; -1 otherwise.
    private var descriptor: Int32 = -1

    /// A lock for `directory`, not yet acquired.
    public init(directory: IndexDirectory) {
        self.directory = directory
    }

    /// Creates a lock for `directory` and acquires it.
    public static func acquire(_ directory: IndexDirectory, wait: Bool) throws -> IndexLock {
        let lock = IndexLock(directory: directory)
        try lock.acquire(wait: wait)
        return lock
    }

    deinit { release() }

    /// Whether this object holds the lock.
    public var isHeld: Bool { descriptor >= 0 }

    /// Takes the lock, creating the directory and lock file if needed; does nothing if held.
    ///
    /// - Parameter wait: `true` blocks until the holder releases the lock (or exits);
    ///   `false` fails at once if another holder exists.
    /// - Throws: ``CatalogError/locked(directory:pid:)`` when `wait` is `false` and the lock is
    ///   held elsewhere; ``CatalogError/lockUnavailable(directory:reason:)`` if the file cannot
    ///   be created or locked.
    public func acquire(wait: Bool) throws {
        guard !isHeld else { return }
        do {
            try directory.create()
        } catch {
            throw CatalogError.lockUnavailable(directory: directory.path, reason: "\(error)")
        }
        let fd = open(directory.lockURL.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CatalogError.lockUnavailable(directory: directory.path, reason: Self.errnoText()) }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            let code = errno
            if code == EINTR { continue }
            let holder = Self.readPID(fd)
            close(fd)
            if code == EWOULDBLOCK || code == EAGAIN { throw CatalogError.locked(directory: directory.path, pid: holder) }
            throw CatalogError.lockUnavailable(directory: directory.path, reason: String(cString: strerror(code)))
        }
        let text = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) != 0 || pwrite(fd, text, text.count, 0) != text.count {
            let reason = Self.errnoText()
            close(fd)
            throw CatalogError.lockUnavailable(directory: directory.path, reason: "cannot write the pid: \(reason)")
        }
        descriptor = fd
    }

    /// Releases the lock (also done on deinit and, by the kernel, when the process exits).
    ///
    /// The pid is cleared first, while the lock is still held, so it never erases a new holder's.
    public func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    /// The pid written in the lock file of `directory`, if any. The writer may have exited;
    /// only a failed ``acquire(wait:)`` proves the lock is held.
    public static func holderPID(of directory: IndexDirectory) -> Int32? {
        let fd = open(directory.lockURL.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readPID(fd)
    }

    /// Parses the decimal pid at the start of the open file `fd`.
    private static func readPID(_ fd: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &bytes, bytes.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: bytes.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text)
    }

    /// The pid of the live process that holds `directory`'s lock, or nil when none does.
    ///
    /// Reads the pid the holder wrote, without taking the lock (so a writer starting meanwhile
    /// is never turned away), and checks that the process is alive: after a `kill -9` the pid
    /// stays in the file but names no process.
    public static func holder(of directory: IndexDirectory) -> Int32? {
        let fd = open(directory.lockURL.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let pid = readPID(fd), pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return nil }
        return pid
    }

    /// `strerror(errno)`.
    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
