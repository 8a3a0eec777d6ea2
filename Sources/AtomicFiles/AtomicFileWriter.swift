import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that a reader, or a restart after `kill -9` or power loss, sees either the old
/// file or the complete new one, never a torn mix.
///
/// The bytes go to a temporary file beside the target (`NAME.tmp-PID-N`, in the same folder so the
/// rename cannot cross file systems, N numbering the process's writers so that two threads writing
/// the same file do not share one); `commit()` fsyncs it, renames it over the target and fsyncs
/// the folder so the rename itself is durable. A writer dropped or `discard()`ed before `commit()`
/// removes its temporary file; a crash leaves at worst a stray `NAME.tmp-PID-N`.
///
/// ```swift
/// let writer = try AtomicFileWriter(path: "out/rows.bin")
/// for block in blocks { try writer.write(block) }
/// try writer.commit()
/// ```
/// Writes are unbuffered `write(2)` calls: callers that produce many small pieces buffer them.
public final class AtomicFileWriter {
    /// The file this writer replaces.
    public let path: String
    /// The temporary file the bytes go to until `commit()`.
    public let temporaryPath: String
    private var descriptor: Int32
    private var finished = false

    /// Creates (or truncates) the temporary file beside `path`.
    ///
    /// - Throws: `AtomicWriteError` when the temporary file cannot be created (a missing or
    ///   read-only folder).
    public init(path: String) throws {
        self.path = path
        temporaryPath = "\(path).tmp-\(getpid())-\(Self.serials.next())"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            finished = true
            throw AtomicWriteError(path: path, reason: "cannot create \(temporaryPath): \(Self.systemReason())")
        }
    }

    deinit { discard() }

    /// Appends `bytes` to the temporary file.
    ///
    /// - Throws: `AtomicWriteError` on a write error (a full disk); the writer is then discarded.
    /// - Complexity: O(bytes.count) I/O.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(!finished, "write after commit() or discard()")
        var done = 0
        while done < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + done, min(bytes.count - done, 1 << 30))
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw fail("write to \(temporaryPath) failed") }
            done += written
        }
    }

    /// Appends `bytes` to the temporary file.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Appends `data` to the temporary file.
    public func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }

    /// Makes the written bytes the file at `path`: fsync, close, rename over `path`, fsync the folder.
    ///
    /// - Parameter beforeReplacing: runs once the complete temporary file is on disk, just before
    ///   the rename; when it throws, the old file stays and the temporary file is removed.
    /// - Throws: `AtomicWriteError` when a step fails, or what `beforeReplacing` throws; either
    ///   way the old file (if any) is untouched and the temporary file is gone.
    public func commit(beforeReplacing: (() throws -> Void)? = nil) throws {
        precondition(!finished, "commit() after commit() or discard()")
        guard fsync(descriptor) == 0 else { throw fail("fsync of \(temporaryPath) failed") }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else { throw fail("close of \(temporaryPath) failed") }
        do { try beforeReplacing?() } catch { discard(); throw error }
        guard rename(temporaryPath, path) == 0 else { throw fail("cannot rename \(temporaryPath) over it") }
        finished = true
        let folder = (path as NSString).deletingLastPathComponent
        let folderDescriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Abandons the write: closes and removes the temporary file, leaving any old file as it was.
    /// Does nothing after `commit()` or a previous `discard()`.
    public func discard() {
        guard !finished else { return }
        finished = true
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryPath)
    }

    /// Writes `bytes` as the whole new content of `path`, atomically and durably.
    ///
    /// - Throws: `AtomicWriteError` naming the file and the step that failed.
    /// - Complexity: O(bytes.count) I/O.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let writer = try AtomicFileWriter(path: path)
        try writer.write(bytes)
        try writer.commit()
    }

    /// Writes `data` as the whole new content of `path`, atomically and durably.
    ///
    /// - Throws: `AtomicWriteError` naming the file and the step that failed.
    public static func write(_ data: Data, to path: String) throws {
        let writer = try AtomicFileWriter(path: path)
        try writer.write(data)
        try writer.commit()
    }

    /// Records the failure (with `errno`'s reason), discards the write and returns the error.
    private func fail(_ what: String) -> AtomicWriteError {
        let error = AtomicWriteError(path: path, reason: "\(what): \(Self.systemReason())")
        discard()
        return error
    }

    /// Numbers the writers of this process.
    private static let serials = Serials()

    private final class Serials: @unchecked Sendable {
        private let lock = NSLock()
        private var last = 0

        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            last += 1
            return last
        }
    }

    private static func systemReason() -> String { String(cString: strerror(errno)) }
}

/// Why an atomic write failed: the target file and the step with the system's reason.
public struct AtomicWriteError: Error, CustomStringConvertible {
    /// The file that was to be written.
    public let path: String
    /// The failed step and the system's reason, e.g. "write to x.tmp-12 failed: No space left on device".
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        "cannot write \(path): \(reason) (check that the folder exists, is writable and has free space)"
    }
}
